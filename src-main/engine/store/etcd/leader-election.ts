// Leader election of the runners that share one etcd prefix (issue 16), as client-go's leaderelection does
// it with a Lease object, on etcd's own primitives:
//
//   - every runner holds an etcd lease (TTL = leaseSeconds), renewed every TTL/4 on a thread of its own
//     (lease-thread.ts: a busy event loop here never delays a renewal), and announces itself with a
//     candidate key on it;
//   - the leader is whoever created `<prefix>/choreo.studio/leader` (a txn that succeeds only while the key
//     does not exist), on its lease, with a record like client-go's LeaderElectionRecord (holderIdentity,
//     leaseDurationSeconds, acquireTime, renewTime, leaderTransitions) plus the project and environment;
//   - when the leader dies, etcd revokes its lease after the TTL and deletes the key with it; the others
//     watch the key and the first to create it again leads, so a dead leader is replaced within the TTL;
//   - fencing: the leader's writes (etcd-store.ts) are all conditional on the key's create revision, so
//     once its key is gone nothing it sends is applied; and it stops by itself when it could not renew its
//     lease for 2/3 of the TTL, at least TTL/3 before the lease can expire and another runner be elected.
//     When the last renewal was sent is read from the lease thread's shared memory, so a stall of this
//     thread does not by itself cost the leadership: the lease was kept alive meanwhile.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Etcd3 } from 'etcd3';
import type { LeaderRecord } from '../../../../src-shared/run/leadership.js';
import type { EtcdStoreConfig } from './config.js';
import type { Fence } from './etcd-store.js';
import { candidatesPrefix, leaderHistoryKey, leaderKey } from './keys.js';
import { LeaseThread } from './lease-thread.js';

export type { LeaderRecord };

/** A runner's name in the election: host, pid and a random part (two runners never share one). */
export function runnerIdentity(): string {
  return `${os.hostname()}/${process.pid}/${randomBytes(2).toString('hex')}`;
}

export interface ElectorOptions {
  /** The store's connection (the lease thread opens a client of its own with it) and prefix. */
  config: EtcdStoreConfig;
  /** This runner: `<host>/<pid>/<random>` unless given. */
  identity: string;
  project: string;
  environment: string;
  leaseSeconds: number;
  onWarning?: (line: string) => void;
}

export type ElectionEvent =
  /** Who leads changed (undefined: nobody). */
  | { type: 'leader'; record: LeaderRecord | undefined }
  /** This runner leads from `revision` on; its writes carry `fence`. */
  | { type: 'elected'; fence: Fence; revision: number }
  /** This runner no longer leads (it stopped writing before anyone else could start). */
  | { type: 'lost'; why: string }
  /** The prefix belongs to another project or environment: this runner must not join. */
  | { type: 'refused'; why: string };

interface History {
  leaderTransitions: number;
  holderIdentity: string;
}

export class LeaderElector {
  /** Keeps the lease alive off this thread; knows when the last renewal was sent (etcd keeps it at least TTL after). */
  private readonly leaseThread: LeaseThread;
  /** The lease the candidate key (and the leader key, while leading) hang on. */
  private leaseId: string | undefined;
  private fenceValue: Fence | undefined;
  private record: LeaderRecord | undefined;
  private campaigning = false;
  private closed = false;
  private tickTimer: NodeJS.Timeout | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private watcherCancel: (() => Promise<void>) | undefined;
  private readonly key: string;

  constructor(
    private readonly client: Etcd3,
    private readonly opts: ElectorOptions,
    private readonly onEvent: (e: ElectionEvent) => void,
  ) {
    this.key = leaderKey(opts.config.prefix);
    this.leaseThread = new LeaseThread(opts.config, opts.leaseSeconds, (why) => this.leaseLost(why), (line) => this.warn(line));
  }

  get identity(): string {
    return this.opts.identity;
  }

  /** The leader as last seen. */
  leader(): LeaderRecord | undefined {
    return this.record;
  }

  isLeader(): boolean {
    return this.fenceValue !== undefined;
  }

  fence(): Fence | undefined {
    return this.fenceValue;
  }

  private get renewEveryMs(): number {
    return (this.opts.leaseSeconds * 1000) / 4;
  }

  /** Grants the lease, announces the candidate, reads and watches the leader key. */
  async start(): Promise<void> {
    await this.ensureLease();
    const current = await this.client.get(this.key).exec();
    const kv = current.kvs[0];
    this.setRecord(kv ? parseRecord(kv.value.toString()) : undefined);
    const w = await this.client.watch().key(this.key).startRevision(String(Number(current.header.revision) + 1)).create();
    w.on('put', (kv) => this.setRecord(parseRecord(kv.value.toString())));
    w.on('delete', () => {
      this.setRecord(undefined);
      if (this.campaigning && !this.isLeader()) this.tickSoon();
    });
    this.watcherCancel = () => w.cancel();
    this.deadlineTimer = setInterval(() => this.checkDeadline(), Math.max(50, this.renewEveryMs / 4));
    this.tickSoon();
  }

