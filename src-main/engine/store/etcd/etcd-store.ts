// The etcd store (issue 16): etcd is the durable store that runners share; the in-memory store (store.ts)
// stays each runner's working set, which reconcilers read and write synchronously.
//
//   open()          reads every key under the prefix at ONE revision (paged, the revision pinned) into a new
//                   working set, then watches the prefix from the next revision.
//   write-through   while this runner leads (startWriting), every change of the working set is recorded
//                   (latest state per key) and committed in transactions of as many objects as etcd takes
//                   (1023 tried first; halved while etcd refuses: its --max-txn-ops is 128 by default), each
//                   conditional on every key's mod revision being the one the working set is based on
//                   (optimistic concurrency) and on the leader key's create revision (fencing: a runner
//                   that lost its lease can no longer write). A committed object takes the txn's revision
//                   as its resourceVersion.
//   watch           changes made by others (a follower sees the leader's) come in from the etcd watch in
//                   revision order and are put into the working set with their events; a pending write of
//                   ours to a key someone else changed is dropped with kube-apiserver's conflict error (the
//                   reconcilers run again on the event). After a disconnect the watch resumes from the
//                   revision after the last one received; a compacted revision makes a full re-read.
//   lost answers    a txn whose answer never came (a deadline, a member killed) may have committed: its writes
//                   are remembered as uncertain until etcd shows them (the watch, or the compare of the retry),
//                   and a key that holds exactly what we wrote is our own write, not another writer's change.
//   save()          waits until everything is committed and the watch has caught up (or, when the watch brings
//                   nothing for a while, reads the store again at its current revision), then lets the caller
//                   write its snapshot while the working set holds exactly etcd's state at that revision.
//
// The txns, the watch handling and save's snapshot run one at a time (`serial`), so a watch event is
// always judged against what the txns in flight did.
import path from 'node:path';
import type { Etcd3, IKeyValue, ITxnResponse, IWatchResponse, Watcher } from 'etcd3';
import type { KrmObject } from '../../../../src-shared/krm/object.js';
import { writeChunksAtomic } from '../../files/atomic-write.js';
import { conflictError, MemoryApiStore } from '../store.js';
import { attachmentPieces, type CommitPoint, type Persistence, type SaveOptions, type StoreOptions, type WatchEvent } from '../types.js';
import { connectEtcd } from './client.js';
import type { EtcdStoreConfig } from './config.js';
import { apiKeyPrefix, decodeObject, encodeObject, objectKey, ownPrefix, registrationKey, registrationsPrefix } from './keys.js';

/** The leader key's create revision: every write of the leader is conditional on it. */
export interface Fence {
  key: string;
  createRevision: string;
}

export interface EtcdStoreOptions extends Omit<StoreOptions, 'dbDir' | 'persistence' | 'conflictText'> {
  /** The project's `.choreo/db`: a save's attachments (snapshot header, last-run.json) are placed relative to it. */
  localDbDir?: string;
  onWarning?: (line: string) => void;
  /** A write found the leader key changed: this runner no longer leads (stop reconciling). */
  onFenced?: (why: string) => void;
  /**
   * Objects per txn tried first (default 1023: etcd's --max-txn-ops of 1024 less the fence compare). When etcd
   * allows fewer (its default is 128) it refuses the txn, and the store halves the batch until etcd takes it.
   */
  maxObjectsPerTxn?: number;
  /**
   * A save (or a new leader) waits for the watch to bring our commits back; when it brings nothing for this
   * long (or has not caught up within 12 times this), the store is read again instead. Default 5000 ms.
   */
  watchStallMs?: number;
}

/** One write waiting for its txn. */
type Pending =
  /** `object`: the working set's object (it takes the commit's revision); none for an API registration. */
  | { kind: 'put'; key: string; object?: KrmObject; value?: string }
  | { kind: 'delete'; key: string };

/** What the working set's copy of a key is based on: the key's mod revision then, and whether it existed. */
interface Known {
  rev: number;
  exists: boolean;
}

const PAGE = 500;
const WATCH_STALL_MS = 5000;
/**
 * Objects per txn tried first. Fewer, larger txns cost etcd less than many small ones (20,000 puts of ~600
 * bytes with their compares: 1.4-1.7 s in txns of 1000, 2.2-3.4 s in txns of 127, one member, load ~16), and
 * each object is still one put conditional on its own mod revision, so no object is ever half written.
 */
