// PruneUnmanagedFields (engine spec §4.12): before a reconciler applies its for-object it removes every
// field that another Apply manager owns (minus fields that predate the first apply), so its apply never
// conflicts with the input loader or other reconcilers, then drops the bookkeeping metadata.
//
// Hot path (every reconcile prunes its for-object): nested objects that lose fields are rebuilt without them
// rather than having them deleted (`delete` turns a V8 object into a slow dictionary, and the pruned object
// goes on to be applied, validated, compared and kept by the store), and no entry arrays are made.
type FieldSet = Record<string, any>;

/** Prunes `obj` in place: its own fields are deleted, the objects under it may be replaced by pruned copies. */
export function pruneUnmanagedFields(obj: Record<string, any>, manager: string): void {
  const entries: any[] = Array.isArray(obj?.metadata?.managedFields) ? obj.metadata.managedFields : [];
  const others: FieldSet[] = [];
  let before: FieldSet | undefined;
  for (const e of entries) {
    if (!e || typeof e.fieldsV1 !== 'object' || e.fieldsV1 === null) continue;
    if (e.operation === 'Apply' && e.manager !== manager) others.push(e.fieldsV1);
    else if (e.manager === 'before-first-apply') before = before ? union(before, e.fieldsV1) : e.fieldsV1;
  }
  // Removing the union of the sets equals removing each set in turn, so no union is built.
  for (const set of others) pruneTop(obj, before ? subtract(set, before) : set);
  const meta = obj.metadata;
  if (meta && typeof meta === 'object' && !Array.isArray(meta)) obj.metadata = without(meta, BOOKKEEPING);
  else if (meta && typeof meta === 'object') {
    delete meta.managedFields;
    delete meta.resourceVersion;
    delete meta.generation;
  }
}

/** The metadata a reconciler's apply never carries. */
const BOOKKEEPING = new Set(['managedFields', 'resourceVersion', 'generation']);

/** `o` without the keys in `drop` (o itself when it has none of them). */
function without(o: Record<string, any>, drop: ReadonlySet<string>): Record<string, any> {
  let has = false;
  for (const k in o) {
    if (drop.has(k)) {
      has = true;
      break;
    }
  }
  if (!has) return o;
  const out: Record<string, any> = {};
  for (const k of Object.keys(o)) if (!drop.has(k)) out[k] = o[k];
  return out;
}

function isMember(node: unknown): boolean {
  return typeof node === 'object' && node !== null && ('.' in node || isEmpty(node));
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

function union(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out && typeof v === 'object' && v !== null ? union(out[k], v) : v ?? {};
  return out;
}

// Members of `a` that are not members of `b`.
function subtract(a: FieldSet, b: FieldSet | undefined): FieldSet {
  if (!b) return a;
  const out: FieldSet = {};
  for (const [k, v] of Object.entries(a)) {
    if (k === '.') {
      if (!('.' in b)) out[k] = v;
      continue;
    }
    const bv = b[k];
    if (Object.keys(v ?? {}).length === 0) {
      if (!isMember(bv)) out[k] = v;
      continue;
    }
    const rest = subtract(v, bv);
    if (Object.keys(rest).length) out[k] = rest;
  }
  return out;
}

/** Prunes the top-level object in place (callers keep it): removed fields are deleted. */
function pruneTop(obj: Record<string, any>, set: FieldSet): void {
  for (const key of Object.keys(set)) {
    if (!key.startsWith('f:')) continue;
    const name = key.slice(2);
    if (!Object.prototype.hasOwnProperty.call(obj, name)) continue;
    const next = prunedValue(obj[name], set[key]);
    if (next === undefined) delete obj[name];
    else if (next !== obj[name]) obj[name] = next;
  }
}

/** `value` with the members of `sub` removed: undefined when nothing is left of it, a copy when a field goes. */
function prunedValue(value: unknown, sub: FieldSet): unknown {
  if (isMember(sub)) return undefined;
  if (Array.isArray(value)) {
    pruneList(value, sub);
    return value.length === 0 ? undefined : value;
  }
  if (value && typeof value === 'object') {
    const next = pruneMap(value as Record<string, any>, sub);
    return isEmpty(next) ? undefined : next;
  }
  return value;
}

/** `obj` without the members of `set`: obj itself (its children perhaps replaced) or a copy when a field goes. */
function pruneMap(obj: Record<string, any>, set: FieldSet): Record<string, any> {
  let removed: Set<string> | undefined;
  for (const key of Object.keys(set)) {
    if (!key.startsWith('f:')) continue;
    const name = key.slice(2);
    if (!Object.prototype.hasOwnProperty.call(obj, name)) continue;
    const next = prunedValue(obj[name], set[key]);
    if (next === undefined) (removed ??= new Set()).add(name);
    else if (next !== obj[name]) obj[name] = next;
  }
  return removed ? without(obj, removed) : obj;
}

function pruneList(list: any[], set: FieldSet): void {
  for (const [key, sub] of Object.entries(set)) {
    const match = itemMatcher(key);
    if (!match) continue;
    for (let i = list.length - 1; i >= 0; i--) {
      if (!match(list[i], i)) continue;
      if (isMember(sub)) list.splice(i, 1);
      else if (list[i] && typeof list[i] === 'object' && !Array.isArray(list[i])) list[i] = pruneMap(list[i], sub);
    }
  }
}

/** A matcher for one list-item key of a FieldsV1 set (`k:{...}`, `v:...`, `i:N`); undefined for other keys. */
export function itemMatcher(key: string): ((item: any, index: number) => boolean) | undefined {
  try {
    if (key.startsWith('k:')) {
      const keys = JSON.parse(key.slice(2)) as Record<string, unknown>;
      return (item) => item !== null && typeof item === 'object' && Object.entries(keys).every(([k, v]) => String(item[k]) === String(v));
    }
    if (key.startsWith('v:')) {
      const want = JSON.stringify(JSON.parse(key.slice(2)));
      return (item) => JSON.stringify(item) === want;
    }
    if (key.startsWith('i:')) {
      const n = Number(key.slice(2));
      return (_item, index) => index === n;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