  /** Try to lead (again): until elected, refused or closed. */
  campaign(): void {
    this.campaigning = true;
    const r = this.record;
    if (r && (r.project !== this.opts.project || r.environment !== this.opts.environment)) return this.refuse(r);
    this.tickSoon();
  }

  /** Stops leading (deleting the key, so another runner takes over at once) and campaigning. */
  async resign(): Promise<void> {
    this.campaigning = false;
    const fence = this.fenceValue;
    this.fenceValue = undefined;
    if (!fence) return;
    await this.client
      .if(fence.key, 'Create', '==', fence.createRevision)
      .then(this.client.delete().key(fence.key))
      .commit()
      .catch((e: Error) => this.warn(`could not delete the leader key while resigning (${e.message}); it expires with the lease`));
  }

  /** The store found the leader key changed under a write: this runner no longer leads. */
  lost(why: string): void {
    if (!this.fenceValue) return;
    this.fenceValue = undefined;
    this.campaigning = false;
    this.onEvent({ type: 'lost', why });
  }

  /** Resigns, revokes the lease (the candidate key goes with it) and stops. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.resign();
    this.closed = true;
    clearTimeout(this.tickTimer);
    clearInterval(this.deadlineTimer);
    await this.ticking?.catch(() => undefined);
    await this.watcherCancel?.().catch(() => undefined);
    await this.leaseThread.close().catch(() => undefined);
  }

  private setRecord(r: LeaderRecord | undefined): void {
    const before = this.record;
    this.record = r;
    // a renewal (renewTime) is not news; a new holder or term is
    if (before?.holderIdentity !== r?.holderIdentity || before?.acquireTime !== r?.acquireTime) this.onEvent({ type: 'leader', record: r });
    if (r && this.campaigning && (r.project !== this.opts.project || r.environment !== this.opts.environment)) this.refuse(r);
  }

  private tickSoon(): void {
    if (this.closed) return;
    clearTimeout(this.tickTimer);
    this.tickTimer = setTimeout(() => {
      if (this.ticking) return this.tickSoon();
      this.ticking = this.tick()
        .catch((e: Error) => this.warn(`leader election: ${e.message}`))
        .finally(() => {
          this.ticking = undefined;
          if (!this.closed) {
            clearTimeout(this.tickTimer);
            this.tickTimer = setTimeout(() => this.tickSoon(), this.renewEveryMs);
          }
        });
    }, 0);
  }

  /** One round: a lease held (the thread renews it), then the leader record renewed or the leadership tried for. */
  private async tick(): Promise<void> {
    if (this.closed) return;
    await this.ensureLease();
    if (this.closed) return;
    this.checkDeadline();
    if (this.isLeader()) await this.renewRecord();
    else if (this.campaigning) await this.tryAcquire();
  }

  /** A lease (granted on the lease thread when none is held) with this runner's candidate key on it. */
  private async ensureLease(): Promise<void> {
    const id = await this.leaseThread.grant();
    if (id === this.leaseId) return;
    this.leaseId = id;
    await this.client.put(`${candidatesPrefix(this.opts.config.prefix)}${this.opts.identity}`).value(JSON.stringify({ identity: this.opts.identity, since: new Date().toISOString() })).lease(id).exec();
  }

  /** etcd says the lease is gone: whatever hung on it (the leader key, the candidate key) is gone too. */
  private leaseLost(why: string): void {
    this.leaseId = undefined;
    this.lost(why);
    this.tickSoon(); // a new lease, and a new campaign if this runner campaigns
  }

  /** The leader's step-down: past 2/3 of the TTL without a renewal it stops, before the lease can expire. */
  private checkDeadline(): void {
    if (!this.isLeader()) return;
    const renewedAt = this.leaseThread.renewedAt();
    const deadline = renewedAt + (this.opts.leaseSeconds * 1000 * 2) / 3;
    if (Date.now() > deadline) this.lost(`the lease could not be renewed for ${Math.round(Date.now() - renewedAt)} ms (2/3 of its ${this.opts.leaseSeconds} s)`);
  }

