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
  /** performance.now() at which the run times out. */
  deadline: number;
  signal?: AbortSignal;
  /** Another cancel request (a worker's shared flag): a text means cancelled. */
  interrupted?: () => string | undefined;
  failFast: boolean;
}

export async function driveUntilIdle(rt: ReconcilerRuntime, opts: DriveOptions): Promise<DriveEnd> {
  const started = performance.now();
  let steps = 0;
  // Checked after every reconcile (and inside one, through the runtime's interrupt hook), so a cancel or
  // the run's timeout ends the run as such, not as the error of the reconcile it interrupted.
  const stopped = (): DriveEnd | undefined => {
    if (opts.signal?.aborted || opts.interrupted?.() !== undefined) return { kind: 'aborted', busy: rt.busyReconcilers() };
    const now = performance.now();
    if (now > opts.deadline) return { kind: 'timeout', ms: now - started, busy: rt.busyReconcilers() };
    return undefined;
  };
  for (;;) {
    if (opts.failFast && rt.failure) return stopped() ?? { kind: 'error' };
    if (rt.step()) {
      steps++;
      const end = stopped();
      if (end) return end;
      if (steps >= opts.maxReconciles) return { kind: 'limit', steps, busy: rt.busyReconcilers() };
      // Yield now and then so a caller's abort signal, timers and progress output get their turn.
      if ((steps & 255) === 0) await new Promise<void>((r) => setImmediate(r));
      continue;
    }
    const due = rt.nextDue();
    if (due === undefined) return { kind: 'idle' };
    opts.clock.advanceTo(due);
  }
}
