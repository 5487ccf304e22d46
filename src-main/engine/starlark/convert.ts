// Conversion between JSON-like host data (objects read from YAML/JSON) and Starlark values, spec §6.
// Conversion always copies: nothing returned aliases the input.
import { runtimeError } from './errors.js';
import { Dict, Float, List, decodeUtf8, encodeUtf8, typeName, type Value } from './value.js';

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
  if (Array.isArray(json)) return new List(json.map((e) => toStarlark(e, opts)));
  const d = new Dict();
  for (const [k, v] of Object.entries(json)) d.set(encodeUtf8(k), toStarlark(v, opts));
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
  if (v instanceof List) return v.elems.map((e) => fromStarlark(e, opts, depth + 1));
  if (v instanceof Dict) {
    const out: { [key: string]: Json } = {};
    for (const [k, e] of v.items()) {
      if (typeof k !== 'string') throw runtimeError(`dict key is not a string: ${typeName(k)}`);
      const key = decodeUtf8(k);
      const val = fromStarlark(e, opts, depth + 1);
      // "__proto__" must stay an ordinary key, not replace the prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value: val, enumerable: true, writable: true, configurable: true });
      else out[key] = val;
    }
    return out;
  }
  throw runtimeError(`unsupported starlark type: ${typeName(v)}`);
}
