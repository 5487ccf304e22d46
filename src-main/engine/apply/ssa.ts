// Server-side apply as Choreo uses it (engine.md §3.6): type the applied object, detect conflicts
// with other field managers, merge it into the live object, remove fields the manager stopped
// setting, and rewrite metadata.managedFields.
import type { KrmObject, ManagedFieldsEntry } from '../../../src-shared/krm/object.js';
import { anyNode, type SchemaNode } from '../schema/model.js';
import { cloneJson, deepEqual } from './equal.js';
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
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Identity fields the merge never takes from the applied object when the object exists. */
const SERVER_META = ['uid', 'creationTimestamp', 'resourceVersion', 'generation', 'deletionTimestamp', 'managedFields', 'selfLink'] as const;

/** Runs the apply and returns the merged object (with its new managedFields). Throws SsaError. */
export function serverSideApply(input: SsaInput): KrmObject {
  const { live, applied, root, manager, force, now, gvkText } = input;
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
  const sets = entries.map((e) => FieldSet.fromJSON(e.fieldsV1));
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
        sets[i]!.subtract(taken);
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

  // Merge.
  const base: Record<string, unknown> = live ? cloneJson(live as Record<string, unknown>) : { apiVersion: applied.apiVersion, kind: applied.kind, metadata: {} };
  const merged = mergeValue(base, applied as Record<string, unknown>, root) as KrmObject;
  merged.apiVersion = applied.apiVersion;
  merged.kind = applied.kind;
  const meta = (merged.metadata ??= {});
  for (const f of SERVER_META) {
    if (live && live.metadata[f] !== undefined) (meta as Record<string, unknown>)[f] = cloneJson(live.metadata[f]);
    else delete (meta as Record<string, unknown>)[f];
  }

  // Removal of fields the manager no longer sets and nobody else owns.
  const others = new FieldSet();
  sets.forEach((s, i) => {
    if (i !== mine) others.union(s);
  });
  removeStale(merged as Record<string, unknown>, oldMine, sa, others, root);

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
  if (next.length > 0) meta.managedFields = next;
  else delete meta.managedFields;
  return merged;
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

/** Merges applied value `a` into live value `l` (which may be mutated/reused). */
export function mergeValue(l: unknown, a: unknown, node: SchemaNode | undefined): unknown {
  const n = node ?? anyNode;
  if (a === null || a === undefined) return cloneJson(a);
  if (isObj(a)) {
    if (n.atomic || !isObj(l) || (n.kind !== 'struct' && n.kind !== 'map' && n.kind !== 'any')) return cloneJson(a);
    const out = l;
    for (const k of Object.keys(a)) {
      if (a[k] === undefined) continue;
      const child = n.kind === 'struct' ? n.fields!.get(k) ?? n.values ?? anyNode : n.kind === 'map' ? n.values ?? anyNode : anyNode;
      out[k] = mergeValue(out[k], a[k], child);
    }
    return out;
  }
  if (Array.isArray(a)) {
    if (n.kind !== 'list' || !Array.isArray(l)) return cloneJson(a);
    if (n.listType === 'set') {
      const out = [...l];
      const seen = new Set(l.map((x) => JSON.stringify(x)));
      for (const it of a) if (!seen.has(JSON.stringify(it))) out.push(cloneJson(it));
      return out;
    }
    if (n.listType === 'map' && n.listKeys && n.listKeys.length > 0) {
      const keys = n.listKeys;
      const aByKey = new Map<string, unknown>();
      for (const it of a) if (isObj(it)) aByKey.set(itemKey(it, keys), it);
      const used = new Set<string>();
      const out = l.map((it) => {
        if (!isObj(it)) return it;
        const k = itemKey(it, keys);
        const ai = aByKey.get(k);
        if (ai === undefined) return it;
        used.add(k);
        return n.items?.atomic ? cloneJson(ai) : mergeValue(it, ai, n.items);
      });
      for (const it of a) {
        if (!isObj(it)) continue;
        const k = itemKey(it, keys);
        if (!used.has(k)) {
          used.add(k);
          out.push(cloneJson(it));
        }
      }
      return out;
    }
    return cloneJson(a);
  }
  return a;
}

/** Removes from `value` every path of `old` that is neither in `sa` nor in `others`. */
function removeStale(value: unknown, old: FieldSet, sa: FieldSet | undefined, others: FieldSet | undefined, node: SchemaNode | undefined): void {
  if (!old.children) return;
  for (const [k, co] of old.children) {
    const cs = sa?.get(k);
    const ct = others?.get(k);
    const keep = (cs?.member ?? false) || (ct?.member ?? false);
    if (co.member && !keep) {
      if (!cs && !ct) {
        deleteAt(value, k, node);
        continue;
      }
    }
    if (co.children && co.children.size > 0) {
      const step = stepInto(value, k, node);
      if (step.value !== undefined && step.value !== null && typeof step.value === 'object') {
        removeStale(step.value, co, cs, ct, step.node);
        // a struct/map emptied by the removal disappears too, unless someone owns it as a whole
        const emptied = Array.isArray(step.value) ? step.value.length === 0 : isObj(step.value) && Object.keys(step.value).length === 0;
        if (k.startsWith('f:') && emptied && !keep && !(cs && !cs.isEmpty()) && !(ct && !ct.isEmpty())) {
          deleteAt(value, k, node);
        }
      }
    }
  }
}

function deleteAt(value: unknown, key: string, node: SchemaNode | undefined): void {
  if (key.startsWith('f:') && isObj(value)) {
    delete value[key.slice(2)];
    return;
  }
  if (!Array.isArray(value)) return;
  const want = key.slice(2);
  let idx = -1;
  if (key.startsWith('k:')) idx = value.findIndex((it) => isObj(it) && itemKey(it, node?.listKeys ?? []) === want);
  else if (key.startsWith('v:')) idx = value.findIndex((it) => JSON.stringify(it) === want);
  if (idx >= 0) value.splice(idx, 1);
}
