// The IPAM backend (engine spec §11.1): store hooks on IPIndex and IPClaim that keep one allocation
// table per index, write the claims of an index's prefixes, put the allocation into each claim's
// status and mirror every route as an IPEntry. Tables live in memory and are restored from the stored
// claims the first time an index is written after start (a reopened `.choreo/db`).
import { rfc3339, type Condition } from '../../../../src-shared/krm/condition.js';
import type { KrmObject } from '../../../../src-shared/krm/object.js';
import { deepEqual } from '../../apply/equal.js';
import { StoreError } from '../../store/errors.js';
import type { ApiStore, WriteResult } from '../../store/types.js';
import { IPAM_API_VERSION, IPAM_GROUP } from '../crds.js';
import { BACKEND_MANAGER, type Backend, type RawWrites, type WriteOp } from '../hooks.js';
import { allocate, claimTypeOf, IpClaimError, type IpClaimSpec, type IpClaimStatus } from './claims.js';
import { formatIp, parseIpPrefix, subnetNameOf } from './prefix.js';
import { IpTable, L_OWNER_KIND, type Route } from './table.js';

const CLAIMS = { group: IPAM_GROUP, version: 'v1alpha1', kind: 'IPClaim' };
const ENTRIES = { group: IPAM_GROUP, version: 'v1alpha1', kind: 'IPEntry' };

interface IndexPrefix {
  prefix: string;
  prefixType?: string;
  labels?: Record<string, string>;
}

function tableKey(ns: string, index: string): string {
  return `${ns}/${index}`;
}

function specOf(o: KrmObject): Record<string, any> {
  return o.spec && typeof o.spec === 'object' ? (o.spec as Record<string, any>) : {};
}

function invalid(msg: string): StoreError {
  return new StoreError('InvalidArgument', msg);
}

/** The Ready condition, keeping the transition time of an existing Ready/True one. */
export function readyConditions(prev: unknown, now: Date): Condition[] {
  const old = (Array.isArray((prev as any)?.conditions) ? (prev as any).conditions : []).find((c: any) => c?.type === 'Ready' && c.status === 'True');
  return [{ type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: old?.lastTransitionTime ?? rfc3339(now) }];
}

/** Name suffix of the entry of a route (`10.0.0.0-32`, `1000--1-128`, ranges `<start>-<end>`). */
function entrySuffix(r: Route): string {
  if (r.range) return `${formatIp(r.range.start, r.prefix.family)}-${formatIp(r.range.end, r.prefix.family)}`.replaceAll(':', '-');
  return subnetNameOf(r.prefix);
}

export class IpamBackend implements Backend {
  readonly group = IPAM_GROUP;
  private readonly tables = new Map<string, IpTable>();

  constructor(
    private readonly store: ApiStore,
    private readonly raw: RawWrites,
  ) {}

  /** The table of an index (tests, diagnostics); undefined until the index was written once. */
  table(namespace: string, index: string): IpTable | undefined {
    return this.tables.get(tableKey(namespace, index));
  }

  write(kind: string, op: WriteOp): WriteResult {
    if (kind === 'IPIndex') return this.writeIndex(op);
    if (kind === 'IPClaim') return this.writeClaim(op);
    return op(false); // IPEntry: written by us (raw) — anything else passes through unchanged
  }

  deleted(kind: string, obj: KrmObject): void {
    const ns = obj.metadata.namespace ?? '';
    if (kind === 'IPClaim') {
      for (const t of this.tables.values()) {
        if (t.namespace !== ns || t.ownedBy(obj.metadata.name ?? '').length === 0) continue;
        this.syncClaimEntries(t, t.replaceClaim(obj.metadata.name ?? '', []), []);
      }
    } else if (kind === 'IPIndex') {
      // the index's claims are owned by it (garbage collected); their entries follow them
      this.tables.delete(tableKey(ns, obj.metadata.name ?? ''));
    }
  }

  // -------------------------------------------------------------------------------------------
  // IPIndex

