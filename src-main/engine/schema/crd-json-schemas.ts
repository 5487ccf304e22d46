// JSON schemas for the editor (monaco-yaml, and the Starlark language service's KRM keys) from the project's CRDs: one entry per apiVersion/kind with
// the version's openAPIV3Schema, made strict the way the API server prunes (unknown fields are flagged
// unless the schema preserves them), with apiVersion/kind/metadata described so hover has something to say.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { JsonSchemaEntry } from '../../../src-shared/ipc/channels/engine.js';
import { builtinCrds } from '../store/builtin-apis.js';
import { parseYamlDocuments } from '../yaml/documents.js';

type Schema = Record<string, unknown>;

const METADATA: Schema = {
  type: 'object',
  description: 'Standard object metadata: name, namespace, labels, annotations, ownerReferences…',
  properties: {
    name: { type: 'string', description: 'Name of the object, unique per kind and namespace.' },
    namespace: { type: 'string', description: 'Namespace of the object (namespaced kinds only).' },
    labels: { type: 'object', additionalProperties: { type: 'string' }, description: 'Labels: key/value pairs used by selectors.' },
    annotations: { type: 'object', additionalProperties: { type: 'string' }, description: 'Annotations: non-identifying key/value metadata.' },
  },
};

/** Adds `additionalProperties: false` where the schema lists properties and does not keep unknown fields. */
export function strictify(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictify);
  if (!schema || typeof schema !== 'object') return schema;
  const s = { ...(schema as Schema) };
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties' && v && typeof v === 'object') {
      s[k] = Object.fromEntries(Object.entries(v as Schema).map(([name, sub]) => [name, strictify(sub)]));
    } else if (k === 'items' || k === 'additionalProperties' || k === 'allOf' || k === 'anyOf' || k === 'oneOf' || k === 'not') {
      s[k] = strictify(v);
    }
  }
  if (s.properties && s.additionalProperties === undefined && !s['x-kubernetes-preserve-unknown-fields']) s.additionalProperties = false;
  return s;
}

/** The schema entries of one CRD object (one per version that has a schema). */
export function schemasOfCrd(crd: unknown, file: string): JsonSchemaEntry[] {
  const c = crd as { kind?: string; spec?: { group?: string; names?: { kind?: string }; versions?: Array<{ name?: string; schema?: { openAPIV3Schema?: Schema } }> } };
  if (c?.kind !== 'CustomResourceDefinition' || !c.spec?.names?.kind) return [];
  const group = c.spec.group ?? '';
  const kind = c.spec.names.kind;
  const out: JsonSchemaEntry[] = [];
  for (const v of c.spec.versions ?? []) {
    if (!v?.name) continue;
    const apiVersion = group ? `${group}/${v.name}` : v.name;
    const base = (v.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) as Schema;
    const props = { ...((base.properties as Schema | undefined) ?? {}) };
    props.apiVersion = { type: 'string', const: apiVersion, description: `API version of ${kind}: ${apiVersion}.` };
    props.kind = { type: 'string', const: kind, description: (base.description as string | undefined) ?? `${kind} (${apiVersion}).` };
    props.metadata = METADATA;
    if (!props.status) props.status = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, description: 'Written by the reconcilers.' };
    const schema = strictify({ ...base, type: 'object', properties: props, required: ['apiVersion', 'kind', 'metadata'] }) as Schema;
    // metadata may carry more than we list (uid, finalizers, ownerReferences…): keep it open
    ((schema.properties as Schema).metadata as Schema).additionalProperties = true;
    out.push({ apiVersion, kind, schema, file });
  }
  return out;
}

/**
 * Schemas of every CRD in the project's APIs folder (`crds/`, or `apis/` in the earlier layout; YAML
 * files) plus the built-in choreo kinds. Bad files are skipped.
 */
export async function projectSchemas(root: string, apisFolder = 'crds'): Promise<JsonSchemaEntry[]> {
  const out: JsonSchemaEntry[] = [];
  for (const crd of builtinCrds) out.push(...schemasOfCrd(crd, ''));
  const dir = path.join(root, apisFolder);
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => /\.ya?ml$/.test(n)).sort();
  for (const n of names) {
    const rel = `${apisFolder}/${n}`;
    try {
      const docs = parseYamlDocuments(await fs.readFile(path.join(dir, n), 'utf8'), rel);
      for (const d of docs) out.push(...schemasOfCrd(d.value, rel));
    } catch {
      // a CRD file with a syntax error shows that error in its own editor; the others still count
    }
  }
  // Later definitions of the same apiVersion/kind win (as when the CRDs are applied in order).
  const byKey = new Map<string, JsonSchemaEntry>();
  for (const e of out) byKey.set(`${e.apiVersion}|${e.kind}`, e);
  return [...byKey.values()];
}
