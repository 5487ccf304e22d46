// Locates (and on request builds) the reference Starlark interpreter: go.starlark.net as packaged by Debian
// (a 2021 snapshot), built by ../shared/tools/starlark-ref/build.sh into .starlark-ref/starlark-ref (git-ignored).
// Used by the differential test and the benchmark.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export type ReferenceLookup = { ok: true; path: string; built: boolean } | { ok: false; reason: string };

export interface ReferencePaths {
  repoRoot: string;
}

export function referenceBinaryPath(repoRoot: string): string {
  return path.join(repoRoot, '.starlark-ref', 'starlark-ref');
}

export function buildScriptPath(repoRoot: string): string {
  return path.resolve(repoRoot, '../shared/tools/starlark-ref/build.sh');
}

function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Finds the reference binary, building it when it is missing. `allowInstall` lets build.sh apt-get install
 * golang-go and golang-starlark-dev when they are missing (CI); without it, a build is only tried when go and
 * the starlark sources are already installed.
 */
export function ensureReference(repoRoot: string, opts: { allowInstall?: boolean } = {}): ReferenceLookup {
  const bin = referenceBinaryPath(repoRoot);
  if (existsSync(bin)) return { ok: true, path: bin, built: false };
  const script = buildScriptPath(repoRoot);
  if (!existsSync(script)) return { ok: false, reason: `reference interpreter missing (${bin}) and its build script ${script} is absent (../shared not checked out)` };
  const haveGo = hasCommand('go') && existsSync('/usr/share/gocode/src/go.starlark.net');
  if (!haveGo && !opts.allowInstall) {
    return { ok: false, reason: `reference interpreter missing (${bin}); go and golang-starlark-dev are not installed (apt-get install golang-go golang-starlark-dev, then bash ${script} ${bin})` };
  }
  mkdirSync(path.dirname(bin), { recursive: true });
  const r = spawnSync('bash', [script, bin], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0 || !existsSync(bin)) {
    return { ok: false, reason: `building the reference interpreter failed (bash ${script} ${bin}, exit ${r.status}): ${(r.stderr || r.stdout || String(r.error ?? '')).trim().slice(0, 500)}` };
  }
  return { ok: true, path: bin, built: true };
}
