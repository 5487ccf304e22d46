import { describe, expect, it } from 'vitest';
import { parse, resolve } from '../index.js';
import { Rng, generatePrograms } from './program-generator.js';

describe('generatePrograms', () => {
  it('is deterministic for a seed', () => {
    expect(generatePrograms(7, 20)).toEqual(generatePrograms(7, 20));
    expect(generatePrograms(7, 5)[0].source).not.toBe(generatePrograms(8, 5)[0].source);
  });
  it('produces programs that parse and resolve in the default dialect', () => {
    for (const p of generatePrograms(3, 200)) {
      expect(() => resolve(parse(`${p.name}.star`, p.source), { predeclared: [] }), p.source).not.toThrow();
    }
  });
  it('prints values', () => {
    const programs = generatePrograms(5, 50);
    expect(programs.filter((p) => p.source.includes('print(')).length).toBeGreaterThan(40);
  });
});

describe('Rng', () => {
  it('stays within bounds', () => {
    const r = new Rng(1);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(-3, 3);
      expect(n).toBeGreaterThanOrEqual(-3);
      expect(n).toBeLessThanOrEqual(3);
    }
  });
});
