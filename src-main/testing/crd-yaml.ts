// CRD documents for test projects, written as a project would keep them in crds/, or as objects for tests
// that register them with a store directly, and the reconciler configs for their kinds. One writer for every
// test's CRD: the tests differ only in the kind and in the schema of its fields, which they pass as YAML
// flow text (`{type: object, properties: {size: {type: integer}}}`) or as objects, so a test still shows
// the schema it relies on and nothing else.
import type { KrmObject } from '../../src-shared/krm/object.js';
import { parseYaml } from '../engine/index.js';

/** A status the schema does not describe: kept whole (the usual status of a test kind). */
export const ANY_OBJECT = '{type: object, x-kubernetes-preserve-unknown-fields: true}';

/** A status holding a list of conditions keyed by type (each condition kept whole), as reconcilers write. */
export const CONDITIONS_STATUS =
  '{type: object, properties: {conditions: {type: array, x-kubernetes-list-type: map, x-kubernetes-list-map-keys: [type], items: {type: object, x-kubernetes-preserve-unknown-fields: true}}}}';

/** The fields every object has, as controller-gen writes them into a schema. */
export const OBJECT_META_PROPERTIES: Record<string, string> = { apiVersion: '{type: string}', kind: '{type: string}', metadata: '{type: object}' };

export interface TestCrd {
  /** Default `example.com`. */
  group?: string;
  kind: string;
  plural: string;
  /** The versions served; the first is the storage version. Default `['v1alpha1']`. */
  versions?: string[];
  /** The top-level properties of the object's schema (`spec`, `status`, …), each as YAML flow text or an object. */
  properties: Record<string, string | object>;
  /** Adds `subresources: {status: {}}` to each version. */
  statusSubresource?: boolean;
}

/** A namespaced CRD whose versions share one schema. */
export function testCrdYaml(crd: TestCrd): string {
  const group = crd.group ?? 'example.com';
  const version = (name: string, i: number) => [
    `  - name: ${name}`,
    '    served: true',
    `    storage: ${i === 0}`,
    ...(crd.statusSubresource ? ['    subresources: {status: {}}'] : []),
    '    schema:',
    '      openAPIV3Schema:',
    '        type: object',
    '        properties:',
    // an object is written as JSON, which YAML reads as flow style
    ...Object.entries(crd.properties).map(([field, schema]) => `          ${field}: ${typeof schema === 'string' ? schema : JSON.stringify(schema)}`),
  ];
  return [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    `  name: ${crd.plural}.${group}`,
    'spec:',
    `  group: ${group}`,
    `  names: {kind: ${crd.kind}, listKind: ${crd.kind}List, plural: ${crd.plural}, singular: ${crd.kind.toLowerCase()}}`,
    '  scope: Namespaced',
    '  versions:',
    ...(crd.versions ?? ['v1alpha1']).flatMap(version),
    '',
  ].join('\n');
}

/** The CRD `testCrdYaml` writes, as the object a store registers. */
export function testCrd(crd: TestCrd): KrmObject {
  return parseYaml(testCrdYaml(crd)) as KrmObject;
}

/**
 * A namespaced CRD with one or more versions (the first listed is the storage version), spec properties
 * `specProps` and a status kept whole. `anySpec` keeps spec fields the schema does not name
 * (x-kubernetes-preserve-unknown-fields) instead of pruning them.
 */
export function crdYaml(group: string, kind: string, plural: string, versions: string[], specProps = '{}', anySpec = false): string {
  const spec = `{type: object, properties: ${specProps}${anySpec ? ', x-kubernetes-preserve-unknown-fields: true' : ''}}`;
  return testCrdYaml({ group, kind, plural, versions, properties: { ...OBJECT_META_PROPERTIES, spec, status: ANY_OBJECT } });
}

/**
 * A reconciler's config (reconcilers/NAME.yaml) for kind `kind` of example.com/v1alpha1, every object of it;
 * `owns` is appended under spec as it stands (e.g. `  owns:\n  - {group: example.com, version: v1alpha1, kind: Message}\n`).
 */
export const reconcilerConfigYaml = (kind: string, owns = '') => `apiVersion: choreo.kform.dev/v1alpha1
kind: Reconciler
spec:
  for:
    group: example.com
    version: v1alpha1
    kind: ${kind}
    selector: {}
${owns}`;
