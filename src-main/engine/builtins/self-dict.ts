// The reconciled object as the Starlark dict `self` (engine spec §4.6 step 2: with managedFields), and the
// dicts reconcilers hand back converted to objects.
//
// Why not a plain toStarlark: every reconcile converts its object, and the field sets in
// metadata.managedFields[].fieldsV1 were about half of its values (and of the conversion back in
// reconcile_result), though reconcilers do not read them. The store shares one fieldsV1 object between every
// object whose manager owns the same fields (store.ts sharingFieldSets) and never mutates a stored object, so
// each distinct field set is converted once into a frozen dict that every `self` holding it shares, and a
// frozen dict handed back converts to the JSON it came from. Everything else is converted as before, so
// `self` reads, prints and compares the same; only an attempt to mutate a field set in place now fails
// ("cannot insert into frozen hash table"), where it used to change a copy that the apply then ignored.
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { decodeUtf8, Dict, encodeUtf8, freeze, fromStarlark, List, toStarlark, type ConvertOptions, type Json, type Value } from '../starlark/index.js';

/** A stored fieldsV1 object → its frozen dict. */
const frozenFieldSets = new WeakMap<object, Dict>();
/** A frozen field-set dict → the stored fieldsV1 object it was made from. */
const fieldSetSources = new WeakMap<Dict, Json>();

/** Starlark dict → KRM object (None → "", Go's quirk). */
const TO_OBJECT: ConvertOptions = { noneAsEmptyString: true };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A FieldsV1 tree: objects of objects only (what the store writes). Anything else (a hand-written
 * managedFields entry with other values in it) is converted as any value, since only such a tree converts
 * back to exactly itself.
 */
function isFieldTree(v: unknown): v is Record<string, Json> {
  if (!isPlainObject(v) || Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k in v) if (k === '__proto__' || !isFieldTree(v[k])) return false;
  return true;
}

function fieldSetValue(fields: unknown): Value {
  if (typeof fields !== 'object' || fields === null) return toStarlark(fields as Json);
  let d = frozenFieldSets.get(fields);
  if (!d) {
    if (!isFieldTree(fields)) return toStarlark(fields as Json);
    d = freeze(toStarlark(fields)) as Dict;
    frozenFieldSets.set(fields, d);
    fieldSetSources.set(d, fields);
  }
  return d;
}

/** Whether `d` is a field set that selfDict shares (a frozen conversion: no dict literal made any of it). */
export function isSharedFieldSet(d: Dict): boolean {
  return fieldSetSources.has(d);
}

/** Object keys → dict entries, the value of `special` (when present) made by `convert`. */
function dictOf(o: Record<string, unknown>, special: string, convert: (v: unknown) => Value): Dict {
  const d = new Dict();
  const keys = Object.keys(o);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    d.set(encodeUtf8(k), k === special ? convert(o[k]) : toStarlark(o[k] as Json));
  }
  return d;
}

const entryValue = (e: unknown): Value => (isPlainObject(e) ? dictOf(e, 'fieldsV1', fieldSetValue) : toStarlark(e as Json));

function managedFieldsValue(list: unknown): Value {
  if (!Array.isArray(list)) return toStarlark(list as Json);
  const elems: Value[] = [];
  for (let i = 0; i < list.length; i++) elems.push(entryValue(list[i]));
  return new List(elems);
}

/**
 * A stored object → `self`: what toStarlark gives (numbers as floats, key order kept), the field sets of its
 * managedFields shared and frozen. `obj` must be a stored object (never mutated).
 */
export function selfDict(obj: KrmObject): Value {
  const meta = obj.metadata as unknown;
  if (!isPlainObject(meta) || !Array.isArray(meta.managedFields) || meta.managedFields.length === 0) return toStarlark(obj as unknown as Json);
  return dictOf(obj as unknown as Record<string, unknown>, 'metadata', (m) => dictOf(m as Record<string, unknown>, 'managedFields', managedFieldsValue));
}

/** The entries of `d` as an object, the value under `special` made by `convert`; undefined when a key is not a string. */
function objectOf(d: Dict, special: string, convert: (v: Value, depth: number) => Json, depth: number): Record<string, Json> | undefined {
  const out: Record<string, Json> = {};
  let ok = true;
  d.forEachEntry((k, e) => {
    if (!ok) return;
    if (typeof k !== 'string') {
      ok = false;
      return;
    }
    const key = decodeUtf8(k);
    const val = key === special ? convert(e, depth + 1) : fromStarlark(e, TO_OBJECT, depth + 1);
    // "__proto__" must stay an ordinary key, not replace the prototype (as fromStarlark does)
    if (key === '__proto__') Object.defineProperty(out, key, { value: val, enumerable: true, writable: true, configurable: true });
    else out[key] = val;
  });
  return ok ? out : undefined;
}

/** Whether `v` is a dict whose metadata.managedFields holds a shared field set (made by selfDict). */
function holdsSharedFieldSet(v: Dict): boolean {
  const meta = v.get('metadata');
  if (!(meta instanceof Dict)) return false;
  const mf = meta.get('managedFields');
  if (!(mf instanceof List)) return false;
  for (const e of mf.elems) if (e instanceof Dict && fieldSetSources.has(e.get('fieldsV1') as Dict)) return true;
  return false;
}

const fieldsBack = (v: Value, depth: number): Json => (v instanceof Dict && fieldSetSources.get(v)) || fromStarlark(v, TO_OBJECT, depth);
const entryBack = (v: Value, depth: number): Json => (v instanceof Dict && objectOf(v, 'fieldsV1', fieldsBack, depth)) || fromStarlark(v, TO_OBJECT, depth);
const managedFieldsBack = (v: Value, depth: number): Json => {
  if (!(v instanceof List)) return fromStarlark(v, TO_OBJECT, depth);
  const out: Json[] = [];
  for (const e of v.elems) out.push(entryBack(e, depth + 1));
  return out;
};
const metadataBack = (v: Value, depth: number): Json => (v instanceof Dict && objectOf(v, 'managedFields', managedFieldsBack, depth)) || fromStarlark(v, TO_OBJECT, depth);

/**
 * Starlark dict → KRM object (None → "", Go's quirk): fromStarlark, except that a shared field set comes back
 * as the stored fieldsV1 object itself (read only: pruning reads it, the store keeps its own).
 */
export function dictToObject(v: Value): KrmObject {
  if (v instanceof Dict && holdsSharedFieldSet(v)) {
    const o = objectOf(v, 'metadata', metadataBack, 0);
    if (o) return o as unknown as KrmObject;
  }
  return fromStarlark(v, TO_OBJECT) as unknown as KrmObject;
}
