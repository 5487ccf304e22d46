// The integer ID-pool backends VLAN, AS and GENID (engine spec §11.2), one generic implementation:
// an Index bounds the pool (minID/maxID inside the kind's absolute range, reserved by the claims
// `<index>.rangereservedmin` / `<index>.rangereservedmax`), Claims take a static `id`, a static `range`
// ("a-b") or — neither — the lowest free ID; every allocation is mirrored as an Entry.
import type { KrmObject } from '../../../../src-shared/krm/object.js';
import { deepEqual } from '../../apply/equal.js';
import { StoreError } from '../../store/errors.js';
import type { ApiStore, WriteResult } from '../../store/types.js';
import type { IdPoolKind } from '../crds.js';
import { BACKEND_MANAGER, type Backend, type RawWrites, type WriteOp } from '../hooks.js';
import { readyConditions } from '../ipam/backend.js';

export type IdClaimType = 'staticID' | 'staticRange' | 'dynamicID';

export interface IdAllocation {
  claimName: string;
  claimUid: string;
  claimType: IdClaimType;
  start: number;
  end: number;
  labels: Record<string, string>;
}

export interface IdTable {
  namespace: string;
  index: string;
  /** Absolute bounds of the pool's kind (the reserved claims cover what the index excludes). */
  min: number;
  max: number;
  allocs: IdAllocation[];
}

interface IdClaimSpec {
  index?: string;
  id?: number;
  range?: string;
  labels?: Record<string, string>;
}

const VERSION = 'v1alpha1';

function specOf(o: KrmObject): Record<string, any> {
  return o.spec && typeof o.spec === 'object' ? (o.spec as Record<string, any>) : {};
}

function invalid(msg: string): StoreError {
  return new StoreError('InvalidArgument', msg);
}

export class IdPoolBackend implements Backend {
  readonly group: string;
  private readonly tables = new Map<string, IdTable>();
  private readonly lower: string;

  constructor(
    private readonly store: ApiStore,
    private readonly raw: RawWrites,
    private readonly pool: IdPoolKind,
  ) {
    this.group = pool.group;
    this.lower = pool.prefix.toLowerCase();
  }

  private gvk(suffix: 'Index' | 'Claim' | 'Entry') {
    return { group: this.group, version: VERSION, kind: `${this.pool.prefix}${suffix}` };
  }

  private get apiVersion(): string {
    return `${this.group}/${VERSION}`;
  }

  table(namespace: string, index: string): IdTable | undefined {
    return this.tables.get(`${namespace}/${index}`);
  }

  write(kind: string, op: WriteOp): WriteResult {
    if (kind === `${this.pool.prefix}Index`) return this.writeIndex(op);
    if (kind === `${this.pool.prefix}Claim`) return this.writeClaim(op);
    return op(false);
  }

  deleted(kind: string, obj: KrmObject): void {
    const ns = obj.metadata.namespace ?? '';
    const name = obj.metadata.name ?? '';
    if (kind === `${this.pool.prefix}Claim`) {
      for (const t of this.tables.values()) {
        if (t.namespace !== ns || !t.allocs.some((a) => a.claimName === name)) continue;
        t.allocs = t.allocs.filter((a) => a.claimName !== name);
        this.syncEntries(t);
      }
    } else if (kind === `${this.pool.prefix}Index`) this.tables.delete(`${ns}/${name}`);
  }

