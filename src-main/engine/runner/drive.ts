// Running a ReconcilerRuntime until it is idle (run once): no sleeps. When nothing is ready but keys are
// delayed (requeueAfter, backoff), the virtual clock jumps to the earliest due time. A step limit and a
// wall-clock timeout end a livelock with the names of the reconcilers that are still looping.
import type { VirtualClock } from '../reconcilers/clock.js';
import type { ReconcilerRuntime } from './runtime.js';

export type DriveEnd =
  | { kind: 'idle' }
  | { kind: 'error' }
  | { kind: 'limit'; steps: number; busy: string[] }
  | { kind: 'timeout'; ms: number; busy: string[] }
  | { kind: 'aborted'; busy: string[] };

export interface DriveOptions {
  clock: VirtualClock;
  maxReconciles: number;
  timeoutMs: number;
  signal?: AbortSignal;
  failFast: boolean;
}

export async function driveUntilIdle(rt: ReconcilerRuntime, opts: DriveOptions): Promise<DriveEnd> {
  const started = Date.now();
  let steps = 0;
  for (;;) {
    if (opts.failFast && rt.failure) return { kind: 'error' };
    if (rt.step()) {
      steps++;
      if (steps >= opts.maxReconciles) return { kind: 'limit', steps, busy: rt.busyReconcilers() };
      // Yield now and then so a caller's abort signal, timers and progress output get their turn.
      if ((steps & 255) === 0) {
        await new Promise<void>((r) => setImmediate(r));
        if (opts.signal?.aborted) return { kind: 'aborted', busy: rt.busyReconcilers() };
        if (Date.now() - started > opts.timeoutMs) return { kind: 'timeout', ms: Date.now() - started, busy: rt.busyReconcilers() };
      }
      continue;
    }
    const due = rt.nextDue();
    if (due === undefined) return { kind: 'idle' };
    opts.clock.advanceTo(due);
  }
}
