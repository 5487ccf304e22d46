import { describe, expect, it } from 'vitest';
import { toggled } from './sets';

describe('toggled', () => {
  it('adds what is missing, removes what is there, and leaves the original alone', () => {
    const open = new Set(['a']);
    expect([...toggled(open, 'b')]).toEqual(['a', 'b']);
    expect([...toggled(open, 'a')]).toEqual([]);
    expect([...open]).toEqual(['a']);
  });
});
