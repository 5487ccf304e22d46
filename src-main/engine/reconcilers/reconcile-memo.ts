// Incremental reruns: a reconcile that changed nothing is remembered with everything it read, so the next run
// can skip it when all of that reads the same again (issue 11). Starlark is deterministic and a reconcile sees
// the world only through the store (every host builtin goes through it), so the same code reading the same
// objects makes the same writes; if those writes were no-ops on the same stored objects, they are no-ops
// again. What the skipped reconcile still owes the run is replayed from the memo: its outcome (stop, requeue,
// requeue after), its `print` lines and its field-provenance records.
//
// Sound by construction ("verifying traces", as build systems do): a memo entry is the ordered list of the
// reads the reconcile made, each with a fingerprint of what it got. Checking replays the reads in order; as
// long as they agree, the code would have made exactly the same next read, so agreement on all of them means
// the same run of the code. Writes count as reads of the object written (a no-op apply depends on the live
// object). What the store's reads do not cover is in the entry's key: the reconciler's code and definition,
// every library, the registered APIs (schemas, defaults), the profile and the step budget.
//
// Only reconciles with no effective write, no store error and a non-error outcome are remembered: a run once
// ends when every reconcile is such a no-op, so after one run every object has an entry, and the next run
// only executes the reconciles whose reads changed (an edited input, and what its changes reach).
import { hash } from 'node:crypto';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import type { WriteRecord } from '../../../src-shared/insight/provenance.js';
import type { RecordShape, StoredWrite } from '../provenance/recorder.js';
import type { ApiRef, ApiStore, ApplyOptions, DeleteOptions, ListOptions, ReadOptions, RegisteredApi, SaveOptions, WatchListener, WatchOptions, WriteOptions, WriteResult } from '../store/types.js';
import type { ReconcileOutcome } from './outcome.js';
import { isStoreError } from '../store/errors.js';

/** One read of a reconcile and the fingerprint of its answer. */
export type MemoRead =
  /** an object by API, namespace and name (get, tryGet, a write's target); fingerprint '-' when absent */
  | { op: 'obj'; api: ApiRef; ns: string; name: string; fp: string }
  | { op: 'list'; api: ApiRef; opts?: ListOptions; fp: string }
  | { op: 'owned'; uid: string; fp: string }
  | { op: 'size'; fp: string };

/**
 * A read as the reconcile made it: the answer itself, by reference (stored objects are replaced on write, never
 * mutated), fingerprinted only when the reconcile is remembered. Most reconciles that run write something, and
 * their reads are never needed.
 */
export type TracedRead =
  | { op: 'obj'; api: ApiRef; ns: string; name: string; got: KrmObject | undefined }
  | { op: 'list'; api: ApiRef; opts?: ListOptions; got: KrmObject[] }
  | { op: 'owned'; uid: string; got: KrmObject[] }
  | { op: 'size'; fp: string };

function fingerprinted(r: TracedRead): MemoRead {
  switch (r.op) {
    case 'obj':
      return { op: 'obj', api: r.api, ns: r.ns, name: r.name, fp: fingerprint(r.got) };
    case 'list':
      return { op: 'list', api: r.api, ...(r.opts ? { opts: r.opts } : {}), fp: listFingerprint(r.got) };
    case 'owned':
      return { op: 'owned', uid: r.uid, fp: listFingerprint(r.got) };
    case 'size':
      return r;
  }
}

/** A remembered reconcile as a hit hands it back: provenance as stored records or as this run's handles. */
export interface MemoHit {
  outcome: Outcome;
  prints: string[];
  provenance?: Array<[string, WriteRecord | object]>;
}

type Outcome = Exclude<ReconcileOutcome, { kind: 'error' }>;

/**
 * A chunk of a memo file (memo-file.ts), compact because the memo has an entry per reconciled object: API
 * references and provenance records (which differ between objects only in their trigger) are kept once per
 * chunk in tables that its entries index.
 */
