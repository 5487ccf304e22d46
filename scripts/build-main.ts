// `npm run build:main` (and `npm ci`, through the `prepare` script): bundles src-main/ with esbuild into
// dist-main/, the code every Node process of the app runs:
//   cli.mjs            the `choreo` command (bin/choreo.mjs loads it)
//   electron-main.mjs  the Electron main process (package.json "main"); preload.cjs its sandboxed preload
//   worker-NAME.mjs    each worker thread of src-main/host/workers/entries.ts; for the threads in
//                      CODE_CACHED_WORKERS a stub that runs worker-NAME.cjs (the thread's whole code, one
//                      CommonJS file) from its V8 code cache worker-NAME.cjs.v8cache (./worker-code-cache.ts)
//   chunk-*.mjs        code shared by those, and each CLI verb's module (loaded only when the verb runs)
//   manifest.json      size and mtime of every bundled source, for bin/prebuilt.mjs's staleness check
// Dependencies are bundled too (only Electron and the etcd client stay external), so a start resolves nothing
// in node_modules. etcd3 reads its .proto files beside its own code at run time, so it is loaded from
// node_modules (only by the etcd store); cockatiel goes with it, so its policies and etcd3's are one copy.
// Imports of the engine's entry (engine/index.ts) are bundled as imports of the modules that define the names
// (./engine-entry-plugin.ts), so a start-up path loads only the engine modules it uses.
// The build goes to a temporary folder that replaces dist-main/ only when complete.
// Usage: build-main.ts [--outdir DIR]   (DIR relative to the package root; default dist-main)
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_DIR, fileStamps, MANIFEST_FILE } from '../bin/prebuilt.mjs';
import { BUNDLE_EXTERNALS } from './bundle-externals.js';
import { engineEntryPlugin } from './engine-entry-plugin.js';
import { cjsBundleBanner, IMPORT_META_URL, workerStub, writeCodeCache } from './worker-code-cache.js';
import { bundledWorkerFile, WORKER_ENTRIES, type WorkerName } from '../src-main/host/workers/entries.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Folders whose files can be bundled (anything else is a dependency). */
const SOURCE_DIRS = ['src-main', 'src-shared'];

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    return e.isDirectory() ? filesUnder(rel) : [rel];
  });
}

/**
 * The worker threads that start from a code cache: the ones a user waits for at their start, the runner
 * (`choreo run once|start`, prod mode, delivery) and the engine worker (the Studio's runs, plans and diffs).
 * The debug worker's entry awaits at its top level, which a CommonJS file cannot; the etcd lease's is tiny.
 */
const CODE_CACHED_WORKERS: WorkerName[] = ['runner', 'engine'];

const workerEntry = (name: WorkerName) => ({ in: WORKER_ENTRIES[name], out: bundledWorkerFile(name).replace(/\.mjs$/, '') });

function entryPoints(): Array<{ in: string; out: string }> {
  return [
    { in: 'src-main/cli/main.ts', out: 'cli' },
    { in: 'src-main/electron/main.ts', out: 'electron-main' },
    ...(Object.keys(WORKER_ENTRIES) as WorkerName[]).filter((name) => !CODE_CACHED_WORKERS.includes(name)).map(workerEntry),
  ];
}

const common: BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  external: BUNDLE_EXTERNALS,
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  plugins: [engineEntryPlugin(root)],
};

async function main(argv: string[]): Promise<number> {
  const outIndex = argv.indexOf('--outdir');
  const outDir = path.resolve(root, outIndex >= 0 ? argv[outIndex + 1] ?? '' : BUNDLE_DIR);
  const tmpDir = `${outDir}.tmp-${process.pid}`;
  // Stamped before esbuild reads anything: a file edited during the build then no longer matches.
  const before = fileStamps(root, SOURCE_DIRS.flatMap(filesUnder));
  const started = Date.now();
  rmSync(tmpDir, { recursive: true, force: true });
  try {
    const main = await build({
      ...common,
      entryPoints: entryPoints(),
      outdir: tmpDir,
      format: 'esm',
      splitting: true,
      entryNames: '[name]',
      chunkNames: 'chunk-[hash]',
      outExtension: { '.js': '.mjs' },
      // CommonJS dependencies (yaml, isomorphic-git, …) call require() for Node's modules.
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    });
    const preload = await build({
      ...common,
      entryPoints: [{ in: 'src-main/electron/preload.cts', out: 'preload' }],
      outdir: tmpDir,
      format: 'cjs',
      outExtension: { '.js': '.cjs' },
    });
    // The code-cached workers: each one CommonJS file (dynamic imports become requires of code in the same
    // file, import.meta.url the file's URL), its stub and its cache.
    const cached = await build({
      ...common,
      entryPoints: CODE_CACHED_WORKERS.map(workerEntry),
      outdir: tmpDir,
      format: 'cjs',
      outExtension: { '.js': '.cjs' },
      supported: { 'dynamic-import': false },
      define: { 'import.meta.url': IMPORT_META_URL },
      banner: { js: cjsBundleBanner },
    });
    for (const name of CODE_CACHED_WORKERS) {
      const stub = bundledWorkerFile(name);
      const cjs = stub.replace(/\.mjs$/, '.cjs');
      writeCodeCache(path.join(tmpDir, cjs));
      writeFileSync(path.join(tmpDir, stub), workerStub(cjs));
    }
    const inputs = new Set([...bundledSources(main.metafile!), ...bundledSources(preload.metafile!), ...bundledSources(cached.metafile!)]);
    const stamps = Object.fromEntries([...inputs].sort().map((f) => [f, before[f] ?? [-1, -1]]));
    writeFileSync(path.join(tmpDir, MANIFEST_FILE), JSON.stringify({ builtAt: new Date(started).toISOString(), inputs: stamps }) + '\n');
    rmSync(outDir, { recursive: true, force: true });
    renameSync(tmpDir, outDir);
  } catch (err) {
    rmSync(tmpDir, { recursive: true, force: true });
    // esbuild has printed the errors with file:line:col already.
    console.error(`build-main: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    return 1;
  }
  console.log(`build-main: ${path.relative(root, outDir)}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

/** The bundled files of our own sources (relative to the root), without dependencies. */
function bundledSources(meta: Metafile): string[] {
  return Object.keys(meta.inputs).filter((f) => SOURCE_DIRS.some((d) => f.startsWith(`${d}/`)));
}

process.exitCode = await main(process.argv.slice(2));