  private writeIndex(op: WriteOp): WriteResult {
    const preview = op(true).object;
    const prefixes = this.indexPrefixes(preview);
    let res = op(false);
    const idx = res.object;
    const ns = idx.metadata.namespace ?? '';
    const name = idx.metadata.name ?? '';
    const key = tableKey(ns, name);
    let table = this.tables.get(key);
    if (!table) {
      table = new IpTable(ns, name);
      this.tables.set(key, table);
      this.restore(table);
      // Ready only at the first initialisation; later writes keep the stored status
      const status = { ...((idx.status as object) ?? {}), conditions: readyConditions(idx.status, this.store.clock.now()) };
      if (!deepEqual(status, idx.status)) {
        const r = this.raw.updateStatus({ ...idx, status });
        res = { object: r.object, changed: res.changed || r.changed, deleted: false };
      }
    }
    const errors: string[] = [];
    for (const p of prefixes) {
      const { prefix } = parseIpPrefix(p.prefix);
      const spec: IpClaimSpec = { index: name, prefix: p.prefix, prefixLength: prefix.bits, createPrefix: true };
      if (p.prefixType !== undefined) spec.prefixType = p.prefixType as IpClaimSpec['prefixType'];
      if (p.labels !== undefined) spec.labels = p.labels;
      const claim: KrmObject = {
        apiVersion: IPAM_API_VERSION,
        kind: 'IPClaim',
        metadata: {
          name: `${name}.${subnetNameOf(prefix)}`,
          namespace: ns,
          ownerReferences: [{ apiVersion: IPAM_API_VERSION, kind: 'IPIndex', name, uid: idx.metadata.uid ?? '' }],
        },
        spec: spec as KrmObject['spec'],
      };
      try {
        this.store.apply(claim, { fieldManager: BACKEND_MANAGER, force: true });
      } catch (e) {
        errors.push(e instanceof StoreError ? e.desc : (e as Error).message);
      }
    }
    // [quirk, engine spec §11.1 step 3] claims of prefixes removed from the spec are not deleted: the
    // Go server looks them up with a wrong kind. Their routes stay, so addresses inside stay reserved.
    this.syncEntries(table);
    if (errors.length > 0) throw invalid(`ipindex ${ns}/${name}: ${errors.join('; ')}`);
    return res;
  }

