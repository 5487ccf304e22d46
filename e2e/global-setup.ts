// Builds the renderer once for the whole run. The build goes to a private temp folder that the hosts
// started by the specs serve (CHOREO_STUDIO_DIST, inherited through process.env), so a `vite build`
// running at the same time elsewhere (which empties <repo>/dist) cannot pull the files from under a
// test. E2E_SKIP_BUILD=1 serves the existing <repo>/dist instead (handy while iterating on specs).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function globalSetup(): (() => void) | void {
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
  if (process.env.E2E_SKIP_BUILD === '1' && existsSync(join(repoRoot, 'dist', 'index.html'))) return;
  const outDir = mkdtempSync(join(tmpdir(), 'choreo-e2e-dist-'));
  execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  process.env.CHOREO_STUDIO_DIST = outDir;
  return () => rmSync(outDir, { recursive: true, force: true });
}