export interface MemoTables {
  /** API references (reads) and trigger identities ([apiVersion, kind]) as JSON values. */
  refs: unknown[];
  /** Provenance records without their trigger (the entry's object is the trigger of all its records). */
  records: Array<Omit<WriteRecord, 'trigger'>>;
}

/** A chunk as read: its name (memo-file.ts writes an unchanged chunk again by name) and its entries by `namespace/name`. */
export interface MemoChunk extends MemoTables {
  name: string;
  entries: Record<string, StoredEntry>;
}

/** The memo the last run left: reconciler name → the key of its code and definition, and its chunks. */
export type LoadedMemo = Record<string, { key: string; chunks: MemoChunk[] }>;

/** An entry the next run gets: kept as read (with its chunk) or made by this run (indexing `tables`). */
export interface EntryOut {
  entry: StoredEntry;
  tables: MemoTables;
  chunk?: MemoChunk;
}

/** One remembered reconcile as stored. */
export interface StoredEntry {
  /** reads: [0, ref, ns, name, fp] object; [1, ref, list options JSON, fp] list; [2, uid, fp] owned; [3, fp] size */
  r: StoredRead[];
  /** outcome, absent for `stop` */
  o?: Outcome;
  /** print lines */
  p?: string[];
  /** provenance: the trigger's [apiVersion, kind] ref, then [object key, record] per write */
  w?: [number, Array<[string, number]>];
}

type StoredRead = [0, number, string, string, string] | [1, number, string, string] | [2, string, string] | [3, string];

/** Bumped whenever what a reconcile can observe, or how an entry is written, changes. */
export const MEMO_FORMAT = 2;

/** The fingerprint of a stored object: a hash of its JSON, cached per object (stored objects are never mutated). */
const fingerprints = new WeakMap<object, string>();
export function fingerprint(obj: KrmObject | undefined): string {
  if (!obj) return '-';
  let fp = fingerprints.get(obj);
  if (fp === undefined) {
    // the one-shot hash: createHash's object and stream cost several times the hashing of a 1.5 KB object
    fp = hash('sha1', JSON.stringify(obj), 'base64');
    fingerprints.set(obj, fp);
  }
  return fp;
}

function listFingerprint(objs: KrmObject[]): string {
  let text = '';
  for (const o of objs) text += fingerprint(o);
  return `${objs.length}:${hash('sha1', text, 'base64')}`;
}

export function hashText(text: string): string {
  return hash('sha1', text, 'base64');
}

/** backends/install.ts's mark on a store with backends installed (a global symbol: no import of the backends). */
const BACKENDS = Symbol.for('choreo.backends');

const FULL: ReadOptions = { readOnly: true, showManagedFields: true };

/** What a read answers now, fingerprinted the way it was recorded. */
function answer(store: ApiStore, r: MemoRead): string {
  switch (r.op) {
    case 'obj':
      return fingerprint(store.tryGet(r.api, r.ns, r.name, FULL));
    case 'list':
      return listFingerprint(store.list(r.api, { ...r.opts, ...FULL }));
    case 'owned':
      return listFingerprint(store.ownedBy(r.uid, FULL));
    case 'size':
      return String(store.size());
  }
}

/** The reads, writes and output of the reconcile in progress. */
export class ReconcileTrace {
  /** The reads until the trace is spoiled (after that, no read is kept: the reconcile will not be remembered). */
  readonly reads: TracedRead[] = [];
  readonly prints: string[] = [];
  /** Provenance handles noted by this reconcile, in order, with their object keys. */
  readonly provenance: Array<[string, object]> = [];
  /** A write changed the store, or something failed: the reconcile is not remembered. */
  spoiled = false;
}

/** Tables that intern what this run's entries reference. */
class Tables implements MemoTables {
  readonly refs: unknown[] = [];
  readonly records: MemoTables['records'] = [];
  private readonly refIndex = new Map<string, number>();
  private readonly recordIndex = new Map<string, number>();
  /** The index of each ApiRef object seen (the same objects come back in every read of a reconciler). */
  private readonly refObjects = new WeakMap<object, number>();
  /** The index of each record shape seen (the recorder makes each shape once per run). */
  private readonly recordObjects = new WeakMap<RecordShape, number>();

