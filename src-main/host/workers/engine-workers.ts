// Starts an engine worker thread (./engine-worker.ts, through ./start-worker.ts so it runs from the bundle
// or from the sources alike) and talks to it with typed requests.
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { startWorker } from './start-worker.js';
import type { WorkerMessage, WorkerOp, WorkerOps, WorkerRequest } from './protocol.js';

export class WorkerError extends Error {
  constructor(
    message: string,
    readonly notFound = false,
    /** The thread died at its heap limit. */
    readonly outOfMemory = false,
  ) {
    super(message);
    this.name = 'WorkerError';
  }
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  onProgress?: (line: string, kind: 'progress' | 'warning' | 'print') => void;
}

export interface CallOptions {
  onProgress?: (line: string, kind: 'progress' | 'warning' | 'print') => void;
  /** Cancels the request in the worker (run once honours it between reconciles). */
  signal?: AbortSignal;
}

export interface EngineWorkerOptions {
  /** Heap limits of the thread: past them the thread dies (ERR_WORKER_OUT_OF_MEMORY), not the host. */
  resourceLimits?: ResourceLimits;
  /** Memory shared with the thread (its workerData.shared), e.g. a RunProbe's buffer. */
  shared?: SharedArrayBuffer;
}

/** One worker thread; requests run one after the other in it. Restarted when it dies. */
export class EngineWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly name: string,
    private readonly options: EngineWorkerOptions = {},
  ) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = startWorker('engine', { resourceLimits: this.options.resourceLimits, workerData: { shared: this.options.shared } });
    // The host may exit while the worker idles; the worker must not keep it alive.
    w.unref();
    w.on('message', (m: WorkerMessage) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') p.onProgress?.(m.line, m.kind);
      else {
        this.pending.delete(m.id);
        if (!this.pending.size) w.unref();
        if (m.type === 'done') p.resolve(m.value);
        else p.reject(new WorkerError(m.message, !!m.notFound));
      }
    });
    const fail = (why: string, outOfMemory = false) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      for (const p of this.pending.values()) p.reject(new WorkerError(`The ${this.name} worker stopped: ${why}. Try again; it restarts by itself.`, false, outOfMemory));
      this.pending.clear();
    };
    w.on('error', (e) => fail(e.message, (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'));
    w.on('exit', (code) => fail(`exit code ${code}`));
    this.worker = w;
    return w;
  }

  call<K extends WorkerOp>(op: K, args: WorkerOps[K]['args'], opts: CallOptions = {}): Promise<WorkerOps[K]['value']> {
    const w = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      w.ref(); // keep the process alive while a request is open
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: opts.onProgress });
      opts.signal?.addEventListener('abort', () => w.postMessage({ id: 0, op: 'cancel', target: id } satisfies WorkerRequest), { once: true });
      w.postMessage({ id, op, args } as WorkerRequest);
    });
  }

  /** Starts the thread now, so the engine is loaded before the first request needs it. */
  warm(): void {
    this.ensure();
  }

  /** Stops the thread now (a run that does not stop by itself); open requests fail with `why`. */
  async kill(why: string): Promise<void> {
    const w = this.worker;
    if (!w) return;
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new WorkerError(why));
    this.pending.clear();
    await w.terminate();
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
