// CRD objects of the internal backend APIs that `-r` registers (engine spec §11): IPAM and the three
// integer ID pools (VLAN, AS, GENID). They are registered by the loader before anything else (so a
// project CRD of the same GVK cannot replace them) and show in api-resources, deps and diff
// (choreoAPI false). The discovery records of the Go server have an empty listKind, hence `listKind: ''`.
import type { KrmObject } from '../../../src-shared/krm/object.js';

type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const bool: Schema = { type: 'boolean' };
const labels: Schema = { type: 'object', additionalProperties: { type: 'string' } };

const condition: Schema = {
  type: 'object',
  required: ['type', 'status'],
  properties: {
    type: str,
    status: str,
    reason: str,
    message: str,
    lastTransitionTime: str,
    observedGeneration: int,
  },
};
const conditions: Schema = { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], items: condition };

/** Kubernetes label selector (`matchLabels` + `matchExpressions`). */
const labelSelector: Schema = {
  type: 'object',
  properties: {
    matchLabels: labels,
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'operator'],
        properties: { key: str, operator: str, values: { type: 'array', items: str } },
      },
    },
  },
};

function object(properties: Schema, required?: string[]): Schema {
  return required ? { type: 'object', properties, required } : { type: 'object', properties };
}

function crd(group: string, kind: string, plural: string, spec: Schema, status: Schema): KrmObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      names: { kind, plural, singular: kind.toLowerCase(), listKind: '', categories: [] },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                apiVersion: str,
                kind: str,
                metadata: { type: 'object' },
                spec,
                status,
              },
            },
          },
        },
      ],
    },
  };
}

export const IPAM_GROUP = 'ipam.be.kuid.dev';
export const IPAM_VERSION = 'v1alpha1';
export const IPAM_API_VERSION = `${IPAM_GROUP}/${IPAM_VERSION}`;

const prefixType: Schema = { type: 'string', enum: ['pool', 'network', 'aggregate', 'other'] };

function ipamCrds(): KrmObject[] {
  const index = crd(
    IPAM_GROUP,
    'IPIndex',
    'ipindices',
    object({ prefixes: { type: 'array', items: object({ prefix: str, prefixType, labels }, ['prefix']) }, labels }),
    object({ conditions }),
  );
  const claim = crd(
    IPAM_GROUP,
    'IPClaim',
    'ipclaims',
    object(
      {
        index: str,
        prefixType,
        prefix: str,
        address: str,
        range: str,
        prefixLength: int,
        createPrefix: bool,
        defaultGateway: bool,
        addressFamily: { type: 'string', enum: ['ipv4', 'ipv6'] },
        idx: int,
        selector: labelSelector,
        labels,
      },
      ['index'],
    ),
    object({ prefix: str, address: str, range: str, defaultGateway: str, expiryTime: str, conditions }),
  );
  const entry = crd(
    IPAM_GROUP,
    'IPEntry',
    'ipentries',
    object({ index: str, prefixType, claimType: str, prefix: str, addressFamily: str, defaultGateway: bool, labels }, ['index']),
    object({ conditions }),
  );
  return [index, claim, entry];
}

/** The three kinds of one integer ID-pool group (§11.2). */
function idPoolCrds(group: string, prefix: string, plurals: [string, string, string], withType: boolean): KrmObject[] {
  const indexSpec: Schema = object({ minID: int, maxID: int, labels, ...(withType ? { type: { type: 'string', enum: ['16bit', '32bit', '48bit', '64bit'] } } : {}) });
  const claimSpec: Schema = object({ index: str, id: int, range: str, selector: labelSelector, labels }, ['index']);
  const entrySpec: Schema = object({ index: str, claimType: str, id: str, labels }, ['index']);
  return [
    crd(group, `${prefix}Index`, plurals[0], indexSpec, object({ minID: int, maxID: int, conditions })),
    crd(group, `${prefix}Claim`, plurals[1], claimSpec, object({ id: int, range: str, expiryTime: str, conditions })),
    crd(group, `${prefix}Entry`, plurals[2], entrySpec, object({ conditions })),
  ];
}

export interface IdPoolKind {
  group: string;
  prefix: 'VLAN' | 'AS' | 'GENID';
  /** Largest valid ID (inclusive) when the index sets no type/maxID. */
  maxOf: (index: KrmObject) => number;
  /** Smallest valid ID. */
  min: number;
}

export const ID_POOLS: IdPoolKind[] = [
  { group: 'vlan.be.kuid.dev', prefix: 'VLAN', min: 0, maxOf: () => 4095 },
  { group: 'as.be.kuid.dev', prefix: 'AS', min: 0, maxOf: () => 4294967295 },
  {
    group: 'genid.be.kuid.dev',
    prefix: 'GENID',
    min: 0,
    maxOf: (index) => {
      const t = (index.spec as Record<string, unknown> | undefined)?.type;
      // 48/64-bit pools are limited to the exact integer range of a JS number.
      return t === '16bit' ? 65535 : t === '48bit' ? 2 ** 48 - 1 : t === '64bit' ? Number.MAX_SAFE_INTEGER : 4294967295;
    },
  },
];

/** Every CRD of the `-r` backends (IPAM first, then VLAN, AS, GENID). */
export function backendCrds(): KrmObject[] {
  return [
    ...ipamCrds(),
    ...idPoolCrds('vlan.be.kuid.dev', 'VLAN', ['vlanindices', 'vlanclaims', 'vlanentries'], false),
    ...idPoolCrds('as.be.kuid.dev', 'AS', ['asindexes', 'asclaims', 'asentries'], false),
    ...idPoolCrds('genid.be.kuid.dev', 'GENID', ['genidindexes', 'genidclaims', 'genidentries'], true),
  ];
}
