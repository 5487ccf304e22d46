// CRD documents for test projects, written as a project would keep them in crds/.

/**
 * A namespaced CRD with one or more versions (the first listed is the storage version). `anySpec` keeps
 * spec fields the schema does not name (x-kubernetes-preserve-unknown-fields) instead of pruning them.
 */
export function crdYaml(group: string, kind: string, plural: string, versions: string[], specProps = '{}', anySpec = false): string {
  const schema = [
    '    schema:',
    '      openAPIV3Schema:',
    '        type: object',
    '        properties:',
    '          apiVersion: {type: string}',
    '          kind: {type: string}',
    '          metadata: {type: object}',
    `          spec: {type: object, properties: ${specProps}${anySpec ? ', x-kubernetes-preserve-unknown-fields: true' : ''}}`,
    '          status: {type: object, x-kubernetes-preserve-unknown-fields: true}',
  ];
  return [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    `  name: ${plural}.${group}`,
    'spec:',
    `  group: ${group}`,
    `  names: {kind: ${kind}, listKind: ${kind}List, plural: ${plural}, singular: ${kind.toLowerCase()}}`,
    '  scope: Namespaced',
    '  versions:',
    ...versions.flatMap((v, i) => [`  - name: ${v}`, '    served: true', `    storage: ${i === 0}`, ...schema]),
    '',
  ].join('\n');
}

