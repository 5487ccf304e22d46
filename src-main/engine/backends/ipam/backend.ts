// The IPAM backend (engine spec §11.1), as kuid behaves in the Choreo generation of the project
// (../generation.ts): store hooks on IPIndex and IPClaim that keep one table per index
// (index-table.ts), put each claim's allocation into its status and mirror every route as an IPEntry
// owned by its claim (`<index>.<subnet>`, at HEAD `<namespace>.<index>.<subnet>`; in Choreo v0.0.1 the
// index's own prefixes never become IPClaim objects and their entries are owned by the IPIndex). A
// table is rebuilt from the stored index, entries and claims the first time it is needed after a
// process start, in kuid's order (index prefixes, then claims by type: static prefixes, ranges, dynamic
// prefixes, static addresses, dynamic addresses).
import type { KrmObject } from '../../../../src-shared/krm/object.js';
import { StoreError } from '../../store/errors.js';
import type { ApiStore, WriteResult } from '../../store/types.js';
import { IPAM_API_VERSION, IPAM_GROUP } from '../crds.js';
import { syncIndexClaims } from '../entries.js';
import type { Backend, RawWrites, WriteOp } from '../hooks.js';
import { IndexBackend, invalid, specOf, type RestorePass } from '../index-backend.js';
import { HEAD_GENERATION, type BackendGeneration } from '../generation.js';
import { applyClaim, applyIndexPrefixes, relabelOwner, releaseClaim, routeOwnedBy, type IndexPrefix } from './applicators.js';
import { IpClaimError, syntaxProblems, type ClaimType, type IpClaim, type IpClaimSpec, type IpClaimStatus } from './claim.js';
import { IndexTable, type DirtyRoute } from './index-table.js';
import { formatIp, parseIpPrefix, subnetNameOf } from './prefix.js';
import { entryOfRoute } from './routes.js';

const CLAIMS = { group: IPAM_GROUP, version: 'v1alpha1', kind: 'IPClaim' };
const ENTRIES = { group: IPAM_GROUP, version: 'v1alpha1', kind: 'IPEntry' };
const INDEXES = { group: IPAM_GROUP, version: 'v1alpha1', kind: 'IPIndex' };

/** Restore order of claims by type (kuid's restore). */
const RESTORE_ORDER: ClaimType[] = ['staticPrefix', 'staticRange', 'dynamicPrefix', 'staticAddress', 'dynamicAddress'];

function notInitialized(ns: string, index: string): StoreError {
  return invalid(`index ${ns}/${index} not initialized`);
}

function claimOf(o: KrmObject): IpClaim {
  return {
    name: o.metadata.name ?? '',
    namespace: o.metadata.namespace ?? '',
    uid: o.metadata.uid ?? '',
    ownedByIndex: ownedByIndex(o),
    spec: specOf(o) as IpClaimSpec,
    status: { ...((o.status as IpClaimStatus | undefined) ?? {}) },
  };
}

function ownedByIndex(o: KrmObject, index?: string): boolean {
  return (o.metadata.ownerReferences ?? []).some((r) => r.apiVersion === IPAM_API_VERSION && r.kind === 'IPIndex' && (index === undefined || r.name === index));
}

function statusFields(s: IpClaimStatus): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['prefix', 'address', 'range', 'defaultGateway'] as const) if (s[k] !== undefined) out[k] = s[k];
  return out;
}

export class IpamBackend extends IndexBackend<IndexTable, DirtyRoute> implements Backend {
  readonly group = IPAM_GROUP;

  constructor(
    store: ApiStore,
    raw: RawWrites,
    /** Which Choreo's backend this behaves as (../generation.ts). */
    private readonly generation: BackendGeneration = HEAD_GENERATION,
  ) {
    super(store, raw, { index: INDEXES, claim: CLAIMS, entry: ENTRIES });
  }

  private newTable(ns: string, index: string): IndexTable {
    return new IndexTable(ns, index, this.generation);
  }

  write(kind: string, op: WriteOp): WriteResult {
    if (kind === 'IPIndex') return this.writeIndex(op);
    if (kind === 'IPClaim') return this.writeClaim(op);
    return op(false); // IPEntry: written by us (raw); anything else passes through
  }

