#!/usr/bin/env node
// `npm run web [-- DIR]`: browser mode from a clone. Builds the renderer into dist/ (Vite) only when its
// sources changed since the last build, then runs `choreo server start ARGS…` in this same process, so
// the start costs one Node process and no build when nothing changed. Vite's output goes to stderr:
// stdout keeps the one URL line.
import { spawnSync } from 'node:child_process';
import { readdirSync, realpathSync, statSync, utimesSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importPrebuilt } from './prebuilt.mjs';

/** What the renderer build reads, relative to the package root (folders are walked). */
export const RENDERER_INPUTS = ['src-renderer', 'src-shared', 'vite.config.ts', 'package-lock.json'];

/**
 * The newest modification time (ms) of `path` and everything under it. Folders count too: adding,
 * removing or renaming a file changes its folder's time, so a deleted source also triggers a rebuild.
 * @param {string} path
 * @returns {number}
 */
export function newestMtime(path) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  let newest = st.mtimeMs;
  if (st.isDirectory()) for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/**
 * True when dist/index.html is missing or older than a renderer input.
 * @param {string} root the package root
 * @param {string} distDir the renderer's build folder
 * @returns {boolean}
 */
export function rendererIsStale(root, distDir) {
  const built = statSync(join(distDir, 'index.html'), { throwIfNoEntry: false });
  if (!built) return true;
  return RENDERER_INPUTS.some((p) => newestMtime(join(root, p)) > built.mtimeMs);
}

/** Builds the renderer; returns Vite's exit code. */
function buildRenderer(root, distDir) {
  process.stderr.write('web: the renderer sources changed since dist/ was built; building it (vite build) …\n');
  const started = Date.now();
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) return r.status ?? 1;
  // Date the build from its start: a source saved while Vite ran stays newer, so the next start rebuilds.
  const startedAt = new Date(started);
  utimesSync(join(distDir, 'index.html'), startedAt, startedAt);
  return 0;
}

async function web() {
  module.enableCompileCache?.();
  const root = fileURLToPath(new URL('..', import.meta.url));
  const distDir = join(root, 'dist');
  if (rendererIsStale(root, distDir)) {
    const code = buildRenderer(root, distDir);
    if (code !== 0) {
      process.stderr.write(`web: the renderer build failed (exit ${code}); see the messages above.\n`);
      return code;
    }
  }
  const { main } = await importPrebuilt(root, 'cli', 'src-main/cli/main.ts');
  return main(['server', 'start', ...process.argv.slice(2)]);
}

// Run only as a program, not when a test imports the functions above.
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) process.exitCode = await web();
