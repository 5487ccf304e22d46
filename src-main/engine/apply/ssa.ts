// Server-side apply as Choreo uses it (engine.md §3.6): type the applied object, detect conflicts
// with other field managers, merge it into the live object, remove fields the manager stopped
// setting, and rewrite metadata.managedFields.
import type { KrmObject, ManagedFieldsEntry } from '../../../src-shared/krm/object.js';
import { anyNode, type SchemaNode } from '../schema/model.js';
import { cloneJson, deepEqual, sameJson } from './equal.js';
import { FieldSet, itemKey, objectFieldSet, pathText, stepInto } from './fieldset.js';

export class SsaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SsaError';
  }
}

export interface SsaInput {
  /** The live object (full, with managedFields) or undefined when it does not exist yet. */
  live: KrmObject | undefined;
  applied: KrmObject;
  root: SchemaNode;
  manager: string;
  force: boolean;
  /** RFC3339 time for the manager's entry. */
  now: string;
  /** `<group>/<version>, Kind=<Kind>` for error texts. */
  gvkText: string;
  /**
   * The caller hands `applied` over (plain JSON data it never changes again): the result may share its
   * values instead of copying them. The result's top level and metadata object are fresh either way.
   */
  adopt?: boolean;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Identity fields the merge never takes from the applied object when the object exists. */
const SERVER_META = ['uid', 'creationTimestamp', 'resourceVersion', 'generation', 'deletionTimestamp', 'managedFields', 'selfLink'] as const;

/** Runs the apply and returns the merged object (with its new managedFields). Throws SsaError. */
export function serverSideApply(input: SsaInput): KrmObject {
  const { live, applied, root, manager, force, now, gvkText } = input;
  const take: <T>(v: T) => T = input.adopt ? adoptOrCopy : cloneJson;
  const ns = applied.metadata?.namespace ?? '';
  const name = applied.metadata?.name ?? '';
  const typeErrs: string[] = [];
  const sa = objectFieldSet(applied as Record<string, unknown>, root, typeErrs);
  if (typeErrs.length > 0) throw new SsaError(`failed to create typed patch object (${ns}/${name}; ${gvkText}): ${typeErrs.join('\n')}`);

  let entries: ManagedFieldsEntry[] = live?.metadata.managedFields ? [...live.metadata.managedFields] : [];
  if (live && entries.length === 0) {
    // Kubernetes' "before first apply": whoever wrote the object before owns all its fields.
    const errs: string[] = [];
    const all = objectFieldSet(live as Record<string, unknown>, root, errs);
    if (!all.isEmpty()) entries.push({ apiVersion: live.apiVersion, fieldsType: 'FieldsV1', fieldsV1: all.toJSON() as any, manager: 'before-first-apply', operation: 'Update', time: now });
  }
  // shared, read-only sets (FieldSet.ofStored): a set that changes below is copied first
  const sets = entries.map((e) => FieldSet.ofStored(e.fieldsV1));
  const mine = entries.findIndex((e) => e.manager === manager && e.operation === 'Apply');
  const oldMine = mine >= 0 ? sets[mine]! : new FieldSet();

  // Conflicts: fields this apply sets to a different value that another manager owns.
  if (live) {
    const byManager = new Map<string, string[]>();
    entries.forEach((e, i) => {
      if (i === mine) return;
      const paths: string[] = [];
      findConflicts(sa, sets[i]!, applied, live, root, '', paths);
      if (paths.length === 0) return;
      if (force) {
        const taken = new FieldSet();
        collectConflictSet(sa, sets[i]!, applied, live, root, taken);
        (sets[i] = sets[i]!.copy()).subtract(taken);
      } else byManager.set(e.manager, [...(byManager.get(e.manager) ?? []), ...paths]);
    });
    if (byManager.size > 0) {
      const total = [...byManager.values()].reduce((n, p) => n + p.length, 0);
      if (total === 1) {
        const [[m, p]] = [...byManager.entries()] as [string, string[]][];
        throw new SsaError(`Apply failed with 1 conflict: conflict with "${m}": ${p![0]}`);
      }
      const parts = [...byManager.entries()].map(([m, ps]) => `conflicts with "${m}":\n${ps.map((p) => `- ${p}`).join('\n')}`);
      throw new SsaError(`Apply failed with ${total} conflicts: ${parts.join('\n')}`);
    }
  }

  // Merge, copy-on-write: what the apply does not change stays shared with the live object (which is
  // never mutated), so copying is proportional to the change and unchanged subtrees keep their identity
  // (the store skips re-validating them). The top level and metadata are always fresh objects.
  let merged: KrmObject;
  let meta: Record<string, unknown>;
  if (live) {
    merged = mergeValue({ ...(live as Record<string, unknown>) }, applied as Record<string, unknown>, root, take) as KrmObject;
    merged.apiVersion = applied.apiVersion;
    merged.kind = applied.kind;
    meta = isObj(merged.metadata) ? { ...merged.metadata } : {};
    merged.metadata = meta as KrmObject['metadata'];
  } else {
    // Nothing to share with: a plain copy built in place (what merging into an empty object gives, key
    // order included: apiVersion, kind, metadata first). Spreading copies here made the loader's creates slower.
    const out: Record<string, unknown> = { apiVersion: applied.apiVersion, kind: applied.kind, metadata: {} };
    for (const k of Object.keys(applied)) {
      const v = (applied as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = k === 'metadata' ? cloneJson(v) : take(v);
    }
    merged = out as KrmObject;
    meta = (isObj(merged.metadata) ? merged.metadata : (merged.metadata = {} as KrmObject['metadata'])) as Record<string, unknown>;
  }
  for (const f of SERVER_META) {
    // shared, not copied: stored objects are never mutated
    if (live && live.metadata[f] !== undefined) meta[f] = live.metadata[f];
    else delete meta[f];
  }

  // Removal of fields the manager no longer sets and nobody else owns.
  const others = new FieldSet();
  sets.forEach((s, i) => {
    if (i !== mine) others.union(s);
  });
  merged = removeStale(merged as Record<string, unknown>, oldMine, sa, others, root) as KrmObject;

  // Managed fields.
  const next: ManagedFieldsEntry[] = [];
  entries.forEach((e, i) => {
    if (i === mine) return;
    if (sets[i]!.isEmpty()) return;
    next.push({ ...e, fieldsV1: force ? (sets[i]!.toJSON() as any) : e.fieldsV1 });
  });
  if (!sa.isEmpty()) {
    const entry: ManagedFieldsEntry = { apiVersion: applied.apiVersion, fieldsType: 'FieldsV1', fieldsV1: sa.toJSON() as any, manager, operation: 'Apply', time: now };
    if (mine >= 0) next.splice(Math.min(mine, next.length), 0, entry);
    else next.push(entry);
  }
  // (removeStale may have replaced the metadata object by a copy: still never live's own)
  const m = merged.metadata as Record<string, unknown>;
  if (next.length > 0) m.managedFields = next;
  else delete m.managedFields;
  return merged;
}

/**
 * A handed-over value as is when a copy would be identical to it (plain objects and arrays without
 * undefined properties, which cloneJson drops), else its copy.
 */
function adoptOrCopy<T>(v: T): T {
  return isPlainJson(v) ? v : cloneJson(v);
}

function isPlainJson(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return v !== undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x !== null && typeof x === 'object' && !isPlainJson(x)) return false;
    }
    return true;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined || (x !== null && typeof x === 'object' && !isPlainJson(x))) return false;
  }
  return true;
}

