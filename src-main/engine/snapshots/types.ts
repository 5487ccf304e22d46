// Public types of snapshots, diff and deps (engine.md §7).
import type { KrmObject } from '../../../src-shared/krm/object.js';
import type { ApiResource } from '../store/types.js';

export interface GitInfo {
  commit: string;
  /** true when the work tree differs from the commit. */
  dirty: boolean;
  branch?: string;
}

/** What the runtime passes to `writeSnapshot` after a run. */
export interface SnapshotMeta {
  /** `once` (dev run), `start`/`stop` (prod runner), `load`. */
  mode: string;
  /** Id of the run (free form); defaults to the snapshot id. */
  runId?: string;
  /** One-line summary (`execution success …`). */
  summary?: string;
  success?: boolean;
  /** The runtime's run result (any JSON); `run result` prints it from the latest snapshot. */
  result?: unknown;
  /** The etcd store's revision the snapshot was taken at (the etcd store only). */
  revision?: number;
}

/** Small header stored next to every snapshot, read by `run list` without loading the objects. */
export interface SnapshotInfo {
  /** Content address: first 16 hex digits of the sha-256 of the snapshot's header line and its objects' line hashes. */
  id: string;
  createdAt: string;
  mode: string;
  runId: string;
  summary?: string;
  success?: boolean;
  git?: GitInfo;
  objectCount: number;
  /** The etcd store's revision the objects were read at (snapshots of runs on the etcd store). */
  revision?: number;
}

export interface Snapshot extends SnapshotInfo {
  apiResources: ApiResource[];
  /** Every object of every API, with managedFields, sorted by apiVersion, kind, namespace, name. */
  objects: KrmObject[];
  result?: unknown;
}

export type DiffStatus = 'equal' | 'added' | 'modified' | 'deleted';

export interface DiffItem {
  group: string;
  version: string;
  kind: string;
  namespace?: string;
  name: string;
  status: DiffStatus;
  /** `=` `~` `+` `-` */
  symbol: string;
  /** Unified diff of the two YAML renderings; only computed when asked for (details). */
  diff?: string;
  /** Field-level changes (details only): `spec.x` changed from → to, added, removed. */
  changes?: { path: string; op: 'added' | 'removed' | 'changed'; before?: unknown; after?: unknown }[];
}

export interface DiffOptions {
  /** -i: include choreo APIs (CRDs, Reconcilers, Libraries, UpstreamRefs, ConfigGenerators). */
  includeChoreoApis?: boolean;
  /** -m: keep managedFields when comparing. */
  keepManagedFields?: boolean;
  /** -a: compute the per-object diff text. */
  details?: boolean;
}

/** One node of the owner tree (engine.md §7.3). */
export interface DepsNode {
  kind: string;
  apiVersion: string;
  namespace: string;
  name: string;
  /** false for an owner that is referenced but does not exist. */
  exists: boolean;
  hasOwners: boolean;
  children: DepsNode[];
}
