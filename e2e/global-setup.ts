// Builds the renderer once: the host serves <repo>/dist. E2E_SKIP_BUILD=1 reuses an existing build
// (handy while iterating on specs only).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function globalSetup(): void {
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
  if (process.env.E2E_SKIP_BUILD === '1' && existsSync(join(repoRoot, 'dist', 'index.html'))) return;
  execSync('npx vite build --logLevel warn', { cwd: repoRoot, stdio: 'inherit' });
}