  private indexPrefixes(idx: KrmObject): IndexPrefix[] {
    const list = specOf(idx).prefixes;
    const out: IndexPrefix[] = [];
    const seen = new Set<string>();
    for (const [i, p] of (Array.isArray(list) ? list : []).entries()) {
      try {
        const { prefix, address } = parseIpPrefix(String(p?.prefix ?? ''));
        if (address !== prefix.addr) throw new Error(`host bits set (use ${formatIp(prefix.addr, prefix.family)}/${prefix.bits})`);
        const s = subnetNameOf(prefix);
        if (seen.has(s)) throw new Error('listed twice');
        seen.add(s);
      } catch (e) {
        throw invalid(`ipindex ${idx.metadata.namespace ?? ''}/${idx.metadata.name ?? ''}: spec.prefixes[${i}] ${JSON.stringify(p?.prefix ?? '')}: ${(e as Error).message}`);
      }
      out.push(p as IndexPrefix);
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // IPClaim

  /** Dry run: an IPClaim is allocated against the table (and may fail) but nothing is kept. */
  check(kind: string, op: WriteOp): WriteResult {
    const res = op(true);
    if (kind === 'IPIndex') this.indexPrefixes(res.object);
    if (kind !== 'IPClaim') return res;
    const o = res.object;
    const ns = o.metadata.namespace ?? '';
    const spec = specOf(o) as IpClaimSpec;
    const table = this.tables.get(tableKey(ns, spec.index ?? ''));
    if (!table) throw invalid(`index ${ns}/${spec.index ?? ''} not initialized`);
    try {
      allocate(table, { name: o.metadata.name ?? '', uid: o.metadata.uid ?? '', spec, status: o.status as IpClaimStatus | undefined });
    } catch (e) {
      if (e instanceof IpClaimError) throw invalid(`ipclaim ${ns}/${o.metadata.name ?? ''}: ${e.message}`);
      throw e;
    }
    return res;
  }

  private writeClaim(op: WriteOp): WriteResult {
    const preview = op(true).object;
    const ns = preview.metadata.namespace ?? '';
    const name = preview.metadata.name ?? '';
    const spec = specOf(preview) as IpClaimSpec;
    const index = spec.index ?? '';
    const table = this.tables.get(tableKey(ns, index));
    if (!table) throw invalid(`index ${ns}/${index} not initialized`);
    let outcome;
    try {
      outcome = allocate(table, { name, uid: preview.metadata.uid ?? '', spec, status: preview.status as IpClaimStatus | undefined });
    } catch (e) {
      if (e instanceof IpClaimError) throw invalid(`ipclaim ${ns}/${name}: ${e.message}`);
      throw e;
    }
    const prev = table.replaceClaim(name, outcome.routes);
    let res: WriteResult;
    try {
      res = op(false);
    } catch (e) {
      table.replaceClaim(name, prev);
      throw e;
    }
    const claim = res.object;
    table.setClaimUid(name, claim.metadata.uid ?? '');
    // a claim that moved to another index gives up its old routes
    for (const t of this.tables.values()) {
      if (t !== table && t.namespace === ns && t.ownedBy(name).length > 0) {
        this.syncClaimEntries(t, t.replaceClaim(name, []), []);
      }
    }
    const status = { ...outcome.status, conditions: readyConditions(claim.status, this.store.clock.now()) };
    if (!deepEqual(status, claim.status)) {
      const r = this.raw.updateStatus({ ...claim, status });
      res = { object: r.object, changed: res.changed || r.changed, deleted: false };
    }
    this.syncClaimEntries(table, prev, table.ownedBy(name));
    return res;
  }

  /** Rebuilds a table from the stored claims of its index: static prefixes (widest first), then the rest. */
  private restore(table: IpTable): void {
    if (!this.store.api(CLAIMS)) return;
    const claims = this.store.list(CLAIMS, { namespace: table.namespace }).filter((c) => specOf(c).index === table.index);
    const rank = (c: KrmObject): number => {
      try {
        const t = claimTypeOf(specOf(c) as IpClaimSpec);
        return t === 'staticPrefix' ? 0 : t === 'dynamicPrefix' ? 1 : t === 'staticRange' ? 2 : 3;
      } catch {
        return 4;
      }
    };
    const bits = (c: KrmObject): number => {
      const s = specOf(c);
      const text = s.prefix ?? (c.status as IpClaimStatus | undefined)?.prefix;
      try {
        return text ? parseIpPrefix(String(text)).prefix.bits : 999;
      } catch {
        return 999;
      }
    };
    claims.sort((a, b) => rank(a) - rank(b) || bits(a) - bits(b));
    for (const c of claims) {
      const name = c.metadata.name ?? '';
      try {
        const out = allocate(table, { name, uid: c.metadata.uid ?? '', spec: specOf(c) as IpClaimSpec, status: c.status as IpClaimStatus | undefined });
        table.replaceClaim(name, out.routes);
      } catch {
        // a claim that no longer fits is re-evaluated (and fails visibly) on its next write
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // IPEntry

  /** The IPEntry that mirrors a route. */
  private entryFor(table: IpTable, r: Route): KrmObject {
    const spec: Record<string, unknown> = {
      index: table.index,
      prefixType: r.prefixType,
      claimType: r.claimType,
      prefix: r.range ? r.text : `${formatIp(r.prefix.addr, r.prefix.family)}/${r.prefix.bits}`,
      addressFamily: r.prefix.family,
    };
    if (r.defaultGateway) spec.defaultGateway = true;
    if (Object.keys(r.userLabels).length > 0) spec.labels = { ...r.userLabels };
    return {
      apiVersion: IPAM_API_VERSION,
      kind: 'IPEntry',
      metadata: {
        name: `${table.index}.${entrySuffix(r)}`,
        namespace: table.namespace,
        ownerReferences: [{ apiVersion: IPAM_API_VERSION, kind: r.labels[L_OWNER_KIND] ?? 'IPClaim', name: r.claimName, uid: r.claimUid }],
      },
      spec: spec as KrmObject['spec'],
    };
  }

  /** Applies the entries that differ from the stored ones (a no-op apply is not free either). */
  private applyEntries(table: IpTable, entries: Iterable<KrmObject>): void {
    for (const w of entries) {
      const e = this.store.tryGet(ENTRIES, table.namespace, w.metadata.name ?? '');
      if (e && deepEqual(e.spec, w.spec) && deepEqual(e.metadata.ownerReferences, w.metadata.ownerReferences)) continue;
      this.raw.apply(w, { fieldManager: BACKEND_MANAGER, force: true });
    }
  }

  /** After one claim changed: entries of its new routes applied, entries of its dropped routes deleted. */
  private syncClaimEntries(table: IpTable, prev: Route[], next: Route[]): void {
    if (!this.store.api(ENTRIES)) return;
    const want = next.map((r) => this.entryFor(table, r));
    const keep = new Set(want.map((w) => w.metadata.name));
    for (const r of prev) {
      const name = `${table.index}.${entrySuffix(r)}`;
      if (keep.has(name)) continue;
      // another claim may own a route of the same name now (never two at once): only delete our own
      if (table.all().some((o) => o.claimName !== r.claimName && `${table.index}.${entrySuffix(o)}` === name)) continue;
      if (this.store.tryGet(ENTRIES, table.namespace, name)) this.raw.delete(ENTRIES, table.namespace, name);
    }
    this.applyEntries(table, want);
  }

  /** One IPEntry per route of the table (applied by `backend`); entries of routes that are gone are deleted. */
  private syncEntries(table: IpTable): void {
    if (!this.store.api(ENTRIES)) return;
    const want = new Map<string, KrmObject>();
    for (const r of table.all()) {
      const w = this.entryFor(table, r);
      want.set(w.metadata.name ?? '', w);
    }
    for (const e of this.store.list(ENTRIES, { namespace: table.namespace })) {
      if (specOf(e).index !== table.index || want.has(e.metadata.name ?? '')) continue;
      this.raw.delete(ENTRIES, table.namespace, e.metadata.name ?? '');
    }
    this.applyEntries(table, want.values());
  }
}
