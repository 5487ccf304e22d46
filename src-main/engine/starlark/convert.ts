// Conversion between JSON-like host data (objects read from YAML/JSON) and Starlark values, spec §6.
// Conversion always copies: nothing returned aliases the input.
import { runtimeError } from './errors.js';
import { Dict, Float, List, typeName, type Value } from './value.js';
import { decodeUtf8, encodeUtf8 } from './utf8.js';

export type Json = null | boolean | number | bigint | string | Json[] | { [key: string]: Json };

export interface ConvertOptions {
  /**
   * toStarlark: keep integral numbers as Starlark ints. Off by default: the Go host decodes objects through a
   * generic JSON decode, so every number arrives as a float (`port: 0` is `0.0`).
   */
  intsStayInt?: boolean;
  /** fromStarlark: write None as "" (the Go host's quirk) instead of null. */
  noneAsEmptyString?: boolean;
}

/** Host data → Starlark value: objects become dicts (key order kept), arrays lists, numbers floats. */
export function toStarlark(json: Json | undefined, opts: ConvertOptions = {}): Value {
  if (json === null || json === undefined) return null;
  switch (typeof json) {
    case 'boolean':
      return json;
    case 'string':
      return encodeUtf8(json);
    case 'bigint':
      return opts.intsStayInt ? json : new Float(Number(json));
    case 'number':
      if (opts.intsStayInt && Number.isSafeInteger(json)) return json === 0 ? 0 : json;
      return new Float(json);
  }
  if (Array.isArray(json)) {
    const elems: Value[] = []; // packed (not pre-sized/holey): the interpreter indexes and pushes into it
    for (let i = 0; i < json.length; i++) elems.push(toStarlark(json[i], opts));
    return new List(elems);
  }
  // Hot path (every reconcile converts its object): keys without Object.entries' pair arrays.
  const d = new Dict();
  const keys = Object.keys(json);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    d.set(encodeUtf8(k), toStarlark(json[k], opts));
  }
  return d;
}

/** Starlark value → host data. Throws a runtime error for values JSON cannot hold (Go's wording). */
export function fromStarlark(v: Value, opts: ConvertOptions = {}, depth = 0): Json {
  if (depth > 1000) throw runtimeError('value too deeply nested to convert');
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return decodeUtf8(v);
    case 'number':
      return v;
    case 'bigint':
      if (v > 9223372036854775807n || v < -9223372036854775808n) throw runtimeError('integer out of range');
      return v;
  }
  if (v === null) return opts.noneAsEmptyString ? '' : null;
  if (v instanceof Float) {
    if (!Number.isFinite(v.v)) throw runtimeError(`cannot convert float ${v.v} to JSON`);
    return v.v;
  }
  if (v instanceof List) {
    const src = v.elems;
    const out: Json[] = [];
    for (let i = 0; i < src.length; i++) out.push(fromStarlark(src[i]!, opts, depth + 1));
    return out;
  }
  if (v instanceof Dict) {
    const out: { [key: string]: Json } = {};
    // Hot path: walk the entries directly (no items() pair arrays).
    v.forEachEntry((k, e) => {
      if (typeof k !== 'string') throw runtimeError(`dict key is not a string: ${typeName(k)}`);
      const key = decodeUtf8(k);
      const val = fromStarlark(e, opts, depth + 1);
      // "__proto__" must stay an ordinary key, not replace the prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value: val, enumerable: true, writable: true, configurable: true });
      else out[key] = val;
    });
    return out;
  }
  throw runtimeError(`unsupported starlark type: ${typeName(v)}`);
}
