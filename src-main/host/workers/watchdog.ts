// The last line of a reconcile's budgets, seen from outside its thread. The step and time budgets are checked
// at Starlark checkpoints; a reconcile stuck outside Starlark (one huge store operation, a builtin that does
// not return) never reaches one, and a cancel or a stop waits for one too. The watchdog reads the thread's
// RunProbe (which reconcile, since when) from the owner's thread and reports a reconcile that ran past its
// time budget plus a grace period, or that went on for the grace period after a cancel, so that its owner can
// stop the thread. One check every WATCHDOG_EVERY_MS: a few atomic reads.
import os from 'node:os';
import { DEFAULT_RECONCILE_TIMEOUT_MS } from '../../engine/index.js';
import { reconcileText, type RunProbe } from './run-probe.js';

/** How long a reconcile may go on past its budget, or after a cancel, before its thread is stopped. */
export const WATCHDOG_GRACE_MS = 5000;
const WATCHDOG_EVERY_MS = 250;

/**
 * Heap of the worker threads that run reconcilers, in MB: CHOREO_RUN_HEAP_MB, else half the machine's memory,
 * at most 4096. A run past it ends with an out-of-memory error; the process and its other threads go on.
 */
export function runHeapMb(env: NodeJS.ProcessEnv = process.env): number {
  const set = Number(env.CHOREO_RUN_HEAP_MB);
  if (Number.isInteger(set) && set >= 64) return set;
  return Math.max(256, Math.min(4096, Math.floor(os.totalmem() / 1048576 / 2)));
}

/** The text a thread ended with when it hit its heap limit (`the run` / `prod mode's runner` comes before it). */
export function outOfMemoryText(heapMb: number): string {
  return `ran out of memory (the heap limit of its thread is ${heapMb} MB; CHOREO_RUN_HEAP_MB raises it)`;
}

export interface WatchdogOptions {
  /** The time budget of one reconcile (--reconcile-timeout; default DEFAULT_RECONCILE_TIMEOUT_MS). */
  reconcileTimeoutMs?: number;
  graceMs?: number;
  /** Called once, with what happened; the owner stops the thread. */
  onStuck(message: string): void;
}

export class ReconcileWatchdog {
  private timer: NodeJS.Timeout | undefined;
  private hurriedAt: number | undefined;
  private fired = false;
  private readonly timeoutMs: number;
  private readonly graceMs: number;

  constructor(
    private readonly probe: RunProbe,
    private readonly opts: WatchdogOptions,
  ) {
    this.timeoutMs = opts.reconcileTimeoutMs ?? DEFAULT_RECONCILE_TIMEOUT_MS;
    this.graceMs = opts.graceMs ?? WATCHDOG_GRACE_MS;
  }

  /** Starts watching (idempotent). The timer never keeps the process alive. */
  start(): void {
    if (this.timer || this.fired) return;
    this.timer = setInterval(() => this.check(), WATCHDOG_EVERY_MS);
    this.timer.unref();
  }

  /** A cancel or a stop was asked: a reconcile still running `graceMs` from now is stuck. */
  hurry(): void {
    this.hurriedAt ??= Date.now();
    this.start();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One look at the probe (the timer calls it; tests may too). */
  check(): void {
    const busy = this.probe.busyForMs();
    if (busy === undefined || this.fired) return;
    const sinceHurry = this.hurriedAt === undefined ? undefined : Date.now() - this.hurriedAt;
    let why: string | undefined;
    if (busy > this.timeoutMs + this.graceMs) {
      why = `ran for ${Math.round(busy)} ms, past the time budget of one reconcile (${this.timeoutMs} ms; --reconcile-timeout) and ${this.graceMs} ms of grace`;
    } else if (sinceHurry !== undefined && Math.min(busy, sinceHurry) > this.graceMs) {
      why = `was still running ${this.graceMs} ms after the run was asked to stop`;
    }
    if (!why) return;
    this.fired = true;
    this.stop();
    const task = this.probe.current();
    this.opts.onStuck(
      `${task ? reconcileText(task) : 'a reconcile'} ${why}; it was stuck outside Starlark (for example in one huge store operation), where its budgets cannot stop it, so its thread was stopped`,
    );
  }
}
