// One JSON schema for every YAML file of the project, so each document of a multi-document file is
// checked against the CRD of its own apiVersion/kind (monaco-yaml picks schemas per file, not per
// document). `if apiVersion/kind then <CRD schema>` per kind; per apiVersion the kinds it serves, so an
// unknown kind is flagged with the list of valid ones.
import type { JsonSchemaEntry } from '../../../src-shared/ipc/channels/engine';

type Schema = Record<string, unknown>;

export function combinedSchema(entries: JsonSchemaEntry[]): Schema {
  const kindsByVersion = new Map<string, string[]>();
  for (const e of entries) {
    const list = kindsByVersion.get(e.apiVersion) ?? [];
    list.push(e.kind);
    kindsByVersion.set(e.apiVersion, list);
  }
  const apiVersions = [...kindsByVersion.keys()].sort();
  const kinds = [...new Set(entries.map((e) => e.kind))].sort();
  const allOf: Schema[] = [];
  for (const [apiVersion, ks] of kindsByVersion) {
    allOf.push({
      if: { properties: { apiVersion: { const: apiVersion } }, required: ['apiVersion'] },
      then: { properties: { kind: { enum: [...ks].sort(), description: `Kinds served by ${apiVersion}.` } } },
    });
  }
  for (const e of entries) {
    allOf.push({
      if: { properties: { apiVersion: { const: e.apiVersion }, kind: { const: e.kind } }, required: ['apiVersion', 'kind'] },
      then: e.schema,
    });
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Choreo project object',
    type: 'object',
    properties: {
      apiVersion: { type: 'string', enum: apiVersions, description: 'API group and version, from the CRDs in crds/.' },
      // The kinds are checked per apiVersion (allOf below), so the error lists the ones that fit.
      kind: { type: 'string', description: `Kind of the object, from the CRDs in crds/: ${kinds.join(', ')}.` },
    },
    required: ['apiVersion', 'kind'],
    allOf,
  };
}
