// Public types of the API store (engine.md §3). The implementation is in ./store.ts; the runtime
// (reconcilers, runner), the loader, the CLI and the host all code against these types.
import type { GroupVersionKind, KrmObject } from '../../../src-shared/krm/object.js';
import type { MemoryApiStore } from './store.js';

/** Injectable time source so tests and snapshots are deterministic. */
export interface Clock {
  now(): Date;
}

/** A discovery record (what `api-resources` lists and snapshots store), engine.md §2.7. */
export interface ApiResource {
  /** plural, e.g. `helloworlds` */
  resource: string;
  group: string;
  version: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  categories: string[];
  /** true for the CRD kind and the embedded choreo.kform.dev kinds (hidden by default in diff/deps). */
  choreoAPI: boolean;
}

/**
 * A registered API: discovery record plus its schema. `version` is the preferred served version (the one
 * discovery lists and objects are kept at); the other served versions read and write the same objects.
 */
export interface RegisteredApi extends ApiResource {
  /** The preferred version's `schema.openAPIV3Schema`, or undefined for free-form kinds. */
  schema: unknown;
  /** The CRD's storage version (`ipam` for kuid's IPClaim; usually the same as `version`). */
  storageVersion: string;
  /** Every served version, preferred first (Kubernetes' version priority). */
  servedVersions: string[];
  hasStatusSubresource: boolean;
  /** Name of the CRD object that registered it (`helloworlds.example.com`), '' for built-ins. */
  crdName: string;
}

/** How to name an API in a call: a GVK, or `<plural>.<group>` / `<plural>` as on the command line. */
export type ApiRef = GroupVersionKind | string;

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  gvk: GroupVersionKind;
  /** The stored object (with managedFields/RV/generation). DELETED carries the last stored state. Do not mutate. */
  object: KrmObject;
}

export type WatchListener = (event: WatchEvent) => void;

export interface WatchOptions {
  /** Only events of this API (default: all APIs). */
  api?: ApiRef;
  /** First deliver an ADDED event for every existing object (the informer "list" phase). */
  replay?: boolean;
}

export interface ReadOptions {
  /** Keep managedFields, resourceVersion and generation (default: removed, engine.md §3.3). */
  showManagedFields?: boolean;
  /**
   * Hand back the store's own object (no copy, managedFields/RV/generation included): for hot paths that
   * only read. The caller must not change it (stored objects are replaced on write, never mutated).
   */
  readOnly?: boolean;
}

export interface ListOptions extends ReadOptions {
  namespace?: string;
  /** Equality label selector: every key must have exactly this value. */
  labelSelector?: Record<string, string>;
}

export interface WriteOptions {
  /** Validate (and for apply, merge) but store nothing and emit no event. */
  dryRun?: boolean;
}

export interface ApplyOptions extends WriteOptions {
  /** Field manager (`inputfileloader`, a reconciler name, `backend`). Required. */
  fieldManager: string;
  /** Take over conflicting fields from other managers instead of failing. */
  force?: boolean;
  /**
   * The caller hands the object over: plain JSON data (no undefined values) that it never changes
   * afterwards, so the store may keep it and share its values (in the stored object and to recognise a
   * later no-op re-apply of the same content) instead of copying them.
   */
  handOver?: boolean;
}

export interface DeleteOptions extends WriteOptions {}

export interface WriteResult {
  /**
   * The stored object after the operation (full, with managedFields). After a delete: the last
   * state. Read-only: it is the store's own copy (copy it before changing it).
   */
  object: KrmObject;
  /** false when the write was a no-op (same content: no resourceVersion bump, no event). */
  changed: boolean;
  /** true when the object is gone from the store after this operation. */
  deleted: boolean;
}

/** gRPC-like status codes carried by store errors; they show up verbatim in messages (engine.md §3.4). */
export type StoreErrorCode = 'NotFound' | 'InvalidArgument' | 'Internal' | 'Unavailable' | 'PermissionDenied' | 'Unknown' | 'Aborted';

/**
 * Where a store's objects are kept between runs and shared between runners (./backing.ts): the file store
 * (`.choreo/db`, ./persist.ts) or etcd (./etcd/). The store calls it on `save()`.
 */
export interface Persistence {
  /** What a message or a status line names: `.choreo/db`, `etcd://127.0.0.1:2379/registry`. */
  readonly location: string;
  /** Commits the store's changes (see ApiStore.save). */
  save(store: MemoryApiStore, options: SaveOptions): Promise<void>;
}

