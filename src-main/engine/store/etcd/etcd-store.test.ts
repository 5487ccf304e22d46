// The etcd store against a real etcd (a 1-member cluster on a free port): key layout and values, write-through
// with resourceVersion = mod revision, another runner's view through the watch, the stale-write conflict
// (kube-apiserver's text), fencing on the leader key, an object too large for etcd; and, on a 3-member cluster,
// a follower's watch cut off from etcd (its member killed) resuming from the revision after its last event, or
// reading everything again when that revision was compacted meanwhile.
import { GRPCDeadlineExceededError } from 'etcd3';
import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../../src-shared/krm/object.js';
import { startEtcdCluster, type EtcdCluster } from '../../../testing/etcd-cluster.js';
import { etcdForTests } from '../../../testing/etcd-cluster-hooks.js';
import { sizedKind } from '../../../testing/sized-kind.js';
import { EtcdStore } from './etcd-store.js';
import { LeaderElector } from './leader-election.js';

const server = etcdForTests();

const { crd, object: widget } = sizedKind('Widget', 'widgets');

let n = 0;
/** A store whose watch brings nothing (a stalled watch): every response etcd sends is dropped. */
class StalledWatchStore extends EtcdStore {
  protected override onWatchResponse(): void {}
}

async function store(
  prefix: string,
  opts: { warnings?: string[]; onFenced?: (why: string) => void; follow?: boolean; url?: string; stalledWatch?: boolean; maxObjectsPerTxn?: number } = {},
) {
  const { client, config } = await server.connect(opts.url ?? server.cluster.url(prefix));
  const options = { onWarning: (l: string) => opts.warnings?.push(l), onFenced: opts.onFenced, maxObjectsPerTxn: opts.maxObjectsPerTxn };
  const etcd = opts.stalledWatch ? new StalledWatchStore(client, config, { ...options, watchStallMs: 50 }) : new EtcdStore(client, config, options);
  const working = await etcd.open({ follow: opts.follow });
  return { etcd, working, client, config };
}

/** A store at `prefix` writing through (no leader key), with widget w1 (size 1) saved. */
async function writerWithOneWidget(prefix: string, warnings: string[]) {
  const a = await store(prefix, { warnings });
  await a.etcd.startWriting(undefined);
  a.working.registerApi(crd);
  a.working.apply(widget('w1', 1), { fieldManager: 'test' });
  await a.etcd.sync();
  return a;
}