  private writeIndex(op: WriteOp): WriteResult {
    const preview = op(true).object;
    const { min, max } = { min: this.pool.min, max: this.pool.maxOf(preview) };
    const s = specOf(preview);
    const minID = s.minID ?? min;
    const maxID = s.maxID ?? max;
    const where = `${this.lower}index ${preview.metadata.namespace ?? ''}/${preview.metadata.name ?? ''}`;
    if (!Number.isInteger(minID) || minID < min || minID > max) throw invalid(`${where}: spec.minID ${minID} is outside ${min}-${max}`);
    if (!Number.isInteger(maxID) || maxID < min || maxID > max) throw invalid(`${where}: spec.maxID ${maxID} is outside ${min}-${max}`);
    if (minID > maxID) throw invalid(`${where}: spec.minID ${minID} is above spec.maxID ${maxID}`);
    let res = op(false);
    const idx = res.object;
    const ns = idx.metadata.namespace ?? '';
    const name = idx.metadata.name ?? '';
    let table = this.tables.get(`${ns}/${name}`);
    if (!table) {
      table = { namespace: ns, index: name, min, max, allocs: [] };
      this.tables.set(`${ns}/${name}`, table);
      this.restore(table);
      const status = { ...((idx.status as object) ?? {}), conditions: readyConditions(idx.status, this.store.clock.now()) };
      if (!deepEqual(status, idx.status)) {
        const r = this.raw.updateStatus({ ...idx, status });
        res = { object: r.object, changed: res.changed || r.changed, deleted: false };
      }
    }
    table.min = min;
    table.max = max;
    const reserved: Array<[string, number, number, boolean]> = [
      // Go names them `<index>.rangeReservedMin/Max` and lowercases them (object names must be RFC 1123)
      [`${name}.rangereservedmin`, min, minID - 1, minID > min],
      [`${name}.rangereservedmax`, maxID + 1, max, maxID < max],
    ];
    const claimApi = this.gvk('Claim');
    for (const [cname, a, b, needed] of reserved) {
      if (needed) {
        const claim: KrmObject = {
          apiVersion: this.apiVersion,
          kind: claimApi.kind,
          metadata: { name: cname, namespace: ns, ownerReferences: [{ apiVersion: this.apiVersion, kind: `${this.pool.prefix}Index`, name, uid: idx.metadata.uid ?? '' }] },
          spec: { index: name, range: `${a}-${b}` },
        };
        this.store.apply(claim, { fieldManager: BACKEND_MANAGER, force: true });
      } else if (this.store.tryGet(claimApi, ns, cname)) {
        this.store.delete(claimApi, ns, cname);
      }
    }
    this.syncEntries(table);
    return res;
  }

  /** The allocation of a claim against the table (not changed here). */
  allocate(table: IdTable, name: string, uid: string, spec: IdClaimSpec, status: { id?: number } | undefined): IdAllocation {
    const others = table.allocs.filter((a) => a.claimName !== name);
    const labels = spec.labels ?? {};
    const clash = (s: number, e: number) => others.find((o) => o.start <= e && s <= o.end);
    const where = `${this.lower}claim ${table.namespace}/${name}`;
    if (spec.id != null && spec.range != null) throw invalid(`${where}: a claim can only have 1 claimType, got id: ${spec.id}, range: ${spec.range}`);
    if (spec.id != null) {
      const id = spec.id;
      if (!Number.isInteger(id) || id < table.min || id > table.max) throw invalid(`${where}: id ${id} is outside ${table.min}-${table.max}`);
      const c = clash(id, id);
      if (c) throw invalid(`${where}: id ${id} is already claimed by ${c.claimName}`);
      return { claimName: name, claimUid: uid, claimType: 'staticID', start: id, end: id, labels };
    }
    if (spec.range != null) {
      const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(spec.range);
      if (!m) throw invalid(`${where}: invalid range ${JSON.stringify(spec.range)}, expected <start>-<end>`);
      const a = Number(m[1]);
      const b = Number(m[2]);
      if (a > b || a < table.min || b > table.max) throw invalid(`${where}: range ${spec.range} is outside ${table.min}-${table.max} or reversed`);
      const c = clash(a, b);
      if (c) throw invalid(`${where}: range ${spec.range} overlaps ${c.start === c.end ? `id ${c.start}` : `range ${c.start}-${c.end}`} claimed by ${c.claimName}`);
      return { claimName: name, claimUid: uid, claimType: 'staticRange', start: a, end: b, labels };
    }
    const held = status?.id;
    if (typeof held === 'number' && held >= table.min && held <= table.max && !clash(held, held)) {
      return { claimName: name, claimUid: uid, claimType: 'dynamicID', start: held, end: held, labels };
    }
    const sorted = [...others].sort((x, y) => x.start - y.start);
    let cand = table.min;
    for (const o of sorted) {
      if (o.end < cand) continue;
      if (o.start > cand) break;
      cand = o.end + 1;
    }
    if (cand > table.max) throw invalid(`${where}: no free id in ${this.lower}index ${table.namespace}/${table.index}`);
    return { claimName: name, claimUid: uid, claimType: 'dynamicID', start: cand, end: cand, labels };
  }