export interface StoreOptions {
  clock?: Clock;
  /** uid generator (default: a pooled random UUID v4, see ./uuid.ts). */
  newUid?: () => string;
  /**
   * Folder of the persisted store (`<project>/.choreo/db`). Without it the store lives in memory only.
   * Nothing is written until `save()` is called.
   */
  dbDir?: string;
  /** Another persistence than the db folder (the etcd store); wins over dbDir. */
  persistence?: Persistence;
  /**
   * The text of a stale update's error: Choreo's (`conflict resource version mismatch a/b`, the default) or
   * kube-apiserver's (`Operation cannot be fulfilled on …`), which the etcd store uses.
   */
  conflictText?: 'choreo' | 'kubernetes';
}

/**
 * The API store: registered APIs plus the objects of each, with Kubernetes metadata semantics,
 * validation against CRD schemas and server-side apply. Every method is synchronous except the
 * persistence calls. Objects passed in are never kept (they are copied); objects returned are copies.
 */
export interface ApiStore {
  readonly clock: Clock;

  /** Registers (or replaces) the API defined by a CustomResourceDefinition object. */
  registerApi(crd: KrmObject, opts?: { choreoAPI?: boolean }): RegisteredApi;
  /** All registered APIs sorted by resource (plural). */
  apis(): RegisteredApi[];
  /**
   * Looks up an API by GVK (any served version; an unknown version of a registered kind finds it too, as
   * Choreo's Go store keys APIs by group and kind) or `<plural>.<group>`; undefined when not registered.
   */
  api(ref: ApiRef): RegisteredApi | undefined;

  /** The object, or throws StoreError NotFound. namespace '' for cluster-scoped kinds. */
  get(api: ApiRef, namespace: string, name: string, opts?: ReadOptions): KrmObject;
  /** The object or undefined. */
  tryGet(api: ApiRef, namespace: string, name: string, opts?: ReadOptions): KrmObject | undefined;
  /** Objects of one API sorted by namespace, then name. */
  list(api: ApiRef, opts?: ListOptions): KrmObject[];
  /** Objects (any API) that have an ownerReference with this uid. Uses an index (no scan). */
  ownedBy(ownerUid: string, opts?: ReadOptions): KrmObject[];
  /** Number of objects in the store. */
  size(): number;

  /** Server-side apply (engine.md §3.6). Creates the object when it does not exist. */
  apply(obj: KrmObject, opts: ApplyOptions): WriteResult;
  /** Create; fails when the object exists. */
  create(obj: KrmObject, opts?: WriteOptions): WriteResult;
  /** Full replace (the update procedure of §3.4); the object must carry the current resourceVersion. */
  update(obj: KrmObject, opts?: WriteOptions): WriteResult;
  /** Replaces only `status` of the stored object (the status subresource); RV must match when given. */
  updateStatus(obj: KrmObject, opts?: WriteOptions): WriteResult;
  /** Delete: sets deletionTimestamp when finalizers are present, removes the object otherwise. */
  delete(api: ApiRef, namespace: string, name: string, opts?: DeleteOptions): WriteResult;

  /** Subscribes to object events; returns the unsubscribe function. Listeners are called synchronously. */
  watch(listener: WatchListener, opts?: WatchOptions): () => void;

  /** Commits the changes to the store's persistence (dbDir: a new generation; etcd: waits for the write-through). No-op without one. */
  save(options?: SaveOptions): Promise<void>;
}

/** A file written together with a store commit; `file` is relative to the db folder (e.g. `../last-run.json`). */
export interface Attachment {
  file: string;
  /** The text, or a function giving it in pieces (a large file, e.g. json-pieces.ts): called once per write. */
  content: string | (() => Iterable<string>);
}

/** An attachment's text as pieces to write (writeChunksAtomic). */
export function attachmentPieces(a: Attachment): Iterable<string> {
  return typeof a.content === 'string' ? [a.content] : a.content();
}

/** What `SaveOptions.prepare` is told about the state it snapshots. */
export interface CommitPoint {
  /** The etcd revision the store holds (every change up to it, none after); undefined for the file store. */
  revision?: number;
}

export interface SaveOptions {
  /**
   * Runs under the store's lock before the commit, while the store holds exactly what is committed; returns
   * the files that must change together with the store (the run's snapshot header, last-run.json), committed
   * with it as attachments (generations.ts).
   */
  prepare?: (at: CommitPoint) => Promise<Attachment[]>;
}
