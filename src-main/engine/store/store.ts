// The in-memory API store (engine.md §3): one bucket of objects per registered API, indexed by
// namespace/name and by owner uid, with Kubernetes metadata rules, validation, server-side apply,
// watch events and explicit persistence (save) into `.choreo/db`.
import {
  apiVersionOf,
  gvkString,
  parseApiVersion,
  type GroupVersionKind,
  type KrmObject,
} from '../../../src-shared/krm/object.js';
import { rfc3339 } from '../../../src-shared/krm/condition.js';
import { cloneJson, deepEqual } from '../apply/equal.js';
import { serverSideApply, SsaError } from '../apply/ssa.js';
import { withDefaults } from '../schema/defaults.js';
import { pruneUnknown } from '../schema/prune.js';
import { compileRootSchema, type SchemaNode } from '../schema/model.js';
import { validateMeta, validateMetaUpdate } from '../schema/objectmeta.js';
import { validateChanged, validateValue } from '../schema/validate.js';
import { validateRules } from '../schema/cel-rules.js';
import { builtinCrds } from './builtin-apis.js';
import { crdVersions } from './versions.js';
import { systemClock } from './clock.js';
import { randomUuidV4 } from './uuid.js';
import { StoreError } from './errors.js';
import type {
  ApiRef,
  ApiStore,
  ApplyOptions,
  Clock,
  DeleteOptions,
  ListOptions,
  Persistence,
  ReadOptions,
  RegisteredApi,
  SaveOptions,
  StoreOptions,
  WatchEvent,
  WatchListener,
  WatchOptions,
  WriteOptions,
  WriteResult,
} from './types.js';

/**
 * One served version of a registered API: the schema that objects read and written at that version are
 * checked against. Objects are kept at the bucket's (preferred) version; a view that `converts` rewrites
 * their apiVersion on the way in and out (kube-apiserver's `None` conversion).
 */
export interface ApiVersionView {
  bucket: ApiBucket;
  gvk: GroupVersionKind;
  apiVersion: string;
  root: SchemaNode;
  converts: boolean;
}

/** One registered API (one kind) and its objects. */
export interface ApiBucket {
  api: RegisteredApi;
  /** Schema of the preferred version (the version objects are kept at). */
  root: SchemaNode;
  /** `namespace/name` → stored object (never mutated in place; replaced on write). */
  objects: Map<string, KrmObject>;
  /** The preferred GVK: every stored object carries its apiVersion. */
  gvk: GroupVersionKind;
  /** `<group>/<Kind>`: one bucket per kind, whatever versions it serves. */
  key: string;
  /** Served version name → view (the preferred one included). */
  versions: Map<string, ApiVersionView>;
  /** The CRD that registered it (persisted so a reopened store knows the API). */
  crd: KrmObject;
  builtin: boolean;
  /** Keys in sorted order, rebuilt lazily after an insert or delete (lists are frequent). */
  sorted?: string[];
  /**
   * Per field manager, the fieldsV1 of its entry in the object stored last: the next object whose entry has
   * the same field set shares it (see sharingFieldSets).
   */
  lastFieldSets?: Map<string, unknown>;
}

/** The bucket's keys in sorted order (cached until the key set changes). */
export function sortedKeys(b: ApiBucket): string[] {
  if (!b.sorted) b.sorted = [...b.objects.keys()].sort();
  return b.sorted;
}

interface Listener {
  fn: WatchListener;
  bucketKey?: string;
  /** Set when the listener watches a served version other than the stored one: events are converted. */
  view?: ApiVersionView;
}

/** `<group>/<Kind>`, the key of a bucket. */
function groupKindKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}

/**
 * The object as seen at another served version: apiVersion rewritten, that version's defaults filled in
 * (what kube-apiserver does when it decodes a stored object for a client). A new top-level object.
 */
function convertForRead(obj: KrmObject, view: ApiVersionView): KrmObject {
  const out = { ...obj, apiVersion: view.apiVersion };
  return view.root.hasDefaults ? (withDefaults(out, view.root) as KrmObject) : out;
}

function objKey(ns: string | undefined, name: string | undefined): string {
  return `${ns ?? ''}/${name ?? ''}`;
}

/** Strips what Get/List hide unless managed fields are asked for (engine.md §3.3). */
export function publicCopy(obj: KrmObject, opts?: ReadOptions): KrmObject {
  if (opts?.readOnly) return obj;
  if (opts?.showManagedFields) return cloneJson(obj);
  const { managedFields: _m, resourceVersion: _r, generation: _g, ...meta } = obj.metadata;
  return cloneJson({ ...obj, metadata: meta });
}

/** Metadata that server-side apply always takes from the live object, never from the applied one (ssa.ts). */
const SERVER_META = new Set(['uid', 'creationTimestamp', 'resourceVersion', 'generation', 'deletionTimestamp', 'managedFields', 'selfLink']);

/**
 * The content of an applied object as far as server-side apply reads it (everything but SERVER_META), as
 * JSON text; undefined when it cannot be rendered (e.g. bigint values). Key order counts, so two texts
 * can differ for equal content: that only costs a full apply, never a wrong answer.
 */
export function appliedSignature(obj: KrmObject): string | undefined {
  const meta = obj.metadata as Record<string, unknown> | undefined;
  let shown: unknown = obj;
  if (meta && typeof meta === 'object' && !Array.isArray(meta)) {
    const m: Record<string, unknown> = {};
    for (const k of Object.keys(meta)) if (!SERVER_META.has(k)) m[k] = meta[k];
    shown = { ...obj, metadata: m };
  }
  try {
    return JSON.stringify(shown);
  } catch {
    return undefined;
  }
}