function isGranularObject(v: unknown, node: SchemaNode | undefined): boolean {
  return isObj(v) && !(node?.atomic ?? false) && (node === undefined || node.kind === 'struct' || node.kind === 'map' || node.kind === 'any');
}

function findConflicts(sa: FieldSet, sn: FieldSet, a: unknown, l: unknown, node: SchemaNode | undefined, path: string, out: string[]): void {
  if (!sa.children || !sn.children) {
    return;
  }
  for (const [k, ca] of sa.children) {
    const cn = sn.children.get(k);
    if (!cn) continue;
    const sA = stepInto(a, k, node);
    const sL = stepInto(l, k, node);
    const p = path + pathText(k);
    const aLeaf = !ca.children || ca.children.size === 0;
    if (ca.member && cn.member && aLeaf) {
      // an empty granular map is a leaf, but applying {} sets nothing that could conflict
      if (!isGranularObject(sA.value, sA.node) && !deepEqual(sA.value, sL.value) && sL.value !== undefined) out.push(p);
      continue;
    }
    findConflicts(ca, cn, sA.value, sL.value, sA.node, p, out);
  }
}

function collectConflictSet(sa: FieldSet, sn: FieldSet, a: unknown, l: unknown, node: SchemaNode | undefined, out: FieldSet): void {
  if (!sa.children || !sn.children) return;
  for (const [k, ca] of sa.children) {
    const cn = sn.children.get(k);
    if (!cn) continue;
    const sA = stepInto(a, k, node);
    const sL = stepInto(l, k, node);
    const aLeaf = !ca.children || ca.children.size === 0;
    if (ca.member && cn.member && aLeaf) {
      if (!isGranularObject(sA.value, sA.node) && !deepEqual(sA.value, sL.value)) out.child(k).member = true;
      continue;
    }
    collectConflictSet(ca, cn, sA.value, sL.value, sA.node, out.child(k));
  }
}

/**
 * Merges applied value `a` into live value `l`, copy-on-write: `l` is never mutated; the result is `l`
 * itself when nothing changes, else a new value that shares every unchanged subtree with `l`. What comes
 * from `a` goes through `take`: a copy (callers may keep changing their applied object), or `a`'s value
 * itself when the caller handed it over.
 */
