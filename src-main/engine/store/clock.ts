// Clocks: the system clock, and a manual one for tests and reproducible snapshots.
import type { Clock } from './types.js';

export const systemClock: Clock = { now: () => new Date() };

/** A clock that starts at `start` and advances `stepMs` on every call (0 = frozen). */
export function manualClock(start: Date | string = '2024-01-01T00:00:00Z', stepMs = 0): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now() {
      const d = new Date(t);
      t += stepMs;
      return d;
    },
    set(d) {
      t = new Date(d).getTime();
    },
    advance(ms) {
      t += ms;
    },
  };
}

/** A deterministic uid generator for tests: uuid-shaped, counting up. */
export function sequentialUids(prefix = '00000000-0000-4000-8000'): () => string {
  let n = 0;
  return () => `${prefix}-${(++n).toString(16).padStart(12, '0')}`;
}
