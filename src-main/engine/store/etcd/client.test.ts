// The client's per-attempt deadlines: the first attempt of a call is short (a txn stuck on a member whose raft
// leader died is retried on another within about an election), later attempts of the same call longer.
import { describe, expect, it } from 'vitest';
import { ATTEMPT_DEADLINES_MS, attemptDeadline, CALL_DEADLINE_MS } from './client.js';

describe('attemptDeadline', () => {
  it('grows with the attempts of one call (the same request object), up to the call deadline', () => {
    const request = { key: 'k' };
    const deadlines = [1, 2, 3, 4].map(() => attemptDeadline(request, 0));
    expect(deadlines).toEqual([ATTEMPT_DEADLINES_MS[0], ATTEMPT_DEADLINES_MS[1], CALL_DEADLINE_MS, CALL_DEADLINE_MS]);
    expect(ATTEMPT_DEADLINES_MS[0]).toBeLessThan(CALL_DEADLINE_MS);
  });

  it('counts each call apart; a call without a request object gets the call deadline', () => {
    attemptDeadline({ a: 1 }, 0);
    expect(attemptDeadline({ a: 1 }, 0)).toBe(ATTEMPT_DEADLINES_MS[0]);
    expect(attemptDeadline(undefined, 0)).toBe(CALL_DEADLINE_MS);
  });
});
