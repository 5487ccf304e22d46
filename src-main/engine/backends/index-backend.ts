// What both allocation backends (IPAM, the ID pools) do around their tables, written once: one table per
// stored index, rebuilt from the stored index, claims and entries the first time it is needed after a
// process start (kuid's restore: the claims that have entries, by claim type, walking the entries from
// last to first), table changes run in a journal, and the Entry objects kept equal to the table. A
// backend says what differs: how a table is made, which claim types restore in which order, how a claim
// is applied, and what the Entry of a table item looks like.
import type { GroupVersionKind, KrmObject } from '../../../src-shared/krm/object.js';
import { StoreError } from '../store/errors.js';
import type { ApiStore, WriteResult } from '../store/types.js';
import { applyEntry, deleteEntry, entriesInRestoreOrder, storedEntries, syncAllEntries, writeStatus, type EntrySync } from './entries.js';
import type { RawWrites } from './hooks.js';
import type { AttemptOptions } from './journaled-tables.js';

/** What the backend needs of the tables of one index (both backends' tables extend JournaledTables). */
export interface IndexTableOf<Dirty> {
  readonly namespace: string;
  readonly index: string;
  drainDirty(): Map<string, Dirty>;
  attempt(change: () => void, options?: AttemptOptions): void;
}

/** One pass of the restore: the stored claims of one claim type (and, if given, that `accept` takes). */
export interface RestorePass {
  claimType: string;
  accept?: (claim: KrmObject) => boolean;
}

/** The `spec` of a stored object, or an empty one. */
export function specOf(o: KrmObject): Record<string, any> {
  return o.spec && typeof o.spec === 'object' ? (o.spec as Record<string, any>) : {};
}

/** The error a backend refuses a write with. */
export function invalid(msg: string): StoreError {
  return new StoreError('InvalidArgument', msg);
}

export abstract class IndexBackend<Table extends IndexTableOf<Dirty>, Dirty> {
  /** `<namespace>/<index>` → the index's table, once initialised. */
  protected readonly tables = new Map<string, Table>();

  constructor(
    protected readonly store: ApiStore,
    protected readonly raw: RawWrites,
    /** The Index, Claim and Entry kinds of the backend. */
    protected readonly apis: { index: GroupVersionKind; claim: GroupVersionKind; entry: GroupVersionKind },
  ) {}

  /** Makes the empty table of a stored index, with what the index itself reserves. */
  protected abstract newIndexTable(idx: KrmObject): Table;
  /** The claim types in the order kuid restores them. */
  protected abstract restorePasses(t: Table): RestorePass[];
  /** Applies a stored claim at restore; one that no longer fits is left out quietly. */
  protected abstract restoreClaim(t: Table, claim: KrmObject): void;
  /** Every Entry the table holds, by name. */
  protected abstract entryObjects(t: Table): Map<string, KrmObject>;
  /** The Entry of a changed item, or undefined when it is gone. */
  protected abstract dirtyEntry(t: Table, name: string, dirty: Dirty): KrmObject | undefined;
  /** The store error for a claim error thrown by a table change (any other error is returned as it is). */
  protected abstract explain(t: Table, e: unknown): unknown;

  /** The table of an index (tests, diagnostics); undefined until it is initialised. */
  table(namespace: string, index: string): Table | undefined {
    return this.tables.get(tableKey(namespace, index));
  }

  /** Rebuilds the table of every stored index: the backend state of a persisted store at process start. */
  restoreStored(): void {
    if (!this.store.api(this.apis.index)) return;
    for (const idx of this.store.list(this.apis.index)) {
      const k = tableKey(idx.metadata.namespace ?? '', idx.metadata.name ?? '');
      if (this.tables.has(k)) continue;
      try {
        this.initTable(idx);
      } catch {
        this.tables.delete(k); // initialised (and failing visibly) on the index's next write
      }
    }
  }

  /**
   * The first write of an index: its table is made and restored, and the index gets its Ready status
   * (later writes keep the stored status).
   */
  protected initIndex(res: WriteResult): WriteResult {
    const idx = res.object;
    this.initTable(idx);
    return this.withStatus(res, { ...((idx.status as Record<string, unknown>) ?? {}) });
  }

  /** Writes the status of the object `res` stored (Ready plus `fields`), when it differs. */
  protected withStatus(res: WriteResult, fields: Record<string, unknown>): WriteResult {
    const stored = res.object;
    const r = writeStatus(this.raw, stored, fields, this.store.clock.now());
    return r !== stored ? { object: r, changed: true, deleted: false } : res;
  }

  /** A deleted index: its table and every Entry of it go. */
  protected deleteIndex(idx: KrmObject): void {
    const ns = idx.metadata.namespace ?? '';
    const name = idx.metadata.name ?? '';
    this.tables.delete(tableKey(ns, name));
    const s = this.entrySync(ns, name);
    for (const e of storedEntries(s)) deleteEntry(s, e.metadata.name ?? '');
  }

  /** Creates the table of a stored index, restores its stored claims, then makes its entries match. */
  protected initTable(idx: KrmObject): Table {
    const t = this.newIndexTable(idx);
    this.tables.set(tableKey(t.namespace, t.index), t);
    this.restoreClaims(t);
    t.drainDirty();
    syncAllEntries(this.entrySync(t.namespace, t.index), this.entryObjects(t));
    return t;
  }

  /** kuid's restore: claims that have entries, pass by pass, walking the entries from last to first. */
  private restoreClaims(t: Table): void {
    if (!this.store.api(this.apis.claim)) return;
    const claims = new Map<string, KrmObject>();
    for (const c of this.store.list(this.apis.claim, { namespace: t.namespace, readOnly: true })) if (specOf(c).index === t.index) claims.set(c.metadata.name ?? '', c);
    const entries = entriesInRestoreOrder(this.entrySync(t.namespace, t.index));
    for (const pass of this.restorePasses(t)) {
      for (let i = entries.length - 1; i >= 0; i--) {
        const e = entries[i]!;
        const ref = e.metadata.ownerReferences?.[0];
        if (!ref || ref.kind !== this.apis.claim.kind || specOf(e).claimType !== pass.claimType) continue;
        const obj = claims.get(ref.name);
        if (!obj || (pass.accept && !pass.accept(obj))) continue;
        claims.delete(ref.name);
        this.restoreClaim(t, obj);
      }
    }
  }

  /** Runs a table change in a journal: undone on error (→ InvalidArgument), or always for a dry run. */
  protected attempt(t: Table, fn: () => void, dryRun: boolean, swallow = false): void {
    t.attempt(fn, { dryRun, swallow, explain: (e) => this.explain(t, e) });
  }

  protected entrySync(ns: string, index: string): EntrySync {
    return { store: this.store, raw: this.raw, entries: this.apis.entry, namespace: ns, index };
  }

  /** Rewrites the entries of the table items that changed. */
  protected syncDirty(t: Table): void {
    const s = this.entrySync(t.namespace, t.index);
    if (!this.store.api(s.entries)) return;
    for (const [name, d] of t.drainDirty()) {
      const e = this.dirtyEntry(t, name, d);
      if (e) applyEntry(s, e);
      else deleteEntry(s, name);
    }
  }
}

/** The key of an index's table. */
export function tableKey(ns: string, index: string): string {
  return `${ns}/${index}`;
}
