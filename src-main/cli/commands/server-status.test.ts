// `choreo server status` on a real etcd (1 member): the leader, its followers and the transitions as the
// runners' elections left them; no leader; the file store; an etcd that does not answer.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { captureOutput } from '../../testing/capture-output.js';
import { freePort } from '../../testing/etcd-cluster.js';
import { etcdForTests } from '../../testing/etcd-cluster-hooks.js';
import { tempProjects } from '../../testing/temp-projects.js';
import { connectEtcd, parseStoreUrl, LeaderElector } from '../../engine/index.js';
import { serverStatus } from './server-status.js';

const server = etcdForTests();
const { clients } = server;
const projects = tempProjects('choreo-server-status-');
afterAll(() => projects.cleanup());
let output = captureOutput();
afterEach(() => output.restore());

async function status(args: string[]): Promise<{ code: number; out: string; err: string }> {
  output = captureOutput();
  const code = await serverStatus(args, 'usage: choreo server …');
  output.restore();
  return { code, out: output.stdout(), err: output.stderr() };
}

async function elector(url: string, identity: string): Promise<LeaderElector> {
  const sel = parseStoreUrl(url);
  if (sel.kind !== 'etcd') throw new Error('not etcd');
  const client = await connectEtcd(sel.etcd);
  clients.push(client);
  const e = new LeaderElector(client, { config: sel.etcd, identity, project: 'topology', environment: 'prod', leaseSeconds: 10 }, () => undefined);
  await e.start();
  return e;
}

describe('choreo server status', () => {
  it('names the leader, since when and how recently it renewed, its followers and the transitions', async () => {
    const url = server.cluster.url('/status');
    const dir = projects.withFiles({ '.choreo/config.yaml': `store: ${url}\n` });
    expect(await status([dir])).toMatchObject({ code: 3, out: expect.stringContaining('leader: none (no runner leads') });

    const a = await elector(url, 'runner-a');
    const b = await elector(url, 'runner-b');
    expect(await a.acquireOnce()).toBeDefined();
    expect(await b.acquireOnce()).toBeUndefined(); // runner-a leads; runner-b follows
    const r = await status([dir]);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe(`store: ${url} (environment prod)`);
    expect(lines[1]).toBe('leader: runner-a (project topology, environment prod)');
    expect(lines[2]).toMatch(/^ {2}since \d{4}-\d\d-\d\dT[\d:.]+Z; renewed \d+\.\d s ago; lease 10 s \(a dead leader is replaced within it\)$/);
    expect(lines.slice(3)).toEqual(['followers: runner-b', 'leader transitions: 0', 'host: stopped']);

    // runner-a resigns, runner-b takes over: one transition; --store overrides config.yaml the same way
    await a.close();
    expect(await b.acquireOnce()).toBeDefined();
    const after = await status([projects.withFiles({}), '--store', url]);
    expect(after.out).toContain('leader: runner-b (project topology, environment prod)');
    expect(after.out).toContain('followers: none');
    expect(after.out).toContain('leader transitions: 1');
    await b.close();
  });

  it('on the file store, says so: no election', async () => {
    const r = await status([projects.withFiles({})]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^store: file \(.*\.choreo\/db\)\nleader: none needed/);
  });

  it('an etcd that does not answer: exit 1, naming the endpoint and what to check', async () => {
    const port = await freePort();
    const r = await status([projects.withFiles({}), '--store', `etcd://127.0.0.1:${port}/x`]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`choreo server status: etcd at 127.0.0.1:${port} does not answer`);
    expect(r.err).toContain('check --store or store.url in .choreo/config.yaml');
  });
});
