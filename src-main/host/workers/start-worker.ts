// Starts a worker thread from the list in ./entries.ts, from whichever code this process runs:
// - the bundle (dist-main/, built by `npm ci`): every bundle file sits in one folder, so the entry is
//   ./worker-<name>.mjs beside the file this code was bundled into;
// - the TypeScript sources (tsx, vitest, the CLI's tsx fallback): loader hooks do not carry over into worker
//   threads, so the thread registers tsx itself before importing the entry's .ts file.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { bundledWorkerFile, WORKER_ENTRIES, type WorkerName } from './entries.js';

/** True when this module runs from the TypeScript sources rather than from the bundle. */
export function runningFromSources(moduleUrl: string = import.meta.url): boolean {
  return moduleUrl.endsWith('.ts');
}

/** Starts worker `name`; `options` (resourceLimits, workerData, …) go to the Worker as given. */
export function startWorker(name: WorkerName, options: WorkerOptions = {}): Worker {
  if (!runningFromSources()) return new Worker(new URL(`./${bundledWorkerFile(name)}`, import.meta.url), options);
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const entry = pathToFileURL(path.join(repoRoot, WORKER_ENTRIES[name])).href;
  const require = createRequire(import.meta.url);
  const tsxApi = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