const MAX_OBJECTS_FIRST = 1023;
/** Bytes per txn: etcd refuses requests over 1.5 MiB (--max-request-bytes); a key is sent three times. */
const MAX_TXN_BYTES = 1024 * 1024;
const MAX_VALUE_BYTES = 1536 * 1024 - 512;

export class EtcdStoreError extends Error {
  override name = 'EtcdStoreError';
}

/** The watch has not brought a revision within the time given. */
export class WatchBehindError extends EtcdStoreError {
  override name = 'WatchBehindError';
}

/** Which of etcd's limits a refused txn passed: --max-txn-ops ('operations') or --max-request-bytes ('bytes'). */
function refusedLimit(e: unknown): 'operations' | 'bytes' | undefined {
  const message = e instanceof Error ? e.message : '';
  if (message.includes('too many operations in txn request')) return 'operations';
  if (message.includes('request is too large')) return 'bytes';
  return undefined;
}

/**
 * The revision up to which a watch response completes the changes: its last event's, or the one before when
 * it is a fragment (the rest of that revision's events come in the next response). 0: it has no events.
 */
function completeThrough(res: IWatchResponse): number {
  const last = res.events[res.events.length - 1];
  if (!last) return 0;
  const rev = Number(last.kv.mod_revision);
  return res.fragment ? rev - 1 : rev;
}

export class EtcdStore implements Persistence {
  readonly location: string;
  private store: MemoryApiStore | undefined;
  private readonly known = new Map<string, Known>();
  /** Registration key → the value last read or written (registrations are rewritten only when they change). */
  private readonly registrations = new Map<string, string>();
  private readonly outbox = new Map<string, Pending>();
  /**
   * Writes of a txn that failed without an answer, so they may have committed: key → the value written (null:
   * a delete). Until etcd shows the key, a change that holds exactly this value is ours, not a conflict.
   */
  private readonly uncertain = new Map<string, string | null>();
  private writing = false;
  private fence: Fence | undefined;
  /** Txns, watch handling and snapshots, one at a time. */
  private serial: Promise<unknown> = Promise.resolve();
  private flushing: Promise<void> | undefined;
  private flushTimer: NodeJS.Immediate | undefined;
  /** Every watch event up to this revision has been applied to the working set. */
  private seenRevision = 0;
  /** The highest revision a watch response brought (maybe not applied yet): the watch resumes after it. */
  private receivedRevision = 0;
  private readonly revisionWaiters: Array<{ rev: number; resolve: () => void }> = [];
  /** Our newest committed txn. */
  private committedRevision = 0;
  private watcher: Watcher | undefined;
  /** Bumped when a watch is replaced: responses of an older watch are dropped. */
  private watchGeneration = 0;
  /** Set while a change from etcd is put into the working set: it is not ours to write back. */
  private applyingExternal = false;
  private unwatchStore: (() => void) | undefined;
  /** A write that can never succeed (an object too large for etcd): sync() and save() fail with it. */
  private failure: Error | undefined;
  /** Why this runner's writes were refused (its leader key changed); sync() and save() fail from then on. */
  private fenced: string | undefined;
  private closed = false;
  /** Objects per txn: halved when etcd refuses a txn as having too many operations (its --max-txn-ops). */
  private maxObjects: number;
  /** Bytes per txn: halved when etcd refuses a txn as too large (its --max-request-bytes). */
  private maxTxnBytes = MAX_TXN_BYTES;

  constructor(
    private readonly client: Etcd3,
    private readonly config: EtcdStoreConfig,
    private readonly opts: EtcdStoreOptions = {},
  ) {
    this.location = `etcd://${config.endpoints.join(',')}${config.prefix}`;
    this.maxObjects = Math.max(1, opts.maxObjectsPerTxn ?? MAX_OBJECTS_FIRST);
  }

  get prefix(): string {
    return this.config.prefix;
  }

  /** The working set (after open). */
  get workingSet(): MemoryApiStore {
    if (!this.store) throw new EtcdStoreError('the etcd store is not open');
    return this.store;
  }

  /** The revision the working set holds (every change up to it, none after). */
  get revision(): number {
    return this.seenRevision;
  }

  get isWriting(): boolean {
    return this.writing;
  }

  // -------------------------------------------------------------------------------------------------
  // Reading

