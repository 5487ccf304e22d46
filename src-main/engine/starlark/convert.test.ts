import { describe, expect, it } from 'vitest';
import { Dict, Float, List, Tuple, fromStarlark, repr, toStarlark } from './index.js';

describe('toStarlark / fromStarlark', () => {
  it('turns host objects into dicts in key order, numbers into floats, null into None', () => {
    const v = toStarlark({ b: 1, a: [true, null, 'x', 0], 'é': 2.5 });
    expect(v).toBeInstanceOf(Dict);
    expect(repr(v)).toBe('{"b": 1.0, "a": [True, None, "x", 0.0], "\xc3\xa9": 2.5}');
  });

  it('keeps integers as ints when asked', () => {
    expect(toStarlark(3, { intsStayInt: true })).toBe(3);
    expect(toStarlark(3)).toEqual(new Float(3));
  });

  it('converts back, copying, with None as null or as Go\'s empty string', () => {
    const d = new Dict();
    d.set('k', new List([1, new Float(2.5), null, 'é'.length === 1 ? '\xc3\xa9' : '']));
    expect(fromStarlark(d)).toEqual({ k: [1, 2.5, null, 'é'] });
    expect(fromStarlark(null, { noneAsEmptyString: true })).toBe('');
  });

  it('rejects values JSON cannot hold, with Go wording', () => {
    expect(() => fromStarlark(new Tuple([1]))).toThrow('unsupported starlark type: tuple');
    const d = new Dict();
    d.set(1, 2);
    expect(() => fromStarlark(d)).toThrow('dict key is not a string: int');
    expect(() => fromStarlark(1n << 70n)).toThrow('integer out of range');
  });

  it('round-trips nested data', () => {
    const json = { spec: { ports: [{ port: 80, name: 'http' }], labels: { app: 'x' } } };
    expect(fromStarlark(toStarlark(json))).toEqual(json);
  });
});
