// Prod mode's status says who leads (issue 16): standalone on the file store; on a real etcd (1 member) a
// session that starts while another runner (a real process) leads follows it, names it, and reports the
// failover as a prod.status event when that leader is killed with SIGKILL and this instance takes over.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ProdStatus } from '../../../src-shared/ipc/channels/engine.js';
import type { EventName, EventPayload } from '../../../src-shared/ipc/contract.js';
import { etcdForTests } from '../../testing/etcd-cluster-hooks.js';
import { startRunnerProcess, type RunnerProcess } from '../../testing/etcd-runner-process.js';
import { bundledExample, tempProjects, writeProjectFiles } from '../../testing/temp-projects.js';
import { ProdSession } from './engine-prod.js';

const etcd = etcdForTests();
const projects = tempProjects('choreo-prod-leadership-');
/** Short, so the dead leader's lease runs out soon; long enough that a loaded machine renews in time. */
const LEASE_SECONDS = 3;
const sessions: ProdSession[] = [];
const processes: RunnerProcess[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.stop()));
  await Promise.all(processes.splice(0).map((p) => p.kill()));
});
afterAll(() => projects.cleanup());

/** A session on its own copy of hello-world (every copy's folder has the same name: the election is per project). */
function session(storeUrl?: string): { session: ProdSession; statuses: ProdStatus[] } {
  const dir = projects.copyOf(bundledExample('hello-world'), { folder: 'hello-world' });
  if (storeUrl) writeProjectFiles(dir, { '.choreo/config.yaml': `store:\n  url: ${storeUrl}\n  leaseSeconds: ${LEASE_SECONDS}\n` });
  const statuses: ProdStatus[] = [];
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    if (event === 'prod.status') statuses.push(payload as ProdStatus);
  };
  const s = new ProdSession(dir, emit);
  sessions.push(s);
  return { session: s, statuses };
}

/** Resolves once a status matching `match` was emitted; fails with what was emitted after `limitMs`. */
async function statusWhere(statuses: ProdStatus[], match: (s: ProdStatus) => boolean, what: string, limitMs = 60_000): Promise<ProdStatus> {
  const start = Date.now();
  for (;;) {
    const hit = statuses.find(match);
    if (hit) return hit;
    if (Date.now() - start > limitMs) throw new Error(`no prod.status with ${what} within ${limitMs} ms: ${JSON.stringify(statuses.map((s) => s.leadership))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const noProgress = () => undefined;

describe('prod status: who leads', () => {
  it('on the file store the runner is standalone, and the leadership goes when prod mode stops', async () => {
    const { session: s } = session();
    const started = await s.start(noProgress);
    expect(started.leadership).toEqual({ store: 'file', role: 'standalone' });
    await s.stop();
    expect(s.status().leadership).toBeUndefined();
  }, 120_000);

  it('on etcd: follows the leader and names it; when the leader is SIGKILLed this instance leads and says so', async () => {
    const url = etcd.cluster.url('/ui-leadership');
    const { session: b, statuses } = session(url);
    const dirA = projects.copyOf(bundledExample('hello-world'), { folder: 'hello-world' });
    const a = await startRunnerProcess(dirA, url, 'runner-a', { leaseSeconds: LEASE_SECONDS });
    processes.push(a);
    await a.waitFor((l) => l.t === 'leadership' && l.role === 'leader', 'leadership');

    const started = await b.start(noProgress);
    expect(started.leadership).toMatchObject({ store: url, role: 'follower', leader: { holderIdentity: 'runner-a', project: 'hello-world', environment: 'prod' } });
    const me = started.leadership!.identity!;
    expect(me).not.toBe('runner-a');
    // the candidates come with a leadership event once the runner has read them
    await statusWhere(statuses, (s) => !!s.leadership?.candidates?.includes('runner-a') && s.leadership.candidates.includes(me), 'both candidates');

    await a.kill();
    const takeover = await statusWhere(statuses, (s) => s.leadership?.role === 'leader', 'this instance leading');
    expect(takeover).toMatchObject({ state: 'running', leadership: { store: url, role: 'leader', identity: me, leader: { holderIdentity: me } } });
    expect(takeover.leadership!.leader!.leaderTransitions).toBeGreaterThan(0);
    expect(b.status().leadership?.role).toBe('leader');

    await b.stop();
    expect(b.status().leadership).toBeUndefined();
  }, 180_000);
});