  /**
   * Reads the whole prefix at one revision into a new working set, and (unless `follow` is false: a reader
   * that only needs that one revision, like `choreo get`) watches from the next revision on.
   */
  async open(opts: { follow?: boolean } = {}): Promise<MemoryApiStore> {
    const { kvs, revision } = await this.readAll();
    const store = new MemoryApiStore({ clock: this.opts.clock, newUid: this.opts.newUid, persistence: this, conflictText: 'kubernetes' });
    this.store = store;
    this.fill(store, kvs);
    this.seenRevision = this.receivedRevision = revision;
    this.unwatchStore = store.watch((ev) => this.onLocalChange(ev));
    if (opts.follow !== false) await this.startWatch(revision + 1);
    return store;
  }

  /** Every key under the prefix at one revision (pages of PAGE keys, all read at the first page's revision). */
  private async readAll(): Promise<{ kvs: IKeyValue[]; revision: number }> {
    const start = `${this.config.prefix}/`;
    const end = `${this.config.prefix}0`; // '0' follows '/': the end of the prefix range
    const kvs: IKeyValue[] = [];
    let from = start;
    let revision: string | undefined;
    for (;;) {
      const range = this.client.getAll().inRange({ start: from, end }).limit(PAGE);
      if (revision) range.revision(revision);
      const res = await range.exec();
      revision ??= res.header.revision;
      kvs.push(...res.kvs);
      if (!res.more || res.kvs.length === 0) break;
      from = `${res.kvs[res.kvs.length - 1]!.key.toString()}\0`;
    }
    return { kvs, revision: Number(revision) };
  }

