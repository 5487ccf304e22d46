// Explains the fields of a stored object (issue 13, `choreo explain`): for each leaf field, the managers that
// own it (managedFields), the reconciler write behind it (the run's provenance records), where its value
// was built, and when it last changed among older snapshots.
import type { KrmObject, ManagedFieldsEntry } from '../../../src-shared/krm/object.js';
import {
  formatFieldPath,
  objectKeyOf,
  type FieldExplanation,
  type PathSegment,
  type ProvenanceRecords,
  type SourcePosition,
  type WriteRecord,
} from '../../../src-shared/insight/provenance.js';
import { deepEqual } from '../apply/equal.js';
import { itemMatcher } from '../reconcilers/prune.js';

/** The run an explanation is of, and the same object in older snapshots (newest first; undefined: absent). */
export interface ExplainInput {
  object: KrmObject;
  records: ProvenanceRecords | undefined;
  run: FieldExplanation['run'];
  history: { snapshotId: string; createdAt: string; object: KrmObject | undefined }[];
  /** Only this field and the fields below it. */
  field?: PathSegment[];
}

/** Fields no author writes: the store's bookkeeping. */
const BOOKKEEPING = new Set(['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp']);

/** Thrown when --field names nothing in the object. */
export class FieldNotFoundError extends Error {
  override name = 'FieldNotFoundError';
}

export function explainObject(input: ExplainInput): FieldExplanation[] {
  const { object } = input;
  const leaves = leafFields(object).filter((l) => !input.field || startsWith(l.path, input.field));
  if (input.field && leaves.length === 0) {
    throw new FieldNotFoundError(`${object.kind} ${object.metadata.name ?? ''} has no field ${formatFieldPath(input.field)}; its fields: ${leafFields(object).map((l) => formatFieldPath(l.path)).slice(0, 12).join(', ')}`);
  }
  const records = recordsOf(input.records, object);
  const managed = object.metadata.managedFields ?? [];
  return leaves.map((leaf) => {
    const path = formatFieldPath(leaf.path);
    const owners = managed.filter((m) => owns(m.fieldsV1, object, leaf.path));
    const ex: FieldExplanation = {
      path,
      value: leaf.value,
      managers: owners.map((m) => ({ manager: m.manager, operation: m.operation, time: m.time })),
      run: input.run,
      historyDepth: input.history.length,
    };
    const write = writeOf(records, owners, path);
    if (write) ex.write = write;
    const change = lastChange(leaf.path, leaf.value, input.run, input.history);
    if (change) ex.lastChange = change;
    return ex;
  });
}

/** The records of an object; a child written without a namespace is recorded under ''. */
function recordsOf(all: ProvenanceRecords | undefined, o: KrmObject): WriteRecord[] {
  if (!all) return [];
  const ns = o.metadata.namespace ?? '';
  const exact = all.objects[objectKeyOf(o.apiVersion, o.kind, ns, o.metadata.name)] ?? [];
  const bare = ns === '' ? [] : all.objects[objectKeyOf(o.apiVersion, o.kind, '', o.metadata.name)] ?? [];
  return [...exact, ...bare];
}

function writeOf(records: WriteRecord[], owners: ManagedFieldsEntry[], path: string): FieldExplanation['write'] | undefined {
  // the last record of a reconciler that owns the field (records are in write order); fields managedFields
  // does not track (apiVersion, kind, name, namespace): the last record whose dict literal wrote them
  const owner = new Set(owners.map((m) => m.manager));
  const r = [...records].reverse().find((x) => (owners.length ? owner.has(x.reconciler) : x.fields[path] !== undefined));
  if (!r) return undefined;
  const w: NonNullable<FieldExplanation['write']> = { reconciler: r.reconciler, via: r.via, trigger: r.trigger, callStack: r.callStack };
  if (r.callStack[0]) w.callSite = r.callStack[0];
  if (r.appliedAt) w.appliedAt = r.appliedAt;
  const built = builtAt(r.fields, path);
  if (built) w.builtAt = built;
  return w;
}

/**
 * Fields the engine writes itself, not the reconciler's value: the owner reference client_create sets, the
 * finalizer and the condition reconcile_result sets. No dict literal of the reconciler built them.
 */
const HOST_WRITTEN = ['.metadata.ownerReferences', '.metadata.finalizers', '.status.conditions'];

/** The dict-literal entry of the field, else of its nearest enclosing field that has one. */
function builtAt(fields: Record<string, SourcePosition>, path: string): (SourcePosition & { exact: boolean }) | undefined {
  if (fields[path]) return { ...fields[path]!, exact: true };
  if (HOST_WRITTEN.some((h) => path === h || path.startsWith(`${h}[`) || path.startsWith(`${h}.`))) return undefined;
  for (let p = parentPath(path); p !== ''; p = parentPath(p)) if (fields[p]) return { ...fields[p]!, exact: false };
  return undefined;
}

function parentPath(path: string): string {
  // the last `.name`, `[N]` or `["key"]` step goes
  const m = /(\.[^.[\]]+|\[[^\]]*\])$/.exec(path);
  return m ? path.slice(0, m.index) : '';
}

/** Does a FieldsV1 set own the field at `segments` of `obj`? (A set that ends above the field owns it whole.) */
function owns(set: unknown, obj: unknown, segments: PathSegment[]): boolean {
  let node = set as Record<string, unknown> | undefined;
  let value = obj as any;
  for (const seg of segments) {
    if (!node || typeof node !== 'object') return false;
    if (Object.keys(node).length === 0) return true; // an atomic value owned as a whole
    if (typeof seg === 'string') {
      node = node[`f:${seg}`] as Record<string, unknown> | undefined;
      value = value?.[seg];
      continue;
    }
    const item = Array.isArray(value) ? value[seg] : undefined;
    const key = Object.keys(node).find((k) => itemMatcher(k)?.(item, seg));
    node = key === undefined ? undefined : (node[key] as Record<string, unknown>);
    value = item;
  }
  return node !== undefined && typeof node === 'object';
}

interface Leaf {
  path: PathSegment[];
  value: unknown;
}

function leafFields(obj: KrmObject): Leaf[] {
  const out: Leaf[] = [];
  const walk = (v: unknown, path: PathSegment[]) => {
    if (Array.isArray(v)) {
      if (v.length === 0) out.push({ path, value: v });
      v.forEach((x, i) => walk(x, [...path, i]));
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      if (entries.length === 0 && path.length) out.push({ path, value: v });
      for (const [k, x] of entries) {
        if (path.length === 1 && path[0] === 'metadata' && BOOKKEEPING.has(k)) continue;
        walk(x, [...path, k]);
      }
    } else out.push({ path, value: v });
  };
  walk(obj, []);
  return out;
}

function startsWith(path: PathSegment[], prefix: PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => path[i] === s);
}

function valueAt(obj: unknown, path: PathSegment[]): unknown {
  let v = obj as any;
  for (const s of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[s];
  }
  return v;
}

/** The newest older snapshot after which the value differs: the change that made the current value. */
function lastChange(path: PathSegment[], value: unknown, run: ExplainInput['run'], history: ExplainInput['history']): FieldExplanation['lastChange'] | undefined {
  let newer = { snapshotId: run.snapshotId, createdAt: run.createdAt };
  for (const h of history) {
    const old = h.object === undefined ? undefined : valueAt(h.object, path);
    if (old === undefined) return { ...newer, op: 'added' };
    if (!deepEqual(old, value)) return { ...newer, op: 'changed', from: old };
    newer = { snapshotId: h.snapshotId, createdAt: h.createdAt };
  }
  return undefined;
}
