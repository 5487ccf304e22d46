// Field-level changes between two versions of an object (for the snapshot diff view): one entry
// per changed leaf, with a path like `spec.items[name=a].port` (list items matched by `name`/`type`
// keys when present, else by index).
import { deepEqual } from '../apply/equal.js';

export interface FieldChange {
  path: string;
  op: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function itemId(v: unknown): string | undefined {
  if (!isObj(v)) return undefined;
  for (const k of ['name', 'type', 'uid', 'key']) if (typeof v[k] === 'string') return `${k}=${v[k]}`;
  return undefined;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function fieldChanges(before: unknown, after: unknown, path = '', out: FieldChange[] = []): FieldChange[] {
  if (deepEqual(before, after)) return out;
  if (before === undefined) return out.push({ path, op: 'added', after }), out;
  if (after === undefined) return out.push({ path, op: 'removed', before }), out;
  if (isObj(before) && isObj(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const k of [...keys].sort()) fieldChanges(before[k], after[k], join(path, k), out);
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const ids = [...before, ...after].map(itemId);
    const keyed = ids.every((x) => x !== undefined) && new Set(before.map(itemId)).size === before.length && new Set(after.map(itemId)).size === after.length;
    if (keyed) {
      const b = new Map(before.map((v) => [itemId(v)!, v]));
      const a = new Map(after.map((v) => [itemId(v)!, v]));
      for (const id of new Set([...b.keys(), ...a.keys()])) fieldChanges(b.get(id), a.get(id), `${path}[${id}]`, out);
      return out;
    }
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) fieldChanges(before[i], after[i], `${path}[${i}]`, out);
    return out;
  }
  out.push({ path, op: 'changed', before, after });
  return out;
}
