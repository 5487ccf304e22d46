import { describe, expect, it } from 'vitest';
import { checkSelector, matchesSelector, selectorText } from './labels.js';

describe('label selectors', () => {
  const labels = { a: '1', b: '2' };
  it('matchLabels and matchExpressions (Kubernetes semantics)', () => {
    expect(matchesSelector(undefined, labels)).toBe(true);
    expect(matchesSelector({}, labels)).toBe(true);
    expect(matchesSelector({ matchLabels: { a: '1' } }, labels)).toBe(true);
    expect(matchesSelector({ matchLabels: { a: '2' } }, labels)).toBe(false);
    expect(matchesSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '3'] }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, labels)).toBe(false);
    expect(matchesSelector({ matchExpressions: [{ key: 'c', operator: 'NotIn', values: ['1'] }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'c', operator: 'Exists' }] }, labels)).toBe(false);
    expect(matchesSelector({ matchExpressions: [{ key: 'c', operator: 'DoesNotExist' }] }, labels)).toBe(true);
  });
  it('rejects bad operators with a readable message', () => {
    expect(() => checkSelector({ matchExpressions: [{ key: 'a', operator: 'Equals' }] })).toThrow(/not a valid label selector operator/);
    expect(() => checkSelector({ matchExpressions: [{ key: 'a', operator: 'In' }] })).toThrow(/values must be non-empty/);
    expect(selectorText({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'Exists' }] })).toBe('a=1,b=2,c');
  });
});