  private writeClaim(op: WriteOp): WriteResult {
    const preview = op(true).object;
    const ns = preview.metadata.namespace ?? '';
    const name = preview.metadata.name ?? '';
    const spec = specOf(preview) as IdClaimSpec;
    const table = this.tables.get(`${ns}/${spec.index ?? ''}`);
    if (!table) throw invalid(`index ${ns}/${spec.index ?? ''} not initialized`);
    const alloc = this.allocate(table, name, preview.metadata.uid ?? '', spec, preview.status as { id?: number } | undefined);
    const prev = table.allocs;
    table.allocs = [...prev.filter((a) => a.claimName !== name), alloc];
    let res: WriteResult;
    try {
      res = op(false);
    } catch (e) {
      table.allocs = prev;
      throw e;
    }
    alloc.claimUid = res.object.metadata.uid ?? '';
    const st: Record<string, unknown> = alloc.claimType === 'staticRange' ? { range: `${alloc.start}-${alloc.end}` } : { id: alloc.start };
    const status = { ...st, conditions: readyConditions(res.object.status, this.store.clock.now()) };
    if (!deepEqual(status, res.object.status)) {
      const r = this.raw.updateStatus({ ...res.object, status });
      res = { object: r.object, changed: res.changed || r.changed, deleted: false };
    }
    this.syncEntries(table);
    return res;
  }

  private restore(table: IdTable): void {
    const api = this.gvk('Claim');
    if (!this.store.api(api)) return;
    const claims = this.store.list(api, { namespace: table.namespace }).filter((c) => specOf(c).index === table.index);
    // static claims first: a dynamic claim must not take an ID a static one holds
    const rank = (c: KrmObject) => (specOf(c).id != null || specOf(c).range != null ? 0 : 1);
    claims.sort((a, b) => rank(a) - rank(b));
    for (const c of claims) {
      try {
        const a = this.allocate(table, c.metadata.name ?? '', c.metadata.uid ?? '', specOf(c) as IdClaimSpec, c.status as { id?: number } | undefined);
        table.allocs.push(a);
      } catch {
        // re-evaluated (and failing visibly) on the claim's next write
      }
    }
  }

  /** One Entry per allocated ID (`<index>.<id>`); a range is one Entry `<index>.<start>-<end>`. */
  private syncEntries(table: IdTable): void {
    const api = this.gvk('Entry');
    if (!this.store.api(api)) return;
    const want = new Map<string, KrmObject>();
    for (const a of table.allocs) {
      const id = a.start === a.end ? String(a.start) : `${a.start}-${a.end}`;
      const name = `${table.index}.${id}`;
      const spec: Record<string, unknown> = { index: table.index, claimType: a.claimType, id };
      if (Object.keys(a.labels).length > 0) spec.labels = { ...a.labels };
      want.set(name, {
        apiVersion: this.apiVersion,
        kind: api.kind,
        metadata: { name, namespace: table.namespace, ownerReferences: [{ apiVersion: this.apiVersion, kind: `${this.pool.prefix}Claim`, name: a.claimName, uid: a.claimUid }] },
        spec: spec as KrmObject['spec'],
      });
    }
    for (const e of this.store.list(api, { namespace: table.namespace }).filter((x) => specOf(x).index === table.index)) {
      const name = e.metadata.name ?? '';
      const w = want.get(name);
      if (!w) this.raw.delete(api, table.namespace, name);
      else if (deepEqual(e.spec, w.spec) && deepEqual(e.metadata.ownerReferences, w.metadata.ownerReferences)) want.delete(name);
    }
    for (const w of want.values()) this.raw.apply(w, { fieldManager: BACKEND_MANAGER, force: true });
  }
}