  /** A dry run: validated and allocated like the real write, then undone. */
  check(kind: string, op: WriteOp): WriteResult {
    const res = op(true);
    if (kind === 'IPIndex') {
      const o = res.object;
      const prefixes = this.indexPrefixes(o);
      const t = this.table(o.metadata.namespace ?? '', o.metadata.name ?? '') ?? this.newTable(o.metadata.namespace ?? '', o.metadata.name ?? '');
      this.attempt(t, () => applyIndexPrefixes(t, this.owner(o), prefixes), true);
    } else if (kind === 'IPClaim') {
      const c = claimOf(res.object);
      const t = this.claimTable(c);
      this.attempt(t, () => applyClaim(t, c), true);
    }
    return res;
  }

  deleted(kind: string, obj: KrmObject): void {
    const ns = obj.metadata.namespace ?? '';
    if (kind === 'IPClaim') {
      const c = claimOf(obj);
      for (const t of this.tables.values()) {
        if (t.namespace !== ns) continue;
        releaseClaim(t, c);
        this.syncDirty(t);
      }
    } else if (kind === 'IPIndex') this.deleteIndex(obj);
  }

  // -------------------------------------------------------------------------------------------
  // IPIndex

  private owner(idx: KrmObject): { namespace: string; name: string; uid: string } {
    return { namespace: idx.metadata.namespace ?? '', name: idx.metadata.name ?? '', uid: idx.metadata.uid ?? '' };
  }

  private writeIndex(op: WriteOp): WriteResult {
    const preview = op(true).object;
    const prefixes = this.indexPrefixes(preview);
    const ns = preview.metadata.namespace ?? '';
    const name = preview.metadata.name ?? '';
    const existing = this.table(ns, name);
    // check the prefixes before anything is stored (the uid of a new index is not known yet)
    const claims = this.generation.indexPrefixes === 'claims';
    const probe = existing && !claims ? existing : this.newTable(ns, name);
    this.attempt(probe, () => applyIndexPrefixes(probe, this.owner(preview), prefixes), true);
    let res = op(false);
    const idx = res.object;
    if (!existing) res = this.initIndex(res);
    else if (!claims) {
      this.attempt(existing, () => applyIndexPrefixes(existing, this.owner(idx), prefixes), false);
      this.syncDirty(existing);
    }
    if (claims) this.writeIndexClaims(idx, prefixes);
    return res;
  }

  /**
   * Each prefix of the index is an IPClaim `<index>.<subnet>` the index owns, applied by `backend`;
   * claims of prefixes that left the index are deleted (as at upstream HEAD).
   */
  private writeIndexClaims(idx: KrmObject, prefixes: IndexPrefix[]): void {
    const ns = idx.metadata.namespace ?? '';
    const name = idx.metadata.name ?? '';
    const wanted = prefixes.map((p) => {
      const { prefix } = parseIpPrefix(p.prefix);
      const spec: IpClaimSpec = { index: name, prefix: p.prefix, prefixLength: prefix.bits, createPrefix: true };
      if (p.prefixType !== undefined) spec.prefixType = p.prefixType;
      if (p.labels !== undefined) spec.labels = p.labels;
      return {
        apiVersion: IPAM_API_VERSION,
        kind: 'IPClaim',
        metadata: { name: `${name}.${subnetNameOf(prefix)}`, namespace: ns, ownerReferences: [{ apiVersion: IPAM_API_VERSION, kind: 'IPIndex', name, uid: idx.metadata.uid ?? '' }] },
        spec,
      } as KrmObject;
    });
    const errors = syncIndexClaims(this.store, CLAIMS, idx, wanted);
    if (errors.length > 0) throw invalid(`ipindex ${ns}/${name}: ${errors.join('; ')}`);
  }

