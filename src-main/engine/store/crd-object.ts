// The one builder of the CustomResourceDefinition objects the engine declares itself (its embedded
// choreo.kform.dev APIs, the allocation backends' APIs) and that benchmarks write into synthetic projects:
// a single served and stored version, with the names, scope and schema the caller gives. What differs
// between callers is data (listKind, categories, the status subresource), never the shape of the object.
import type { KrmObject } from '../../../src-shared/krm/object.js';

/** A piece of OpenAPI v3 schema. */
export type Schema = Record<string, unknown>;

export interface CrdDefinition {
  group: string;
  /** The one version, served and stored. */
  version: string;
  kind: string;
  plural: string;
  /** Default: 'Namespaced'. */
  scope?: 'Namespaced' | 'Cluster';
  /** Default: `<kind>List`. The backend APIs give '', as the Go server's discovery records do. */
  listKind?: string;
  /** Left out of the object when undefined (an empty list stays, as written). */
  categories?: string[];
  /** The version's openAPIV3Schema. */
  schema: Schema;
  /** The version declares the status subresource. */
  statusSubresource?: boolean;
}

/** A CustomResourceDefinition (apiextensions.k8s.io/v1) object, named `<plural>.<group>`. */
export function crdObject(d: CrdDefinition): KrmObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${d.plural}.${d.group}` },
    spec: {
      group: d.group,
      names: {
        kind: d.kind,
        listKind: d.listKind ?? `${d.kind}List`,
        plural: d.plural,
        singular: d.kind.toLowerCase(),
        ...(d.categories !== undefined ? { categories: d.categories } : {}),
      },
      scope: d.scope ?? 'Namespaced',
      versions: [
        {
          name: d.version,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: d.schema },
          ...(d.statusSubresource ? { subresources: { status: {} } } : {}),
        },
      ],
    },
  };
}

const string: Schema = { type: 'string' };

/**
 * The schema of a KRM object: apiVersion, kind and metadata (any content), then `spec` and `status` as
 * given (each left out when undefined).
 */
export function krmObjectSchema(spec: Schema | undefined, status: Schema | undefined): Schema {
  return {
    type: 'object',
    properties: {
      apiVersion: string,
      kind: string,
      metadata: { type: 'object' },
      ...(spec !== undefined ? { spec } : {}),
      ...(status !== undefined ? { status } : {}),
    },
  };
}
