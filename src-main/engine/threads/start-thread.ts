// Starts a worker thread from whichever code this process runs:
// - a bundle (dist-main/, or a test's bundle under .faults-build/): every bundle file sits in one folder,
//   so the entry is the `worker-<name>.mjs` the build emitted beside the file this code was bundled into;
// - the TypeScript sources (tsx, vitest, the CLI's tsx fallback): loader hooks do not carry over into worker
//   threads, so the thread registers tsx itself before importing the entry's .ts file.
// The host's threads (host/workers/start-worker.ts) and the etcd store's lease thread start through here.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export interface ThreadEntry {
  /** The entry's TypeScript module (file URL), used when running from the sources. */
  source: URL;
  /** The entry in the bundle (file URL of `worker-<name>.mjs` beside the calling bundle file). */
  bundled: URL;
}

/** True when the module at `moduleUrl` runs from the TypeScript sources rather than from a bundle. */
export function runningFromSources(moduleUrl: string): boolean {
  return moduleUrl.endsWith('.ts');
}

/** Starts the thread `entry`; `fromSources`: whether the caller runs from the sources (runningFromSources(import.meta.url)). */
export function startThread(entry: ThreadEntry, fromSources: boolean, options: WorkerOptions = {}): Worker {
  if (!fromSources) return new Worker(entry.bundled, options);
  const require = createRequire(import.meta.url);
  const tsxApi = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry.source.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