  ref(v: unknown): number {
    const o = typeof v === 'object' && v !== null ? this.refObjects.get(v) : undefined;
    if (o !== undefined) return o;
    const k = JSON.stringify(v);
    let i = this.refIndex.get(k);
    if (i === undefined) this.refIndex.set(k, (i = this.refs.push(v) - 1));
    if (typeof v === 'object' && v !== null) this.refObjects.set(v, i);
    return i;
  }

  record(shape: RecordShape): number {
    let i = this.recordObjects.get(shape);
    if (i !== undefined) return i;
    const k = JSON.stringify(shape);
    i = this.recordIndex.get(k);
    if (i === undefined) this.recordIndex.set(k, (i = this.records.push(shape) - 1));
    this.recordObjects.set(shape, i);
    return i;
  }
}

function decodeRead(t: MemoTables, r: StoredRead): MemoRead {
  switch (r[0]) {
    case 0:
      return { op: 'obj', api: t.refs[r[1]] as ApiRef, ns: r[2], name: r[3], fp: r[4] };
    case 1:
      return { op: 'list', api: t.refs[r[1]] as ApiRef, ...(r[2] ? { opts: JSON.parse(r[2]) as ListOptions } : {}), fp: r[3] };
    case 2:
      return { op: 'owned', uid: r[1], fp: r[2] };
    case 3:
      return { op: 'size', fp: r[1] };
  }
}

function encodeRead(t: Tables, r: MemoRead): StoredRead {
  switch (r.op) {
    case 'obj':
      return [0, t.ref(r.api), r.ns, r.name, r.fp];
    case 'list':
      return [1, t.ref(r.api), r.opts && Object.keys(r.opts).length ? JSON.stringify(r.opts) : '', r.fp];
    case 'owned':
      return [2, r.uid, r.fp];
    case 'size':
      return [3, r.fp];
  }
}

/**
 * The entry with its table indexes mapped (memo-file.ts: the file keeps small tables per chunk, the memo one
 * table for all); `ref` and `record` map an index of one table to the other's.
 */
export function remapEntry(e: StoredEntry, ref: (i: number) => number, record: (i: number) => number): StoredEntry {
  // `ref` and `record` are called in the order the entry uses its indexes (a chunk's tables follow it); the
  // entry itself is returned when no index moves (the usual case: ~0.5 s of copies at 100,000 entries)
  let r: StoredRead[] | undefined;
  e.r.forEach((x, n) => {
    if (x[0] !== 0 && x[0] !== 1) return;
    const j = ref(x[1]);
    if (j !== x[1]) (r ??= e.r.slice())[n] = x[0] === 0 ? [0, j, x[2], x[3], x[4]] : [1, j, x[2], x[3]];
  });
  let w = e.w;
  if (w) {
    const trigger = ref(w[0]);
    let writes: Array<[string, number]> | undefined;
    w[1].forEach(([key, i], n) => {
      const j = record(i);
      if (j !== i) (writes ??= w![1].slice())[n] = [key, j];
    });
    if (trigger !== w[0] || writes) w = [trigger, writes ?? w[1]];
  }
  return r || w !== e.w ? { ...e, ...(r ? { r } : {}), ...(w ? { w } : {}) } : e;
}

/** A stored entry's provenance as records, with the trigger the reconcile of `objectKey` gives them. */
function decodeProvenance(t: MemoTables, w: NonNullable<StoredEntry['w']>, objectKey: string): Array<[string, WriteRecord]> {
  const [apiVersion, kind] = t.refs[w[0]] as [string, string];
  const slash = objectKey.indexOf('/');
  const trigger = { apiVersion, kind, namespace: objectKey.slice(0, slash), name: objectKey.slice(slash + 1) };
  return w[1].map(([key, i]) => {
    const { reconciler, via, callStack, appliedAt, fields } = t.records[i]!;
    // the key order of a recorded WriteRecord (recorder.ts), so the provenance file is the same byte for byte
    return [key, { reconciler, via, trigger, callStack, ...(appliedAt ? { appliedAt } : {}), fields }];
  });
}

