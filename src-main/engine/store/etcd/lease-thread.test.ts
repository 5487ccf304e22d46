// The leader's lease is kept alive on its own thread (lease-thread.ts), on a real etcd: a leader whose event
// loop is blocked (a busy loop, as a long project load) longer than the whole lease keeps the leadership, and
// its writes still go through; a lease that is gone (revoked, as when it expires) still makes the leader
// step down and its writes be refused (fencing), while another runner takes over.
import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../../src-shared/krm/object.js';
import { bundledWorkerFile } from '../../../host/workers/entries.js';
import { etcdForTests } from '../../../testing/etcd-cluster-hooks.js';
import { sizedKind } from '../../../testing/sized-kind.js';
import { EtcdStore } from './etcd-store.js';
import { LeaderElector, type ElectionEvent } from './leader-election.js';
import { LEASE_WORKER_FILE } from './lease-thread.js';

const server = etcdForTests();
const LEASE_SECONDS = 3;

const { crd, object: gadget } = sizedKind('Gadget', 'gadgets');

let n = 0;
/** A runner's parts: a client, the store written through while it leads, and its elector (campaigning). */
async function runner(prefix: string, identity: string) {
  const { client, config } = await server.connect(server.cluster.url(prefix), { leaseSeconds: LEASE_SECONDS });
  const events: ElectionEvent[] = [];
  const elected: Array<(e: Extract<ElectionEvent, { type: 'elected' }>) => void> = [];
  const lost: Array<(why: string) => void> = [];
  const elector: LeaderElector = new LeaderElector(client, { config, identity, project: 'p', environment: 'prod', leaseSeconds: LEASE_SECONDS }, (e) => {
    events.push(e);
    if (e.type === 'elected') elected.splice(0).forEach((f) => f(e));
    if (e.type === 'lost') lost.splice(0).forEach((f) => f(e.why));
  });
  const etcd = new EtcdStore(client, config, { onFenced: (why) => elector.lost(why) });
  const working = await etcd.open();
  await elector.start();
  return {
    client,
    elector,
    etcd,
    working,
    events,
    whenElected: () => new Promise<Extract<ElectionEvent, { type: 'elected' }>>((r) => elected.push(r)),
    whenLost: () => new Promise<string>((r) => lost.push(r)),
    async close() {
      await elector.close();
      await etcd.close();
    },
  };
}

/** Holds this thread, as a project load does: no timer, no I/O callback runs meanwhile. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

describe('the lease thread', () => {
  it('is bundled under the name it is started by', () => {
    expect(LEASE_WORKER_FILE).toBe(bundledWorkerFile('etcd-lease'));
  });
});

/** Runner `a`, elected at `prefix` and writing through, with gadget g1 (size 1) saved. */
async function leaderWithOneGadget(prefix: string) {
  const a = await runner(prefix, 'a');
  const electedA = a.whenElected();
  a.elector.campaign();
  const won = await electedA;
  await a.etcd.startWriting(won.fence, won.revision);
  a.working.registerApi(crd);
  a.working.apply(gadget('g1', 1), { fieldManager: 'test' });
  await a.etcd.sync();
  return { a, won };
}

describe('the leader lease, kept alive off the runner thread', () => {
  it('a leader whose thread is blocked longer than its lease keeps the leadership, and its writes still go through', async () => {
    const prefix = `/lease${++n}`;
    const { a, won } = await leaderWithOneGadget(prefix);
    const b = await runner(prefix, 'b');
    b.elector.campaign();

    // longer than the whole lease: had nothing renewed it meanwhile, etcd would have dropped the leader key
    busyFor(LEASE_SECONDS * 1500);
    // the step-down check (every TTL/16) and b's campaign get to run
    await new Promise((r) => setTimeout(r, 1000));

    expect(a.events.filter((e) => e.type === 'lost')).toEqual([]);
    expect(a.elector.isLeader()).toBe(true);
    expect(b.events.filter((e) => e.type === 'elected')).toEqual([]);
    const key = (await a.client.get(won.fence.key).exec()).kvs[0];
    expect(key?.create_revision).toBe(won.fence.createRevision);
    a.working.apply(gadget('g1', 2), { fieldManager: 'test' });
    await a.etcd.sync(); // fenced on the leader key: it succeeds only while a leads
    const kv = (await a.client.get(`${prefix}/example.com/gadgets/default/g1`).exec()).kvs[0]!;
    expect((JSON.parse(kv.value.toString()) as KrmObject).spec).toEqual({ size: 2 });
    await b.close();
    await a.close();
  });

  it('a lease that is gone (revoked, as when it expires) still makes the leader step down; its writes are refused and another leads', async () => {
    const prefix = `/lease${++n}`;
    const { a, won } = await leaderWithOneGadget(prefix);
    const b = await runner(prefix, 'b');
    const electedB = b.whenElected();
    b.elector.campaign();

    const lostA = a.whenLost();
    const leaseId = (await a.client.get(won.fence.key).exec()).kvs[0]!.lease;
    await a.client.leaseClient.leaseRevoke({ ID: leaseId });
    expect(await lostA).toMatch(/lease|leader key/); // the lease thread or the record's renewal notices first
    await electedB;
    a.working.apply(gadget('g1', 99), { fieldManager: 'test' });
    await expect(a.etcd.sync()).rejects.toThrow(/no longer leads|not the leader/);
    const kv = (await a.client.get(`${prefix}/example.com/gadgets/default/g1`).exec()).kvs[0]!;
    expect((JSON.parse(kv.value.toString()) as KrmObject).spec).toEqual({ size: 1 });
    await b.close();
    await a.close();
  });
});
