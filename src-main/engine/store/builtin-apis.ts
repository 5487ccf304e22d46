// The embedded APIs every store has (engine.md §2): the CRD kind itself and the choreo.kform.dev
// kinds. Reconciler carries the profile-B fields (conditionType, specUpdate) so both profiles load.
import type { KrmObject } from '../../../src-shared/krm/object.js';

type Schema = Record<string, unknown>;

function crd(group: string, version: string, kind: string, plural: string, scope: 'Cluster' | 'Namespaced', categories: string[], schema: Schema, status = false): KrmObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase(), ...(categories.length ? { categories } : {}) },
      scope,
      versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema: schema }, ...(status ? { subresources: { status: {} } } : {}) }],
    },
  };
}

const meta = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
const str = { type: 'string' };
const conditions = {
  type: 'array',
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
  items: {
    type: 'object',
    required: ['lastTransitionTime', 'message', 'reason', 'status', 'type'],
    properties: {
      lastTransitionTime: { type: 'string', format: 'date-time' },
      message: { type: 'string' },
      observedGeneration: { type: 'integer', format: 'int64', minimum: 0 },
      reason: { type: 'string' },
      status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
      type: { type: 'string' },
    },
  },
};
const statusSchema = { type: 'object', properties: { conditions } };
const selector = {
  type: 'object',
  'x-kubernetes-map-type': 'atomic',
  properties: {
    match: { type: 'object', additionalProperties: str },
    matchExpressions: {
      type: 'array',
      items: { type: 'object', properties: { expression: str, operator: str, values: { type: 'array', items: str } } },
    },
  },
};
const resource = { type: 'object', required: ['group', 'version', 'kind'], properties: { group: str, version: str, kind: str, selector } };

export const customResourceDefinitionCrd = crd('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', 'Cluster', [], {
  type: 'object',
  properties: { ...meta, spec: { type: 'object' }, status: { type: 'object' } },
}, true);

export const reconcilerCrd = crd('choreo.kform.dev', 'v1alpha1', 'Reconciler', 'reconcilers', 'Cluster', ['choreo'], {
  type: 'object',
  properties: {
    ...meta,
    spec: {
      type: 'object',
      required: ['for'],
      properties: {
        conditionType: str,
        specUpdate: { type: 'boolean' },
        for: resource,
        owns: { type: 'array', items: resource },
        watches: { type: 'array', items: resource },
        type: str,
        code: { type: 'object', additionalProperties: str },
      },
    },
    status: statusSchema,
  },
}, true);

export const libraryCrd = crd('choreo.kform.dev', 'v1alpha1', 'Library', 'libraries', 'Cluster', ['choreo'], {
  type: 'object',
  properties: {
    ...meta,
    spec: { type: 'object', required: ['code'], properties: { type: str, code: str } },
    status: statusSchema,
  },
}, true);

export const upstreamRefCrd = crd('choreo.kform.dev', 'v1alpha1', 'UpstreamRef', 'upstreamrefs', 'Cluster', ['pkg', 'knet'], {
  type: 'object',
  properties: {
    ...meta,
    spec: {
      type: 'object',
      required: ['url', 'ref'],
      properties: {
        url: str,
        directory: str,
        ref: { type: 'object', required: ['name'], properties: { type: { type: 'string', enum: ['hash', 'tag'], default: 'hash' }, name: str } },
        credentials: str,
        type: str,
        priority: { type: 'integer' },
        includes: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    },
    status: statusSchema,
  },
}, true);

export const configGeneratorCrd = crd('choreo.kform.dev', 'v1alpha1', 'ConfigGenerator', 'configgenerators', 'Cluster', ['pkg', 'knet'], {
  type: 'object',
  properties: {
    ...meta,
    spec: {
      type: 'object',
      properties: {
        providerSelector: { type: 'object', properties: { group: str, version: str, kind: str, match: { type: 'object', additionalProperties: str }, fieldPath: str } },
        dir: str,
      },
    },
    status: statusSchema,
  },
}, true);

/** Profile A (≤ v0.0.10) lists this kind in api-resources: a serialisable API list, no behaviour. */
export const apiResourcesCrd = crd('choreo.kform.dev', 'v1alpha1', 'APIResources', 'apiresources', 'Namespaced', [], {
  type: 'object',
  properties: {
    ...meta,
    spec: {
      type: 'object',
      properties: {
        groups: {
          type: 'array',
          items: {
            type: 'object',
            properties: { resource: str, group: str, version: str, kind: str, listKind: str, namespaced: { type: 'boolean' }, categories: { type: 'array', items: str } },
          },
        },
      },
    },
    status: { type: 'object' },
  },
});

/** All embedded APIs, registered by every store (flagged choreoAPI). */
export const builtinCrds: KrmObject[] = [customResourceDefinitionCrd, reconcilerCrd, libraryCrd, upstreamRefCrd, configGeneratorCrd, apiResourcesCrd];
