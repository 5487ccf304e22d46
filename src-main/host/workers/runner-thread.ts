// The owner's side of a runner thread (./runner-worker.ts): the thread that runs reconcilers for prod mode,
// a delivery environment, a deploy's health check, a delivery build, or the CLI's `run once` and `run start`,
// so that whatever a reconciler does, the owner's thread stays free (it answers requests, signals and pings).
// The thread has a heap limit; a RunProbe in shared memory says which reconcile it is in; a watchdog stops it
// when a reconcile gets stuck outside Starlark. When the thread dies — out of memory, a crash, the watchdog — every open call
// fails and `ended` resolves with a message that names the reconciler and the object it was reconciling.
//
//   RunnerThread      one thread and its calls (generic)
//   LiveRunnerThread  a continuous runner in its own thread: start, apply input, read the store, stop
//   runOnceInThread   one run once in its own thread
import type { Worker } from 'node:worker_threads';
import type { GroupVersionKind, KrmObject } from '../../../src-shared/krm/object.js';
import type { ReconcileLimits, ApplyInputResult, Leadership, StopResult } from '../../engine/index.js';
import { RunProbe, whileTask } from './run-probe.js';
import type {
  DepsValue,
  RowChange,
  RunnerMessage,
  RunnerOp,
  RunnerOps,
  RunnerRequest,
  RunnerStartArgs,
  RunnerThreadEvent,
  RunnerWorkerData,
  RunOnceArgs,
  StoreContent,
} from './runner-protocol.js';
import { startWorker } from './start-worker.js';
import { outOfMemoryText, ReconcileWatchdog, runHeapMb } from './watchdog.js';

export interface RunnerThreadOptions {
  /** Heap limit of the thread in MB (default runHeapMb(): CHOREO_RUN_HEAP_MB, else half the memory). */
  heapMb?: number;
  /** The budgets the run uses: the watchdog allows a reconcile its time budget plus a grace period. */
  limits?: ReconcileLimits;
  /** Grace period of the watchdog (default WATCHDOG_GRACE_MS). */
  graceMs?: number;
  onEvent?: (e: RunnerThreadEvent) => void;
  onRows?: (rows: RowChange[]) => void;
}

/** A call that failed: the project did not load, the operation failed, or the thread ended without answering. */
export class RunnerThreadError extends Error {
  override name = 'RunnerThreadError';
  constructor(
    message: string,
    readonly kind: 'load' | 'failed' | 'ended',
  ) {
    super(message);
  }
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

/** One runner thread. Calls run concurrently in it; the thread ends with close(), kill() or by dying. */
export class RunnerThread {
  /** Resolves when the thread is gone: with why it died, or undefined after close(). */
  readonly ended: Promise<string | undefined>;
  readonly heapMb: number;
  private readonly worker: Worker;
  private readonly probe = new RunProbe();
  private readonly watchdog: ReconcileWatchdog;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Set once the thread died or is being closed: why later calls fail. */
  private endReason: string | undefined;
  private endNow!: (reason: string | undefined) => void;

  constructor(private readonly opts: RunnerThreadOptions = {}) {
    this.heapMb = opts.heapMb ?? runHeapMb();
    this.ended = new Promise((resolve) => (this.endNow = resolve));
    this.watchdog = new ReconcileWatchdog(this.probe, { reconcileTimeoutMs: opts.limits?.reconcileTimeoutMs, graceMs: opts.graceMs, onStuck: (why) => void this.kill(`was stopped: ${why}`) });
    const w = startWorker('runner', { resourceLimits: { maxOldGenerationSizeMb: this.heapMb }, workerData: { shared: this.probe.buffer } satisfies RunnerWorkerData });
    this.worker = w;
    // A runner thread never keeps the process alive by itself: only while a call waits for its answer.
    w.unref();
    w.on('message', (m: RunnerMessage) => this.onMessage(m));
    w.on('error', (e) => {
      const oom = (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.died(`${oom ? outOfMemoryText(this.heapMb) : `crashed: ${e.message}`}${whileTask(this.probe.current())}`);
    });
    w.on('exit', (code) => this.died(`stopped unexpectedly (exit code ${code})${whileTask(this.probe.current())}`));
    this.watchdog.start();
  }

  call<K extends RunnerOp>(op: K, args: RunnerOps[K]['args']): Promise<RunnerOps[K]['value']> {
    if (this.endReason !== undefined) return Promise.reject(new RunnerThreadError(this.endReason, 'ended'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.worker.ref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, op, args } as RunnerRequest);
    });
  }

