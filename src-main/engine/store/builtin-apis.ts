// The embedded APIs every store has (engine.md §2): the CRD kind itself and the choreo.kform.dev kinds,
// with the schemas of upstream's CRDs (kform-dev/choreo `artifacts/`). Reconciler carries the profile-B
// fields (conditionType, specUpdate), so both profiles load.
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { crdObject, krmObjectSchema, type Schema } from './crd-object.js';

/** An embedded API at one version, its schema `krmObjectSchema(spec, status)`. */
function crd(group: string, version: string, kind: string, plural: string, scope: 'Cluster' | 'Namespaced', categories: string[], spec: Schema, status?: Schema): KrmObject {
  return crdObject({
    group,
    version,
    kind,
    plural,
    scope,
    ...(categories.length ? { categories } : {}),
    schema: krmObjectSchema(spec, status),
    // every embedded kind with a status declares the status subresource
    statusSubresource: status !== undefined,
  });
}

const str = { type: 'string' };
const strMap = { type: 'object', additionalProperties: str };
/** `status: {type: object}` as upstream declares it for every choreo kind: any content. */
const freeStatus = { type: 'object' };

// Reconciler `for`/`owns`/`watches` entries (upstream ReconcilerResource with its ExpressionSelector).
const selector = {
  type: 'object',
  'x-kubernetes-map-type': 'atomic',
  properties: {
    match: strMap,
    matchExpressions: {
      type: 'array',
      items: { type: 'object', required: ['expression', 'operator'], properties: { expression: str, operator: str, values: { type: 'array', items: str } } },
    },
  },
};
const resource = { type: 'object', required: ['group', 'kind', 'version'], properties: { group: str, kind: str, selector, version: str } };

export const customResourceDefinitionCrd = crd('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', 'Cluster', [], { type: 'object' }, { type: 'object' });

// The choreo.kform.dev kinds follow upstream's CRDs (kform-dev/choreo artifacts/) field by field.
export const reconcilerCrd = crd('choreo.kform.dev', 'v1alpha1', 'Reconciler', 'reconcilers', 'Cluster', ['choreo'], {
  type: 'object',
  required: ['for'],
  properties: {
    code: strMap,
    conditionType: str,
    for: resource,
    owns: { type: 'array', items: resource },
    specUpdate: { type: 'boolean' },
    type: str,
    watches: { type: 'array', items: resource },
  },
}, freeStatus);

export const libraryCrd = crd('choreo.kform.dev', 'v1alpha1', 'Library', 'libraries', 'Cluster', ['choreo'], { type: 'object', required: ['code'], properties: { code: str, type: str } }, freeStatus);

/**
 * UpstreamRef as upstream's artifacts declare it, with one repair: upstream defaults `spec.type` to `full`,
 * a value its own enum (`crd`, `all`) rejects, so every ref without a type would fail (and kube-apiserver
 * refuses such a CRD). The default here is `all`, what `full` meant; refs of the profile-A examples, which
 * predate `type`, load as before.
 */
export const upstreamRefCrd = crd('choreo.kform.dev', 'v1alpha1', 'UpstreamRef', 'upstreamrefs', 'Cluster', ['pkg', 'knet'], {
  type: 'object',
  required: ['ref', 'type', 'url'],
  properties: {
    credentials: str,
    directory: str,
    includes: { type: 'array', items: str },
    priority: { type: 'integer', default: 10 },
    ref: {
      type: 'object',
      required: ['name', 'type'],
      properties: { name: str, type: { type: 'string', enum: ['hash', 'tag'], default: 'hash' } },
    },
    type: { type: 'string', enum: ['crd', 'all'], default: 'all' },
    url: str,
  },
});

export const configGeneratorCrd = crd('choreo.kform.dev', 'v1alpha1', 'ConfigGenerator', 'configgenerators', 'Cluster', ['pkg', 'knet'], {
  type: 'object',
  required: ['providerSelector'],
  properties: {
    dir: str,
    providerSelector: {
      type: 'object',
      required: ['fieldPath', 'group', 'kind', 'version'],
      properties: { fieldPath: str, group: str, kind: str, match: strMap, version: str },
    },
  },
}, freeStatus);

/** Profile A (≤ v0.0.10) lists this kind in api-resources: a serialisable API list, no behaviour. */
export const apiResourcesCrd = crd('choreo.kform.dev', 'v1alpha1', 'APIResources', 'apiresources', 'Namespaced', [], {
  type: 'object',
  required: ['groups'],
  properties: {
    groups: {
      type: 'array',
      items: {
        type: 'object',
        required: ['group', 'kind', 'listKind', 'namespaced', 'resource', 'version'],
        properties: { categories: { type: 'array', items: str }, group: str, kind: str, listKind: str, namespaced: { type: 'boolean' }, resource: str, version: str },
      },
    },
  },
});

/**
 * All embedded APIs, registered by every store (flagged choreoAPI). Upstream's other choreo.kform.dev
 * kinds are not registered, as upstream's server does not register them: Snapshot, Diff and Branch are
 * wire formats of its gRPC API, never stored, and ChoreoRef has a CRD in artifacts/ but no code uses it.
 */
export const builtinCrds: KrmObject[] = [customResourceDefinitionCrd, reconcilerCrd, libraryCrd, upstreamRefCrd, configGeneratorCrd, apiResourcesCrd];
