// The integer ID-pool backends VLAN, AS and GENID (engine spec §11.2), one generic implementation as
// kuid's generic backend behaves: an Index defines the ID space and reserves what lies outside
// minID..maxID with two range claims, Claims take a static `id`, a static `range` or a dynamic ID (see
// applicators.ts), and every ID block is mirrored as an Entry owned by its claim. The reserved ranges
// differ by generation (../generation.ts): the kuid embedded in Choreo v0.0.1–v0.0.13 keeps them as
// claims of the index itself (never stored, entries owned by the Index); kuid at HEAD stores them as
// claims `<index>.rangereservedmin|max` the index owns (and entries say `indexEntry`). Tables are
// rebuilt from the stored index, entries and claims the first time they are needed after a process
// start (ranges, static IDs, dynamic IDs).
import type { KrmObject } from '../../../../src-shared/krm/object.js';
import type { ApiStore, WriteResult } from '../../store/types.js';
import type { IdPoolKind } from '../crds.js';
import { syncIndexClaims } from '../entries.js';
import { HEAD_GENERATION, type BackendGeneration, type BackendRestore } from '../generation.js';
import type { Backend, RawWrites, WriteOp } from '../hooks.js';
import { IndexBackend, invalid, specOf, type RestorePass } from '../index-backend.js';
import {
  applyIdClaim,
  idSyntaxProblems,
  IdClaimError,
  L_CLAIM_NAME,
  L_CLAIM_TYPE,
  L_CLAIM_UID,
  L_OWNER_KIND,
  relabelIdOwner,
  releaseIdClaim,
  releaseReserved,
  reservedRanges,
  userLabels,
  type IdClaim,
  type IdClaimSpec,
  type IdClaimStatus,
  type IdClaimType,
} from './applicators.js';
import { PoolTable, type Dirty } from './pool-table.js';
import { idText, type IdEntry } from './tree.js';

const VERSION = 'v1alpha1';
const RESTORE_ORDER: IdClaimType[] = ['range', 'staticID', 'dynamicID'];

export class IdPoolBackend extends IndexBackend<PoolTable, Dirty> implements Backend {
  readonly group: string;
  private readonly kinds: { claim: string; index: string; entry: string };

  constructor(
    store: ApiStore,
    raw: RawWrites,
    private readonly pool: IdPoolKind,
    /** Which Choreo's backend this behaves as (../generation.ts). */
    private readonly generation: BackendGeneration = HEAD_GENERATION,
    /** What opening a persisted store does with the claims' dynamic IDs (../generation.ts). */
    private readonly restore: BackendRestore = 'keep',
  ) {
    const kinds = { claim: `${pool.prefix}Claim`, index: `${pool.prefix}Index`, entry: `${pool.prefix}Entry` };
    const gvk = (kind: string) => ({ group: pool.group, version: VERSION, kind });
    super(store, raw, { index: gvk(kinds.index), claim: gvk(kinds.claim), entry: gvk(kinds.entry) });
    this.group = pool.group;
    this.kinds = kinds;
  }

  private get apiVersion(): string {
    return `${this.group}/${VERSION}`;
  }

  write(kind: string, op: WriteOp): WriteResult {
    if (kind === this.kinds.index) return this.writeIndex(op);
    if (kind === this.kinds.claim) return this.writeClaim(op);
    return op(false);
  }

  check(kind: string, op: WriteOp): WriteResult {
    const res = op(true);
    if (kind === this.kinds.index) this.space(res.object);
    else if (kind === this.kinds.claim) {
      const { t, c } = this.claimContext(res.object);
      this.attempt(t, () => applyIdClaim(t, c, this.generation.kuid), true);
    }
    return res;
  }

  deleted(kind: string, obj: KrmObject): void {
    const ns = obj.metadata.namespace ?? '';
    if (kind === this.kinds.claim) {
      const c = this.claimOf(obj);
      const t = this.table(ns, c.spec.index ?? '');
      if (!t) return;
      releaseIdClaim(t, c);
      this.syncDirty(t);
    } else if (kind === this.kinds.index) this.deleteIndex(obj);
  }

  // -------------------------------------------------------------------------------------------
  // Index