  /** Asks the busy reconcile (if any) to stop at its next checkpoint; the watchdog stops the thread if it does not. */
  cancel(): void {
    this.probe.cancel();
    this.watchdog.hurry();
  }

  /**
   * Stops the thread now; open calls fail and `ended` resolves with `why`. Reasons are verb phrases that
   * follow a subject ("the run", "prod mode's runner"): `ran out of memory …`, `was stopped: …`.
   */
  async kill(why: string): Promise<void> {
    this.died(why);
    await this.worker.terminate();
  }

  /** Ends the thread once its work is done (open calls fail); `ended` resolves with undefined. */
  async close(): Promise<void> {
    this.finish(undefined, 'was closed');
    await this.worker.terminate();
  }

  private onMessage(m: RunnerMessage): void {
    if (m.type === 'events') {
      for (const e of m.events) this.opts.onEvent?.(e);
      return;
    }
    if (m.type === 'rows') {
      this.opts.onRows?.(m.rows);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (!this.pending.size) this.worker.unref();
    if (m.type === 'done') p.resolve(m.value);
    else p.reject(new RunnerThreadError(m.message, m.loadError ? 'load' : 'failed'));
  }

  private died(reason: string): void {
    this.finish(reason, reason);
  }

  private finish(reported: string | undefined, failCalls: string): void {
    if (this.endReason !== undefined) return;
    this.endReason = failCalls;
    this.watchdog.stop();
    for (const p of this.pending.values()) p.reject(new RunnerThreadError(failCalls, 'ended'));
    this.pending.clear();
    this.endNow(reported);
  }
}

/**
 * A continuous runner (engine/runner/prod-runner.ts) in its own thread, read and driven by messages. It
 * implements delivery's EnvironmentRunner (delivery/runners.ts) and what prod mode needs besides.
 */
export class LiveRunnerThread {
  private stopping = false;

  private constructor(
    private readonly thread: RunnerThread,
    readonly project: string,
    /** Who led when the runner started, on the etcd store (undefined: the file store); later changes are `leadership` events. */
    readonly leadership: Leadership | undefined,
  ) {}

  /** Starts a thread and the runner in it; rejects (RunnerThreadError, kind `load`) when the project does not load. */
  static async start(args: RunnerStartArgs, opts: RunnerThreadOptions = {}): Promise<LiveRunnerThread> {
    const thread = new RunnerThread({ ...opts, limits: opts.limits ?? args.limits });
    try {
      const { project, leadership } = await thread.call('start', args);
      return new LiveRunnerThread(thread, project, leadership);
    } catch (e) {
      await thread.close();
      throw e;
    }
  }

  applyInput(input: KrmObject[] | { file: string }): Promise<ApplyInputResult> {
    return this.thread.call('apply', { input });
  }

  async whenIdle(): Promise<void> {
    await this.thread.call('idle', {});
  }

  list(kinds: GroupVersionKind[]): Promise<Array<KrmObject[] | null>> {
    return this.thread.call('list', { kinds });
  }

  content(): Promise<StoreContent> {
    return this.thread.call('content', {});
  }

  objectYaml(key: string): Promise<string | null> {
    return this.thread.call('objectYaml', { key });
  }

  deps(includeChoreoApis?: boolean): Promise<DepsValue> {
    return this.thread.call('deps', includeChoreoApis === undefined ? {} : { includeChoreoApis });
  }

  /**
   * Stops the runner (a busy reconcile is interrupted at its next checkpoint, or its thread stopped by the
   * watchdog), lets it save what it saves, and ends the thread.
   */
  async stop(): Promise<StopResult> {
    this.stopping = true;
    this.thread.cancel();
    try {
      return await this.thread.call('stop', {});
    } finally {
      await this.thread.close();
    }
  }

  /** Resolves with why the runner ended without stop() (see RunnerThread.ended); never after stop(). */
  get died(): Promise<string> {
    return this.thread.ended.then((why) => (why === undefined || this.stopping ? new Promise<string>(() => {}) : why));
  }

  /** Why the thread ended, once it has (also after a stop that the watchdog had to end). */
  get ended(): Promise<string | undefined> {
    return this.thread.ended;
  }
}

/** `choreo run once` in a thread: the run's result, or the project's load error. Rejects when the thread dies. */
export async function runOnceInThread(args: RunOnceArgs, opts: RunnerThreadOptions = {}): Promise<RunnerOps['once']['value']> {
  const thread = new RunnerThread({ ...opts, limits: opts.limits ?? args.limits });
  try {
    return await thread.call('once', args);
  } finally {
    await thread.close();
  }
}