/** A reconcile this run ran and remembers: its reads fingerprinted, its output and outcome. */
interface RanEntry {
  reads: MemoRead[];
  prints: string[];
  provenance: Array<[string, object]>;
  outcome: Outcome;
}

/** What this run learnt about one object: a reconcile it ran, or a remembered one that still held. */
type NextEntry = { stored: StoredEntry; chunk: MemoChunk } | RanEntry;

/**
 * The memo of one reconciler: the entries the previous run left (valid for this code) and those this run
 * makes. A hit is checked against the store as it is now.
 */
export class ReconcilerMemo {
  /** The entries the run ends with (written back by MemoBook.serialize). */
  readonly next = new Map<string, NextEntry>();
  hits = 0;
  misses = 0;
  /** The previous run's entries: object key → its chunk. */
  private readonly previous = new Map<string, MemoChunk>();

  constructor(
    private readonly tables: Tables,
    chunks: MemoChunk[],
    readonly key: string,
  ) {
    for (const c of chunks) for (const k of Object.keys(c.entries)) this.previous.set(k, c);
  }

  /**
   * The remembered reconcile of `objectKey` (`namespace/name`) when every read it made answers the same now;
   * with `provenance`, only one that kept its provenance records.
   */
  lookup(store: ApiStore, objectKey: string, provenance: boolean): MemoHit | undefined {
    let e: NextEntry | undefined = this.next.get(objectKey);
    if (!e) {
      const chunk = this.previous.get(objectKey);
      if (chunk) e = { stored: chunk.entries[objectKey]!, chunk };
    }
    if (e && this.holds(store, e, provenance)) {
      this.hits++;
      this.next.set(objectKey, e);
      if (!('stored' in e)) return { outcome: e.outcome, prints: e.prints, provenance: e.provenance };
      const s = e.stored;
      return { outcome: s.o ?? { kind: 'stop' }, prints: s.p ?? [], ...(s.w ? { provenance: decodeProvenance(e.chunk, s.w, objectKey) } : {}) };
    }
    this.misses++;
    return undefined;
  }

  private holds(store: ApiStore, e: NextEntry, provenance: boolean): boolean {
    if (!('stored' in e)) return e.reads.every((r) => answer(store, r) === r.fp);
    if (provenance && !e.stored.w) return false;
    const chunk = e.chunk;
    return e.stored.r.every((r) => {
      const read = decodeRead(chunk, r);
      return answer(store, read) === read.fp;
    });
  }

  /** The reconcile of `objectKey` ran: remember it (a clean no-op) or forget what was known. */
  ran(objectKey: string, trace: ReconcileTrace, outcome: ReconcileOutcome): void {
    if (trace.spoiled || outcome.kind === 'error') this.next.delete(objectKey);
    else this.next.set(objectKey, { reads: trace.reads.map(fingerprinted), prints: trace.prints, provenance: trace.provenance, outcome });
  }

  /** The entries for the next run: those kept as read, with their chunk, and this run's, encoded. */
  stored(recordOf: RecordOf | undefined): Array<[string, EntryOut]> {
    const t = this.tables;
    const out: Array<[string, EntryOut]> = [];
    for (const [k, e] of this.next) {
      if ('stored' in e) {
        out.push([k, { entry: e.stored, tables: e.chunk, chunk: e.chunk }]);
        continue;
      }
      const { reads, prints, provenance, outcome } = e;
      const records = recordOf ? provenance.map(([key, h]) => [key, recordOf(h)] as const) : [];
      // every record of a reconcile has the reconcile's object as trigger
      const trigger = records[0]?.[1].record.trigger;
      const entry: StoredEntry = {
        r: reads.map((r) => encodeRead(t, r)),
        ...(outcome.kind !== 'stop' ? { o: outcome } : {}),
        ...(prints.length ? { p: prints } : {}),
        ...(recordOf ? { w: [t.ref(trigger ? [trigger.apiVersion, trigger.kind] : ['', '']), records.map(([key, rec]) => [key, t.record(rec.shape)] as [string, number])] } : {}),
      };
      out.push([k, { entry, tables: t }]);
    }
    return out;
  }
}

