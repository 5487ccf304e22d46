// Fault suite, issue 15 item 3: the project's one host. A lock file left by a killed host (its pid is dead) is
// taken over, and when three hosts start at once on that stale lock exactly one wins: the others are refused
// with the winner's pid and what to do. `server start --detach` starts the host in the background and returns;
// a second one is refused while it runs; `server stop` ends it and removes the lock.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir.js';
import { hostLockFile, hostState, isAlive } from './host-lock.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
let tmp: { dir: string; cleanup: () => void };
let root: string;
let env: NodeJS.ProcessEnv;

/** `choreo server ARGS` in its own process; resolves when it exits. */
function server(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'choreo.mjs'), 'server', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(() => {
  tmp = makeTempDir('choreo-host-lock-');
  root = path.join(tmp.dir, 'project');
  mkdirSync(root);
  env = { ...process.env, CHOREO_STUDIO_HOME: path.join(tmp.dir, 'app'), CHOREO_STUDIO_DIST: path.join(tmp.dir, 'no-dist') };
});
afterAll(async () => {
  const s = await hostState(root).catch(() => undefined);
  if (s?.state === 'running') process.kill(s.info.pid, 'SIGKILL');
  tmp?.cleanup();
});

describe('one host per project (issue 15 item 3)', () => {
  it('a stale lock is taken over by exactly one of three hosts starting at once; the others are refused', async () => {
    mkdirSync(path.join(root, '.choreo'), { recursive: true });
    // a host that was killed: its pid is gone
    writeFileSync(hostLockFile(root), JSON.stringify({ pid: 2 ** 22 + 4321, hostname: hostname(), startedAt: '2026-01-01T00:00:00.000Z', url: 'http://127.0.0.1:1/?token=old' }));
    expect((await hostState(root)).state).toBe('stopped');

    const starts = [1, 2, 3].map(() => {
      const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'choreo.mjs'), 'server', 'start', root, '--detached-child'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
      return { child, exit, stderr: () => stderr };
    });
    try {
      await expect.poll(async () => (await hostState(root)).state === 'running' && starts.filter((s) => s.child.exitCode !== null).length === 2, { timeout: 90_000 }).toBe(true);
      const s = await hostState(root);
      if (s.state !== 'running') throw new Error('no host runs');
      const winner = starts.find((x) => x.child.pid === s.info.pid);
      expect(winner, 'the lock names one of the three').toBeDefined();
      expect(winner!.child.exitCode).toBeNull();
      for (const loser of starts.filter((x) => x !== winner)) {
        expect(await loser.exit).toBe(1);
        expect(loser.stderr()).toContain(`a host for ${root} is already running (pid ${s.info.pid}`);
        expect(loser.stderr()).toContain(`choreo server stop ${root}`);
      }
      expect(statSync(hostLockFile(root)).mode & 0o777).toBe(0o600);
      const stopped = await server('stop', root);
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(await winner!.exit).toBe(0);
      expect(existsSync(hostLockFile(root))).toBe(false);
    } finally {
      for (const s of starts) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    }
  });

  it('server start --detach starts the host in the background and returns; a second start is refused while it runs', async () => {
    const started = await server('start', root, '--detach');
    expect(started.code, started.stderr).toBe(0);
    const url = /Choreo Studio \(browser mode\): (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(started.stdout)?.[1];
    expect(url, started.stdout).toBeDefined();
    const s = await hostState(root);
    expect(s.state === 'running' && s.info.url).toBe(url);
    const pid = s.state === 'running' ? s.info.pid : -1;
    expect(started.stderr).toContain(`the host runs in the background (pid ${pid}; its output goes to ${path.join(root, '.choreo', 'host.log')})`);
    expect(isAlive(pid)).toBe(true);

    const again = await server('start', root, '--detach');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`already running (pid ${pid}, ${url})`);

    expect((await server('stop', root)).code).toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect((await server('stop', root)).stdout).toContain(`no host runs for ${root}`);
  });
});
