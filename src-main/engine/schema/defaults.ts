// Structural defaulting (engine.md §3.5): `default:` values are applied to missing fields,
// recursively, including inside array items and map values. Runs before validation.
import type { SchemaNode } from './model.js';

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Applies defaults in place. Returns true when anything was added. */
export function applyDefaults(value: unknown, node: SchemaNode): boolean {
  if (!node.hasDefaults || value === null || typeof value !== 'object') return false;
  let changed = false;
  if (Array.isArray(value)) {
    if (node.items) for (const it of value) changed = applyDefaults(it, node.items) || changed;
    return changed;
  }
  const obj = value as Record<string, unknown>;
  if (node.kind === 'struct' && node.fields) {
    for (const [k, f] of node.fields) {
      if (!f.hasDefaults) continue;
      if (obj[k] === undefined && f.default !== undefined) {
        obj[k] = clone(f.default);
        changed = true;
      }
      if (obj[k] !== undefined) changed = applyDefaults(obj[k], f) || changed;
    }
  } else if (node.kind === 'map' && node.values?.hasDefaults) {
    for (const k of Object.keys(obj)) changed = applyDefaults(obj[k], node.values) || changed;
  }
  return changed;
}

/**
 * applyDefaults, copy-on-write: returns `value` itself when no default is missing, else a copy along the
 * paths that got defaults (`value` is never mutated: parts of it may be shared with stored objects).
 */
export function withDefaults(value: unknown, node: SchemaNode): unknown {
  if (!node.hasDefaults || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (!node.items) return value;
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = withDefaults(value[i], node.items);
      if (v !== value[i]) (out ??= [...value])[i] = v;
    }
    return out ?? value;
  }
  const obj = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  if (node.kind === 'struct' && node.fields) {
    for (const [k, f] of node.fields) {
      if (!f.hasDefaults) continue;
      const cur = (out ?? obj)[k];
      if (cur === undefined && f.default !== undefined) {
        (out ??= { ...obj })[k] = withDefaults(clone(f.default), f);
        continue;
      }
      if (cur === undefined) continue;
      const v = withDefaults(cur, f);
      if (v !== cur) (out ??= { ...obj })[k] = v;
    }
  } else if (node.kind === 'map' && node.values?.hasDefaults) {
    for (const k of Object.keys(obj)) {
      const v = withDefaults(obj[k], node.values);
      if (v !== obj[k]) (out ??= { ...obj })[k] = v;
    }
  }
  return out ?? value;
}