  private space(idx: KrmObject): { width: number; max: bigint } {
    const where = `${this.pool.prefix.toLowerCase()}index ${idx.metadata.namespace ?? ''}/${idx.metadata.name ?? ''}`;
    const sp = this.pool.spaceOf(idx);
    if (typeof sp === 'string') throw invalid(`${where}: ${sp}`);
    const s = specOf(idx);
    for (const f of ['minID', 'maxID'] as const) {
      const v = s[f];
      if (v !== undefined && (!Number.isInteger(v) || v < 0 || BigInt(v) > sp.max)) throw invalid(`${where}: spec.${f} ${v} is outside 0-${sp.max}`);
    }
    if (typeof s.minID === 'number' && typeof s.maxID === 'number' && s.minID > s.maxID) throw invalid(`${where}: spec.minID ${s.minID} cannot be bigger than spec.maxID ${s.maxID}`);
    return sp;
  }

  /** kuid at HEAD stores the reserved ranges as claims the index owns. */
  private get storedReservations(): boolean {
    return this.generation.kuid === 'head';
  }

  private reservedClaims(idx: KrmObject, max: bigint): IdClaim[] {
    const name = idx.metadata.name ?? '';
    return reservedRanges({ name, spec: specOf(idx) }, max, this.generation.kuid).map((r) => ({
      name: r.name,
      namespace: idx.metadata.namespace ?? '',
      uid: '',
      kinds: this.kinds,
      index: { name, uid: idx.metadata.uid ?? '' },
      spec: { index: name, range: r.range },
      status: {},
    }));
  }

  private writeIndex(op: WriteOp): WriteResult {
    const preview = op(true).object;
    const sp = this.space(preview);
    const k = `${preview.metadata.namespace ?? ''}/${preview.metadata.name ?? ''}`;
    const existing = this.tables.get(k);
    if (existing && (existing.width !== sp.width || existing.max !== sp.max)) {
      throw invalid(`${this.pool.prefix.toLowerCase()}index ${k}: the ID space (type) of an index cannot change; delete and recreate the index`);
    }
    let res = op(false);
    const idx = res.object;
    if (!existing) res = this.initIndex(res);
    else if (!this.storedReservations) {
      // the embedded kuid reserves at initialisation only; we follow later minID/maxID edits too
      const want = this.reservedClaims(idx, sp.max);
      this.attempt(
        existing,
        () => {
          for (const [name, table] of existing.ranges()) {
            if (!name.startsWith(`${existing.index}.rangeReserved`)) continue;
            const w = want.find((c) => c.name === name);
            if (!w || w.spec.range !== `${table.start}-${table.end}`) releaseReserved(existing, name);
          }
          for (const c of want) applyIdClaim(existing, c, this.generation.kuid);
        },
        false,
      );
      this.syncDirty(existing);
    }
    if (this.storedReservations) this.writeReservationClaims(idx, sp.max);
    return res;
  }

  /** kuid at HEAD (updateIndexClaims): the reserved ranges are claims the index owns, applied by `backend`. */
  private writeReservationClaims(idx: KrmObject, max: bigint): void {
    const ns = idx.metadata.namespace ?? '';
    const name = idx.metadata.name ?? '';
    const wanted = reservedRanges({ name, spec: specOf(idx) }, max, this.generation.kuid).map(
      (r) =>
        ({
          apiVersion: this.apiVersion,
          kind: this.kinds.claim,
          metadata: { name: r.name, namespace: ns, ownerReferences: [{ apiVersion: this.apiVersion, kind: this.kinds.index, name, uid: idx.metadata.uid ?? '' }] },
          spec: { index: name, range: r.range },
        }) as KrmObject,
    );
    const errors = syncIndexClaims(this.store, this.apis.claim, idx, wanted);
    if (errors.length > 0) throw invalid(`${this.pool.prefix.toLowerCase()}index ${ns}/${name}: ${errors.join('; ')}`);
  }

  protected newIndexTable(idx: KrmObject): PoolTable {
    const sp = this.space(idx);
    const t = new PoolTable(idx.metadata.namespace ?? '', idx.metadata.name ?? '', sp.width, sp.max);
    if (!this.storedReservations) for (const c of this.reservedClaims(idx, sp.max)) applyIdClaim(t, c, this.generation.kuid);
    return t;
  }