/**
 * What one field manager applied to get (or to confirm, as a no-op) one stored object: its signature
 * (appliedSignature) under the API's compiled schema at the time. Applying the same content again to
 * that very object is a no-op, because server-side apply is idempotent: every applied leaf already
 * holds the applied value (so nothing conflicts and the merge changes nothing), the manager's field
 * set is the same (so nothing is removed) and defaults only ever fill fields that are missing. The
 * memo is keyed by the stored object itself: every effective write replaces that object, which drops
 * the memo with it.
 */
interface ApplyMemo {
  manager: string;
  root: SchemaNode;
  /** appliedSignature of the applied object, or */
  signature?: string;
  /** the applied object itself, when the caller handed it over (ApplyOptions.handOver). */
  applied?: KrmObject;
}

/** Same content as far as apply reads it (appliedSignature's notion, without rendering anything). */
function sameApplied(a: KrmObject, b: KrmObject): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    const va = (a as Record<string, unknown>)[k];
    const vb = (b as Record<string, unknown>)[k];
    if (k === 'metadata' && isPlainObject(va) && isPlainObject(vb)) {
      let n = 0;
      for (const mk of Object.keys(va)) {
        if (SERVER_META.has(mk)) continue;
        n++;
        if (!Object.prototype.hasOwnProperty.call(vb, mk) || !deepEqual(va[mk], vb[mk])) return false;
      }
      for (const mk of Object.keys(vb)) if (!SERVER_META.has(mk)) n--;
      if (n !== 0) return false;
    } else if (!deepEqual(va, vb)) return false;
  }
  return true;
}

/**
 * The applied object as a memo keeps it (ApplyMemo.applied): what sameApplied compares, with every value
 * the stored object holds an equal copy of taken from the stored object instead, and without the
 * metadata apply never reads. Memos live as long as their objects, and a kept applied object was the
 * store's largest overhead (~560 bytes per object in the engine bench: its own metadata, owner references
 * and status, all equal to the stored ones). Sharing is safe: stored objects are never mutated.
 */
function appliedAsKept(applied: KrmObject, stored: KrmObject): KrmObject {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(applied)) {
    const v = (applied as Record<string, unknown>)[k];
    if (k === 'metadata' && isPlainObject(v) && isPlainObject(stored.metadata)) {
      const meta: Record<string, unknown> = {};
      for (const mk of Object.keys(v)) if (!SERVER_META.has(mk)) meta[mk] = sharedIfEqual(v[mk], stored.metadata[mk]);
      out[k] = meta;
    } else out[k] = sharedIfEqual(v, (stored as Record<string, unknown>)[k]);
  }
  return out as KrmObject;
}

function sharedIfEqual(value: unknown, stored: unknown): unknown {
  return deepEqual(value, stored) ? stored : value;
}

/**
 * `obj` with the fieldsV1 of each managedFields entry sharing what it can with its manager's last one in the
 * bucket: the whole field set or the subtrees that are the same JSON (same keys in the same order, so the
 * persisted text does not change). Objects written by one reconciler or loader mostly have the same field
 * sets (owner references' uids differ), and a fieldsV1 of its own was the largest part of a stored object
 * (~460 of ~1,500 bytes per object in the engine bench). Never mutates `obj` or its parts (it may be shared,
 * e.g. restored from a snapshot): new objects along the way to whatever is shared.
 */
function sharingFieldSets(b: ApiBucket, obj: KrmObject): KrmObject {
  const entries = obj.metadata?.managedFields;
  if (!Array.isArray(entries)) return obj;
  const last = (b.lastFieldSets ??= new Map());
  let shared: typeof entries | undefined;
  entries.forEach((e, i) => {
    if (!isPlainObject(e) || typeof e.manager !== 'string') return;
    const fields = sharingEqualParts(last.get(e.manager), e.fieldsV1);
    last.set(e.manager, fields);
    if (fields !== e.fieldsV1) (shared ??= [...entries])[i] = { ...e, fieldsV1: fields as typeof e.fieldsV1 };
  });
  return shared ? { ...obj, metadata: { ...obj.metadata, managedFields: shared } } : obj;
}

/** `value`, or `prev` when it is the same JSON, or a copy of `value` sharing the same-JSON members of `prev`. */
function sharingEqualParts(prev: unknown, value: unknown): unknown {
  if (sameJsonText(prev, value)) return prev;
  if (!isPlainObject(prev) || !isPlainObject(value)) return value;
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(prev, k)) continue;
    const v = sharingEqualParts(prev[k], value[k]);
    if (v !== value[k]) (out ??= { ...value })[k] = v;
  }
  return out ?? value;
}

