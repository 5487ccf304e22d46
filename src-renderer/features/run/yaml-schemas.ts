// One JSON schema for every YAML file of the project, so each document of a multi-document file is
// checked against the CRD of its own apiVersion/kind (monaco-yaml picks schemas per file, not per
// document). `if apiVersion/kind then <CRD schema>` per kind; per apiVersion the kinds it serves, so an
// unknown kind is flagged with the list of valid ones. Hovering `kind` names the kind and the CRD file that
// defines it (the hover's heading is the first `title` on the node, and only the matching kind's branch
// gives one).
import type { JsonSchemaEntry } from '../../../src-shared/ipc/channels/engine';

type Schema = Record<string, unknown>;

export function combinedSchema(entries: JsonSchemaEntry[]): Schema {
  const kindsByVersion = new Map<string, string[]>();
  const files = new Map(entries.map((e) => [`${e.apiVersion}|${e.kind}`, e.file]));
  for (const e of entries) {
    const list = kindsByVersion.get(e.apiVersion) ?? [];
    list.push(e.kind);
    kindsByVersion.set(e.apiVersion, list);
  }
  const apiVersions = [...kindsByVersion.keys()].sort();
  const kinds = [...new Set(entries.map((e) => e.kind))].sort();
  const allOf: Schema[] = [];
  for (const [apiVersion, ks] of kindsByVersion) {
    const served = [...ks].sort();
    const where = served.map((k) => definedBy(files.get(`${apiVersion}|${k}`) ?? ''));
    allOf.push({
      if: { properties: { apiVersion: { const: apiVersion } }, required: ['apiVersion'] },
      then: { properties: { kind: { enum: served, description: `Kinds served by ${apiVersion}.`, enumDescriptions: where } } },
    });
  }
  for (const e of entries) {
    allOf.push({
      if: { properties: { apiVersion: { const: e.apiVersion }, kind: { const: e.kind } }, required: ['apiVersion', 'kind'] },
      then: withKindTitle(e),
    });
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    // No root title: monaco-yaml heads every hover with the nearest title, which would hide the kind's own.
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

/** Where a kind comes from, in words: its CRD file, or Choreo itself for the built-in kinds. */
export function definedBy(file: string): string {
  return file ? `defined in ${file}` : 'built into Choreo';
}

/** The kind's schema with a hover heading on `kind`: "HelloWorld (example.com/v1alpha1), defined in crds/…". */
function withKindTitle(e: JsonSchemaEntry): Schema {
  const props = (e.schema.properties as Record<string, Schema> | undefined) ?? {};
  const title = `${e.kind} (${e.apiVersion}), ${definedBy(e.file)}`;
  return { ...e.schema, properties: { ...props, kind: { ...props.kind, title } } };
}
