// The prebuilt bundle of src-main/ (dist-main/, built by `npm ci` through the `prepare` script, or by
// `npm run build:main`; see scripts/build-main.ts) and the check that it still matches the sources.
//
// The check runs on every `choreo` start, so it must cost little: the build writes dist-main/manifest.json
// with the size and modification time of every source file it bundled, and the check compares them with a
// stat() of each (about 300 files: ~8 ms of CPU on a loaded 2-core machine). Any difference means a developer
// edited, checked out or removed a source since the build, and the entry is loaded from the TypeScript sources
// through tsx instead, so that what runs is always the current code. Dependencies (node_modules) are not listed: `npm ci` and
// `npm install` rebuild the bundle through `prepare` whenever they change them.
//
// Plain JavaScript on purpose: this runs before anything can be transpiled.
import { readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** @typedef {{ builtAt: string, inputs: Record<string, [mtimeMs: number, size: number]> }} BundleManifest */

/** The bundle's folder, relative to the package root. */
export const BUNDLE_DIR = 'dist-main';
/** Written last by the build: its presence means the build finished. */
export const MANIFEST_FILE = 'manifest.json';

/**
 * Size and modification time of each file (paths relative to `root`), as the manifest records them.
 * A file that cannot be read gets [-1, -1], which never matches, so the bundle counts as stale.
 * @param {string} root
 * @param {string[]} files
 * @returns {BundleManifest['inputs']}
 */
export function fileStamps(root, files) {
  /** @type {BundleManifest['inputs']} */
  const out = {};
  for (const file of files) {
    const st = statSync(join(root, file), { throwIfNoEntry: false });
    out[file] = st ? [st.mtimeMs, st.size] : [-1, -1];
  }
  return out;
}

/**
 * Why the bundle in `root` cannot be used, or undefined when it matches the sources.
 * @param {string} root the package root
 * @returns {string | undefined}
 */
export function staleReason(root) {
  /** @type {BundleManifest} */
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(root, BUNDLE_DIR, MANIFEST_FILE), 'utf8'));
  } catch {
    return `it is not built (no ${BUNDLE_DIR}/${MANIFEST_FILE})`;
  }
  // Plain concatenation, not path.join: join normalises each path in a loop that is still interpreted this
  // early, and costs more than the ~300 stat() calls themselves (the manifest's paths are already normal).
  const base = root.endsWith(sep) ? root : root + sep;
  for (const [file, [mtimeMs, size]] of Object.entries(manifest.inputs)) {
    const st = statSync(base + file, { throwIfNoEntry: false });
    if (!st) return `${file} was removed since it was built`;
    if (st.mtimeMs !== mtimeMs || st.size !== size) return `${file} changed since it was built`;
  }
  return undefined;
}

/**
 * Imports bundle entry `name` (dist-main/NAME.mjs) or, when the bundle is stale or missing, its TypeScript
 * source `source` (relative to `root`) through tsx, after saying so on stderr in one line.
 * @param {string} root the package root
 * @param {string} name the entry's name in the bundle
 * @param {string} source the entry's source file
 * @returns {Promise<any>} the entry module
 */
export async function importPrebuilt(root, name, source) {
  const reason = staleReason(root);
  if (reason === undefined) return import(pathToFileURL(join(root, BUNDLE_DIR, `${name}.mjs`)).href);
  process.stderr.write(`choreo: running the TypeScript sources through tsx (a slower start) because the prebuilt bundle is out of date: ${reason}. \`npm run build:main\` rebuilds it.\n`);
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(root, source)).href);
}
