// Budgets of one reconcile: the Starlark step budget (which also counts bulk string and list work, see
// starlark/cost.ts) and a wall-clock budget. Both end a runaway reconciler with an error that names the
// reconciler, the object and the option that raises the budget; the run goes on with the next reconcile.
// Types only from Starlark: this module is a leaf, so the threads' watchdog can read its defaults cheaply.
import type { InterruptHook } from '../starlark/index.js';

export interface ReconcileLimits {
  /** Starlark steps one reconcile may take (default DEFAULT_MAX_STEPS, 1e8: a few seconds of work). */
  maxSteps?: number;
  /** Wall-clock time one reconcile may take, in ms (default DEFAULT_RECONCILE_TIMEOUT_MS). */
  reconcileTimeoutMs?: number;
}

export const DEFAULT_RECONCILE_TIMEOUT_MS = 60_000;

/** What the step-limit error suggests: the option exists on every command that runs reconcilers. */
export const STEP_LIMIT_HINT = 'raise it with --max-steps N on `choreo run once`, `choreo run start` or `choreo server start`, or fix the endless loop';

/**
 * The deadline of the reconcile in progress, checked at Starlark checkpoints. `also` adds the run's own
 * reasons to stop (cancelled, run timeout).
 */
export class ReconcileClock {
  private deadline = Infinity;
  readonly timeoutMs: number;

  constructor(
    limits: ReconcileLimits = {},
    private readonly also?: InterruptHook,
  ) {
    this.timeoutMs = limits.reconcileTimeoutMs ?? DEFAULT_RECONCILE_TIMEOUT_MS;
  }

  /** A reconcile (or a reconciler's load-time code) starts now. */
  start(): void {
    this.deadline = performance.now() + this.timeoutMs;
  }

  readonly interrupt: InterruptHook = () => {
    if (performance.now() > this.deadline) {
      return `it ran longer than ${this.timeoutMs} ms (the time budget of one reconcile; raise it with --reconcile-timeout MS, or fix the endless loop)`;
    }
    return this.also?.();
  };
}