  /** kuid's restore order: ranges, static IDs, dynamic IDs. */
  protected restorePasses(): RestorePass[] {
    return RESTORE_ORDER.map((claimType) => ({ claimType }));
  }

  protected restoreClaim(t: PoolTable, obj: KrmObject): void {
    const c = this.claimOf(obj);
    this.attempt(t, () => applyIdClaim(t, c, this.generation.kuid, this.restore), false, true);
  }

  // -------------------------------------------------------------------------------------------
  // Claim

  private claimOf(o: KrmObject): IdClaim {
    return {
      name: o.metadata.name ?? '',
      namespace: o.metadata.namespace ?? '',
      uid: o.metadata.uid ?? '',
      kinds: this.kinds,
      spec: specOf(o) as IdClaimSpec,
      status: { ...((o.status as IdClaimStatus | undefined) ?? {}) },
    };
  }

  private claimContext(o: KrmObject): { t: PoolTable; c: IdClaim } {
    const c = this.claimOf(o);
    const t = this.table(c.namespace, c.spec.index ?? '');
    if (!t) throw invalid(`index ${c.namespace}/${c.spec.index ?? ''} not initialized`);
    const problems = idSyntaxProblems(c, t.max);
    if (problems.length > 0) throw invalid(`${this.pool.prefix.toLowerCase()}claim ${c.namespace}/${c.name}: ${problems.join('; ')}`);
    return { t, c };
  }

  private writeClaim(op: WriteOp): WriteResult {
    const preview = op(true).object;
    const { t, c } = this.claimContext(preview);
    let res!: WriteResult;
    t.attempt(
      () => {
        applyIdClaim(t, c, this.generation.kuid);
        res = op(false);
      },
      { explain: (e) => (e instanceof IdClaimError ? invalid(`${this.pool.prefix.toLowerCase()}claim ${c.namespace}/${c.name}: ${e.message}`) : e) },
    );
    const stored = res.object;
    relabelIdOwner(t, c.name, c.uid, stored.metadata.uid ?? '');
    const fields: Record<string, unknown> = {};
    if (c.status.id !== undefined) fields.id = c.status.id;
    if (c.status.range !== undefined) fields.range = c.status.range;
    res = this.withStatus(res, fields);
    this.syncDirty(t);
    return res;
  }

  // -------------------------------------------------------------------------------------------
  // Entries

  protected explain(t: PoolTable, e: unknown): unknown {
    return e instanceof IdClaimError ? invalid(`${this.pool.prefix.toLowerCase()}index ${t.namespace}/${t.index}: ${e.message}`) : e;
  }

  protected entryObjects(t: PoolTable): Map<string, KrmObject> {
    const want = new Map<string, KrmObject>();
    for (const [range, e] of t.allEntries()) {
      const obj = this.entryObject(t, range, e);
      want.set(obj.metadata.name ?? '', obj);
    }
    return want;
  }

  /** `<index>.<id>-<bits>` (or `<range claim>.<id>-<bits>`), owned by the claim (or index) that holds it. */
  private entryObject(t: PoolTable, range: string | undefined, e: IdEntry): KrmObject {
    const l = e.labels;
    // kuid at HEAD declares indexEntry on every entry (and never sets it)
    const spec: Record<string, unknown> = { index: t.index, ...(this.generation.kuid === 'head' ? { indexEntry: false } : {}), claimType: l[L_CLAIM_TYPE] ?? '', id: idText(e.block) };
    const user = userLabels(l);
    if (Object.keys(user).length > 0) spec.labels = user;
    const name = t.entryName(range, e.block);
    return {
      apiVersion: this.apiVersion,
      kind: this.kinds.entry,
      metadata: {
        name,
        namespace: t.namespace,
        ownerReferences: [{ apiVersion: this.apiVersion, kind: l[L_OWNER_KIND] ?? '', name: l[L_CLAIM_NAME] ?? '', uid: l[L_CLAIM_UID] ?? '' }],
      },
      spec: spec as KrmObject['spec'],
      status: {},
    };
  }

  protected dirtyEntry(t: PoolTable, _name: string, d: Dirty): KrmObject | undefined {
    const e = t.entryOf(d);
    return e ? this.entryObject(t, d.range, e) : undefined;
  }
}
