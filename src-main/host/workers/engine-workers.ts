// Starts the engine worker thread and talks to it with typed requests. From sources (tsx, vitest) the
// worker registers tsx itself before importing engine-worker.ts, because loader hooks do not carry over
// into worker threads; from compiled output (Electron) it loads engine-worker.js directly.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerMessage, WorkerOp, WorkerOps, WorkerRequest } from './protocol.js';

export class WorkerError extends Error {
  constructor(
    message: string,
    readonly notFound = false,
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

function spawn(): Worker {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const require = createRequire(import.meta.url);
    const tsxApi = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
    const entry = pathToFileURL(path.join(path.dirname(here), 'engine-worker.ts')).href;
    const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(boot, { eval: true });
  }
  return new Worker(new URL('./engine-worker.js', import.meta.url));
}

/** One worker thread; requests run one after the other in it. Restarted when it dies. */
export class EngineWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly name: string) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = spawn();
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
    const fail = (why: string) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      for (const p of this.pending.values()) p.reject(new WorkerError(`The ${this.name} worker stopped: ${why}. Try again; it restarts by itself.`));
      this.pending.clear();
    };
    w.on('error', (e) => fail(e.message));
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

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
