// The prebuilt bundle: the staleness check on its own, then the real build (scripts/build-main.ts) into a
// throw-away package root, run the way a user runs it: `choreo` from the bundle, a bundled worker thread,
// and the tsx fallback (with its one-line notice) once a source no longer matches.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledWorkerFile, WORKER_ENTRIES, type WorkerName } from '../src-main/host/workers/entries.js';
import type { WorkerMessage } from '../src-main/host/workers/protocol.js';
import { channelNames } from '../src-shared/ipc/contract.js';
import { makeTempDir } from '../src-main/testing/temp-dir.js';
import { BUNDLE_DIR, fileStamps, MANIFEST_FILE, staleReason, type BundleManifest } from './prebuilt.mjs';
import { codeCacheAccepted } from '../scripts/worker-code-cache.js';
import { bundledExample, tempProjects } from '../src-main/testing/temp-projects.js';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function writeManifest(root: string, files: string[]): void {
  mkdirSync(path.join(root, BUNDLE_DIR), { recursive: true });
  const manifest: BundleManifest = { builtAt: new Date().toISOString(), inputs: fileStamps(root, files) };
  writeFileSync(path.join(root, BUNDLE_DIR, MANIFEST_FILE), JSON.stringify(manifest));
}

describe('staleReason', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeAll(() => {
    tmp = makeTempDir('choreo-prebuilt-');
  });
  afterAll(() => tmp.cleanup());

  it('accepts a bundle whose sources are unchanged and names the first source that differs', () => {
    const root = path.join(tmp.dir, 'a');
    mkdirSync(path.join(root, 'src'), { recursive: true });
    writeFileSync(path.join(root, 'src/a.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(root, 'src/b.ts'), 'export const b = 2;\n');
    writeManifest(root, ['src/a.ts', 'src/b.ts']);
    expect(staleReason(root)).toBeUndefined();

    // Same size, other time (a checkout, or an editor that rewrote the same text): stale.
    utimesSync(path.join(root, 'src/b.ts'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(staleReason(root)).toBe('src/b.ts changed since it was built');

    writeManifest(root, ['src/a.ts', 'src/b.ts']);
    writeFileSync(path.join(root, 'src/a.ts'), 'export const a = 10;\n');
    expect(staleReason(root)).toBe('src/a.ts changed since it was built');

    writeManifest(root, ['src/a.ts', 'src/b.ts']);
    rmSync(path.join(root, 'src/b.ts'));
    expect(staleReason(root)).toBe('src/b.ts was removed since it was built');
  });

  it('reports a missing bundle, and a source that was unreadable at build time never matches', () => {
    const root = path.join(tmp.dir, 'b');
    mkdirSync(root);
    expect(staleReason(root)).toBe(`it is not built (no ${BUNDLE_DIR}/${MANIFEST_FILE})`);
    expect(fileStamps(root, ['nope.ts'])).toEqual({ 'nope.ts': [-1, -1] });
  });
});

describe('the bundle, built and run from a package root', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let root: string;
  const choreo = (...args: string[]) => run(process.execPath, [path.join(root, 'bin/choreo.mjs'), ...args], { cwd: root, encoding: 'utf8' });

  beforeAll(async () => {
    tmp = makeTempDir('choreo-bundle-');
    root = path.join(tmp.dir, 'pkg');
    mkdirSync(path.join(root, 'bin'), { recursive: true });
    // The sources and dependencies are the repository's own (linked); bin/ and package.json are copies.
    for (const dir of ['src-main', 'src-shared', 'node_modules']) symlinkSync(path.join(repoRoot, dir), path.join(root, dir));
    for (const file of ['bin/choreo.mjs', 'bin/prebuilt.mjs', 'package.json']) copyFileSync(path.join(repoRoot, file), path.join(root, file));
    await run(process.execPath, [path.join(repoRoot, 'bin/run-ts.mjs'), path.join(repoRoot, 'scripts/build-main.ts'), '--outdir', path.join(root, BUNDLE_DIR)], { cwd: repoRoot });
  }, 180_000);
  afterAll(() => tmp?.cleanup());

  it('lists every bundled source in the manifest and emits one file per worker entry', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, BUNDLE_DIR, MANIFEST_FILE), 'utf8')) as BundleManifest;
    expect(Object.keys(manifest.inputs)).toContain('src-main/cli/main.ts');
    expect(Object.keys(manifest.inputs)).toContain('src-main/electron/preload.cts');
    expect(Object.keys(manifest.inputs).every((f) => f.startsWith('src-main/') || f.startsWith('src-shared/'))).toBe(true);
    expect(staleReason(root)).toBeUndefined();
    for (const name of Object.keys(WORKER_ENTRIES) as WorkerName[]) {
      expect(() => readFileSync(path.join(root, BUNDLE_DIR, bundledWorkerFile(name)))).not.toThrow();
    }
  });

  it('runs `choreo` from the bundle without a notice', async () => {
    const version = await choreo('--version');
    expect(version.stdout).toBe(`${(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version}\n`);
    expect(version.stderr).toBe('');
    const star = path.join(tmp.dir, 'hello.star');
    writeFileSync(star, 'print("hello", 6 * 7)\n');
    const hello = await choreo('starlark', star);
    expect(hello).toEqual({ stdout: 'hello 42\n', stderr: '' });
  });

  it('ends quietly when the reader of its output goes away (choreo … | head)', async () => {
    const child = spawn(process.execPath, [path.join(root, 'bin/choreo.mjs'), '--help'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before choreo writes
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('runs `choreo run once` in the bundled runner thread, which starts from its code cache', async () => {
    const projects = tempProjects('choreo-bundle-run-');
    try {
      const r = await choreo('run', 'once', projects.copyOf(bundledExample('hello-world')));
      expect(r.stdout.trim().split('\n').at(-1)).toBe('completed');
      expect(r.stderr).toBe('');
    } finally {
      projects.cleanup();
    }
    // the caches were made by this Node at build time: V8 takes them (another Node would compile instead)
    for (const name of ['runner', 'engine'] as const) {
      expect(codeCacheAccepted(path.join(root, BUNDLE_DIR, bundledWorkerFile(name).replace(/\.mjs$/, '.cjs')))).toBe(true);
    }
  });

  it('runs the bundled engine worker thread', async () => {
    const worker = new Worker(path.join(root, BUNDLE_DIR, bundledWorkerFile('engine')));
    try {
      const answer = new Promise<WorkerMessage>((resolve, reject) => {
        worker.on('message', resolve);
        worker.on('error', reject);
      });
      worker.postMessage({ id: 1, op: 'check', args: { file: 'x.star', text: 'def f(:\n' } });
      const m = await answer;
      expect(m).toMatchObject({ id: 1, type: 'done' });
      expect((m as { value: Array<{ line: number; message: string }> }).value[0]).toMatchObject({ line: 1 });
    } finally {
      await worker.terminate();
    }
  });

  it('starts the bundled Electron main process (package.json "main") with its preload and every channel', async () => {
    // Electron cannot run here: a stand-in `electron` module, resolved through a loader hook, records what the
    // main process does and ends it when the window loads the page.
    const fake = path.join(tmp.dir, 'fake-electron');
    mkdirSync(fake);
    writeFileSync(
      path.join(fake, 'electron.mjs'),
      `const handled = [];
const schemes = [];
const protocolHandlers = {};
const say = (line) => process.stdout.write(line + '\\n');
export const app = {
  isPackaged: false, getAppPath: () => process.env.FAKE_APP_PATH, getPath: () => process.env.FAKE_USER_DATA,
  getVersion: () => '0.0.0', enableSandbox() {}, requestSingleInstanceLock: () => true, quit() {},
  exit(code) { process.exit(code); }, on() {}, whenReady: () => Promise.resolve(),
};
export const session = { defaultSession: { webRequest: { onHeadersReceived() {} }, setPermissionRequestHandler() {} } };
export const safeStorage = { isEncryptionAvailable: () => false, encryptString() {}, decryptString() {} };
export const ipcMain = { handle: (channel) => handled.push(channel) };
export const dialog = {};
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const Menu = { setApplicationMenu() {}, buildFromTemplate: (t) => t };
export const protocol = {
  registerSchemesAsPrivileged: (list) => schemes.push(...list.map((s) => s.scheme)),
  handle: (scheme, handler) => { protocolHandlers[scheme] = handler; },
};
export class BrowserWindow {
  static getAllWindows() { return []; }
  constructor(options) { this.webContents = { id: 1, on() {}, send() {} }; say('preload ' + options.webPreferences.preload); }
  once() {} on() {} isDestroyed() { return false; }
  async loadURL(url) {
    say('handled ' + handled.join(','));
    const scheme = new URL(url).protocol.slice(0, -1);
    const res = await protocolHandlers[scheme](new Request(url));
    say('page ' + url + ' ' + res.status + ' ' + res.headers.get('content-type') + ' privileged ' + schemes.join(','));
    process.exit(0);
  }
}
`,
    );
    writeFileSync(
      path.join(fake, 'hooks.mjs'),
      `export async function resolve(specifier, context, next) {
  return specifier === 'electron' ? { url: new URL('./electron.mjs', import.meta.url).href, shortCircuit: true } : next(specifier, context);
}
`,
    );
    writeFileSync(path.join(fake, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
    // the renderer's build output the app:// handler serves (vite's dist/, not built here)
    mkdirSync(path.join(root, 'dist'), { recursive: true });
    writeFileSync(path.join(root, 'dist', 'index.html'), '<!doctype html><title>Choreo Studio</title>\n');
    const main = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string }).main;
    expect(main).toBe(`${BUNDLE_DIR}/electron-main.mjs`);
    const env = { ...process.env, FAKE_APP_PATH: root, FAKE_USER_DATA: path.join(tmp.dir, 'user-data'), CHOREO_STUDIO_HOME: '' };
    const r = await run(process.execPath, ['--import', path.join(fake, 'register.mjs'), path.join(root, main)], { cwd: root, env, encoding: 'utf8' });
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(`preload ${path.join(root, BUNDLE_DIR, 'preload.cjs')}`);
    expect(readFileSync(path.join(root, BUNDLE_DIR, 'preload.cjs'), 'utf8')).toContain('contextBridge');
    expect(lines[1]!.slice('handled '.length).split(',').sort()).toEqual([...channelNames].sort());
    // the window loads the page from the app:// scheme, whose handler (registered privileged) serves dist/
    expect(lines[2]).toBe(`page app://choreo/index.html 200 text/html; charset=utf-8 privileged app`);
  });

  it('falls back to the sources through tsx, saying so once, when a source no longer matches', async () => {
    const manifestFile = path.join(root, BUNDLE_DIR, MANIFEST_FILE);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BundleManifest;
    manifest.inputs['src-main/cli/main.ts'] = [1, 1]; // as if main.ts had been edited after the build
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const version = await choreo('--version');
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(version.stderr.trim().split('\n')).toEqual([
      'choreo: running the TypeScript sources through tsx (a slower start) because the prebuilt bundle is out of date: src-main/cli/main.ts changed since it was built. `npm run build:main` rebuilds it.',
    ]);
  }, 60_000);
});
