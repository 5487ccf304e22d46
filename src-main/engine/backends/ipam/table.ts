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

const intervals = new WeakMap<Route, Interval>();

/** The addresses a route covers (cached: allocation scans compute it for every sibling). */
export function intervalOf(r: Route): Interval {
  if (r.range) return r.range;
  let iv = intervals.get(r);
  if (!iv) {
    const size = 1n << BigInt((r.prefix.family === 'ipv4' ? 32 : 128) - r.prefix.bits);
    iv = { start: r.prefix.addr, end: r.prefix.addr + size - 1n };
    intervals.set(r, iv);
  }
  return iv;
}

function compareRoutes(a: Route, b: Route): number {
  const c = comparePrefix(a.prefix, b.prefix);
  if (c !== 0) return c;
  // a range starting at a host address sorts after that address
  return (a.range ? 1 : 0) - (b.range ? 1 : 0);
}

/**
 * Kept sorted by insertion (binary search) and indexed by claim, so a re-applied claim costs
 * O(log n) plus its own routes, and the routes inside a prefix are one contiguous slice.
 */
export class IpTable {
  private routes: Route[] = [];
  private readonly byClaim = new Map<string, Route[]>();
  /** Prefix and range routes (the possible parents of a claim); few compared to addresses. */
  private parentRoutes: Route[] | undefined;
  /**
   * Per parent prefix: no free address lies below this one. Pools fill from the bottom, so without
   * it every dynamic claim would rescan all the addresses taken before it (quadratic). Any release
   * of a route clears the hints.
   */
  private readonly hints = new Map<Route, bigint>();

  freeHint(parent: Route): bigint | undefined {
    return this.hints.get(parent);
  }

  setFreeHint(parent: Route, addr: bigint): void {
    this.hints.set(parent, addr);
  }

  constructor(
    readonly namespace: string,
    readonly index: string,
  ) {}

  all(): readonly Route[] {
    return this.routes;
  }

  /** Prefix and range routes in table order. */
  parents(): readonly Route[] {
    if (!this.parentRoutes) this.parentRoutes = this.routes.filter((r) => r.summary !== 'address');
    return this.parentRoutes;
  }

  ownedBy(claimName: string): Route[] {
    return this.byClaim.get(claimName) ?? [];
  }

  /** Index of the first route not below `r` in table order. */
  private lowerBound(r: Pick<Route, 'prefix' | 'range'>): number {
    let lo = 0;
    let hi = this.routes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareRoutes(this.routes[mid]!, r as Route) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Routes whose start lies in [start, end] of one family, in table order. */
  within(family: Family, start: bigint, end: bigint): Route[] {
    const out: Route[] = [];
    for (let i = this.lowerBound({ prefix: { family, addr: start, bits: 0 } }); i < this.routes.length; i++) {
      const r = this.routes[i]!;
      if (r.prefix.family !== family || r.prefix.addr > end) break;
      out.push(r);
    }
    return out;
  }

  /** Routes with exactly this prefix. */
  at(p: IpPrefix): Route[] {
    const out: Route[] = [];
    for (let i = this.lowerBound({ prefix: p }); i < this.routes.length; i++) {
      const r = this.routes[i]!;
      if (comparePrefix(r.prefix, p) !== 0) break;
      out.push(r);
    }
    return out;
  }

  /** Replaces every route of a claim (empty list: releases the claim). Returns the previous routes. */
  replaceClaim(claimName: string, next: Route[]): Route[] {
    const prev = this.ownedBy(claimName);
    for (const r of prev) {
      let i = this.lowerBound(r);
      while (i < this.routes.length && this.routes[i] !== r) i++;
      if (i < this.routes.length) this.routes.splice(i, 1);
    }
    for (const r of next) this.routes.splice(this.lowerBound(r), 0, r);
    if (next.length > 0) this.byClaim.set(claimName, [...next]);
    else this.byClaim.delete(claimName);
    if (prev.some((r) => r.summary !== 'address') || next.some((r) => r.summary !== 'address')) this.parentRoutes = undefined;
    if (prev.some((p) => !next.some((n) => comparePrefix(n.prefix, p.prefix) === 0 && n.summary === p.summary))) this.hints.clear();
    return prev;
  }

  /** Sets the claim uid (known only after the claim is stored) on its routes. */
  setClaimUid(claimName: string, uid: string): void {
    for (const r of this.ownedBy(claimName)) {
      r.claimUid = uid;
      r.labels[L_CLAIM_UID] = uid;
    }
  }
}
