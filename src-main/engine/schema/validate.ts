// Validation of objects against the compiled schema with Kubernetes' error texts (engine.md §3.5):
// `<path>: <Type>[: <value>][: <detail>]`, e.g.
// `spec.fieldA: Invalid value: "w": spec.fieldA in body should be at least 3 chars long`.
import type { SchemaNode } from './model.js';

/** Go-like rendering of a value inside an error message. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goValue).join(', ')}}`;
  return `map[string]interface {}{${Object.keys(v as object)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${goValue((v as Record<string, unknown>)[k])}`)
    .join(', ')}}`;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const formats: Record<string, (v: unknown) => boolean> = {
  'date-time': (v) => typeof v !== 'string' || DATE_TIME.test(v),
  date: (v) => typeof v !== 'string' || /^\d{4}-\d{2}-\d{2}$/.test(v),
  int32: (v) => typeof v !== 'number' || (Number.isInteger(v) && v >= -2147483648 && v <= 2147483647),
  int64: (v) => typeof v !== 'number' || Number.isInteger(v),
};

/** Validates `value` (at k8s path `path`, '' = root) and pushes error strings. */
export function validateValue(value: unknown, node: SchemaNode, path: string, errs: string[]): void {
  const p = path;
  if (value === null) {
    if (node.nullable || node.kind === 'any') return;
    // k8s accepts null for absent optional fields in most places; unstructured nulls for typed
    // fields are reported as a type error.
    if (node.type) errs.push(`${p}: Invalid value: "null": ${p} in body must be of type ${node.type}: "null"`);
    return;
  }
  if (node.kind === 'any') return;
  if (node.intOrString) {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) {
      errs.push(`${p}: Invalid value: ${goValue(value)}: ${p} in body must be of type integer,string: ${JSON.stringify(typeName(value))}`);
      return;
    }
  } else if (node.type) {
    const t = node.type;
    const ok =
      t === 'string' ? typeof value === 'string'
      : t === 'integer' ? typeof value === 'number' && Number.isInteger(value)
      : t === 'number' ? typeof value === 'number'
      : t === 'boolean' ? typeof value === 'boolean'
      : t === 'object' ? isObj(value)
      : t === 'array' ? Array.isArray(value)
      : true;
    if (!ok) {
      const shown = isObj(value) || Array.isArray(value) ? JSON.stringify(typeName(value)) : goValue(value);
      errs.push(`${p}: Invalid value: ${shown}: ${p} in body must be of type ${t}: ${JSON.stringify(typeName(value))}`);
      return;
    }
  }
  if (node.enum && !node.enum.some((e) => e === value)) {
    errs.push(`${p}: Unsupported value: ${goValue(value)}: supported values: ${node.enum.map(goValue).join(', ')}`);
  }
  if (typeof value === 'string') {
    if (node.minLength !== undefined && value.length < 2 * node.minLength && codePoints(value) < node.minLength)
      errs.push(`${p}: Invalid value: ${goValue(value)}: ${p} in body should be at least ${node.minLength} chars long`);
    if (node.maxLength !== undefined && value.length > node.maxLength && codePoints(value) > node.maxLength)
      errs.push(`${p}: Too long: may not be more than ${node.maxLength} bytes`);
    if (node.pattern && !node.pattern.test(value))
      errs.push(`${p}: Invalid value: ${goValue(value)}: ${p} in body should match '${node.patternSource}'`);
    if (node.format && formats[node.format] && !formats[node.format]!(value))
      errs.push(`${p}: Invalid value: ${goValue(value)}: ${p} in body must be of type ${node.format}: ${goValue(value)}`);
  } else if (typeof value === 'number') {
    if (node.minimum !== undefined && (node.exclusiveMinimum ? value <= node.minimum : value < node.minimum))
      errs.push(`${p}: Invalid value: ${value}: ${p} in body should be greater than ${node.exclusiveMinimum ? '' : 'or equal to '}${node.minimum}`);
    if (node.maximum !== undefined && (node.exclusiveMaximum ? value >= node.maximum : value > node.maximum))
      errs.push(`${p}: Invalid value: ${value}: ${p} in body should be less than ${node.exclusiveMaximum ? '' : 'or equal to '}${node.maximum}`);
    if (node.multipleOf !== undefined && node.multipleOf !== 0 && Math.abs(value / node.multipleOf - Math.round(value / node.multipleOf)) > 1e-9)
      errs.push(`${p}: Invalid value: ${value}: ${p} in body should be a multiple of ${node.multipleOf}`);
    if (node.format && formats[node.format] && !formats[node.format]!(value))
      errs.push(`${p}: Invalid value: ${value}: ${p} in body must be of type ${node.format}: ${value}`);
  } else if (Array.isArray(value)) {
    validateList(value, node, p, errs);
  } else if (isObj(value)) {
    validateObject(value, node, p, errs);
  }
}

