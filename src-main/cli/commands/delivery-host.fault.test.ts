// Fault suite, issue 15 item 3: deployments live in the project's one background host. A `choreo deploy` in its
// own process starts the host, deploys through it and exits; the deployment still serves, healthy. The host is
// then killed (SIGKILL, as a crash): its lock file is left behind, stale; the next delivery command starts a new
// host, which takes the lock over and resumes the deployment. `choreo server stop` ends it and removes the lock.
// Then a reboot (issue 15 item 3): the host's lock names a boot id of before the reboot and a pid that a live,
// unrelated process has now; the next command starts the host again and the deployment serves again.
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostLockFile, hostState, isAlive, type HostLockInfo } from '../../host/host-lock.js';
import { makeDeliveryProject } from '../../testing/delivery-project.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { connectHost } from '../../host/host-client.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

let tmp: { dir: string; cleanup: () => void };
let root: string;
let env: NodeJS.ProcessEnv;

/** `choreo ARGS --dir root` in its own process. */
function choreo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return choreoWith({}, ...args);
}

/** `choreo ARGS --dir root` with extra environment variables (CHOREO_BOOT_ID: which boot it runs in). */
async function choreoWith(extra: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [path.join(repoRoot, 'bin', 'choreo.mjs'), ...args, '--dir', root], { env: { ...env, ...extra }, timeout: 150_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, stdout: x.stdout ?? '', stderr: x.stderr ?? String(e) };
  }
}

function lockInfo(): HostLockInfo {
  return JSON.parse(readFileSync(hostLockFile(root), 'utf8')) as HostLockInfo;
}

