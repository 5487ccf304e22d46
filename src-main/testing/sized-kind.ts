// A small namespaced kind for store tests: `example.com/v1` objects whose spec has an integer `size` (and a
// string `blob`, to make one as large as a test needs), with the CRD that registers it.
import type { KrmObject } from '../../src-shared/krm/object.js';

export interface SizedKind {
  crd: KrmObject;
  /** An object of the kind in namespace `default`. */
  object(name: string, size: number): KrmObject;
}

/** The kind `kind` (plural `plural`) in group example.com. */
export function sizedKind(kind: string, plural: string): SizedKind {
  const crd: KrmObject = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.example.com` },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { kind, plural },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' }, blob: { type: 'string' } } } } } } }],
    },
  };
  return { crd, object: (name, size) => ({ apiVersion: 'example.com/v1', kind, metadata: { name, namespace: 'default' }, spec: { size } }) };
}
