// CRD objects of the internal backend APIs that `-r` registers (engine spec §11): IPAM and the three
// integer ID pools (VLAN, AS, GENID), and at HEAD the EXTCOMM APIs too (registered without a backend,
// as Choreo HEAD does). They are registered by the loader before anything else (so a project CRD of the
// same GVK cannot replace them) and show in api-resources, deps and diff (choreoAPI false). The
// discovery records of the Go server have an empty listKind, hence `listKind: ''`. The schemas follow
// the kuid of the generation (../generation.ts): its prefix types, and at HEAD `indexEntry` on entries.
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { crdObject, krmObjectSchema, type Schema } from '../store/crd-object.js';
import { HEAD_GENERATION, type BackendGeneration, type KuidVersion } from './generation.js';

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

/** Kubernetes label selector (`matchLabels` + `matchExpressions`), owned as a whole like metav1.LabelSelector. */
const labelSelector: Schema = {
  type: 'object',
  'x-kubernetes-map-type': 'atomic',
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
  return crdObject({ group, version: 'v1alpha1', kind, plural, listKind: '', categories: [], schema: krmObjectSchema(spec, status), statusSubresource: true });
}

export const IPAM_GROUP = 'ipam.be.kuid.dev';
export const IPAM_VERSION = 'v1alpha1';
export const IPAM_API_VERSION = `${IPAM_GROUP}/${IPAM_VERSION}`;

const PREFIX_TYPE_ENUM: Record<KuidVersion, string[]> = { embedded: ['pool', 'network', 'aggregate', 'other'], head: ['network', 'regular'] };

/** kuid at HEAD: entries say whether they come from an index. */
function indexEntry(kuid: KuidVersion): Schema {
  return kuid === 'head' ? { indexEntry: bool } : {};
}

function ipamCrds(kuid: KuidVersion): KrmObject[] {
  const prefixType: Schema = { type: 'string', enum: PREFIX_TYPE_ENUM[kuid] };
  const indexPrefix = object({ prefix: str, prefixType, labels }, ['prefix']);
  const index = crd(
    IPAM_GROUP,
    'IPIndex',
    'ipindices',
    object({ prefixes: { type: 'array', items: indexPrefix }, labels }),
    object({ conditions, ...(kuid === 'head' ? { prefixes: { type: 'array', items: indexPrefix } } : {}) }),
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
    object({ index: str, ...indexEntry(kuid), prefixType, claimType: str, prefix: str, addressFamily: str, defaultGateway: bool, labels }, ['index']),
    object({ conditions }),
  );
  return [index, claim, entry];
}

/** The three kinds of one integer ID-pool group (§11.2). `indexType`: the schema of the index's `spec.type`. */
function idPoolCrds(kuid: KuidVersion, group: string, prefix: string, plurals: [string, string, string], indexType?: Schema, more: Schema = {}): KrmObject[] {
  const indexSpec: Schema = object({ minID: int, maxID: int, labels, ...(indexType ? { type: indexType } : {}), ...more });
  const claimSpec: Schema = object({ index: str, id: int, range: str, selector: labelSelector, labels }, ['index']);
  const entrySpec: Schema = object({ index: str, ...indexEntry(kuid), claimType: str, id: str, labels }, ['index']);
  return [
    crd(group, `${prefix}Index`, plurals[0], indexSpec, object({ minID: int, maxID: int, conditions })),
    crd(group, `${prefix}Claim`, plurals[1], claimSpec, object({ id: int, range: str, expiryTime: str, conditions })),
    crd(group, `${prefix}Entry`, plurals[2], entrySpec, object({ conditions })),
  ];
}

export interface IdPoolKind {
  group: string;
  prefix: 'VLAN' | 'AS' | 'GENID';
  /**
   * The ID space of an index (kuid's tree): bits of an ID block (entries read `<id>/<bits>`) and the
   * largest valid ID, or a problem text when the index does not define a valid space.
   */
  spaceOf: (index: KrmObject) => { width: number; max: bigint } | string;
}

const GENID_TYPES: Record<string, { width: number; max: bigint }> = {
  '16bit': { width: 16, max: (1n << 16n) - 1n },
  '32bit': { width: 32, max: (1n << 32n) - 1n },
  // kuid's 48-bit pool is a 64-bit tree limited to 48-bit IDs
  '48bit': { width: 64, max: (1n << 48n) - 1n },
  '64bit': { width: 64, max: (1n << 64n) - 1n },
};

export const ID_POOLS: IdPoolKind[] = [
  // kuid keeps VLANs in a 32-bit tree, limited to 0..4095
  { group: 'vlan.be.kuid.dev', prefix: 'VLAN', spaceOf: () => ({ width: 32, max: 4095n }) },
  { group: 'as.be.kuid.dev', prefix: 'AS', spaceOf: () => ({ width: 32, max: (1n << 32n) - 1n }) },
  {
    group: 'genid.be.kuid.dev',
    prefix: 'GENID',
    spaceOf: (index) => {
      const t = (index.spec as Record<string, unknown> | undefined)?.type;
      return GENID_TYPES[String(t)] ?? `spec.type: invalid GENID type ${JSON.stringify(t ?? '')} (use 16bit, 32bit, 48bit or 64bit)`;
    },
  },
];

export const EXTCOMM_GROUP = 'extcomm.be.kuid.dev';

/**
 * Choreo v0.0.14 to HEAD serves each backend kind at two versions with the same schema: kuid's internal
 * one, named after the group (`ipam`, `as`, `vlan`, `genid`, `extcomm`; the storage version), and
 * `v1alpha1` (pkg/server/choreo/crdloader/internal/*.yaml, listed in that order but for VLAN). The store
 * keeps and shows objects at the preferred version, `v1alpha1` (store/versions.ts); an object written at
 * the internal version reads at either.
 */
function withInternalVersion(c: KrmObject): KrmObject {
  const spec = c.spec as { group: string; versions: Record<string, unknown>[] };
  const v1 = { ...spec.versions[0]!, storage: false };
  const internal = { ...spec.versions[0]!, name: spec.group.split('.')[0]!, storage: true };
  const versions = spec.group === 'vlan.be.kuid.dev' ? [v1, internal] : [internal, v1];
  return { ...c, spec: { ...c.spec, versions } as KrmObject['spec'] };
}

/** Every CRD of the `-r` backends of a generation (IPAM first, then VLAN, AS, GENID; at HEAD also EXTCOMM). */
export function backendCrds(generation: BackendGeneration = HEAD_GENERATION): KrmObject[] {
  const k = generation.kuid;
  const crds = [
    ...ipamCrds(k),
    ...idPoolCrds(k, 'vlan.be.kuid.dev', 'VLAN', ['vlanindices', 'vlanclaims', 'vlanentries']),
    ...idPoolCrds(k, 'as.be.kuid.dev', 'AS', ['asindexes', 'asclaims', 'asentries']),
    ...idPoolCrds(k, 'genid.be.kuid.dev', 'GENID', ['genidindexes', 'genidclaims', 'genidentries'], { type: 'string', enum: ['16bit', '32bit', '48bit', '64bit'] }),
    // Choreo HEAD registers kuid's EXTCOMM APIs but gives them no backend: they hold data only
    ...(k === 'head' ? idPoolCrds(k, EXTCOMM_GROUP, 'EXTCOMM', ['extcommindexes', 'extcommclaims', 'extcommentries'], str, { subType: str, globalID: str, transitive: bool }) : []),
  ];
  return k === 'head' ? crds.map(withInternalVersion) : crds;
}
