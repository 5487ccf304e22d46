// The routes a claim puts into the table and the labels they carry (kuid's getRoutesFromClaim), and the
// IPEntry object that mirrors a route. A network prefix is expanded: besides the prefix itself it
// reserves its first and last address and the address written in the claim (`10.0.0.1/24` claims
// 10.0.0.1), except for IPv4 /31 and IPv6 /127 point-to-point prefixes. Addresses inside a network
// are entered as host routes (/32, /128) but reported with the network's length.
import { IPAM_API_VERSION } from '../crds.js';
import type { KuidVersion } from '../generation.js';
import type { IpClaim, IpClaimSpec } from './claim.js';
import { claimTypeOf, entryPrefixTypes, prefixTypeOf, summaryOf } from './claim.js';
import { formatIp, formatPrefix, hostMask, maxBits, subnetNameOf, type Family, type IpPrefix } from './prefix.js';
import type { Route } from './rib.js';

export const L_OWNER_KIND = 'be.kuid.dev/owner-kind';
export const L_CLAIM_NAME = 'be.kuid.dev/claim-name';
export const L_CLAIM_UID = 'be.kuid.dev/claim-uid';
export const L_CLAIM_TYPE = 'be.kuid.dev/claim-type';
export const L_PREFIX_TYPE = 'ipam.be.kuid.dev/ipprefix-type';
export const L_SUMMARY_TYPE = 'ipam.be.kuid.dev/claim-summary-type';
export const L_ADDRESS_FAMILY = 'ipam.be.kuid.dev/address-family';
export const L_SUBNET = 'ipam.be.kuid.dev/subnet';
export const L_DEFAULT_GATEWAY = 'ipam.be.kuid.dev/default-gateway';
/** kuid at HEAD: `true` on the routes of a claim an IPIndex owns (its IPEntry says `indexEntry: true`). */
export const L_INDEX_ENTRY = 'be.kuid.dev/index-entry';

/** Labels the backend sets itself; everything else on a route is a user label. */
export const SYSTEM_LABELS: ReadonlySet<string> = new Set([L_OWNER_KIND, L_CLAIM_NAME, L_CLAIM_UID, L_CLAIM_TYPE, L_PREFIX_TYPE, L_SUMMARY_TYPE, L_ADDRESS_FAMILY, L_SUBNET, L_DEFAULT_GATEWAY, L_INDEX_ENTRY]);

export function userLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (!SYSTEM_LABELS.has(k)) out[k] = v;
  return out;
}

/** A claimed prefix as kuid's iputil sees it: the address as written plus the length (`10.0.0.1/24`). */
export interface ClaimedPrefix {
  family: Family;
  /** The address as written (not masked). */
  address: bigint;
  bits: number;
}

export function masked(p: ClaimedPrefix): IpPrefix {
  return { family: p.family, addr: p.address & ~hostMask(p.family, p.bits), bits: p.bits };
}

export function hostRoutePrefix(family: Family, addr: bigint): IpPrefix {
  return { family, addr, bits: maxBits(family) };
}

export function claimedText(p: ClaimedPrefix): string {
  return `${formatIp(p.address, p.family)}/${p.bits}`;
}

/** `<first address>-<length>` of the claimed prefix, `:` → `-` (the subnet label, gateway lookups). */
export function claimedSubnet(p: ClaimedPrefix): string {
  return subnetNameOf(masked(p));
}

function lastAddress(p: ClaimedPrefix): bigint {
  return masked(p).addr | hostMask(p.family, p.bits);
}

/**
 * The routes of a claim for one claimed prefix. `networkParent`: a dynamic address that landed in a
 * network prefix (the claim itself did not say so). `parentLabels`: user labels an address inherits
 * from the prefix it lies in (see ../generation.ts).
 */
