#!/usr/bin/env node
// `prestart`: makes sure the Electron binary is present before `npm start` launches the app.
// `npm ci` skips Electron's own download (package.json `allowScripts: { electron: false }`), because a
// failed download would roll back the whole install where GitHub is unreachable. So the binary is
// fetched here, once, on the first start. Tests and browser mode (`npm run web`) never need it.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';

const require = createRequire(import.meta.url);

/** The binary's path inside a dist folder, as electron's own index.js computes it. */
function platformBinary() {
  switch (process.platform) {
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

/** True when electron's launcher (node_modules/electron/index.js) will find a binary. */
function isInstalled(electronDir) {
  const pathFile = join(electronDir, 'path.txt');
  const recorded = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override && existsSync(join(override, recorded || platformBinary()))) return true;
  return recorded !== '' && existsSync(join(electronDir, 'dist', recorded));
}

/** The first line of the installer's output that names an error, without the stack below it. */
export function reasonOf(stderr) {
  const line = stderr.split('\n').map((l) => l.trim()).find((l) => /error|ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN|\b4\d\d\b|\b5\d\d\b/i.test(l) && !l.startsWith('at '));
  return line ? line.replace(/^(\w*Error:\s*)+/, '').slice(0, 200) : '';
}

function fail(version, reason) {
  console.error(
    `\nCould not download the Electron ${version} binary${reason ? ` (${reason})` : ''}; network access to GitHub is needed once. ` +
      'Connect and run `npm start` again, or set `ELECTRON_MIRROR` to a reachable mirror, or ' +
      `\`ELECTRON_OVERRIDE_DIST_PATH\` to an unpacked Electron ${version}. ` +
      'Tests and the browser build do not need Electron: run `npm run web` to use Choreo Studio in your browser ' +
      '(browser mode).\n',
  );
  process.exit(1);
}

let pkgPath;
try {
  // electron has no `exports` map, so its package.json resolves as a deep path.
  pkgPath = require.resolve('electron/package.json');
} catch {
  console.error('The electron package is not installed: run `npm ci` first.');
  process.exit(1);
}
const electronDir = dirname(pkgPath);
const { version } = JSON.parse(readFileSync(pkgPath, 'utf8'));

if (isInstalled(electronDir)) process.exit(0);

console.error(`Electron ${version} is not downloaded yet; fetching it once (about 100 MB)…`);
const env = { ...process.env };
// install.js exits at once, doing nothing, when this variable is set (CI sets it for `npm ci`).
delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
// The installer's own errors are raw stack traces: keep its output, and on failure print only our message
// with the one line that says why (e.g. "getaddrinfo ENOTFOUND github.com").
const child = spawnSync(process.execPath, ['install.js'], { cwd: electronDir, stdio: ['ignore', 'inherit', 'pipe'], env, encoding: 'utf8' });
if (child.status !== 0 || !isInstalled(electronDir)) fail(version, reasonOf(child.stderr ?? ''));
