import { describe, expect, it } from 'vitest';
import { jsonPieces } from './json-pieces.js';

const joined = (v: unknown, depth: number) => [...jsonPieces(v, depth)].join('');

describe('jsonPieces', () => {
  it('joins to exactly what JSON.stringify gives, at every depth', () => {
    const value = {
      a: 1,
      skipped: undefined,
      f: () => 1,
      when: new Date(0),
      list: [1, undefined, 'x', null, { deep: [true, { e: '\u2028"' }] }, () => 2],
      nested: { empty: {}, none: [], s: 'é' },
      runners: [{ events: Array.from({ length: 3000 }, (_, i) => ({ i, message: `event ${i}`, missing: undefined })) }],
    };
    for (const depth of [0, 1, 2, 3, 4, 8]) expect(joined(value, depth)).toBe(JSON.stringify(value));
    for (const leaf of [1, 'x', null, [undefined], []]) expect(joined(leaf, 3)).toBe(JSON.stringify(leaf));
  });

  it('renders long arrays of leaves in batches exactly as JSON.stringify does (holes, undefined, functions, toJSON)', () => {
    const leaves: unknown[] = Array.from({ length: 1000 }, (_, i) => [i, undefined, () => i, new Date(i), { i, u: undefined }, 'é\u2028'][i % 6]);
    leaves[700] = undefined;
    delete leaves[701]; // a hole
    for (const value of [{ runners: [{ events: leaves }] }, leaves, { a: leaves.slice(0, 256) }, { a: leaves.slice(0, 257) }]) {
      for (const depth of [1, 2, 3, 4]) expect(joined(value, depth)).toBe(JSON.stringify(value));
    }
  });

  it('cuts a large value into pieces of about a megabyte', () => {
    const events = Array.from({ length: 40_000 }, (_, i) => ({ reconciler: 'some.reconciler.name', name: `object-${i}`, operation: 'START' }));
    const pieces = [...jsonPieces({ runners: [{ events }] }, 4)];
    expect(pieces.length).toBeGreaterThan(1);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(1.1 * 2 ** 20);
    expect(pieces.join('')).toBe(JSON.stringify({ runners: [{ events }] }));
  });
});