/**
 * Length in code points (what `[...s].length` counts, a lone surrogate as one) without building an array.
 * Callers skip it when the UTF-16 length already decides: code points ≤ length ≤ 2 × code points.
 */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function join(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}

/**
 * validateValue for a new version of a value whose previous version `old` passed validation against the
 * same schema node at the same path (a stored object): subtrees that are the very same objects as before
 * (shared by copy-on-write, so unchanged) cannot have errors and are skipped. Same errors, same order.
 */
export function validateChanged(value: unknown, old: unknown, node: SchemaNode, path: string, errs: string[]): void {
  if (value === old && value !== undefined) return;
  // An object checked field by field: for a struct/map node without enum/int-or-string, validateValue of
  // an object is exactly validateObject.
  if (isObj(value) && isObj(old) && (node.kind === 'struct' || node.kind === 'map') && !node.intOrString && !node.enum && (node.type === '' || node.type === 'object')) {
    validateObject(value, node, path, errs, old);
    return;
  }
  validateValue(value, node, path, errs);
}

function validateObject(value: Record<string, unknown>, node: SchemaNode, p: string, errs: string[], old?: Record<string, unknown>): void {
  const keys = Object.keys(value);
  if (node.embedded) {
    for (const f of ['apiVersion', 'kind'] as const) {
      if (typeof value[f] !== 'string' || value[f] === '') errs.push(`${join(p, f)}: Required value: must not be empty`);
    }
  }
  if (node.minProperties !== undefined && keys.length < node.minProperties)
    errs.push(`${p}: Invalid value: ${keys.length}: ${p} in body should have at least ${node.minProperties} properties`);
  if (node.maxProperties !== undefined && keys.length > node.maxProperties)
    errs.push(`${p}: Too many: ${keys.length}: must have at most ${node.maxProperties} items`);
  if (node.required) for (const r of node.required) if (!(r in value) || value[r] === undefined) errs.push(`${join(p, r)}: Required value`);
  if (node.kind === 'struct') {
    for (const k of keys) {
      const f = node.fields!.get(k) ?? node.values;
      if (!f) continue;
      if (old) validateChanged(value[k], old[k], f, join(p, k), errs);
      else validateValue(value[k], f, join(p, k), errs);
    }
  } else if (node.kind === 'map' && node.values) {
    for (const k of keys) {
      if (old) validateChanged(value[k], old[k], node.values, `${p}[${k}]`, errs);
      else validateValue(value[k], node.values, `${p}[${k}]`, errs);
    }
  }
}

function validateList(value: unknown[], node: SchemaNode, p: string, errs: string[]): void {
  if (node.minItems !== undefined && value.length < node.minItems)
    errs.push(`${p}: Invalid value: ${value.length}: ${p} in body should have at least ${node.minItems} items`);
  if (node.maxItems !== undefined && value.length > node.maxItems)
    errs.push(`${p}: Too many: ${value.length}: must have at most ${node.maxItems} items`);
  if (node.items) for (let i = 0; i < value.length; i++) validateValue(value[i], node.items, `${p}[${i}]`, errs);
  if (node.uniqueItems || node.listType === 'set') {
    const seen = new Set<string>();
    value.forEach((v, i) => {
      const k = JSON.stringify(v);
      if (seen.has(k)) errs.push(`${p}[${i}]: Duplicate value: ${goValue(v)}`);
      seen.add(k);
    });
  } else if (node.listType === 'map' && node.listKeys) {
    const seen = new Set<string>();
    value.forEach((v, i) => {
      if (!isObj(v)) return;
      const keyObj: Record<string, unknown> = {};
      for (const k of node.listKeys!) {
        if (v[k] === undefined) {
          // a key with a default is filled in by defaulting; otherwise it is required
          if (node.items?.fields?.get(k)?.default === undefined) errs.push(`${p}[${i}].${k}: Required value`);
        }
        keyObj[k] = v[k];
      }
      const k = JSON.stringify(keyObj);
      if (seen.has(k)) errs.push(`${p}[${i}]: Duplicate value: ${goValue(keyObj)}`);
      seen.add(k);
    });
  }
}
