import { describe, expect, it } from 'vitest';
import { Dict, List, Tuple, equals, freeze, repr } from './index.js';

/** A dict with string keys k0..k(n-1) mapped to 0..n-1. */
function stringDict(n: number): Dict {
  const d = new Dict();
  for (let i = 0; i < n; i++) d.set(`k${i}`, i);
  return d;
}

// Dict keeps a small all-string-keyed dict in a flat array and moves it to a Map past 8 entries or at the
// first key of another type; these tests pin that the two representations behave as one dict.
describe('Dict representations', () => {
  it('keeps insertion order when a small dict grows past its flat array', () => {
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
