// The in-memory allocation table of one IPIndex (engine spec §11.1): every route (prefix, address or
// range) with its labels, kept in table order (family, address, shorter prefix first). Routes are
// owned by claims (label `be.kuid.dev/claim-name`); a claim's routes are always replaced as a whole.
import { comparePrefix, type Family, type Interval, type IpPrefix } from './prefix.js';

export type PrefixType = 'pool' | 'network' | 'aggregate' | 'other';
export type ClaimType = 'staticPrefix' | 'staticAddress' | 'staticRange' | 'dynamicPrefix' | 'dynamicAddress';
export type SummaryType = 'prefix' | 'address' | 'range';

export const L_CLAIM_NAME = 'be.kuid.dev/claim-name';
export const L_CLAIM_UID = 'be.kuid.dev/claim-uid';
export const L_OWNER_KIND = 'be.kuid.dev/owner-kind';
export const L_CLAIM_TYPE = 'be.kuid.dev/claim-type';
export const L_SUMMARY_TYPE = 'ipam.be.kuid.dev/claim-summary-type';
export const L_PREFIX_TYPE = 'ipam.be.kuid.dev/ipprefix-type';
export const L_ADDRESS_FAMILY = 'ipam.be.kuid.dev/address-family';
export const L_SUBNET = 'ipam.be.kuid.dev/subnet';
export const L_DEFAULT_GATEWAY = 'ipam.be.kuid.dev/default-gateway';

export interface Route {
  /** Prefix routes: the prefix; address routes: the host prefix (/32, /128); ranges: host prefix of the start. */
  prefix: IpPrefix;
  /** Range routes only. */
  range?: Interval;
  summary: SummaryType;
  claimType: ClaimType;
  prefixType: PrefixType;
  claimName: string;
  claimUid: string;
  /** The claim's user labels (+ the parent prefix's user labels for addresses). */
  userLabels: Record<string, string>;
  /** User labels + system labels (what selectors match). */
  labels: Record<string, string>;
  defaultGateway: boolean;
  /** What the claim's status reports (`10.0.0.1/24` for an address in a network, `a-b` for a range). */
  text: string;
}

export function familyOf(r: Route): Family {
  return r.prefix.family;
}

/** The addresses a route covers. */
export function intervalOf(r: Route): Interval {
  if (r.range) return r.range;
  const size = 1n << BigInt((r.prefix.family === 'ipv4' ? 32 : 128) - r.prefix.bits);
  return { start: r.prefix.addr, end: r.prefix.addr + size - 1n };
}

function compareRoutes(a: Route, b: Route): number {
  const c = comparePrefix(a.prefix, b.prefix);
  if (c !== 0) return c;
  // a range starting at a host address sorts after that address
  return (a.range ? 1 : 0) - (b.range ? 1 : 0);
}

export class IpTable {
  private routes: Route[] = [];

  constructor(
    readonly namespace: string,
    readonly index: string,
  ) {}

  all(): readonly Route[] {
    return this.routes;
  }

  ownedBy(claimName: string): Route[] {
    return this.routes.filter((r) => r.claimName === claimName);
  }

  /** Replaces every route of a claim (empty list: releases the claim). Returns the previous routes. */
  replaceClaim(claimName: string, next: Route[]): Route[] {
    const prev = this.ownedBy(claimName);
    this.routes = this.routes.filter((r) => r.claimName !== claimName);
    for (const r of next) this.routes.push(r);
    this.routes.sort(compareRoutes);
    return prev;
  }

  /** Sets the claim uid (known only after the claim is stored) on its routes. */
  setClaimUid(claimName: string, uid: string): void {
    for (const r of this.routes) {
      if (r.claimName !== claimName) continue;
      r.claimUid = uid;
      r.labels[L_CLAIM_UID] = uid;
    }
  }
}