export function mergeValue(l: unknown, a: unknown, node: SchemaNode | undefined, take: <T>(v: T) => T = cloneJson): unknown {
  const n = node ?? anyNode;
  if (a === null || a === undefined) return a === l ? l : take(a);
  if (isObj(a)) {
    if (n.atomic || !isObj(l) || (n.kind !== 'struct' && n.kind !== 'map' && n.kind !== 'any')) return sameJson(l, a) ? l : take(a);
    let out: Record<string, unknown> | undefined;
    for (const k of Object.keys(a)) {
      if (a[k] === undefined) continue;
      const child = n.kind === 'struct' ? n.fields!.get(k) ?? n.values ?? anyNode : n.kind === 'map' ? n.values ?? anyNode : anyNode;
      const prev = (out ?? l)[k];
      const v = mergeValue(prev, a[k], child, take);
      if (v !== prev || !Object.prototype.hasOwnProperty.call(out ?? l, k)) {
        out ??= { ...l };
        out[k] = v;
      }
    }
    return out ?? l;
  }
  if (Array.isArray(a)) {
    if (n.kind !== 'list' || !Array.isArray(l)) return sameJson(l, a) ? l : take(a);
    if (n.listType === 'set') {
      let out: unknown[] | undefined;
      const seen = new Set(l.map((x) => JSON.stringify(x)));
      for (const it of a) {
        const k = JSON.stringify(it);
        if (seen.has(k)) continue;
        seen.add(k);
        (out ??= [...l]).push(take(it));
      }
      return out ?? l;
    }
    if (n.listType === 'map' && n.listKeys && n.listKeys.length > 0) {
      const keys = n.listKeys;
      const aByKey = new Map<string, unknown>();
      for (const it of a) if (isObj(it)) aByKey.set(itemKey(it, keys), it);
      const used = new Set<string>();
      let changed = false;
      const out = l.map((it) => {
        if (!isObj(it)) return it;
        const k = itemKey(it, keys);
        const ai = aByKey.get(k);
        if (ai === undefined) return it;
        used.add(k);
        const v = n.items?.atomic ? (sameJson(it, ai) ? it : take(ai)) : mergeValue(it, ai, n.items, take);
        if (v !== it) changed = true;
        return v;
      });
      for (const it of a) {
        if (!isObj(it)) continue;
        const k = itemKey(it, keys);
        if (!used.has(k)) {
          used.add(k);
          out.push(take(it));
          changed = true;
        }
      }
      return changed ? out : l;
    }
    return sameJson(l, a) ? l : take(a);
  }
  return a;
}

/**
 * Removes from `value` every path of `old` that is neither in `sa` nor in `others`. Copy-on-write: returns
 * `value` itself when nothing is removed, else a copy along the changed paths (`value` is never mutated).
 */
function removeStale(value: unknown, old: FieldSet, sa: FieldSet | undefined, others: FieldSet | undefined, node: SchemaNode | undefined): unknown {
  if (!old.children) return value;
  let cur = value;
  for (const [k, co] of old.children) {
    const cs = sa?.get(k);
    const ct = others?.get(k);
    const keep = (cs?.member ?? false) || (ct?.member ?? false);
    if (co.member && !keep) {
      if (!cs && !ct) {
        cur = deleteAt(cur, k, node);
        continue;
      }
    }
    if (co.children && co.children.size > 0) {
      const step = stepInto(cur, k, node);
      if (step.value !== undefined && step.value !== null && typeof step.value === 'object') {
        const nv = removeStale(step.value, co, cs, ct, step.node);
        // a struct/map emptied by the removal disappears too, unless someone owns it as a whole
        const emptied = Array.isArray(nv) ? nv.length === 0 : isObj(nv) && Object.keys(nv).length === 0;
        if (k.startsWith('f:') && emptied && !keep && !(cs && !cs.isEmpty()) && !(ct && !ct.isEmpty())) {
          cur = deleteAt(cur, k, node);
        } else if (nv !== step.value) {
          cur = replaceAt(cur, k, node, step.value, nv);
        }
      }
    }
  }
  return cur;
}

/** `value` without the element `key` (copy-on-write; `value` itself when there is nothing to remove). */
function deleteAt(value: unknown, key: string, node: SchemaNode | undefined): unknown {
  if (key.startsWith('f:') && isObj(value)) {
    const name = key.slice(2);
    if (!Object.prototype.hasOwnProperty.call(value, name)) return value;
    const out = { ...value };
    delete out[name];
    return out;
  }
  if (!Array.isArray(value)) return value;
  const want = key.slice(2);
  let idx = -1;
  if (key.startsWith('k:')) idx = value.findIndex((it) => isObj(it) && itemKey(it, node?.listKeys ?? []) === want);
  else if (key.startsWith('v:')) idx = value.findIndex((it) => JSON.stringify(it) === want);
  if (idx < 0) return value;
  const out = [...value];
  out.splice(idx, 1);
  return out;
}

/** `value` with the element `key` (currently `prev`) replaced by `next` (copy-on-write). */
function replaceAt(value: unknown, key: string, node: SchemaNode | undefined, prev: unknown, next: unknown): unknown {
  if (key.startsWith('f:') && isObj(value)) return { ...value, [key.slice(2)]: next };
  if (!Array.isArray(value)) return value;
  const idx = value.indexOf(prev);
  if (idx < 0) return value;
  const out = [...value];
  out[idx] = next;
  return out;
}
