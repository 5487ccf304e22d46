// PruneUnmanagedFields (engine spec §4.12): before a reconciler applies its for-object it removes every
// field that another Apply manager owns (minus fields that predate the first apply), so its apply never
// conflicts with the input loader or other reconcilers, then drops the bookkeeping metadata.
type FieldSet = Record<string, any>;

export function pruneUnmanagedFields(obj: Record<string, any>, manager: string): void {
  const entries: any[] = Array.isArray(obj?.metadata?.managedFields) ? obj.metadata.managedFields : [];
  const others: FieldSet[] = [];
  let before: FieldSet | undefined;
  for (const e of entries) {
    if (!e || typeof e.fieldsV1 !== 'object' || e.fieldsV1 === null) continue;
    if (e.operation === 'Apply' && e.manager !== manager) others.push(e.fieldsV1);
    else if (e.manager === 'before-first-apply') before = before ? union(before, e.fieldsV1) : e.fieldsV1;
  }
  // Removing the union of the sets equals removing each set in turn, so no union is built (hot path:
  // every reconcile prunes its for-object).
  for (const set of others) pruneMap(obj, before ? subtract(set, before) : set);
  if (obj.metadata && typeof obj.metadata === 'object') {
    delete obj.metadata.managedFields;
    delete obj.metadata.resourceVersion;
    delete obj.metadata.generation;
  }
}

function isMember(node: unknown): boolean {
  return typeof node === 'object' && node !== null && (Object.keys(node).length === 0 || '.' in node);
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

function pruneMap(obj: Record<string, any>, set: FieldSet): void {
  for (const [key, sub] of Object.entries(set)) {
    if (!key.startsWith('f:')) continue;
    const name = key.slice(2);
    if (!Object.prototype.hasOwnProperty.call(obj, name)) continue;
    if (isMember(sub)) {
      delete obj[name];
      continue;
    }
    const child = obj[name];
    if (Array.isArray(child)) {
      pruneList(child, sub);
      if (child.length === 0) delete obj[name];
    } else if (child && typeof child === 'object') {
      pruneMap(child, sub);
      if (Object.keys(child).length === 0) delete obj[name];
    }
  }
}

function pruneList(list: any[], set: FieldSet): void {
  for (const [key, sub] of Object.entries(set)) {
    const match = itemMatcher(key);
    if (!match) continue;
    for (let i = list.length - 1; i >= 0; i--) {
      if (!match(list[i], i)) continue;
      if (isMember(sub)) list.splice(i, 1);
      else if (list[i] && typeof list[i] === 'object' && !Array.isArray(list[i])) pruneMap(list[i], sub);
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
