// Bundles for tests that start real processes many times (the fault suite): esbuild builds an entry once
// per test process, laid out as dist-main is (ESM for Node, packages external, .mjs files, the worker
// threads it needs beside it), into <package>/.faults-build/ (git-ignored). A start then takes a fraction
// of the time tsx needs to compile the sources.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { findPackageRoot } from '../host/package-root.js';
import { bundledWorkerFile, WORKER_ENTRIES, type WorkerName } from '../host/workers/entries.js';

/**
 * Bundles `entry` (package-relative) as `<out>.mjs`, with `workers` beside it, into .faults-build/`stem`/;
 * returns that folder.
 */
export async function bundleForTest(stem: string, entry: { in: string; out: string }, workers: WorkerName[]): Promise<string> {
  const root = findPackageRoot();
  const outDir = path.join(root, '.faults-build', stem);
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [
      { in: path.join(root, entry.in), out: entry.out },
      ...workers.map((name) => ({ in: path.join(root, WORKER_ENTRIES[name]), out: bundledWorkerFile(name).replace(/\.mjs$/, '') })),
    ],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  return outDir;
}