export function routesOfClaim(kuid: KuidVersion, c: IpClaim, p: ClaimedPrefix, networkParent: boolean, parentLabels: Record<string, string> = {}): Route[] {
  const spec: IpClaimSpec = c.spec;
  const type = claimTypeOf(spec);
  const summary = summaryOf(type);
  // The prefix claims of an index are owned by the index (kuid keeps them out of the API).
  const owner = c.index ? { kind: 'IPIndex', name: c.index.name, uid: c.index.uid } : { kind: 'IPClaim', name: c.name, uid: c.uid };
  const prefixType = prefixTypeOf(spec, kuid);
  const labels: Record<string, string> = {
    ...(spec.labels ?? {}),
    ...parentLabels,
    [L_SUMMARY_TYPE]: summary,
    [L_CLAIM_TYPE]: type,
    [L_PREFIX_TYPE]: networkParent ? 'network' : prefixType,
    [L_OWNER_KIND]: owner.kind,
    [L_CLAIM_NAME]: owner.name,
    [L_CLAIM_UID]: owner.uid,
    [L_ADDRESS_FAMILY]: p.family,
    [L_SUBNET]: claimedSubnet(p),
  };
  if (kuid === 'head') labels[L_INDEX_ENTRY] = c.ownedByIndex ? 'true' : 'false';
  if (spec.defaultGateway === true) labels[L_DEFAULT_GATEWAY] = 'true';
  const without = (...keys: string[]) => {
    const l = { ...labels };
    for (const k of keys) delete l[k];
    return l;
  };
  if (prefixType === 'network' || networkParent) {
    if (summary === 'prefix') {
      const net = masked(p);
      const first = net.addr;
      const last = lastAddress(p);
      const isFirst = p.address === first;
      const isLast = p.address === last;
      const netRoute: Route = { prefix: net, labels: without(L_DEFAULT_GATEWAY) };
      const pointToPoint = (p.family === 'ipv4' && p.bits === 31) || (p.family === 'ipv6' && p.bits === 127);
      if (pointToPoint) return [netRoute];
      const addrRoute: Route = { prefix: hostRoutePrefix(p.family, p.address), labels: isFirst || isLast ? without(L_DEFAULT_GATEWAY) : { ...labels } };
      const firstRoute: Route = { prefix: hostRoutePrefix(p.family, first), labels: without(L_DEFAULT_GATEWAY) };
      const lastRoute: Route = { prefix: hostRoutePrefix(p.family, last), labels: without(L_DEFAULT_GATEWAY) };
      if (!isFirst && !isLast) return [netRoute, addrRoute, firstRoute, lastRoute];
      if (isFirst) return [netRoute, addrRoute, lastRoute];
      return [netRoute, addrRoute, firstRoute];
    }
    return [{ prefix: hostRoutePrefix(p.family, p.address), labels }];
  }
  return [{ prefix: masked(p), labels }];
}

/**
 * The IPEntry that mirrors a route, owned by the route's claim. Its name comes from the table
 * (IndexTable.entryName: `<index>.<subnet>`, or at HEAD `<namespace>.<index>[.<range>].<subnet>`); at
 * HEAD the spec also says whether the route comes from an IPIndex (`indexEntry`).
 */
export function entryOfRoute(kuid: KuidVersion, name: string, namespace: string, index: string, r: Route): Record<string, unknown> {
  const l = r.labels;
  const spec: Record<string, unknown> = { index };
  if (kuid === 'head') spec.indexEntry = l[L_INDEX_ENTRY] === 'true';
  if ((entryPrefixTypes(kuid) as readonly string[]).includes(l[L_PREFIX_TYPE] ?? '')) spec.prefixType = l[L_PREFIX_TYPE];
  spec.claimType = l[L_CLAIM_TYPE] ?? '';
  spec.prefix = formatPrefix(r.prefix);
  if (l[L_DEFAULT_GATEWAY] !== undefined) spec.defaultGateway = true;
  spec.addressFamily = r.prefix.family;
  const user = userLabels(l);
  if (Object.keys(user).length > 0) spec.labels = user;
  return {
    apiVersion: IPAM_API_VERSION,
    kind: 'IPEntry',
    metadata: {
      name,
      namespace,
      ownerReferences: [{ apiVersion: IPAM_API_VERSION, kind: l[L_OWNER_KIND] ?? '', name: l[L_CLAIM_NAME] ?? '', uid: l[L_CLAIM_UID] ?? '' }],
    },
    spec,
    status: {},
  };
}
