// Sanity checks of a CRD's openAPIV3Schema before it is registered, so a typo in a schema is a
// load error naming the CRD and the schema path instead of a schema that silently accepts anything.
import { compilePattern } from './pattern.js';

const TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

/** Problems of one schema, each `<path>: <what>`; [] when fine. */
export function checkSchema(schema: unknown, path = 'openAPIV3Schema', out: string[] = []): string[] {
  if (schema === undefined) return out;
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
    out.push(`${path}: must be an object`);
    return out;
  }
  const s = schema as Record<string, any>;
  // As the API server: a CRD schema is self-contained; a $ref would be ignored and accept anything.
  if (s.$ref !== undefined) out.push(`${path}.$ref: Forbidden: $ref is not supported; write the referenced schema in place`);
  if (s.type !== undefined && !TYPES.includes(s.type)) out.push(`${path}.type: Unsupported value: ${JSON.stringify(s.type)}: supported values: ${TYPES.map((t) => JSON.stringify(t)).join(', ')}`);
  if (s.pattern !== undefined) {
    try {
      compilePattern(String(s.pattern));
    } catch (e) {
      out.push(`${path}.pattern: Invalid value: ${JSON.stringify(s.pattern)}: ${(e as Error).message}`);
    }
  }
  if (s['x-kubernetes-list-type'] === 'map' && (!Array.isArray(s['x-kubernetes-list-map-keys']) || s['x-kubernetes-list-map-keys'].length === 0)) {
    out.push(`${path}.x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`);
  }
  if (s.properties !== undefined) {
    if (!s.properties || typeof s.properties !== 'object') out.push(`${path}.properties: must be an object`);
    else for (const [k, v] of Object.entries(s.properties)) checkSchema(v, `${path}.properties[${k}]`, out);
  }
  if (s.items !== undefined) checkSchema(s.items, `${path}.items`, out);
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(s[k])) s[k].forEach((x: unknown, i: number) => checkSchema(x, `${path}.${k}[${i}]`, out));
  if (s.not !== undefined) checkSchema(s.not, `${path}.not`, out);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') checkSchema(s.additionalProperties, `${path}.additionalProperties`, out);
  return out;
}
