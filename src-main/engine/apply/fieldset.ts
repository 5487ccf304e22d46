// Field sets of server-side apply (engine.md §3.6): which fields an object sets, in the FieldsV1
// encoding (`f:<field>`, `k:<json>`, `v:<json>`, `.`), built by walking an object with its schema.
// Building the set also type-checks the object, producing SSA's "field not declared in schema" errors.
import { anyNode, type SchemaNode } from '../schema/model.js';

export class FieldSet {
  /** This path itself is owned (a leaf, an atomic value, a list item or set member). */
  member = false;
  children: Map<string, FieldSet> | undefined;

  child(key: string): FieldSet {
    if (!this.children) this.children = new Map();
    let c = this.children.get(key);
    if (!c) {
      c = new FieldSet();
      this.children.set(key, c);
    }
    return c;
  }

  get(key: string): FieldSet | undefined {
    return this.children?.get(key);
  }

  isEmpty(): boolean {
    if (this.member) return false;
    if (!this.children) return true;
    for (const c of this.children.values()) if (!c.isEmpty()) return false;
    return true;
  }

  /** FieldsV1 JSON: `{}` for a leaf, `".": {}` for an owned item that has owned children. */
  toJSON(): Record<string, unknown> {
    return this.json() ?? {};
  }

  /**
   * toJSON in one pass: undefined for an empty set (so no isEmpty() walk per level, which made
   * rendering quadratic in the depth). Same output: `.` first when the set is a member with children.
   */
  private json(): Record<string, unknown> | undefined {
    let out: Record<string, unknown> | undefined;
    if (this.member) {
      out = {};
      if (this.children && this.children.size > 0) out['.'] = {};
    }
    if (this.children) {
      for (const [k, c] of this.children) {
        const j = c.json();
        if (j !== undefined) (out ??= {})[k] = j;
      }
    }
    return out;
  }

  static fromJSON(v: unknown): FieldSet {
    const fs = new FieldSet();
    if (!v || typeof v !== 'object') {
      fs.member = true;
      return fs;
    }
    const keys = Object.keys(v);
    if (keys.length === 0) {
      fs.member = true;
      return fs;
    }
    for (const k of keys) {
      if (k === '.') fs.member = true;
      else fs.child(k).copyFrom(FieldSet.fromJSON((v as Record<string, unknown>)[k]));
    }
    return fs;
  }

  /**
   * The set of a stored fieldsV1 object, parsed once: the store never mutates a stored object and shares one
   * fieldsV1 between the objects whose manager owns the same fields, so most applies find their live
   * object's sets parsed already. Read only: `copy()` it before changing it.
   */
  static ofStored(v: unknown): FieldSet {
    if (typeof v !== 'object' || v === null) return FieldSet.fromJSON(v);
    let fs = storedSets.get(v);
    if (!fs) storedSets.set(v, (fs = FieldSet.fromJSON(v)));
    return fs;
  }

  /** A deep copy (to change a set that may be shared). */
  copy(): FieldSet {
    const out = new FieldSet();
    out.member = this.member;
    if (this.children) {
      out.children = new Map();
      for (const [k, c] of this.children) out.children.set(k, c.copy());
    }
    return out;
  }

  private copyFrom(o: FieldSet): void {
    this.member = o.member;
    this.children = o.children;
  }

  /** Union in place. */
  union(o: FieldSet | undefined): FieldSet {
    if (!o) return this;
    if (o.member) this.member = true;
    if (o.children) for (const [k, c] of o.children) this.child(k).union(c);
    return this;
  }

  /** Removes every member path of `o` from this set (in place). */
  subtract(o: FieldSet | undefined): void {
    if (!o) return;
    if (o.member) this.member = false;
    if (o.children && this.children) {
      for (const [k, c] of o.children) {
        const mine = this.children.get(k);
        if (!mine) continue;
        mine.subtract(c);
        if (mine.isEmpty()) this.children.delete(k);
      }
    }
  }
}

/** Parsed stored field sets (FieldSet.ofStored). */
const storedSets = new WeakMap<object, FieldSet>();

