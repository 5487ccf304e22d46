// Starts a worker thread from the list in ./entries.ts, from whichever code this process runs (the bundle
// or the TypeScript sources: engine/threads/start-thread.ts says how).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Worker, WorkerOptions } from 'node:worker_threads';
import { runningFromSources as fromSources, startThread } from '../../engine/index.js';
import { bundledWorkerFile, WORKER_ENTRIES, type WorkerName } from './entries.js';

/** True when this module runs from the TypeScript sources rather than from the bundle. */
export function runningFromSources(moduleUrl: string = import.meta.url): boolean {
  return fromSources(moduleUrl);
}

/** Starts worker `name`; `options` (resourceLimits, workerData, …) go to the Worker as given. */
export function startWorker(name: WorkerName, options: WorkerOptions = {}): Worker {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  return startThread({ source: pathToFileURL(path.join(repoRoot, WORKER_ENTRIES[name])), bundled: new URL(`./${bundledWorkerFile(name)}`, import.meta.url) }, runningFromSources(), options);
}