  /** Registrations first, then the CRD objects' APIs, then every object (objects of unknown APIs stay in etcd). */
  private fill(store: MemoryApiStore, kvs: IKeyValue[]): void {
    const regs = registrationsPrefix(this.config.prefix);
    const own = ownPrefix(this.config.prefix);
    const crds = apiKeyPrefix(this.config.prefix, { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', namespaced: false });
    for (const kv of kvs) {
      const key = kv.key.toString();
      if (!key.startsWith(regs)) continue;
      const value = kv.value.toString();
      this.registrations.set(key, value);
      this.known.set(key, { rev: Number(kv.mod_revision), exists: true });
      this.register(store, key, value);
    }
    const objects: Array<{ key: string; obj: KrmObject }> = [];
    for (const kv of kvs) {
      const key = kv.key.toString();
      if (key.startsWith(own)) continue;
      this.known.set(key, { rev: Number(kv.mod_revision), exists: true });
      try {
        objects.push({ key, obj: decodeObject(kv.value.toString(), kv.mod_revision, key) });
      } catch (e) {
        this.warn(`${(e as Error).message}; the key is left as it is`);
      }
    }
    for (const { key, obj } of objects) {
      if (!key.startsWith(crds)) continue;
      try {
        store.registerApi(obj);
      } catch {
        // a CRD that no longer registers is still restored as an object below
      }
    }
    for (const { obj } of objects) store.restore(obj);
    store.apisDirty = false;
    store.dirty.clear();
  }

  private register(store: MemoryApiStore, key: string, value: string): void {
    try {
      const r = JSON.parse(value) as { choreoAPI?: boolean; crd: KrmObject };
      store.registerApi(r.crd, { choreoAPI: r.choreoAPI });
    } catch (e) {
      this.warn(`etcd key ${key}: an API registration that does not register (${(e as Error).message})`);
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Watching

  private async startWatch(fromRevision: number): Promise<void> {
    const generation = ++this.watchGeneration;
    const builder = this.client.watch().prefix(`${this.config.prefix}/`).startRevision(String(fromRevision));
    // Fragments: etcd splits a response larger than its --max-request-bytes into several (etcd3 passes each on
    // as a response of its own, `fragment` set on all but the last). Without them a watch that fell behind got
    // up to 1000 revisions in one response, tens of MB at 100,000 objects.
    (builder as unknown as { request: { fragment?: boolean } }).request.fragment = true;
    const w = await builder.create();
    if (generation !== this.watchGeneration || this.closed) {
      // a re-read replaced this watch while it was being created
      await w.cancel().catch(() => undefined);
      return;
    }
    this.watcher = w;
    w.on('data', (res: IWatchResponse) => {
      if (generation === this.watchGeneration) this.onWatchResponse(res);
    });
    // etcd3 resumes a broken watch from the revision after the last response's header, which can skip events
    // a catching-up watch had not sent yet: resume after the last complete revision received instead (the
    // events of a revision received in part come again and are skipped as already seen).
    w.on('disconnected', () => {
      (w as unknown as { request: { start_revision: string } }).request.start_revision = String(this.receivedRevision + 1);
    });
    w.on('error', (e: Error) => {
      if (this.closed || generation !== this.watchGeneration) return;
      // canceled by etcd: the revision to resume from was compacted. Read everything again. The watcher is
      // gone already: cancelling it again would wait forever for an answer etcd never sends.
      this.watcher = undefined;
      this.warn(`etcd ended the watch that resumes from revision ${this.receivedRevision + 1} (${e.message || 'canceled'}; that revision was compacted, most likely); reading the store again`);
      void this.enqueue(() => this.resync());
    });
  }

  /** A watch response arrived; it is applied in turn with the txns. (A test drops them: a stalled watch.) */
  protected onWatchResponse(res: IWatchResponse): void {
    this.receivedRevision = Math.max(this.receivedRevision, completeThrough(res));
    void this.enqueue(() => this.onWatch(res));
  }

  /** Applies one watch response: changes of others go into the working set (with their events). */
  private onWatch(res: IWatchResponse): void {
    if (this.closed) return;
    const regs = registrationsPrefix(this.config.prefix);
    const own = ownPrefix(this.config.prefix);
    for (const ev of res.events) {
      const key = ev.kv.key.toString();
      const rev = Number(ev.kv.mod_revision);
      if (key.startsWith(own) && !key.startsWith(regs)) continue;
      const k = this.known.get(key);
      if (k && rev <= k.rev) continue; // our own write coming back, or older than what we read
      const exists = ev.type === 'Put';
      this.known.set(key, { rev, exists });
      this.applyExternal(key, exists ? ev.kv : undefined, rev);
    }
    this.seenRevision = Math.max(this.seenRevision, completeThrough(res));
    this.wakeRevisionWaiters();
  }

  /** Puts the etcd state of one key into the working set (not written back). kv undefined: deleted. */
  private applyExternal(key: string, kv: IKeyValue | undefined, rev: number): void {
    const store = this.store;
    if (!store) return;
    if (this.isOwnUncertainWrite(key, kv)) return this.ownWriteSeen(key, kv, rev);
    const pending = this.outbox.get(key);
    if (pending) {
      // Our change of this key is based on an older revision: etcd would refuse it. The other writer wins.
      this.outbox.delete(key);
      this.warn(`${this.conflictText(key)} (changed by another writer at revision ${rev}; the reconcilers run again on the new state)`);
    }
    this.applyingExternal = true;
    try {
      if (key.startsWith(registrationsPrefix(this.config.prefix))) {
        if (kv) {
          const value = kv.value.toString();
          this.registrations.set(key, value);
          this.register(store, key, value);
        } else {
          this.registrations.delete(key);
          store.unregisterApi(key.slice(registrationsPrefix(this.config.prefix).length)); // `<group>/<Kind>`
        }
        store.apisDirty = false;
        return;
      }
      if (kv) {
        try {
          store.putExternal(decodeObject(kv.value.toString(), String(rev), key));
        } catch (e) {
          this.warn((e as Error).message);
        }
      } else {
        const at = this.objectAt(key);
        if (at) store.removeExternal(at.api, at.namespace, at.name);
      }
    } finally {
      this.applyingExternal = false;
    }
  }

  /** Whether etcd's state of `key` (kv; undefined: absent) is a write of ours whose txn's answer was lost. */
  private isOwnUncertainWrite(key: string, kv: IKeyValue | undefined): boolean {
    if (!this.uncertain.has(key)) return false;
    const value = this.uncertain.get(key);
    return kv ? value === kv.value.toString() : value === null;
  }

  /**
   * etcd shows a write of ours whose answer was lost: it committed at `rev`. Settled as if its txn had answered;
   * a newer change of the key waiting in the outbox stays and is now based on `rev`.
   */
  private ownWriteSeen(key: string, kv: IKeyValue | undefined, rev: number): void {
    this.uncertain.delete(key);
    const pending = this.outbox.get(key);
    const value = kv ? kv.value.toString() : null;
    if (pending && (pending.kind === 'put' ? pending.value === value : value === null)) {
      this.outbox.delete(key);
      this.committed([pending], rev);
    } else if (pending) this.known.set(key, { rev, exists: kv !== undefined });
    else this.committed([value === null ? { kind: 'delete', key } : { kind: 'put', key, value }], rev);
  }

  /** The API, namespace and name a key stands for (the working set's APIs decide how to read it). */
  private objectAt(key: string): { api: string; namespace: string; name: string } | undefined {
    const store = this.store!;
    const segs = key.slice(this.config.prefix.length + 1).split('/');
    for (const [group, resource, rest] of [
      [segs[0]!, segs[1]!, segs.slice(2)],
      ['', segs[0]!, segs.slice(1)],
    ] as const) {
      const api = store.api(group ? `${resource}.${group}` : resource);
      if (!api || api.group !== group) continue;
      if (api.namespaced && rest.length === 2) return { api: `${api.resource}.${api.group}`, namespace: rest[0]!, name: rest[1]! };
      if (!api.namespaced && rest.length === 1) return { api: `${api.resource}.${api.group}`, namespace: '', name: rest[0]! };
    }
    return undefined;
  }

  /**
   * Reads everything again at one revision and brings the working set to it (changed, added and removed
   * objects get their events). After a compaction, and when a new leader must start from etcd's state.
   */
  private async resync(): Promise<void> {
    if (this.closed || !this.store) return;
    const old = this.watcher;
    this.watcher = undefined;
    this.watchGeneration++; // what the old watch still delivers is dropped
    // not awaited: a watch stuck reconnecting answers a cancel only when it connects again
    void old?.cancel().catch(() => undefined);
    const { kvs, revision } = await this.readAll();
    const present = new Set<string>();
    const own = ownPrefix(this.config.prefix);
    const regs = registrationsPrefix(this.config.prefix);
    // registrations before objects, as in open()
    const ordered = [...kvs.filter((kv) => kv.key.toString().startsWith(regs)), ...kvs.filter((kv) => !kv.key.toString().startsWith(own))];
    for (const kv of ordered) {
      const key = kv.key.toString();
      present.add(key);
      const rev = Number(kv.mod_revision);
      const k = this.known.get(key);
      if (k && k.exists && k.rev === rev) continue;
      this.known.set(key, { rev, exists: true });
      this.applyExternal(key, kv, rev);
    }
    for (const [key, k] of this.known) {
      if (!k.exists || present.has(key)) continue;
      this.known.set(key, { rev: revision, exists: false });
      this.applyExternal(key, undefined, revision);
    }
    this.seenRevision = this.receivedRevision = Math.max(this.seenRevision, revision);
    this.wakeRevisionWaiters();
    await this.startWatch(revision + 1);
  }

  /** Resolves once every change up to `rev` is in the working set (the watch caught up). */
  waitForRevision(rev: number, timeoutMs = 30_000): Promise<void> {
    if (this.seenRevision >= rev) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.revisionWaiters.indexOf(w);
        if (i >= 0) this.revisionWaiters.splice(i, 1);
        reject(new WatchBehindError(`the etcd watch did not reach revision ${rev} within ${timeoutMs} ms (it is at ${this.seenRevision})`));
      }, timeoutMs);
      const w = {
        rev,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.revisionWaiters.push(w);
    });
  }

  /**
   * Brings the working set to revision `rev` or later: through the watch while it makes progress, else by
   * reading the store again at one revision (a watch that stalls, or lags too far, must not hold up a save
   * or a new leader: the read gives the same state). `why` names the waiter in the warning.
   */
  private async catchUp(rev: number, why: string): Promise<void> {
    const stallMs = this.opts.watchStallMs ?? WATCH_STALL_MS;
    const giveUpAt = Date.now() + 12 * stallMs;
    for (;;) {
      const seen = this.seenRevision;
      const received = this.receivedRevision;
      try {
        return await this.waitForRevision(rev, stallMs);
      } catch (e) {
        if (!(e instanceof WatchBehindError)) throw e;
      }
      const moving = this.seenRevision > seen || this.receivedRevision > received;
      if (moving && Date.now() < giveUpAt) continue;
      this.warn(
        `${why}: the etcd watch is at revision ${this.seenRevision} (received ${this.receivedRevision}), not ${rev}, ${moving ? 'and catching up too slowly' : `and brought nothing for ${stallMs} ms`}; reading the store at its current revision instead`,
      );
      await this.enqueue(() => this.resync());
      if (this.seenRevision >= rev) return;
      throw new EtcdStoreError(`${why}: reading the store again gave revision ${this.seenRevision}, older than ${rev}`);
    }
  }

  private wakeRevisionWaiters(): void {
    for (const w of [...this.revisionWaiters]) {
      if (this.seenRevision < w.rev) continue;
      this.revisionWaiters.splice(this.revisionWaiters.indexOf(w), 1);
      w.resolve();
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Writing

  /**
   * This runner leads from now on: its changes are written through, fenced on the leader key. `since` is
   * the revision it was elected at: the working set first catches up to it (every write of the previous
   * leader is in), so the new leader starts from the store's state.
   */
  async startWriting(fence: Fence | undefined, since?: number): Promise<void> {
    if (since !== undefined) await this.catchUp(since, 'taking the leadership');
    this.fence = fence;
    this.fenced = undefined;
    this.outbox.clear();
    this.uncertain.clear();
    this.writing = true;
  }

  /** Not the leader any more: nothing more is written (what was not committed is dropped). */
  stopWriting(): void {
    this.writing = false;
    this.fence = undefined;
    this.outbox.clear();
    this.uncertain.clear();
  }

  /** A change of the working set: recorded (the newest state per key) and committed soon. */
  private onLocalChange(ev: WatchEvent): void {
    if (this.applyingExternal || !this.writing) return;
    const api = this.store!.api(ev.gvk);
    if (!api) return;
    const key = objectKey(this.config.prefix, api, ev.object.metadata.namespace, ev.object.metadata.name ?? '');
    this.outbox.set(key, ev.type === 'DELETED' ? { kind: 'delete', key } : { kind: 'put', key, object: ev.object });
    this.scheduleFlush();
  }

  /** Registrations that changed (and objects of unregistered APIs) join the outbox. */
  private collectApiChanges(): Pending[] {
    const store = this.store!;
    const out: Pending[] = [];
    if (store.removedBuckets.size > 0) {
      for (const b of store.removedBuckets.values()) {
        const folder = apiKeyPrefix(this.config.prefix, b.api);
        for (const [key, k] of this.known) if (k.exists && key.startsWith(folder) && !this.outbox.has(key)) this.outbox.set(key, { kind: 'delete', key });
      }
      store.removedBuckets.clear();
    }
    if (!store.apisDirty) return out;
    const wanted = new Map<string, string>();
    for (const b of store.allBuckets()) {
      if (b.builtin) continue;
      wanted.set(registrationKey(this.config.prefix, b.api.group, b.api.kind), JSON.stringify({ choreoAPI: b.api.choreoAPI, crd: b.crd }));
    }
    for (const [key, value] of wanted) {
      if (this.registrations.get(key) !== value) out.push({ kind: 'put', key, value });
    }
    for (const key of this.registrations.keys()) if (!wanted.has(key)) out.push({ kind: 'delete', key });
    store.apisDirty = false;
    return out;
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.flushing) return;
    this.flushTimer = setImmediate(() => {
      this.flushTimer = undefined;
      this.kick();
    });
  }

  private kick(): void {
    if (this.flushing || !this.writing) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = undefined;
      if (this.writing && this.outbox.size > 0) this.scheduleFlush();
    });
  }