/** Equal JSON data with the keys in the same order (what JSON.stringify would render identically). */
function sameJsonText(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameJsonText((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}


function equalIgnoringManagedFields(a: KrmObject, b: KrmObject): boolean {
  const { managedFields: _a, ...ma } = a.metadata;
  const { managedFields: _b, ...mb } = b.metadata;
  return deepEqual({ ...a, metadata: ma }, { ...b, metadata: mb });
}

export class MemoryApiStore implements ApiStore {
  readonly clock: Clock;
  readonly dbDir: string | undefined;
  /** Where save() commits to (the db folder's generations, or etcd); undefined: memory only. */
  readonly persistence: Persistence | undefined;
  private readonly newUid: () => string;
  private readonly conflictText: 'choreo' | 'kubernetes';
  private readonly buckets = new Map<string, ApiBucket>();
  /** `<plural>.<group>`, `<plural>`, `<group>/<Kind>` → bucket key */
  private readonly aliases = new Map<string, string>();
  /**
   * The served versions of the buckets, by apiVersion → kind and by group → version → kind: lookups on the
   * hot paths (every apply and get) without building a key string. Mirrors `buckets` exactly.
   */
  private readonly byApiVersion = new Map<string, Map<string, ApiVersionView>>();
  private readonly byGroup = new Map<string, Map<string, Map<string, ApiVersionView>>>();
  /**
   * owner uid → keys `<bucketKey>\u0000<ns>/<name>` of owned objects: the one key itself while there is one
   * (most owners own one object, and a Set per owner was ~280 bytes each), a Set from the second on.
   */
  private readonly ownerIndex = new Map<string, string | Set<string>>();
  private readonly listeners: Listener[] = [];
  /** Buckets changed since the last save (bucket key). */
  readonly dirty = new Set<string>();
  /**
   * Per dirty bucket, the keys (`namespace/name`) of the objects written or removed since it became dirty, so
   * a save rewrites only the chunks holding them (persist.ts); no entry for a dirty bucket: all of it changed.
   */
  readonly dirtyKeys = new Map<string, Set<string>>();
  /** API registrations changed since the last save. */
  apisDirty = false;
  private count = 0;
  private registeringBuiltins = true;
  /** Per stored object: the applies known to be no-ops on it (see ApplyMemo). */
  private readonly applyMemos = new WeakMap<KrmObject, ApplyMemo[]>();
  /** Stored objects that passed validation, with the schema they passed (restored ones are not here). */
  private readonly validatedUnder = new WeakMap<KrmObject, SchemaNode>();
  /** Applies answered by the no-op fast path (for tests and profiling). */
  fastNoOps = 0;
  /** The no-op fast path can be switched off (tests compare both ways). */
  applyFastPath = true;

  constructor(opts: StoreOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.newUid = opts.newUid ?? randomUuidV4;
    this.dbDir = opts.dbDir;
    this.persistence = opts.persistence ?? (opts.dbDir !== undefined ? dbPersistence(opts.dbDir) : undefined);
    this.conflictText = opts.conflictText ?? 'choreo';
    for (const crd of builtinCrds) this.registerApi(crd, { choreoAPI: true });
    this.registeringBuiltins = false;
  }

  // ---------------------------------------------------------------------------------------------
  // APIs

  registerApi(crd: KrmObject, opts?: { choreoAPI?: boolean }): RegisteredApi {
    const spec = (crd.spec ?? {}) as Record<string, any>;
    const name = crd.metadata?.name ?? '';
    const { versions, problems } = crdVersions(name, spec);
    if (!versions) throw new StoreError('InvalidArgument', problems.join('; '));
    const names = spec.names ?? {};
    if (!spec.group || !names.kind || !names.plural) {
      throw new StoreError('InvalidArgument', `invalid crd ${name}, spec.group, spec.names.kind and spec.names.plural are required`);
    }
    const preferred = versions.served[0]!;
    const api: RegisteredApi = {
      resource: names.plural,
      group: spec.group,
      version: preferred.name,
      kind: names.kind,
      listKind: names.listKind ?? `${names.kind}List`,
      namespaced: spec.scope === 'Namespaced',
      categories: Array.isArray(names.categories) ? names.categories : [],
      choreoAPI: opts?.choreoAPI ?? false,
      schema: preferred.schema,
      hasStatusSubresource: preferred.hasStatusSubresource,
      crdName: name,
      storageVersion: versions.storage,
      servedVersions: versions.served.map((v) => v.name),
    };
    const key = groupKindKey(api.group, api.kind);
    const prev = this.buckets.get(key);
    if (prev?.api.choreoAPI && !opts?.choreoAPI) {
      // internal APIs win over a CRD of the same kind (engine.md §3.1)
      return prev.api;
    }
    // the same CRD again (every load re-registers): keep the compiled schemas
    if (prev && prev.api.choreoAPI === api.choreoAPI && deepEqual(prev.crd.spec, crd.spec)) return prev.api;
    const gvk = { group: api.group, version: api.version, kind: api.kind };
    const bucket: ApiBucket = {
      api,
      root: compileRootSchema(preferred.schema),
      objects: prev?.objects ?? new Map(),
      gvk,
      key,
      versions: new Map(),
      crd,
      builtin: this.registeringBuiltins,
    };
    bucket.root = this.addVersionViews(bucket, versions.served.map((v) => ({ name: v.name, schema: v.schema })));
    if (prev) {
      this.unindexBucket(prev);
      // The preferred version moved (a version was added or removed): objects move with it.
      if (prev.api.version !== api.version) this.moveObjectsTo(bucket);
    }
    if (!bucket.builtin) this.apisDirty = true;
    this.buckets.set(key, bucket);
    this.indexBucket(bucket);
    this.aliases.set(`${api.resource}.${api.group}`, key);
    this.aliases.set(`${api.group}/${api.kind}`, key);
    if (!this.aliases.has(api.resource)) this.aliases.set(api.resource, key);
    return api;
  }

  /** Fills bucket.versions (one compiled schema per served version); returns the preferred version's root. */
  private addVersionViews(bucket: ApiBucket, served: { name: string; schema: unknown }[]): SchemaNode {
    for (const [i, v] of served.entries()) {
      const vgvk = { group: bucket.api.group, version: v.name, kind: bucket.api.kind };
      bucket.versions.set(v.name, {
        bucket,
        gvk: vgvk,
        apiVersion: apiVersionOf(vgvk),
        root: i === 0 ? bucket.root : compileRootSchema(v.schema),
        converts: i !== 0,
      });
    }
    return bucket.root;
  }

  /** Rewrites the apiVersion of every stored object to the bucket's version (no events: nothing changed). */
  private moveObjectsTo(b: ApiBucket): void {
    const apiVersion = apiVersionOf(b.gvk);
    for (const [k, o] of b.objects) if (o.apiVersion !== apiVersion) b.objects.set(k, { ...o, apiVersion });
    this.markDirty(b, undefined);
  }

  /**
   * Removes an API registered from a CRD (not a built-in) together with its objects, silently (no
   * events): used when the CRD's file is gone. Returns the removed objects.
   */
  unregisterApi(ref: ApiRef): KrmObject[] {
    const b = this.findBucket(ref);
    if (!b || b.builtin) return [];
    const removed = [...b.objects.values()];
    for (const [k, o] of b.objects) this.unindex(b, k, o);
    this.count -= b.objects.size;
    this.buckets.delete(b.key);
    this.unindexBucket(b);
    for (const [alias, key] of [...this.aliases]) if (key === b.key) this.aliases.delete(alias);
    // the bucket's file must go too: write it as empty on the next save
    const empty: ApiBucket = { ...b, objects: new Map(), sorted: undefined };
    this.removedBuckets.set(b.key, empty);
    this.markDirty(b, undefined);
    this.apisDirty = true;
    return removed;
  }

  /** Buckets of unregistered APIs whose files the next save removes. */
  readonly removedBuckets = new Map<string, ApiBucket>();

  apis(): RegisteredApi[] {
    return [...this.buckets.values()].map((b) => b.api).sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
  }

  api(ref: ApiRef): RegisteredApi | undefined {
    return this.findBucket(ref)?.api;
  }

  /** The bucket of an API (for the loader, snapshots and the persistence layer). */
  bucket(ref: ApiRef): ApiBucket | undefined {
    return this.findBucket(ref);
  }

  allBuckets(): ApiBucket[] {
    return [...this.buckets.values()];
  }

  private indexBucket(b: ApiBucket): void {
    for (const [version, view] of b.versions) {
      let kinds = this.byApiVersion.get(view.apiVersion);
      if (!kinds) this.byApiVersion.set(view.apiVersion, (kinds = new Map()));
      kinds.set(b.api.kind, view);
      let versions = this.byGroup.get(b.api.group);
      if (!versions) this.byGroup.set(b.api.group, (versions = new Map()));
      let byKind = versions.get(version);
      if (!byKind) versions.set(version, (byKind = new Map()));
      byKind.set(b.api.kind, view);
    }
  }

  private unindexBucket(b: ApiBucket): void {
    for (const [version, view] of b.versions) {
      if (this.byApiVersion.get(view.apiVersion)?.get(b.api.kind)?.bucket === b) this.byApiVersion.get(view.apiVersion)!.delete(b.api.kind);
      const byKind = this.byGroup.get(b.api.group)?.get(version);
      if (byKind?.get(b.api.kind)?.bucket === b) byKind.delete(b.api.kind);
    }
  }

  private findBucket(ref: ApiRef): ApiBucket | undefined {
    return this.findView(ref)?.bucket;
  }

  /**
   * The version an API reference names. A string (`<plural>.<group>`) and a GVK of a version the kind does
   * not serve both name the preferred version (reads only: Go's store finds APIs by group and kind).
   */
  private findView(ref: ApiRef): ApiVersionView | undefined {
    if (typeof ref !== 'string') {
      const hit = this.byGroup.get(ref.group)?.get(ref.version)?.get(ref.kind);
      if (hit) return hit;
    }
    const k = this.aliases.get(typeof ref === 'string' ? ref : groupKindKey(ref.group, ref.kind));
    const b = k ? this.buckets.get(k) : undefined;
    return b?.versions.get(b.api.version);
  }

  private mustView(ref: ApiRef): ApiVersionView {
    const v = this.findView(ref);
    if (v) return v;
    if (typeof ref === 'string') throw new StoreError('Unavailable', `resource ${ref} not registered`);
    throw new StoreError('Unavailable', `gvk ${gvkString(ref)} not registered`);
  }

  /** The served version an object to write names (its apiVersion and kind); writes need a served version. */
  private viewOf(obj: KrmObject): ApiVersionView {
    if (!obj || typeof obj !== 'object') throw new StoreError('InvalidArgument', 'invalid object: not a map');
    const av = obj.apiVersion;
    if (typeof av !== 'string' || av === '' || av.indexOf('/') !== av.lastIndexOf('/')) {
      throw new StoreError('InvalidArgument', `invalid apiVersion, err: unexpected GroupVersion string: ${String(obj.apiVersion ?? '')}`);
    }
    const hit = this.byApiVersion.get(av)?.get(typeof obj.kind === 'string' ? obj.kind : '');
    if (hit) return hit;
    const { group, version } = parseApiVersion(av);
    throw new StoreError('Unavailable', `gvk ${gvkString({ group, version, kind: typeof obj.kind === 'string' ? obj.kind : '' })} not registered`);
  }

  /** A stored object as a reader at `view` sees it (the object itself when no conversion is needed). */
  private seen(view: ApiVersionView, obj: KrmObject): KrmObject {
    return view.converts ? convertForRead(obj, view) : obj;
  }

  /** The preferred apiVersion of a kind when `apiVersion` is another served version of it (else itself). */
  preferredApiVersion(apiVersion: string, kind: string): string {
    const view = this.byApiVersion.get(apiVersion)?.get(kind);
    return view ? apiVersionOf(view.bucket.gvk) : apiVersion;
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  get(api: ApiRef, namespace: string, name: string, opts?: ReadOptions): KrmObject {
    const view = this.mustView(api);
    const b = view.bucket;
    const o = b.objects.get(objKey(b.api.namespaced ? namespace : '', name));
    if (!o) throw new StoreError('NotFound', `err: ${b.api.resource}.${b.api.group} "${name}" not found`);
    return publicCopy(this.seen(view, o), opts);
  }

  tryGet(api: ApiRef, namespace: string, name: string, opts?: ReadOptions): KrmObject | undefined {
    const view = this.findView(api);
    const b = view?.bucket;
    const o = b?.objects.get(objKey(b.api.namespaced ? namespace : '', name));
    return o ? publicCopy(this.seen(view!, o), opts) : undefined;
  }

  /** The stored object (read-only!) or undefined; no copy at the stored version, for hot paths. */
  peek(api: ApiRef, namespace: string, name: string): KrmObject | undefined {
    const view = this.findView(api);
    const b = view?.bucket;
    const o = b?.objects.get(objKey(b.api.namespaced ? namespace : '', name));
    return o && this.seen(view!, o);
  }

  list(api: ApiRef, opts?: ListOptions): KrmObject[] {
    const view = this.mustView(api);
    const b = view.bucket;
    const out: KrmObject[] = [];
    const keys = sortedKeys(b);
    for (const k of keys) {
      const o = b.objects.get(k)!;
      if (opts?.namespace !== undefined && b.api.namespaced && (o.metadata.namespace ?? '') !== opts.namespace) continue;
      if (opts?.labelSelector) {
        const labels = o.metadata.labels ?? {};
        if (!Object.entries(opts.labelSelector).every(([k2, v]) => labels[k2] === v)) continue;
      }
      out.push(publicCopy(this.seen(view, o), opts));
    }
    return out;
  }

  /** The stored objects of one API sorted by namespace/name, at the stored version, without copying (read-only!). */
  storedObjects(api: ApiRef): KrmObject[] {
    const b = this.findBucket(api);
    if (!b) return [];
    return sortedKeys(b).map((k) => b.objects.get(k)!);
  }

  ownedBy(ownerUid: string, opts?: ReadOptions): KrmObject[] {
    const owned = this.ownerIndex.get(ownerUid);
    if (owned === undefined) return [];
    const keys = typeof owned === 'string' ? [owned] : owned;
    const out: KrmObject[] = [];
    for (const k of [...keys].sort()) {
      const i = k.indexOf('\u0000');
      const o = this.buckets.get(k.slice(0, i))?.objects.get(k.slice(i + 1));
      if (o) out.push(publicCopy(o, opts));
    }
    return out;
  }

  size(): number {
    return this.count;
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  apply(obj: KrmObject, opts: ApplyOptions): WriteResult {
    if (!opts?.fieldManager) throw new StoreError('InvalidArgument', 'cannot apply a resource with an empty fieldmanager');
    const view = this.viewOf(obj);
    const b = view.bucket;
    const root = view.root;
    const ns = b.api.namespaced ? obj.metadata?.namespace : undefined;
    const live = b.objects.get(objKey(ns, obj.metadata?.name));
    const force = opts.force ?? false;
    // The no-op fast path: the same content this manager already applied to this very object.
    const useMemo = !force && this.applyFastPath;
    // appliedSignature(obj) once computed (null = not yet)
    let signature: string | undefined | null = null;
    if (useMemo && live) {
      const memos = this.applyMemos.get(live);
      if (memos) {
        for (const m of memos) {
          if (m.manager !== opts.fieldManager || m.root !== root) continue;
          let same: boolean;
          if (m.applied) same = sameApplied(obj, m.applied);
          else {
            if (signature === null) signature = appliedSignature(obj);
            same = signature !== undefined && signature === m.signature;
          }
          if (same) {
            this.fastNoOps++;
            return this.answer(view, { object: live, changed: false, deleted: false });
          }
        }
      }
    }
    let merged: KrmObject;
    try {
      // serverSideApply never mutates the applied object (it copies what it takes), so a shallow
      // copy of the metadata is enough.
      const applied: KrmObject = live ? { ...obj, metadata: { ...obj.metadata, creationTimestamp: live.metadata.creationTimestamp } } : obj;
      merged = serverSideApply({
        live,
        applied,
        root,
        manager: opts.fieldManager,
        force,
        now: rfc3339(this.clock.now()),
        gvkText: gvkString(view.gvk),
        // a handed-over object is shared, not copied, by the stored result (and by the no-op memo below)
        adopt: opts.handOver === true,
      });
    } catch (e) {
      if (e instanceof SsaError) throw new StoreError('InvalidArgument', `fieldmanager apply failed err: ${e.message}`);
      throw e;
    }
    // the managedFields entry keeps the version the manager applied at; the object moves to the stored one
    if (view.converts) merged.apiVersion = apiVersionOf(b.gvk);
    const res = live ? this.updateProcedure(b, merged, live, opts, root) : this.doCreate(b, merged, opts, root);
    if (useMemo && !opts.dryRun && !res.deleted) {
      if (opts.handOver) this.remember(res.object, { manager: opts.fieldManager, root, applied: appliedAsKept(obj, res.object) });
      else if (live) {
        // Not on create: a run once creates every input and never re-applies it, and 100,000 signatures
        // were ~20 MB kept for nothing. A repeated re-apply (prod mode) is remembered from its first no-op.
        if (signature === null) signature = appliedSignature(obj);
        if (signature !== undefined) this.remember(res.object, { manager: opts.fieldManager, root, signature });
      }
    }
    return this.answer(view, res);
  }

  /** A write's result as the writer sees it: the object at the version it wrote. */
  private answer(view: ApiVersionView, res: WriteResult): WriteResult {
    return view.converts ? { ...res, object: convertForRead(res.object, view) } : res;
  }

  /** A copy of an object being written, moved to the stored version (apiVersion only: `None` conversion). */
  private toStored(view: ApiVersionView, obj: KrmObject): KrmObject {
    const o = cloneJson(obj);
    if (view.converts) o.apiVersion = apiVersionOf(view.bucket.gvk);
    return o;
  }

  private remember(stored: KrmObject, memo: ApplyMemo): void {
    const memos = this.applyMemos.get(stored);
    if (!memos) {
      this.applyMemos.set(stored, [memo]);
      return;
    }
    const i = memos.findIndex((m) => m.manager === memo.manager);
    if (i >= 0) memos[i] = memo;
    else memos.push(memo);
  }

  create(obj: KrmObject, opts?: WriteOptions): WriteResult {
    const view = this.viewOf(obj);
    const o = this.toStored(view, obj);
    delete o.metadata.managedFields;
    pruneUnknown(o, view.root);
    return this.answer(view, this.doCreate(view.bucket, o, opts, view.root));
  }

  update(obj: KrmObject, opts?: WriteOptions): WriteResult {
    const view = this.viewOf(obj);
    const b = view.bucket;
    const ns = b.api.namespaced ? obj.metadata?.namespace : undefined;
    const live = b.objects.get(objKey(ns, obj.metadata?.name));
    if (!live) throw new StoreError('NotFound', `err: ${b.api.resource}.${b.api.group} "${obj.metadata?.name ?? ''}" not found`);
    const next = this.toStored(view, obj);
    pruneUnknown(next, view.root);
    if (!next.metadata.managedFields && live.metadata.managedFields) next.metadata.managedFields = cloneJson(live.metadata.managedFields);
    return this.answer(view, this.updateProcedure(b, next, live, opts, view.root));
  }

  updateStatus(obj: KrmObject, opts?: WriteOptions): WriteResult {
    const view = this.viewOf(obj);
    const b = view.bucket;
    const ns = b.api.namespaced ? obj.metadata?.namespace : undefined;
    const live = b.objects.get(objKey(ns, obj.metadata?.name));
    if (!live) throw new StoreError('NotFound', `err: ${b.api.resource}.${b.api.group} "${obj.metadata?.name ?? ''}" not found`);
    const next = cloneJson(live);
    if (obj.metadata.resourceVersion !== undefined) next.metadata.resourceVersion = obj.metadata.resourceVersion;
    if (obj.status === undefined) delete next.status;
    else next.status = cloneJson(obj.status);
    pruneUnknown(next, view.root);
    return this.answer(view, this.updateProcedure(b, next, live, opts, view.root));
  }

  delete(api: ApiRef, namespace: string, name: string, opts?: DeleteOptions): WriteResult {
    const view = this.mustView(api);
    const b = view.bucket;
    const key = objKey(b.api.namespaced ? namespace : '', name);
    const live = b.objects.get(key);
    if (!live) throw new StoreError('NotFound', `err: ${b.api.resource}.${b.api.group} "${name}" not found`);
    if ((live.metadata.finalizers ?? []).length > 0) {
      const now = this.clock.now();
      const dt = live.metadata.deletionTimestamp;
      if (dt && new Date(dt).getTime() <= now.getTime()) return this.answer(view, { object: live, changed: false, deleted: false });
      const next = cloneJson(live);
      next.metadata.deletionTimestamp = rfc3339(now);
      return this.answer(view, this.updateProcedure(b, next, live, opts, b.root));
    }
    if (opts?.dryRun) return this.answer(view, { object: live, changed: true, deleted: true });
    this.remove(b, key, live);
    return this.answer(view, { object: live, changed: true, deleted: true });
  }

  /** Validates `obj` (at the stored version) against `root`, the schema of the version it was written at. */
  private validate(b: ApiBucket, obj: KrmObject, errs: string[], root: SchemaNode, live?: KrmObject): void {
    validateMeta(obj, { ...b.gvk, namespaced: b.api.namespaced }, errs);
    // Against a live object that passed this very schema, only what changed needs checking.
    if (live && this.validatedUnder.get(live) === root) validateChanged(obj, live, root, '', errs);
    else validateValue(obj, root, '', errs);
    if (root.anyRules) {
      if (errs.length > 0) errs.push('some validation rules were not checked because the object was invalid; correct the existing errors to complete validation');
      else validateRules(obj, root, '', errs, live ? { value: live } : undefined);
    }
  }

  private doCreate(b: ApiBucket, obj: KrmObject, opts: WriteOptions | undefined, root: SchemaNode): WriteResult {
    const m = (obj.metadata ??= {});
    m.creationTimestamp = rfc3339(this.clock.now());
    m.uid = this.newUid();
    m.resourceVersion = '0';
    delete m.generation;
    delete m.deletionTimestamp;
    if (!b.api.namespaced) delete m.namespace;
    // copy-on-write: values of a handed-over applied object are shared, not copied (see serverSideApply)
    obj = withDefaults(obj, root) as KrmObject;
    const errs: string[] = [];
    this.validate(b, obj, errs, root);
    if (errs.length > 0) throw new StoreError('InvalidArgument', `validation create failed: [${errs.join(' ')}]`);
    const key = objKey(m.namespace, m.name);
    if (b.objects.has(key)) throw new StoreError('Internal', `err: duplicate entry ${b.api.resource}.${b.api.group} "${m.name}"`);
    if (opts?.dryRun) return { object: obj, changed: true, deleted: false };
    obj = sharingFieldSets(b, obj);
    this.validatedUnder.set(obj, root);
    this.put(b, key, obj, undefined);
    this.emit({ type: 'ADDED', gvk: b.gvk, object: obj }, b.key);
    return { object: obj, changed: true, deleted: false };
  }

  private updateProcedure(b: ApiBucket, next: KrmObject, live: KrmObject, opts: WriteOptions | undefined, root: SchemaNode): WriteResult {
    if (!b.api.namespaced) delete next.metadata.namespace;
    // copy-on-write: parts of `next` may be shared with the live object (see serverSideApply)
    next = withDefaults(next, root) as KrmObject;
    // Same content as stored (ignoring managedFields): a no-op. The live object was valid when it
    // was stored, so there is nothing to validate — the common case of every re-run.
    if (next.metadata.resourceVersion === live.metadata.resourceVersion && equalIgnoringManagedFields(next, live)) {
      return { object: live, changed: false, deleted: false };
    }
    // kube-apiserver checks the precondition (the resourceVersion) before it validates the update
    if (this.conflictText === 'kubernetes' && next.metadata.resourceVersion !== live.metadata.resourceVersion) throw conflictError(b.api, live.metadata.name ?? '');
    const errs: string[] = [];
    this.validate(b, next, errs, root, live);
    validateMetaUpdate(next, live, errs);
    if (errs.length > 0) throw new StoreError('InvalidArgument', `validation failed: [${errs.join(' ')}]`);
    if (next.metadata.resourceVersion !== live.metadata.resourceVersion) {
      throw new StoreError('PermissionDenied', `conflict resource version mismatch ${next.metadata.resourceVersion ?? ''}/${live.metadata.resourceVersion ?? ''}`);
    }
    const key = objKey(live.metadata.namespace, live.metadata.name);
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0) {
      if (!opts?.dryRun) this.remove(b, key, live);
      return { object: live, changed: true, deleted: true };
    }
    next.metadata.resourceVersion = String((parseInt(live.metadata.resourceVersion ?? '0', 10) || 0) + 1);
    const specChanged = !deepEqual(next.spec, live.spec) || ('spec' in next) !== ('spec' in live);
    if (specChanged) next.metadata.generation = (live.metadata.generation ?? 0) + 1;
    else if (live.metadata.generation !== undefined) next.metadata.generation = live.metadata.generation;
    else delete next.metadata.generation;
    if (opts?.dryRun) return { object: next, changed: true, deleted: false };
    next = sharingFieldSets(b, next);
    this.validatedUnder.set(next, root);
    this.put(b, key, next, live);
    this.emit({ type: 'MODIFIED', gvk: b.gvk, object: next }, b.key);
    return { object: next, changed: true, deleted: false };
  }

  /** `changed` false: the object is as persisted (restored from the db), nothing to save. */
  private put(b: ApiBucket, key: string, obj: KrmObject, prev: KrmObject | undefined, changed = true): void {
    if (prev) this.unindex(b, key, prev);
    else {
      this.count++;
      if (!b.objects.has(key)) b.sorted = undefined;
    }
    b.objects.set(key, obj);
    this.index(b, key, obj);
    if (changed) this.markDirty(b, key);
  }

  /** Notes that the object at `key` of `b` changed (undefined: the whole bucket did). */
  private markDirty(b: ApiBucket, key: string | undefined): void {
    if (!this.dirty.has(b.key)) {
      this.dirty.add(b.key);
      if (key === undefined) this.dirtyKeys.delete(b.key);
      else this.dirtyKeys.set(b.key, new Set([key]));
      return;
    }
    if (key === undefined) this.dirtyKeys.delete(b.key);
    else this.dirtyKeys.get(b.key)?.add(key);
  }

  private remove(b: ApiBucket, key: string, live: KrmObject): void {
    b.objects.delete(key);
    b.sorted = undefined;
    this.count--;
    this.unindex(b, key, live);
    this.markDirty(b, key);
    this.emit({ type: 'DELETED', gvk: b.gvk, object: live }, b.key);
  }

  private index(b: ApiBucket, key: string, obj: KrmObject): void {
    for (const r of obj.metadata.ownerReferences ?? []) {
      if (!r?.uid) continue;
      const k = `${b.key}\u0000${key}`;
      const owned = this.ownerIndex.get(r.uid);
      if (owned === undefined || owned === k) this.ownerIndex.set(r.uid, k);
      else if (typeof owned === 'string') this.ownerIndex.set(r.uid, new Set([owned, k]));
      else owned.add(k);
    }
  }

  private unindex(b: ApiBucket, key: string, obj: KrmObject): void {
    for (const r of obj.metadata.ownerReferences ?? []) {
      const owned = r?.uid ? this.ownerIndex.get(r.uid) : undefined;
      if (owned === undefined) continue;
      const k = `${b.key}\u0000${key}`;
      if (owned === k) this.ownerIndex.delete(r.uid);
      else if (typeof owned !== 'string') {
        owned.delete(k);
        if (owned.size === 0) this.ownerIndex.delete(r.uid);
      }
    }
  }

  /**
   * Puts an already-stored object back without validation or events (loading the db). The caller
   * vouches that it came from this store.
   */
  restore(obj: KrmObject): boolean {
    const placed = this.putStored(obj, false);
    if (!placed) return false;
    this.dirty.delete(placed.bucket.key);
    this.dirtyKeys.delete(placed.bucket.key);
    return true;
  }

  /**
   * Puts a stored object (from the db or a shared store) in its bucket without validation, at the kind's
   * stored version (it may have been saved at another one: the CRD's versions changed since). Returns the
   * bucket, the object as placed and what it replaced; undefined when its API is not registered here.
   */
  private putStored(obj: KrmObject, changed = true): { bucket: ApiBucket; object: KrmObject; prev: KrmObject | undefined } | undefined {
    const b = this.buckets.get(groupKindKey(parseApiVersion(obj.apiVersion).group, obj.kind));
    if (!b) return undefined;
    const apiVersion = apiVersionOf(b.gvk);
    if (obj.apiVersion !== apiVersion) obj = { ...obj, apiVersion };
    obj = sharingFieldSets(b, obj);
    const key = objKey(b.api.namespaced ? obj.metadata.namespace : '', obj.metadata.name);
    const prev = b.objects.get(key);
    this.put(b, key, obj, prev, changed);
    return { bucket: b, object: obj, prev };
  }

  // ---------------------------------------------------------------------------------------------
  // Watch

  watch(listener: WatchListener, opts?: WatchOptions): () => void {
    const view = opts?.api !== undefined ? this.mustView(opts.api) : undefined;
    const b = view?.bucket;
    const l: Listener = { fn: listener, bucketKey: b?.key, view: view?.converts ? view : undefined };
    if (opts?.replay) {
      const buckets = b ? [b] : [...this.buckets.values()];
      for (const bb of buckets) {
        for (const k of [...sortedKeys(bb)]) this.deliver(l, { type: 'ADDED', gvk: bb.gvk, object: bb.objects.get(k)! });
      }
    }
    this.listeners.push(l);
    return () => {
      const i = this.listeners.indexOf(l);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  private emit(ev: WatchEvent, bucketKey: string): void {
    for (const l of [...this.listeners]) if (l.bucketKey === undefined || l.bucketKey === bucketKey) this.deliver(l, ev);
  }

  /** An event as the listener watches it: at the served version it named. */
  private deliver(l: Listener, ev: WatchEvent): void {
    l.fn(l.view ? { type: ev.type, gvk: l.view.gvk, object: convertForRead(ev.object, l.view) } : ev);
  }

  // ---------------------------------------------------------------------------------------------
  // Changes made elsewhere (a shared store: another runner wrote them; ./etcd/)

  /**
   * Puts an object that another writer stored (read back from the shared store) without validation, and
   * tells the watchers, as an informer does. The caller vouches that the object is a stored one.
   * Returns false when its API is not registered here.
   */
  putExternal(obj: KrmObject): boolean {
    const placed = this.putStored(obj);
    if (!placed) return false;
    const { bucket, object, prev } = placed;
    this.emit({ type: prev ? 'MODIFIED' : 'ADDED', gvk: bucket.gvk, object }, bucket.key);
    return true;
  }

  /** Removes an object another writer deleted, and tells the watchers. False when there was none. */
  removeExternal(api: ApiRef, namespace: string, name: string): boolean {
    const b = this.findBucket(api);
    if (!b) return false;
    const key = objKey(b.api.namespaced ? namespace : '', name);
    const live = b.objects.get(key);
    if (!live) return false;
    this.remove(b, key, live);
    return true;
  }

  /**
   * The persistence committed `written` and gave it `resourceVersion` (etcd's mod revision): the stored
   * object takes it, silently (its content did not change), unless it was replaced meanwhile. What the
   * store knows about the object (a valid object, a no-op apply) carries over.
   */
  settleResourceVersion(written: KrmObject, resourceVersion: string): void {
    if (written.metadata.resourceVersion === resourceVersion) return;
    const b = this.buckets.get(groupKindKey(parseApiVersion(written.apiVersion).group, written.kind));
    if (!b) return;
    const key = objKey(b.api.namespaced ? written.metadata.namespace : '', written.metadata.name);
    if (b.objects.get(key) !== written) return;
    const settled: KrmObject = { ...written, metadata: { ...written.metadata, resourceVersion } };
    b.objects.set(key, settled);
    const memos = this.applyMemos.get(written);
    if (memos) this.applyMemos.set(settled, memos);
    const root = this.validatedUnder.get(written);
    if (root) this.validatedUnder.set(settled, root);
  }

  // ---------------------------------------------------------------------------------------------
  // Persistence (see ./persist.ts and ./etcd/)

  private saving: Promise<void> = Promise.resolve();

  /**
   * Commits the changes to the store's persistence: the db folder (one new generation, persist.ts) or etcd.
   * Saves are queued: an older save can never finish after (and overwrite) a newer one.
   */
  save(options: SaveOptions = {}): Promise<void> {
    const persistence = this.persistence;
    if (!persistence) return Promise.resolve();
    const run = () => persistence.save(this, options);
    const next = this.saving.then(run, run);
    this.saving = next.catch(() => undefined);
    return next;
  }
}

/** The file store: `.choreo/db` (persist.ts, loaded on the first save: store.ts must not import it statically). */
function dbPersistence(dbDir: string): Persistence {
  return {
    location: dbDir,
    async save(store, options) {
      const { saveStore } = await import('./persist.js');
      await saveStore(store, dbDir, options);
    },
  };
}

/** kube-apiserver's error for a write on a stale resourceVersion (HTTP 409, StatusReasonConflict). */
export function conflictError(api: { resource: string; group: string }, name: string): StoreError {
  const resource = api.group ? `${api.resource}.${api.group}` : api.resource;
  return new StoreError('Aborted', `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
}

/** A new store with the embedded APIs registered. */
export function createApiStore(opts: StoreOptions = {}): MemoryApiStore {
  return new MemoryApiStore(opts);
}