/** Turns a provenance handle into its stored record and shape (the recorder's job; injected to keep this module small). */
export type RecordOf = (handle: object) => StoredWrite;

/** The memos of every reconciler of a run, read from and written to one file. */
export class MemoBook {
  private readonly memos = new Map<string, ReconcilerMemo>();
  /** What this run's entries reference. */
  private readonly tables = new Tables();

  constructor(private readonly loaded: LoadedMemo | undefined) {}

  /** The memo of a reconciler whose code and definition hash to `key` (empty when they changed). */
  memo(reconciler: string, key: string): ReconcilerMemo {
    let m = this.memos.get(reconciler);
    if (!m) {
      const prev = this.loaded?.[reconciler];
      m = new ReconcilerMemo(this.tables, prev && prev.key === key ? prev.chunks : [], key);
      this.memos.set(reconciler, m);
    }
    return m;
  }

  stats(): { hits: number; misses: number } {
    let hits = 0;
    let misses = 0;
    for (const memo of this.memos.values()) {
      hits += memo.hits;
      misses += memo.misses;
    }
    return { hits, misses };
  }

  /** The entries for the next run by reconciler; `recordOf` turns this run's provenance handles into records (undefined: none). */
  serialize(recordOf: RecordOf | undefined): Record<string, { key: string; entries: Array<[string, EntryOut]> }> {
    const out: Record<string, { key: string; entries: Array<[string, EntryOut]> }> = {};
    for (const [name, memo] of this.memos) out[name] = { key: memo.key, entries: memo.stored(recordOf) };
    return out;
  }
}

/**
 * The store as one reconciler sees it: every call goes to the real store; while a trace is set (and not
 * spoiled), reads are kept in it and writes are checked for effect.
 */
export class TracingStore implements ApiStore {
  trace: ReconcileTrace | undefined;
  /** Groups whose writes have effects beyond the store (the `-r` backends, backends/install.ts). */
  private readonly hooked: ReadonlySet<string> | undefined;

  constructor(private readonly inner: ApiStore) {
    this.hooked = (inner as { [BACKENDS]?: { groups: ReadonlySet<string> } })[BACKENDS]?.groups;
  }

  get clock() {
    return this.inner.clock;
  }

  /** The trace that keeps reads: none once a write spoiled it. */
  private get reading(): ReconcileTrace | undefined {
    const t = this.trace;
    return t && !t.spoiled ? t : undefined;
  }

  private obj(api: ApiRef, ns: string, name: string): void {
    this.reading?.reads.push({ op: 'obj', api, ns, name, got: this.inner.tryGet(api, ns, name, FULL) });
  }

  /** A write went through: a changed store spoils the trace, a no-op reads its target. */
  private wrote(res: WriteResult, api: ApiRef): WriteResult {
    const t = this.trace;
    if (!t) return res;
    if (res.changed || res.deleted || (this.hooked && this.hooked.has(typeof api === 'string' ? (this.inner.api(api)?.group ?? '') : api.group))) t.spoiled = true;
    else this.obj(api, res.object.metadata?.namespace ?? '', res.object.metadata?.name ?? '');
    return res;
  }

  private failed(e: unknown): never {
    if (this.trace) this.trace.spoiled = true;
    throw e;
  }

  registerApi(crd: KrmObject, opts?: { choreoAPI?: boolean }): RegisteredApi {
    if (this.trace) this.trace.spoiled = true;
    return this.inner.registerApi(crd, opts);
  }

  apis(): RegisteredApi[] {
    return this.inner.apis();
  }

  api(ref: ApiRef): RegisteredApi | undefined {
    return this.inner.api(ref);
  }

  // A read-only read answers with the stored objects, as a traced read does: one query serves both (a list
  // is handed back as a copy: the trace keeps its own).