  private async flushLoop(): Promise<void> {
    let backoff = 50;
    let regs = this.collectApiChanges();
    while (this.writing && !this.closed && (regs.length > 0 || this.outbox.size > 0)) {
      try {
        await this.enqueue(() => this.commitBatch(regs));
        regs = this.collectApiChanges();
        backoff = 50;
      } catch (e) {
        if (this.closed) return;
        if (e instanceof EtcdStoreError) throw e;
        // etcd unreachable: retry (the lease decides whether we still lead)
        this.warn(`etcd write failed (${(e as Error).message}); retrying`);
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(1000, backoff * 2);
      }
    }
  }

  /** The mod revision the working set's copy of `key` is based on (0: the key does not exist). */
  private expected(key: string): number {
    const k = this.known.get(key);
    return k?.exists ? k.rev : 0;
  }

  /** One txn: `regs` (all of them) and as many outbox entries as fit. */
  private async commitBatch(regs: Pending[]): Promise<void> {
    if (!this.writing) return;
    const batch: Pending[] = [];
    let bytes = 0;
    const add = (p: Pending): boolean => {
      if (p.kind === 'put') p.value ??= encodeObject(p.object!);
      const size = 3 * p.key.length + 32 + (p.kind === 'put' ? Buffer.byteLength(p.value!) : 0);
      if (size > MAX_VALUE_BYTES) {
        this.failure = new EtcdStoreError(`${p.key}: the object is ${size} bytes; etcd takes at most 1.5 MiB per request (--max-request-bytes), so it cannot be stored`);
        this.warn(this.failure.message);
        return true; // dropped: it can never be written
      }
      if (batch.length > 0 && (batch.length >= this.maxObjects || bytes + size > this.maxTxnBytes)) return false;
      batch.push(p);
      bytes += size;
      return true;
    };
    for (const p of regs) {
      if (add(p)) continue;
      this.store!.apisDirty = true; // the rest go in the next txn
      break;
    }
    for (const [key, p] of this.outbox) {
      if (!add(p)) break;
      this.outbox.delete(key);
    }
    if (batch.length === 0) return;
    const c = this.client;
    let cmp = this.fence ? c.if(this.fence.key, 'Create', '==', this.fence.createRevision) : undefined;
    for (const p of batch) cmp = cmp ? cmp.and(p.key, 'Mod', '==', this.expected(p.key)) : c.if(p.key, 'Mod', '==', this.expected(p.key));
    const ops = batch.map((p) => (p.kind === 'put' ? c.put(p.key).value(p.value!) : c.delete().key(p.key)));
    const reads = [...(this.fence ? [c.get(this.fence.key)] : []), ...batch.map((p) => c.get(p.key))];
    let res: ITxnResponse;
    try {
      res = await cmp!.then(...ops).else(...reads).commit();
    } catch (e) {
      const limit = refusedLimit(e);
      if (limit && batch.length > 1) {
        // etcd refused the txn as a whole before running it (nothing was written): smaller txns from now on
        if (limit === 'operations') this.maxObjects = Math.max(1, Math.floor(batch.length / 2));
        else this.maxTxnBytes = Math.max(1, Math.floor(bytes / 2));
        this.requeue(batch);
        return;
      }
      if (limit) {
        this.failure = new EtcdStoreError(`${batch[0]!.key}: etcd refused to store it alone (${(e as Error).message}); check etcd's --max-request-bytes`);
        this.warn(this.failure.message);
        return; // dropped: it can never be written
      }
      // no answer: the txn may still have committed (etcd shows it later, through the watch or a failed compare)
      for (const p of batch) this.uncertain.set(p.key, p.kind === 'put' ? p.value! : null);
      this.requeue(batch);
      throw e;
    }
    if (res.succeeded) {
      this.committed(batch, Number(res.header.revision));
      return;
    }
    const ranges = res.responses.map((r) => r.response_range?.kvs?.[0]);
    if (this.fence) {
      const leader = ranges.shift();
      if (!leader || leader.create_revision !== this.fence.createRevision) {
        const why = leader ? 'another runner holds the leader key' : 'the leader key is gone (the lease expired)';
        this.stopWriting();
        this.fenced = `a write was refused: ${why}`;
        this.opts.onFenced?.(`a write was refused: ${why}`);
        return;
      }
    }
    const retry: Pending[] = [];
    for (const [i, p] of batch.entries()) {
      const kv = ranges[i];
      const current = kv ? Number(kv.mod_revision) : 0;
      if (current === this.expected(p.key)) {
        retry.push(p);
        continue;
      }
      const ours = p.kind === 'put' ? kv !== undefined && kv.value.toString() === p.value : kv === undefined;
      if (ours) {
        // An earlier attempt of this very txn did commit (its answer was lost and the client retried it).
        this.committed([p], current || this.seenRevision);
        continue;
      }
      if (this.isOwnUncertainWrite(p.key, kv)) {
        // an earlier write of ours to this key committed (its answer was lost); this newer one goes on top of it
        this.uncertain.delete(p.key);
        this.known.set(p.key, { rev: current, exists: kv !== undefined });
        retry.push(p);
        continue;
      }
      // Someone else changed the key since the working set read it: their version wins (the watch would bring it too).
      this.warn(`${this.conflictText(p.key)} (this runner's write was based on revision ${this.expected(p.key) || '(none: a create)'}; etcd has ${current ? `revision ${current}` : 'no object'})`);
      this.known.set(p.key, { rev: current, exists: kv !== undefined });
      if (p.key.startsWith(registrationsPrefix(this.config.prefix))) continue;
      this.applyingExternal = true;
      try {
        if (kv) this.store!.putExternal(decodeObject(kv.value.toString(), kv.mod_revision, p.key));
        else {
          const at = this.objectAt(p.key);
          if (at) this.store!.removeExternal(at.api, at.namespace, at.name);
        }
      } finally {
        this.applyingExternal = false;
      }
    }
    this.requeue(retry);
  }