  private indexPrefixes(idx: KrmObject): IndexPrefix[] {
    const list = specOf(idx).prefixes;
    const out: IndexPrefix[] = [];
    for (const [i, p] of (Array.isArray(list) ? list : []).entries()) {
      try {
        const { prefix, address } = parseIpPrefix(String(p?.prefix ?? ''));
        if (address !== prefix.addr) throw new Error(`host bits set (use ${formatIp(prefix.addr, prefix.family)}/${prefix.bits})`);
      } catch (e) {
        throw invalid(`ipindex ${idx.metadata.namespace ?? ''}/${idx.metadata.name ?? ''}: spec.prefixes[${i}] ${JSON.stringify(p?.prefix ?? '')}: ${(e as Error).message}`);
      }
      out.push(p as IndexPrefix);
    }
    return out;
  }

  /** The table of a stored index, with the index's prefixes when they are routes of the index itself. */
  protected newIndexTable(idx: KrmObject): IndexTable {
    const t = this.newTable(idx.metadata.namespace ?? '', idx.metadata.name ?? '');
    if (this.generation.indexPrefixes === 'routes') applyIndexPrefixes(t, this.owner(idx), this.indexPrefixes(idx));
    return t;
  }

  /** The index's own claims (current generation) first: every other prefix lies inside them; then by type. */
  protected restorePasses(t: IndexTable): RestorePass[] {
    return [{ claimType: 'staticPrefix', accept: (o) => ownedByIndex(o, t.index) }, ...RESTORE_ORDER.map((claimType) => ({ claimType }))];
  }

  /** A claim that no longer fits is re-evaluated (and fails visibly) on its next write. */
  protected restoreClaim(t: IndexTable, obj: KrmObject): void {
    const c = claimOf(obj);
    this.attempt(t, () => applyClaim(t, c), false, true);
  }

  protected entryObjects(t: IndexTable): Map<string, KrmObject> {
    const want = new Map<string, KrmObject>();
    for (const { route, range } of t.allRoutes()) {
      const entryName = t.entryName(route.prefix, range);
      want.set(entryName, entryOfRoute(this.generation.kuid, entryName, t.namespace, t.index, route) as unknown as KrmObject);
    }
    return want;
  }

  // -------------------------------------------------------------------------------------------
  // IPClaim

  private claimTable(c: IpClaim): IndexTable {
    const problems = syntaxProblems(c, this.generation.kuid);
    if (problems.length > 0) throw invalid(`ipclaim ${c.namespace}/${c.name}: ${problems.join('; ')}`);
    const t = this.table(c.namespace, c.spec.index ?? '');
    if (!t) throw notInitialized(c.namespace, c.spec.index ?? '');
    return t;
  }

  private writeClaim(op: WriteOp): WriteResult {
    const preview = op(true).object;
    const c = claimOf(preview);
    const t = this.claimTable(c);
    let res!: WriteResult;
    t.attempt(
      () => {
        applyClaim(t, c);
        res = op(false);
      },
      { explain: (e) => (e instanceof IpClaimError ? invalid(`ipclaim ${c.namespace}/${c.name}: ${e.message}`) : e) },
    );
    const stored = res.object;
    relabelOwner(t, c.name, c.uid, stored.metadata.uid ?? '');
    // a claim that moved to another index gives up what it held there
    for (const other of this.tables.values()) {
      if (other === t || other.namespace !== c.namespace) continue;
      if (!other.allRoutes().some(({ route }) => routeOwnedBy(route, c.name, stored.metadata.uid ?? ''))) continue;
      releaseClaim(other, { ...c, uid: stored.metadata.uid ?? '' });
      this.syncDirty(other);
    }
    res = this.withStatus(res, statusFields(c.status));
    this.syncDirty(t);
    return res;
  }

  // -------------------------------------------------------------------------------------------

  protected explain(t: IndexTable, e: unknown): unknown {
    return e instanceof IpClaimError ? invalid(`ipindex ${t.namespace}/${t.index}: ${e.message}`) : e;
  }

  protected dirtyEntry(t: IndexTable, name: string, d: DirtyRoute): KrmObject | undefined {
    const r = t.entryRoute(d);
    return r ? (entryOfRoute(this.generation.kuid, name, t.namespace, t.index, r) as unknown as KrmObject) : undefined;
  }
}