describe('the etcd store', () => {
  it('writes through with kube-apiserver keys and JSON values; resourceVersion is the mod revision', async () => {
    const prefix = `/t${++n}`;
    const a = await store(prefix);
    await a.etcd.startWriting(undefined);
    a.working.registerApi(crd);
    a.working.apply(crd, { fieldManager: 'test' });
    a.working.apply(widget('w1', 1), { fieldManager: 'test' });
    const rev = await a.etcd.sync();
    const keys = await a.client.getAll().prefix(`${prefix}/`).keys();
    expect(keys.sort()).toEqual([
      `${prefix}/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com`,
      `${prefix}/choreo.studio/apis/example.com/Widget`,
      `${prefix}/example.com/widgets/default/w1`,
    ]);
    const kv = (await a.client.get(`${prefix}/example.com/widgets/default/w1`).exec()).kvs[0]!;
    const value = JSON.parse(kv.value.toString()) as KrmObject;
    expect(value.spec).toEqual({ size: 1 });
    expect(value.metadata.resourceVersion).toBeUndefined(); // the mod revision stands for it
    expect(a.working.get('widgets.example.com', 'default', 'w1', { showManagedFields: true }).metadata.resourceVersion).toBe(kv.mod_revision);
    expect(Number(kv.mod_revision)).toBe(rev);
    await a.etcd.close();
  });

  it('a save whose watch brings nothing reads the store again: it saves etcd\'s state at one revision, with the changes of others', async () => {
    const prefix = `/t${++n}`;
    const warnings: string[] = [];
    const a = await store(prefix, { warnings, stalledWatch: true, maxObjectsPerTxn: 4 });
    await a.etcd.startWriting(undefined);
    a.working.registerApi(crd);
    for (let i = 0; i < 20; i++) a.working.apply(widget(`w${i}`, i), { fieldManager: 'test' });
    const ours = await a.etcd.sync();
    // another writer changes one of them and adds one; a's watch never tells a
    const b = await store(prefix);
    await b.etcd.startWriting(undefined);
    b.working.apply(widget('w3', 300), { fieldManager: 'test' });
    b.working.apply(widget('from-b', 1), { fieldManager: 'test' });
    const theirs = await b.etcd.sync();
    expect(theirs).toBeGreaterThan(ours);

    let savedAt: number | undefined;
    let saved: Record<string, unknown> = {};
    await a.etcd.save(a.working, {
      prepare: async (at) => {
        savedAt = at.revision;
        saved = Object.fromEntries(a.working.list('widgets.example.com', { namespace: 'default', showManagedFields: true }).map((o) => [o.metadata.name, [o.spec?.size, o.metadata.resourceVersion]]));
        return [];
      },
    });
    expect(savedAt).toBeGreaterThanOrEqual(theirs);
    const inEtcd = await a.client.getAll().prefix(`${prefix}/example.com/widgets/default/`).exec();
    expect(saved).toEqual(Object.fromEntries(inEtcd.kvs.map((kv) => [kv.key.toString().split('/').pop(), [(JSON.parse(kv.value.toString()) as KrmObject).spec?.size, kv.mod_revision]])));
    expect(saved.w3).toEqual([300, String(theirs)]);
    expect(Object.keys(saved)).toHaveLength(21);
    expect(warnings.join('\n')).toMatch(/saving: the etcd watch is at revision \d+ \(received \d+\), not \d+, and brought nothing for 50 ms; reading the store/);
    await a.etcd.close();
    await b.etcd.close();
  });

  it('a second runner sees the changes through its watch, with events; a stale write gets the conflict error', async () => {
    const prefix = `/t${++n}`;
    const warnings: string[] = [];
    const a = await writerWithOneWidget(prefix, warnings);
    const b = await store(prefix, { warnings });
    expect(b.working.get('widgets.example.com', 'default', 'w1').spec).toEqual({ size: 1 });
    const events: string[] = [];
    b.working.watch((e) => events.push(`${e.type} ${e.object.metadata.name} ${JSON.stringify(e.object.spec)}`));
    a.working.apply(widget('w2', 2), { fieldManager: 'test' });
    await a.etcd.sync();
    a.working.delete('widgets.example.com', 'default', 'w1');
    const rev = await a.etcd.sync();
    await b.etcd.waitForRevision(rev);
    expect(events).toEqual(['ADDED w2 {"size":2}', 'DELETED w1 {"size":1}']);
    expect(b.working.get('widgets.example.com', 'default', 'w2', { showManagedFields: true }).metadata.resourceVersion).toBe(
      a.working.get('widgets.example.com', 'default', 'w2', { showManagedFields: true }).metadata.resourceVersion,
    );

    // c read w2 at one revision (and does not follow); a changes w2; c's write, based on the old one, is stale
    const cWarnings: string[] = [];
    const c = await store(prefix, { warnings: cWarnings, follow: false });
    a.working.apply(widget('w2', 3), { fieldManager: 'test' });
    await a.etcd.sync();
    await c.etcd.startWriting(undefined);
    c.working.apply(widget('w2', 4), { fieldManager: 'other', force: true });
    await c.etcd.sync();
    expect(cWarnings).toHaveLength(1);
    expect(cWarnings[0]).toMatch(/^Operation cannot be fulfilled on widgets\.example\.com "w2": the object has been modified; please apply your changes to the latest version and try again \(this runner's write was based on revision \d+; etcd has revision \d+\)$/);
    // the other writer's version won, in etcd and in c's working set (its reconcilers would run again on it)
    const kv = (await a.client.get(`${prefix}/example.com/widgets/default/w2`).exec()).kvs[0]!;
    expect((JSON.parse(kv.value.toString()) as KrmObject).spec).toEqual({ size: 3 });
    expect(c.working.get('widgets.example.com', 'default', 'w2').spec).toEqual({ size: 3 });
    await c.etcd.close();

    // an update carrying a stale resourceVersion is refused with the same error
    const stale = b.working.get('widgets.example.com', 'default', 'w2', { showManagedFields: true });
    a.working.apply(widget('w2', 5), { fieldManager: 'test' });
    await b.etcd.waitForRevision(await a.etcd.sync());
    expect(() => b.working.update({ ...stale, spec: { size: 6 } })).toThrow(
      'rpc error: code = Aborted desc = Operation cannot be fulfilled on widgets.example.com "w2": the object has been modified; please apply your changes to the latest version and try again',
    );
    await a.etcd.close();
    await b.etcd.close();
  });

  it('fencing: once another runner holds the leader key, the old leader writes nothing', async () => {
    const prefix = `/t${++n}`;
    const fenced: string[] = [];
    const a = await store(prefix, { onFenced: (why) => fenced.push(why) });
    const events: string[] = [];
    const electA = new LeaderElector(a.client, { config: a.config, identity: 'a', project: 'p', environment: 'prod', leaseSeconds: 2 }, (e) => events.push(`a ${e.type}`));
    await electA.start();
    const won = await electA.acquireOnce();
    expect(won).toBeDefined();
    await a.etcd.startWriting(won!.fence, won!.revision);
    a.working.registerApi(crd);
    a.working.apply(widget('w1', 1), { fieldManager: 'test' });
    await a.etcd.sync();

    // the leader key is taken away (its lease revoked, as when it expires), and b is elected
    await a.client.delete().key(won!.fence.key).exec();
    const b = await store(prefix);
    const electB = new LeaderElector(b.client, { config: b.config, identity: 'b', project: 'p', environment: 'prod', leaseSeconds: 2 }, () => undefined);
    await electB.start();
    expect(await electB.acquireOnce()).toBeDefined();

    a.working.apply(widget('w1', 99), { fieldManager: 'test' });
    a.working.apply(widget('w-new', 1), { fieldManager: 'test' });
    await expect(a.etcd.sync()).rejects.toThrow(/no longer leads: a write was refused: another runner holds the leader key/);
    expect(fenced).toHaveLength(1);
    const kv = (await a.client.get(`${prefix}/example.com/widgets/default/w1`).exec()).kvs[0]!;
    expect((JSON.parse(kv.value.toString()) as KrmObject).spec).toEqual({ size: 1 });
    expect(await a.client.get(`${prefix}/example.com/widgets/default/w-new`).exists()).toBe(false);
    await electA.close();
    await electB.close();
    await a.etcd.close();
    await b.etcd.close();
  });

  it('a txn that committed but whose answer was lost is our own write, not a conflict; a newer change goes on top of it', async () => {
    const prefix = `/t${++n}`;
    const warnings: string[] = [];
    const a = await writerWithOneWidget(prefix, warnings);
    // the next txns commit in etcd, but their callers get a deadline error instead of the answer (as when a
    // member dies after committing); while the first one is out, the object changes again
    const kv = a.client.kv;
    const realTxn = kv.txn.bind(kv);
    let lose = 2;
    kv.txn = async (req, options) => {
      const res = await realTxn(req, options);
      if (lose-- <= 0) return res;
      if (lose === 1) a.working.apply(widget('w1', 3), { fieldManager: 'test' });
      throw new GRPCDeadlineExceededError('deadline exceeded (the answer is lost in this test)');
    };
    a.working.apply(widget('w1', 2), { fieldManager: 'test' });
    a.working.apply(widget('w2', 1), { fieldManager: 'test' });
    const rev = await a.etcd.sync();
    kv.txn = realTxn;
    await a.etcd.waitForRevision(rev);

    expect(warnings.filter((w) => /conflict|modified|another writer/i.test(w))).toEqual([]);
    const stored = async (name: string) => (await a.client.get(`${prefix}/example.com/widgets/default/${name}`).exec()).kvs[0]!;
    const w1 = await stored('w1');
    expect((JSON.parse(w1.value.toString()) as KrmObject).spec).toEqual({ size: 3 });
    expect(a.working.get('widgets.example.com', 'default', 'w1', { showManagedFields: true }).metadata.resourceVersion).toBe(w1.mod_revision);
    expect(a.working.get('widgets.example.com', 'default', 'w2', { showManagedFields: true }).metadata.resourceVersion).toBe((await stored('w2')).mod_revision);
    // and the next write is based on the right revision (no conflict)
    a.working.apply(widget('w1', 4), { fieldManager: 'test' });
    await a.etcd.sync();
    expect((JSON.parse((await stored('w1')).value.toString()) as KrmObject).spec).toEqual({ size: 4 });
    expect(warnings.filter((w) => /conflict|modified|another writer/i.test(w))).toEqual([]);
    await a.etcd.close();
  });

  it('an object larger than etcd takes is reported, not silently dropped', async () => {
    const prefix = `/t${++n}`;
    const a = await store(prefix);
    await a.etcd.startWriting(undefined);
    a.working.registerApi(crd);
    a.working.apply({ ...widget('huge', 1), spec: { size: 1, blob: 'x'.repeat(2 * 1024 * 1024) } }, { fieldManager: 'test' });
    await expect(a.etcd.sync()).rejects.toThrow(/example.com\/widgets\/default\/huge: the object is \d+ bytes; etcd takes at most 1.5 MiB per request/);
    await a.etcd.close();
  });
});

describe("the etcd store's watch after a disconnect", () => {
  const names = (w: { working: { list(api: string, o?: object): KrmObject[] } }) =>
    w.working.list('widgets.example.com', { showManagedFields: true }).map((o) => `${o.metadata.name} ${JSON.stringify(o.spec)} rv ${o.metadata.resourceVersion}`);

  /**
   * A writer on members 1 and 2, a follower on member 0 only; member 0 is killed, the writer changes three
   * objects (one revision each), `meanwhile` runs, member 0 comes back. Returns the follower's events.
   */
  async function cutOff(prefix: string, meanwhile: (a: Awaited<ReturnType<typeof store>>, rev: number) => Promise<void>) {
    const c3 = await startEtcdCluster({ size: 3 });
    try {
      const a = await store(prefix, { url: `etcd://${c3.members[1]!.endpoint},${c3.members[2]!.endpoint}${prefix}` });
      await a.etcd.startWriting(undefined);
      a.working.registerApi(crd);
      a.working.apply(widget('w1', 1), { fieldManager: 'test' });
      a.working.apply(widget('w2', 2), { fieldManager: 'test' });
      await a.etcd.sync();
      const warnings: string[] = [];
      const b = await store(prefix, { warnings, url: `etcd://${c3.members[0]!.endpoint}${prefix}` });
      const events: string[] = [];
      b.working.watch((e) => events.push(`${e.type} ${e.object.metadata.name} ${JSON.stringify(e.object.spec)}`));

      await c3.kill(0);
      a.working.apply(widget('w3', 3), { fieldManager: 'test' });
      await a.etcd.sync();
      a.working.apply(widget('w1', 10), { fieldManager: 'test' });
      await a.etcd.sync();
      a.working.delete('widgets.example.com', 'default', 'w2');
      const rev = await a.etcd.sync();
      await meanwhile(a, rev);
      await c3.restart(0);

      await b.etcd.waitForRevision(rev, 60_000).catch((e: Error) => {
        throw new Error(`${e.message}\nthe follower's warnings:\n${warnings.join('\n')}`);
      });
      expect(names(b)).toEqual(names(a));
      await a.etcd.close();
      await b.etcd.close();
      return { events, warnings };
    } finally {
      await c3.stop();
    }
  }

  it('resumes from the revision after its last event: every change made while it was cut off arrives, in order, once', async () => {
    const { events, warnings } = await cutOff('/resume', async () => undefined);
    expect(events).toEqual(['ADDED w3 {"size":3}', 'MODIFIED w1 {"size":10}', 'DELETED w2 {"size":2}']);
    expect(warnings.filter((w) => /reading the store again/.test(w))).toEqual([]); // resumed, not read again
  }, 120_000);

  it('reads everything again when the revision it would resume from was compacted meanwhile, with the same events', async () => {
    const { events, warnings } = await cutOff('/compacted', async (a, rev) => {
      await a.client.kv.compact({ revision: String(rev), physical: true });
    });
    expect([...events].sort()).toEqual(['ADDED w3 {"size":3}', 'DELETED w2 {"size":2}', 'MODIFIED w1 {"size":10}']);
    expect(warnings.some((w) => /^etcd ended the watch that resumes from revision 3 .*compacted.*; reading the store again$/.test(w)), warnings.join('\n')).toBe(true);
  }, 120_000);
});
