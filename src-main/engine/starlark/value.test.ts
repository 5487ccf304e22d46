import { describe, expect, it } from 'vitest';
import { Dict, List, Tuple, equals, execFile, freeze, repr } from './index.js';
import { TEST_BACKENDS, backendThread } from '../../testing/starlark-backends.js';

/** A dict with string keys k0..k(n-1) mapped to 0..n-1. */
function stringDict(n: number): Dict {
  const d = new Dict();
  for (let i = 0; i < n; i++) d.set(`k${i}`, i);
  return d;
}

// Dict keeps a small all-string-keyed dict as a shape and values and moves it to a Map past 8 entries or at
// the first key of another type; these tests pin that the two representations behave as one dict.
describe('Dict representations', () => {
  it('keeps insertion order when a small dict grows past its shape', () => {
    for (const n of [3, 8, 9, 20]) {
      const d = stringDict(n);
      expect(d.size).toBe(n);
      expect(d.keys()).toEqual(Array.from({ length: n }, (_, i) => `k${i}`));
      expect(d.values()).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(d.get(`k${n - 1}`)).toBe(n - 1);
      expect(d.get('absent')).toBeUndefined();
    }
  });

  it('moves a deleted key to the end when it is set again, in both representations', () => {
    for (const n of [4, 12]) {
      const d = stringDict(n);
      expect(d.delete('k1')).toBe(1);
      expect(d.delete('k1')).toBeUndefined();
      d.set('k1', 'again');
      d.set('k0', 'replaced');
      expect(d.keys().slice(0, 2)).toEqual(['k0', 'k2']);
      expect(d.keys().at(-1)).toBe('k1');
      expect(d.get('k0')).toBe('replaced');
      expect(d.size).toBe(n);
    }
  });

  it('holds keys of other types next to string keys, in order', () => {
    const d = stringDict(2);
    d.set(new Tuple(['k0']), 'tuple');
    d.set(7, 'int');
    expect(d.items()).toEqual([['k0', 0], ['k1', 1], [new Tuple(['k0']), 'tuple'], [7, 'int']]);
    expect(d.get('k0')).toBe(0);
    expect(d.get(new Tuple(['k0']))).toBe('tuple');
    expect(repr(d)).toBe('{"k0": 0, "k1": 1, ("k0",): "tuple", 7: "int"}');
  });

  it('rejects an unhashable key even when the dict is small', () => {
    const d = stringDict(2);
    expect(() => d.get(new List([]))).toThrow('unhashable type: list');
    expect(() => d.set(new List([]), 1)).toThrow('unhashable type: list');
  });

  it('compares equal across representations and refuses changes once frozen', () => {
    const small = stringDict(9);
    const big = stringDict(10);
    big.delete('k9');
    expect(equals(small, big)).toBe(true);
    big.set('k0', -1);
    expect(equals(small, big)).toBe(false);
    freeze(small);
    expect(() => small.set('k0', 1)).toThrow(/frozen/);
    expect(() => stringDict(2).clear()).not.toThrow();
  });
});

// A small string-keyed dict keeps its keys in a shape shared with other dicts (see DictShape) and its values
// in four fields of its own plus an array for the rest; these tests pin that sharing a shape never lets one
// dict's change show in another, at every position around the fields' boundary.
describe('Dict shapes', () => {
  it('keeps each dict its own when dicts built the same way share a shape', () => {
    for (const n of [1, 4, 5, 8]) {
      const a = stringDict(n);
      const b = stringDict(n);
      a.set('k0', 'a');
      b.set('extra', 'b');
      expect(a.keys()).toEqual(Array.from({ length: n }, (_, i) => `k${i}`));
      expect(a.get('k0')).toBe('a');
      expect(b.get('k0')).toBe(0);
      expect(a.get('extra')).toBeUndefined();
      expect(b.keys().at(-1)).toBe('extra');
      const copy = new Dict();
      copy.setAll(a);
      copy.set(`k${n - 1}`, 'copy');
      expect(a.get(`k${n - 1}`)).toBe(n === 1 ? 'a' : n - 1);
      expect(copy.values()).toEqual([...a.values().slice(0, -1), 'copy']);
    }
  });

  it('deletes at every position, on both sides of the fields, keeping order and values', () => {
    for (const n of [1, 4, 5, 6, 8]) {
      for (let i = 0; i < n; i++) {
        const d = stringDict(n);
        expect(d.delete(`k${i}`)).toBe(i);
        const left = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
        expect(d.keys()).toEqual(left.map((j) => `k${j}`));
        expect(d.values()).toEqual(left);
        d.set('new', 'x');
        expect(d.items().at(-1)).toEqual(['new', 'x']);
        expect(d.size).toBe(n);
        expect(stringDict(n).values()).toEqual(Array.from({ length: n }, (_, j) => j)); // the shared shape is intact
      }
    }
  });

  it('stays correct when code makes more distinct key orders than the shapes budget holds', () => {
    const dicts: Dict[] = [];
    for (let i = 0; i < 3000; i++) {
      const d = new Dict();
      d.set(`a${i}`, i);
      d.set(`b${i % 7}`, -i);
      dicts.push(d);
    }
    dicts.forEach((d, i) => expect(d.items()).toEqual([[`a${i}`, i], [`b${i % 7}`, -i]]));
    // past the budgets a dict's shape is its own and grows in place: a copy must not share it
    const last = dicts.at(-1)!;
    const copy = new Dict();
    copy.setAll(last);
    copy.set('c', 0);
    last.set('d', 1);
    expect(copy.keys()).toEqual(['a2999', 'b3', 'c']);
    expect(last.keys()).toEqual(['a2999', 'b3', 'd']);
  });

  it('gives dict literals of up to and past four entries their values, in both back ends', () => {
    for (const which of TEST_BACKENDS) {
      const out: string[] = [];
      const thread = backendThread(which, { name: 't.star', print: (m) => out.push(m) });
      const src =
        'def mk(i):\n    return {"a": i, "b": i + 1, "c": i + 2, "d": i + 3, "e": i + 4, "f": [i]}\n' +
        'def f():\n    x, y = mk(0), mk(10)\n    x["g"] = 1\n    y.pop("a")\n    z = {"p": 1}\n    z.update(x)\n' +
        '    print(x, y, z, {"a": 1, "b": 2} == {"b": 2, "a": 1}, len(mk(1)))\nf()';
      execFile('t.star', src, { thread });
      expect(out).toEqual([
        '{"a": 0, "b": 1, "c": 2, "d": 3, "e": 4, "f": [0], "g": 1} {"b": 11, "c": 12, "d": 13, "e": 14, "f": [10]} ' +
          '{"p": 1, "a": 0, "b": 1, "c": 2, "d": 3, "e": 4, "f": [0], "g": 1} True 6',
      ]);
    }
  });
});