  private committed(batch: Pending[], revision: number): void {
    this.committedRevision = Math.max(this.committedRevision, revision);
    for (const p of batch) {
      this.uncertain.delete(p.key);
      this.known.set(p.key, { rev: revision, exists: p.kind === 'put' });
      if (p.key.startsWith(registrationsPrefix(this.config.prefix))) {
        if (p.kind === 'put') this.registrations.set(p.key, p.value!);
        else this.registrations.delete(p.key);
      } else if (p.kind === 'put' && p.object) this.store?.settleResourceVersion(p.object, String(revision));
    }
  }

  /** Puts entries back in the outbox unless a newer change of the same key is already waiting. */
  private requeue(batch: Pending[]): void {
    for (const p of batch) {
      if (p.key.startsWith(registrationsPrefix(this.config.prefix))) {
        this.store!.apisDirty = true;
        continue;
      }
      if (!this.outbox.has(p.key)) this.outbox.set(p.key, p);
    }
  }

  /** kube-apiserver's conflict text for the object (or registration) at `key`. */
  private conflictText(key: string): string {
    const at = this.objectAt(key);
    if (!at) return conflictError({ resource: 'keys', group: 'etcd' }, key).desc;
    const [resource, ...group] = at.api.split('.');
    return conflictError({ resource: resource!, group: group.join('.') }, at.name).desc;
  }