/** Polls the host until `check` passes on development's overview (the host's runners start asynchronously). */
async function untilDevelopment(url: string, check: (o: { runner: string; healthy: boolean | undefined }) => boolean): Promise<void> {
  const client = await connectHost(url);
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const { environments } = await client.invoke('delivery.overview', {});
      const dev = environments.find((e) => e.env.id === 'development')!;
      const o = { runner: dev.runner, healthy: dev.active?.health?.healthy };
      if (check(o)) return;
      if (Date.now() > deadline) throw new Error(`development never got there: ${JSON.stringify(o)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    client.close();
  }
}

beforeAll(async () => {
  tmp = makeTempDir('choreo-delivery-host-');
  root = path.join(tmp.dir, 'project');
  // no renderer build: the background host serves the contract without it
  env = { ...process.env, CHOREO_STUDIO_HOME: path.join(tmp.dir, 'app'), CHOREO_STUDIO_DIST: path.join(tmp.dir, 'no-dist') };
  await makeDeliveryProject(root);
});
afterAll(async () => {
  const s = await hostState(root).catch(() => undefined);
  if (s?.state === 'running') process.kill(s.info.pid, 'SIGKILL');
  tmp?.cleanup();
});

describe('deployments in the project host (issue 15 item 3)', () => {
  it('outlive the CLI that deployed them, come back after the host is killed, and stop with server stop', async () => {
    expect((await choreo('config', 'set', 'all', 'api-token', 'tok-4711', '--secret')).code).toBe(0);
    const built = await choreo('build');
    expect(built.code, built.stderr).toBe(0);
    const buildId = /build ([0-9a-f]{16})/.exec(built.stdout)![1]!;
    expect((await hostState(root)).state).toBe('stopped'); // nothing so far needed the host

    // the deploy starts the host, deploys through it, prints its progress and exits
    const deployed = await choreo('deploy', 'development', buildId);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.stdout).toMatch(/in development: active, healthy/);
    expect(deployed.stderr).toContain("started the project's host in the background");
    expect(deployed.stderr).toMatch(/health check of build \w+ with development's configuration/);
    const first = lockInfo();
    expect(isAlive(first.pid)).toBe(true);

    // the CLI has exited; the host still serves the deployment, healthy
    await untilDevelopment(first.url!, (o) => o.runner === 'running' && o.healthy === true);
    const status = await choreo('server', 'status');
    expect(status.stdout).toContain('host: running');
    expect(status.stdout).toContain(`pid: ${first.pid}`);

    // a crash: the lock file stays behind, naming a dead process
    process.kill(first.pid, 'SIGKILL');
    await expect.poll(() => isAlive(first.pid), { timeout: 30_000 }).toBe(false);
    expect(existsSync(hostLockFile(root))).toBe(true);
    const stale = await choreo('server', 'status');
    expect(stale.stdout).toContain(`host: stopped (pid ${first.pid}`);

    // the next delivery command starts a host again, which takes the lock over and resumes the deployment
    const listed = await choreo('env', 'list');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).toContain("the project's host was not running; started it again");
    const second = lockInfo();
    expect(second.pid).not.toBe(first.pid);
    await untilDevelopment(second.url!, (o) => o.runner === 'running');
    const client = await connectHost(second.url!);
    try {
      const objects = await client.invoke('delivery.objects', { env: 'development' });
      expect(objects.length).toBeGreaterThan(0);
      expect(JSON.stringify(objects)).not.toContain('tok-4711');
      const { executions } = await client.invoke('delivery.history', { kind: 'prod-session', env: 'development' });
      // the first session ended with the crash (interrupted), the resumed one runs
      expect(executions.map((x) => x.status)).toContain('running');
      expect(executions.map((x) => x.status)).toContain('interrupted');
    } finally {
      client.close();
    }

    // a deploy from a second CLI goes to the same host (no second one)
    const again = await choreo('rollback', 'development', '--list');
    expect(again.code).toBe(0);
    expect(lockInfo().pid).toBe(second.pid);

    const stopped = await choreo('server', 'stop');
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(isAlive(second.pid)).toBe(false);
    expect(existsSync(hostLockFile(root))).toBe(false);
  }, 600_000); // two host starts, a build and a deploy in separate processes: minutes on a loaded 2-core machine

  it('come back after a reboot: a lock from an earlier boot is stale even when its pid is alive again', async () => {
    // "before the reboot": the next command starts the host (the deployment of the test above is still active)
    const before = await choreoWith({ CHOREO_BOOT_ID: 'boot-before' }, 'env', 'list');
    expect(before.code, before.stderr).toBe(0);
    const old = lockInfo();
    expect(old.bootId).toBe('boot-before');
    await untilDevelopment(old.url!, (o) => o.runner === 'running');

    // the reboot: the host and its runners are gone; after it, the recorded pid belongs to another process
    process.kill(old.pid, 'SIGKILL');
    await expect.poll(() => isAlive(old.pid), { timeout: 30_000 }).toBe(false);
    const stranger = spawn('sleep', ['120'], { stdio: 'ignore' });
    try {
      writeFileSync(hostLockFile(root), JSON.stringify({ ...old, pid: stranger.pid }) + '\n');
      // in the same boot that pid would count as the host; after the reboot it does not
      expect((await choreoWith({ CHOREO_BOOT_ID: 'boot-before' }, 'server', 'status')).stdout).toContain(`pid: ${stranger.pid}`);
      expect((await choreoWith({ CHOREO_BOOT_ID: 'boot-after' }, 'server', 'status')).stdout).toContain(`host: stopped (pid ${stranger.pid}`);

      const after = await choreoWith({ CHOREO_BOOT_ID: 'boot-after' }, 'env', 'list');
      expect(after.code, after.stderr).toBe(0);
      expect(after.stderr).toContain("the project's host was not running; started it again");
      const next = lockInfo();
      expect(next.bootId).toBe('boot-after');
      expect([old.pid, stranger.pid]).not.toContain(next.pid);
      expect(isAlive(stranger.pid!)).toBe(true); // the stranger was left alone
      await untilDevelopment(next.url!, (o) => o.runner === 'running' && o.healthy === true);
      const client = await connectHost(next.url!);
      try {
        expect((await client.invoke('delivery.objects', { env: 'development' })).some((o) => o.kind === 'Message')).toBe(true);
      } finally {
        client.close();
      }
    } finally {
      stranger.kill('SIGKILL');
    }
    const stopped = await choreoWith({ CHOREO_BOOT_ID: 'boot-after' }, 'server', 'stop');
    expect(stopped.code, stopped.stderr).toBe(0);
  }, 300_000);
});
