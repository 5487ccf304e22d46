// The continuous reconcile loop of a runner (prod mode): step the runtime while work is ready, yielding to
// the event loop once a slice of YIELD_EVERY_MS has passed (so input, stop requests and a shared store's
// traffic get their turn: on etcd, the lease renewals and gRPC keepalives must not wait for a burst of
// reconciles), sleep until the next delayed key is due or new work arrives.
import type { LoadedProject } from '../loader/types.js';
import { RealClock } from '../reconcilers/clock.js';
import type { RunnerEvent, StartRunnerOptions } from './runner-types.js';
import { ReconcilerRuntime } from './runtime.js';

export interface ReconcileLoop {
  /** True until stop() is called. */
  readonly running: boolean;
  /** New work may be ready (input applied, requeue): wake a sleeping loop. */
  wake(): void;
  /** Resolves when no reconcile is ready or running (delayed keys may remain), or once the loop ended. */
  whenIdle(): Promise<void>;
  /** Ends the loop; resolves once the reconcile in progress has returned. */
  stop(): Promise<void>;
}

/**
 * How long the loop keeps the thread before it yields. By time, not by count: 64 reconciles of a network
 * project with IPAM took over 2 s on a loaded machine, long enough for an etcd runner to miss its lease
 * renewals and lose the leadership.
 */
const YIELD_EVERY_MS = 20;

/** Starts looping over `rt` (already prepared and started). */
export function startReconcileLoop(rt: ReconcilerRuntime): ReconcileLoop {
  let running = true;
  let wake: (() => void) | undefined;
  const idleWaiters: Array<() => void> = [];
  rt.onWork = () => wake?.();
  const done = (async () => {
    // The first reconcile runs after the caller got the loop, so that it can watch the store and answer
    // whoever started the runner before a reconciler gets the thread (it may keep it for a while).
    await new Promise<void>((r) => setImmediate(r));
    let sliceStart = performance.now();
    while (running) {
      if (rt.step()) {
        if (performance.now() - sliceStart >= YIELD_EVERY_MS) {
          await new Promise<void>((r) => setImmediate(r));
          sliceStart = performance.now();
        }
        continue;
      }
      for (const w of idleWaiters.splice(0)) w();
      const due = rt.nextDue();
      await new Promise<void>((resolve) => {
        const timer = due !== undefined ? setTimeout(resolve, Math.max(0, due - performance.now())) : undefined;
        wake = () => {
          if (timer) clearTimeout(timer);
          wake = undefined;
          resolve();
        };
        if (!running) wake();
      });
      wake = undefined;
    }
    for (const w of idleWaiters.splice(0)) w();
  })();
  return {
    get running() {
      return running;
    },
    wake: () => wake?.(),
    whenIdle() {
      if (!running) return Promise.resolve();
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wake?.();
      });
    },
    async stop() {
      running = false;
      wake?.();
      await done;
    },
  };
}

/**
 * The runtime of a continuous runner (the file-store and the etcd runner): reconcile events, errors and
 * condition changes go out as RunnerEvents, and a reconcile stops when `interrupt` names a reason.
 */
export function continuousRuntime(
  root: string,
  loaded: LoadedProject,
  opts: StartRunnerOptions,
  emit: (event: RunnerEvent) => void,
  warn: (line: string) => void,
  interrupt: () => string | undefined,
): ReconcilerRuntime {
  const rt: ReconcilerRuntime = new ReconcilerRuntime({
    store: loaded.store,
    reconcilers: loaded.reconcilers,
    libraries: loaded.libraries,
    profile: loaded.profile,
    projectDir: root,
    clock: new RealClock(),
    failFast: false,
    onEvent: (event) => {
      emit({ type: 'reconcile', event });
      if (event.operation === 'ERROR') {
        const err = rt.errors[rt.errors.length - 1];
        if (err) emit({ type: 'error', error: err });
      }
    },
    onCondition: (change) => emit({ type: 'condition', change }),
    onWarning: warn,
    onPrint: opts.onPrint,
    extraBuiltins: opts.extraBuiltins,
    limits: opts.limits,
    interrupt,
  });
  return rt;
}

/** A runner's event outlet: progress and warning lines are kept (for its result) and sent as events. */
export function runnerEvents(opts: StartRunnerOptions) {
  const emit = (e: RunnerEvent) => opts.onEvent?.(e);
  const progress: string[] = [];
  const warnings: string[] = [];
  const say = (line: string) => {
    progress.push(line);
    emit({ type: 'progress', line });
  };
  const warn = (line: string) => {
    warnings.push(line);
    emit({ type: 'warning', line });
  };
  return { emit, progress, warnings, say, warn };
}