  /**
   * Resolves once every change made so far is committed, with the revision of the newest commit. Rejects
   * when a change can never be written (too large) or when this runner does not lead.
   */
  async sync(): Promise<number> {
    for (;;) {
      if (this.failure) {
        const f = this.failure;
        this.failure = undefined;
        throw f;
      }
      if (this.fenced) throw new EtcdStoreError(`this runner no longer leads: ${this.fenced}`);
      if (this.flushTimer) {
        clearImmediate(this.flushTimer);
        this.flushTimer = undefined;
      }
      if (this.flushing) {
        await this.flushing;
        continue;
      }
      if (this.writing && (this.outbox.size > 0 || this.store?.apisDirty || (this.store?.removedBuckets.size ?? 0) > 0)) {
        this.kick();
        continue;
      }
      return Math.max(this.committedRevision, this.seenRevision);
    }
  }

  /**
   * Persistence.save: every change committed, the watch caught up, then `prepare` runs while the working
   * set holds exactly etcd's state at one revision (watch events wait), and its attachments are written to
   * their places under the project's `.choreo/` (they are local files: the store itself is etcd).
   */
  async save(_store: MemoryApiStore, options: SaveOptions): Promise<void> {
    const rev = await this.sync();
    await this.catchUp(rev, 'saving');
    await this.enqueue(async () => {
      const at: CommitPoint = { revision: this.seenRevision };
      const attachments = (await options.prepare?.(at)) ?? [];
      if (attachments.length > 0 && !this.opts.localDbDir) throw new EtcdStoreError('a save with attachments needs localDbDir');
      for (const a of attachments) await writeChunksAtomic(path.resolve(this.opts.localDbDir!, a.file), attachmentPieces(a));
    });
  }

  private enqueue<T>(fn: () => T | Promise<T>): Promise<T> {
    const next = this.serial.then(fn, fn);
    this.serial = next.catch(() => undefined);
    return next;
  }

  private warn(line: string): void {
    this.opts.onWarning?.(line);
  }

  /** Stops watching and writing. The client stays open (its owner closes it). */
  async close(): Promise<void> {
    this.closed = true;
    this.stopWriting();
    this.unwatchStore?.();
    if (this.flushTimer) clearImmediate(this.flushTimer);
    const w = this.watcher;
    this.watcher = undefined;
    await w?.cancel().catch(() => undefined);
  }
}

/**
 * What etcd holds under the store's prefix at one revision, as a store of its own that follows nothing and
 * writes nothing: for the commands that read a project's store without running it (`choreo get`,
 * `api-resources`, `run deps`).
 */
export async function readEtcdStore(config: EtcdStoreConfig): Promise<MemoryApiStore> {
  const client = await connectEtcd(config);
  const reader = new EtcdStore(client, config);
  try {
    return await reader.open({ follow: false });
  } finally {
    await reader.close();
    client.close();
  }
}
