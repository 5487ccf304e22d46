// The contract between the store wrapper (install.ts) and the backends. Backends are not reconcilers:
// they are synchronous hooks around the store writes of their Index and Claim kinds (engine spec §11),
// so a reconciler's `client_apply` of an IPClaim sees the allocation (or its error) immediately.
import type { KrmObject } from '../../../src-shared/krm/object.js';
import type { ApiRef, ApplyOptions, DeleteOptions, WriteOptions, WriteResult } from '../store/types.js';

/** Field manager of everything the backends write (claims of an index, entries). */
export const BACKEND_MANAGER = 'backend';

/** The store's own write operations, without the backend hooks. */
export interface RawWrites {
  apply(obj: KrmObject, opts: ApplyOptions): WriteResult;
  create(obj: KrmObject, opts?: WriteOptions): WriteResult;
  update(obj: KrmObject, opts?: WriteOptions): WriteResult;
  updateStatus(obj: KrmObject, opts?: WriteOptions): WriteResult;
  delete(api: ApiRef, namespace: string, name: string, opts?: DeleteOptions): WriteResult;
}

/** Runs the underlying store write, for real or as a dry run (validated and merged, nothing stored). */
export type WriteOp = (dryRun: boolean) => WriteResult;

export interface Backend {
  /** API group of the kinds it handles. */
  readonly group: string;
  /** A create/update/apply of one of its kinds (never a dry run). */
  write(kind: string, op: WriteOp): WriteResult;
  /** A dry run of a write: validated like the real one (allocation included), nothing changes. */
  check?(kind: string, op: WriteOp): WriteResult;
  /** After an object of its kinds left the store. */
  deleted(kind: string, obj: KrmObject): void;
}