/** Paths never recorded in a field set. */
const STRIPPED_ROOT = new Set(['apiVersion', 'kind']);
const STRIPPED_META = new Set(['name', 'namespace', 'uid', 'creationTimestamp', 'generation', 'resourceVersion', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds']);

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** SMD's rendering of a value in a type error. */
function smdValue(v: unknown): string {
  return `&value.valueUnstructured{Value:${typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v)}}`;
}

/** `k:` key of an associative-list item: JSON of its key fields, sorted by name (as SMD does). */
export function itemKey(item: Record<string, unknown>, keys: string[]): string {
  if (keys.length === 1) {
    const k = keys[0]!;
    return item[k] === undefined ? '{}' : `{${JSON.stringify(k)}:${JSON.stringify(item[k])}}`;
  }
  const o: Record<string, unknown> = {};
  for (const k of [...keys].sort()) if (item[k] !== undefined) o[k] = item[k];
  return JSON.stringify(o);
}

/** SMD path rendering of an item key: `[type="Ready"]`. */
function itemPath(item: Record<string, unknown>, keys: string[]): string {
  return `[${[...keys].sort().filter((k) => item[k] !== undefined).map((k) => `${k}=${JSON.stringify(item[k])}`).join(',')}]`;
}

/**
 * `f:<name>`: one string per field name for the whole process (the same few names recur in every object
 * written), so building a set allocates no key and its Map finds the key's hash already computed.
 */
const fieldKeys = new Map<string, string>();
function fieldKey(name: string): string {
  let k = fieldKeys.get(name);
  if (k === undefined) {
    k = `f:${name}`;
    // unbounded input (map keys of free-form content) must not grow the table for ever
    if (fieldKeys.size < 10_000) fieldKeys.set(name, k);
  }
  return k;
}

/**
 * Where the walk is, for the text of a typing error: its segments (a field name, `.name`; an index, `[i]`; an
 * associative-list item, `[key=value]`), rendered only when an error needs them. Pushed and popped as the walk
 * goes, so a valid object (the common case) costs no path text at all.
 */
type PathSegment = string | number | { item: Record<string, unknown>; keys: string[] };

class TypePath {
  private readonly segments: PathSegment[] = [];
  constructor(private readonly errs: string[]) {}
  push(s: PathSegment): void {
    this.segments.push(s);
  }
  pop(): void {
    this.segments.pop();
  }
  text(): string {
    let out = '';
    for (const s of this.segments) out += typeof s === 'string' ? `.${s}` : typeof s === 'number' ? `[${s}]` : itemPath(s.item, s.keys);
    return out;
  }
  error(message: string): void {
    this.errs.push(`${this.text()}: ${message}`);
  }
  /** An error at a child of the current path. */
  errorAt(child: PathSegment, message: string): void {
    this.push(child);
    this.error(message);
    this.pop();
  }
}

/**
 * Builds the field set of a whole object and collects typing errors (SMD path format, e.g.
 * `.spec.greetings: field not declared in schema`).
 */
export function objectFieldSet(obj: Record<string, unknown>, root: SchemaNode, errs: string[]): FieldSet {
  const fs = new FieldSet();
  const path = new TypePath(errs);
  for (const k of Object.keys(obj)) {
    if (STRIPPED_ROOT.has(k) || obj[k] === undefined) continue;
    const f = root.fields?.get(k) ?? (root.allowUnknown ? (root.values ?? anyNode) : undefined);
    if (!f) {
      errs.push(`.${k}: field not declared in schema`);
      continue;
    }
    if (k === 'metadata' && isObj(obj.metadata)) {
      const m = obj.metadata;
      const mfs = fs.child('f:metadata');
      for (const mk of Object.keys(m)) {
        if (STRIPPED_META.has(mk) || m[mk] === undefined) continue;
        const mf = f.fields!.get(mk);
        if (!mf) {
          errs.push(`.metadata.${mk}: field not declared in schema`);
          continue;
        }
        path.push('metadata');
        path.push(mk);
        walk(m[mk], mf, mfs.child(fieldKey(mk)), path);
        path.pop();
        path.pop();
      }
      continue;
    }
    path.push(k);
    walk(obj[k], f, fs.child(fieldKey(k)), path);
    path.pop();
  }
  return fs;
}

function isEmptyMap(v: Record<string, unknown>): boolean {
  for (const k in v) if (v[k] !== undefined) return false;
  return true;
}

function walk(v: unknown, node: SchemaNode, fs: FieldSet, path: TypePath): void {
  if (v === null || v === undefined) {
    fs.member = true;
    return;
  }
  switch (node.kind) {
    case 'scalar': {
      fs.member = true;
      if (node.intOrString) {
        if (typeof v !== 'string' && typeof v !== 'number') path.error(`expected string or numeric, got ${smdValue(v)}`);
      } else if (node.type === 'string' && typeof v !== 'string') path.error(`expected string, got ${smdValue(v)}`);
      else if ((node.type === 'integer' || node.type === 'number') && typeof v !== 'number') path.error(`expected numeric (int or float), got ${smdValue(v)}`);
      else if (node.type === 'boolean' && typeof v !== 'boolean') path.error(`expected boolean, got ${smdValue(v)}`);
      return;
    }
    case 'any':
      // free-form content: every map key is owned itself (and its children listed); lists atomic
      if (isObj(v)) {
        if (isEmptyMap(v)) fs.member = true;
        for (const k of Object.keys(v)) {
          const c = fs.child(fieldKey(k));
          path.push(k);
          walk(v[k], anyNode, c, path);
          path.pop();
          c.member = true;
        }
      } else fs.member = true;
      return;
    case 'struct':
    case 'map': {
      if (!isObj(v)) {
        path.error(`expected map, got ${smdValue(v)}`);
        return;
      }
      // an empty map (`status: {}`) is owned as a leaf, as structured-merge-diff records it
      if (node.atomic || isEmptyMap(v)) {
        fs.member = true;
        return;
      }
      walkFields(v, node, fs, path);
      return;
    }
    case 'list': {
      if (!Array.isArray(v)) {
        path.error(`expected list, got ${smdValue(v)}`);
        return;
      }
      const items = node.items ?? anyNode;
      if (node.listType === 'set') {
        for (const it of v) fs.child(`v:${JSON.stringify(it)}`).member = true;
        return;
      }
      if (node.listType === 'map' && node.listKeys && node.listKeys.length > 0) {
        for (const it of v) {
          if (!isObj(it)) {
            path.error(`expected map item, got ${smdValue(it)}`);
            continue;
          }
          const ifs = fs.child(`k:${itemKey(it, node.listKeys)}`);
          ifs.member = true;
          if (items.atomic) continue;
          if (items.kind === 'struct' || items.kind === 'map' || items.kind === 'any') {
            path.push({ item: it, keys: node.listKeys });
            walkFields(it, items, ifs, path);
            path.pop();
          }
        }
        return;
      }
      // atomic list: owned as a whole; still type-check its items
      fs.member = true;
      const scratch = new FieldSet();
      v.forEach((it, i) => {
        path.push(i);
        walk(it, items, scratch, path);
        path.pop();
      });
      return;
    }
  }
}

/**
 * The fields of a map, struct or associative-list item. As structured-merge-diff does: a declared struct
 * field is owned only through its leaves, an entry of a map (a key the schema does not declare) is owned
 * itself as well.
 */
function walkFields(v: Record<string, unknown>, node: SchemaNode, fs: FieldSet, path: TypePath): void {
  for (const k of Object.keys(v)) {
    if (v[k] === undefined) continue;
    const declared = node.kind === 'struct' ? node.fields!.get(k) : undefined;
    let f: SchemaNode | undefined = declared;
    if (!f) {
      if (node.kind === 'struct' && !node.allowUnknown) {
        path.errorAt(k, 'field not declared in schema');
        continue;
      }
      f = node.values ?? anyNode;
    }
    const c = fs.child(fieldKey(k));
    path.push(k);
    walk(v[k], f, c, path);
    path.pop();
    if (!declared) c.member = true;
  }
}

/** Follows one FieldsV1 path element inside a value (for conflict checks and removal). */
export function stepInto(value: unknown, key: string, node: SchemaNode | undefined): { value: unknown; node: SchemaNode | undefined } {
  if (key.startsWith('f:')) {
    const name = key.slice(2);
    const child = !node ? undefined : node.kind === 'struct' ? node.fields!.get(name) ?? node.values ?? anyNode : node.kind === 'map' ? node.values ?? anyNode : anyNode;
    return { value: isObj(value) ? value[name] : undefined, node: child };
  }
  if (key.startsWith('k:') && Array.isArray(value) && node?.kind === 'list') {
    const want = key.slice(2);
    const keys = node.listKeys ?? [];
    const found = value.find((it) => isObj(it) && itemKey(it, keys) === want);
    return { value: found, node: node.items };
  }
  if (key.startsWith('v:') && Array.isArray(value)) {
    const want = key.slice(2);
    return { value: value.find((it) => JSON.stringify(it) === want), node: node?.items };
  }
  return { value: undefined, node: undefined };
}

/** SMD path text of a FieldsV1 element, for conflict messages. */
export function pathText(key: string): string {
  if (key.startsWith('f:')) return `.${key.slice(2)}`;
  if (key.startsWith('k:')) {
    try {
      const o = JSON.parse(key.slice(2)) as Record<string, unknown>;
      return `[${Object.entries(o).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    } catch {
      return `[${key.slice(2)}]`;
    }
  }
  if (key.startsWith('v:')) return `[=${key.slice(2)}]`;
  return key;
}
