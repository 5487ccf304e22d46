import { describe, expect, it } from 'vitest';
import { matchLineErrors } from './expectations.js';
import type { LineExpectation } from './go-chunks.js';

const want = (...pairs: [number, string][]): Map<number, LineExpectation> => new Map(pairs.map(([line, pattern]) => [line, { line, pattern }]));

describe('matchLineErrors', () => {
  it('passes when every error matches its line and every expectation is used', () => {
    expect(matchLineErrors([{ line: 3, msg: 'undefined: x' }, { line: 7, msg: 'list index 5 out of range [-3:2]' }], want([3, 'undefined: x'], [7, 'out of range \\[-3:2]']))).toEqual([]);
  });
  it('fails an error on a line without expectation', () => {
    expect(matchLineErrors([{ line: 4, msg: 'boom' }], want([3, 'boom']))).toEqual([
      'line 4: unexpected error: boom',
      'line 3: expected error matching "boom" did not occur',
    ]);
  });
  it('fails a non-matching error and a missing error', () => {
    expect(matchLineErrors([{ line: 3, msg: 'other' }], want([3, 'boom']))[0]).toMatch(/does not match/);
    expect(matchLineErrors([], want([3, 'boom']))).toHaveLength(1);
  });
  it('uses an expectation only once and flags unlocated errors', () => {
    expect(matchLineErrors([{ line: 3, msg: 'a' }, { line: 3, msg: 'a' }], want([3, 'a']))).toEqual(['line 3: unexpected error: a']);
    expect(matchLineErrors([{ line: undefined, msg: 'x' }], new Map())).toEqual(['error outside the test file: x']);
  });
});