  private async renewRecord(): Promise<void> {
    const fence = this.fenceValue!;
    const record: LeaderRecord = { ...(this.record ?? this.newRecord(0)), holderIdentity: this.opts.identity, renewTime: microTime(new Date(this.leaseThread.renewedAt())) };
    const res = await this.client
      .if(fence.key, 'Create', '==', fence.createRevision)
      .then(this.client.put(fence.key).value(JSON.stringify(record)).lease(this.leaseId!))
      .commit();
    if (!res.succeeded && this.fenceValue === fence) this.lost('the leader key was taken away');
  }

  private newRecord(transitions: number): LeaderRecord {
    const now = microTime(new Date());
    return {
      holderIdentity: this.opts.identity,
      project: this.opts.project,
      environment: this.opts.environment,
      leaseDurationSeconds: this.opts.leaseSeconds,
      acquireTime: now,
      renewTime: now,
      leaderTransitions: transitions,
    };
  }

  /** One attempt to lead now (run once): the fence and revision when elected, else undefined (another runner leads). */
  async acquireOnce(): Promise<{ fence: Fence; revision: number } | undefined> {
    await this.ensureLease();
    const r = await this.tryAcquire();
    return r && this.fenceValue ? { fence: this.fenceValue, revision: r } : undefined;
  }

  /** Creates the leader key if nobody holds it; the revision it was created at when it did. */
  private async tryAcquire(): Promise<number | undefined> {
    const histKey = leaderHistoryKey(this.opts.config.prefix);
    const hist = (await this.client.get(histKey).exec()).kvs[0];
    const history = hist ? (JSON.parse(hist.value.toString()) as History) : undefined;
    const transitions = history ? history.leaderTransitions + (history.holderIdentity !== this.opts.identity ? 1 : 0) : 0;
    const record = this.newRecord(transitions);
    const res = await this.client
      .if(this.key, 'Create', '==', 0)
      .and(histKey, 'Mod', '==', hist ? hist.mod_revision : 0)
      .then(
        this.client.put(this.key).value(JSON.stringify(record)).lease(this.leaseId!),
        this.client.put(histKey).value(JSON.stringify({ leaderTransitions: transitions, holderIdentity: this.opts.identity } satisfies History)),
      )
      .else(this.client.get(this.key))
      .commit();
    if (res.succeeded) {
      const revision = Number(res.header.revision);
      this.fenceValue = { key: this.key, createRevision: String(revision) };
      this.setRecord(record);
      this.onEvent({ type: 'elected', fence: this.fenceValue, revision });
      return revision;
    }
    const kv = res.responses[0]?.response_range?.kvs?.[0];
    if (!kv) return undefined; // the history moved under us: the next round tries again
    const other = parseRecord(kv.value.toString());
    if (other && (other.project !== this.opts.project || other.environment !== this.opts.environment)) {
      this.refuse(other);
      return undefined;
    }
    if (other?.holderIdentity === this.opts.identity && kv.lease === this.leaseId) {
      // our own key from a term we stepped down from while etcd still kept it: remove it, then try again
      await this.client.if(this.key, 'Create', '==', kv.create_revision).then(this.client.delete().key(this.key)).commit();
      this.tickSoon();
    }
    return undefined;
  }

  /** The prefix holds another project's or environment's objects: never join its election. */
  private refuse(other: LeaderRecord): void {
    this.campaigning = false;
    this.onEvent({
      type: 'refused',
      why: `the etcd prefix ${this.opts.config.prefix} is used by project ${other.project}, environment ${other.environment} (leader ${other.holderIdentity}); this is project ${this.opts.project}, environment ${this.opts.environment}: give each its own prefix (etcd://…/<prefix>)`,
    });
  }

  private warn(line: string): void {
    this.opts.onWarning?.(line);
  }
}

function parseRecord(text: string): LeaderRecord | undefined {
  try {
    const r = JSON.parse(text) as LeaderRecord;
    return typeof r.holderIdentity === 'string' ? r : undefined;
  } catch {
    return undefined;
  }
}

/** RFC 3339 with microseconds, as client-go's MicroTime. */
function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Who leads and who follows, read once (for `choreo server status`). */
export async function readLeadership(client: Etcd3, prefix: string): Promise<{ leader: LeaderRecord | undefined; candidates: string[]; transitions: number }> {
  const [leader, candidates, hist] = await Promise.all([
    client.get(leaderKey(prefix)).string(),
    client.getAll().prefix(candidatesPrefix(prefix)).keys(),
    client.get(leaderHistoryKey(prefix)).string(),
  ]);
  const h = hist ? (JSON.parse(hist) as History) : undefined;
  return {
    leader: leader ? parseRecord(leader) : undefined,
    candidates: candidates.map((k) => k.slice(candidatesPrefix(prefix).length)).sort(),
    transitions: h?.leaderTransitions ?? 0,
  };
}