  get(api: ApiRef, namespace: string, name: string, opts?: ReadOptions): KrmObject {
    const t = this.reading;
    if (t && opts?.readOnly) {
      const got = this.inner.tryGet(api, namespace, name, FULL);
      t.reads.push({ op: 'obj', api, ns: namespace, name, got });
      if (got) return got;
    } else this.obj(api, namespace, name);
    return this.inner.get(api, namespace, name, opts);
  }

  tryGet(api: ApiRef, namespace: string, name: string, opts?: ReadOptions): KrmObject | undefined {
    const t = this.reading;
    if (t && opts?.readOnly) {
      const got = this.inner.tryGet(api, namespace, name, FULL);
      t.reads.push({ op: 'obj', api, ns: namespace, name, got });
      return got;
    }
    this.obj(api, namespace, name);
    return this.inner.tryGet(api, namespace, name, opts);
  }

  list(api: ApiRef, opts?: ListOptions): KrmObject[] {
    const t = this.reading;
    if (!t) return this.inner.list(api, opts);
    const { namespace, labelSelector } = opts ?? {};
    const shape: ListOptions = { ...(namespace !== undefined ? { namespace } : {}), ...(labelSelector ? { labelSelector } : {}) };
    const got = this.inner.list(api, { ...shape, ...FULL });
    t.reads.push({ op: 'list', api, opts: shape, got });
    return opts?.readOnly ? got.slice() : this.inner.list(api, opts);
  }

  ownedBy(ownerUid: string, opts?: ReadOptions): KrmObject[] {
    const t = this.reading;
    if (!t) return this.inner.ownedBy(ownerUid, opts);
    const got = this.inner.ownedBy(ownerUid, FULL);
    t.reads.push({ op: 'owned', uid: ownerUid, got });
    return opts?.readOnly ? got.slice() : this.inner.ownedBy(ownerUid, opts);
  }

  size(): number {
    const n = this.inner.size();
    this.reading?.reads.push({ op: 'size', fp: String(n) });
    return n;
  }

  apply(obj: KrmObject, opts: ApplyOptions): WriteResult {
    try {
      return this.wrote(this.inner.apply(obj, opts), apiOf(obj));
    } catch (e) {
      return this.failed(e);
    }
  }

  create(obj: KrmObject, opts?: WriteOptions): WriteResult {
    try {
      return this.wrote(this.inner.create(obj, opts), apiOf(obj));
    } catch (e) {
      return this.failed(e);
    }
  }

  update(obj: KrmObject, opts?: WriteOptions): WriteResult {
    try {
      return this.wrote(this.inner.update(obj, opts), apiOf(obj));
    } catch (e) {
      return this.failed(e);
    }
  }

  updateStatus(obj: KrmObject, opts?: WriteOptions): WriteResult {
    try {
      return this.wrote(this.inner.updateStatus(obj, opts), apiOf(obj));
    } catch (e) {
      return this.failed(e);
    }
  }

  delete(api: ApiRef, namespace: string, name: string, opts?: DeleteOptions): WriteResult {
    try {
      return this.wrote(this.inner.delete(api, namespace, name, opts), api);
    } catch (e) {
      // deleting what is gone is an answer that depends on it being gone (children.ts ignores it)
      if (isStoreError(e, 'NotFound')) {
        this.obj(api, namespace, name);
        throw e;
      }
      return this.failed(e);
    }
  }

  watch(listener: WatchListener, opts?: WatchOptions): () => void {
    return this.inner.watch(listener, opts);
  }

  save(options?: SaveOptions): Promise<void> {
    return this.inner.save(options);
  }
}

/** The API an object to write names (its apiVersion and kind, as the store finds it). */
function apiOf(obj: KrmObject): ApiRef {
  const av = typeof obj?.apiVersion === 'string' ? obj.apiVersion : '';
  const i = av.indexOf('/');
  return { group: i < 0 ? '' : av.slice(0, i), version: i < 0 ? av : av.slice(i + 1), kind: typeof obj?.kind === 'string' ? obj.kind : '' };
}
