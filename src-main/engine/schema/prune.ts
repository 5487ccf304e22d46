// Pruning of unknown fields on plain create/update (Kubernetes drops fields a structural schema does
// not declare; server-side apply rejects them instead, see apply/fieldset.ts).
import type { SchemaNode } from './model.js';

/** Removes undeclared fields in place; returns the JSON paths that were dropped. */
export function pruneUnknown(value: unknown, node: SchemaNode, path = '', dropped: string[] = []): string[] {
  if (value === null || typeof value !== 'object') return dropped;
  if (Array.isArray(value)) {
    if (node.kind === 'list' && node.items) value.forEach((v, i) => pruneUnknown(v, node.items!, `${path}[${i}]`, dropped));
    return dropped;
  }
  const obj = value as Record<string, unknown>;
  if (node.kind === 'struct') {
    for (const k of Object.keys(obj)) {
      const f = node.fields!.get(k);
      if (f) pruneUnknown(obj[k], f, `${path}.${k}`, dropped);
      else if (node.values) pruneUnknown(obj[k], node.values, `${path}.${k}`, dropped);
      else if (!node.allowUnknown) {
        delete obj[k];
        dropped.push(`${path}.${k}`);
      }
    }
  } else if (node.kind === 'map' && node.values) {
    for (const k of Object.keys(obj)) pruneUnknown(obj[k], node.values, `${path}.${k}`, dropped);
  }
  return dropped;
}
