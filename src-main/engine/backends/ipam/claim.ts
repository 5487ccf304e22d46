// An IPClaim as the IPAM backend sees it (kuid's IPClaim object): its type (from which of
// address/prefix/range is set), its prefix type, and the syntax checks kuid makes before a claim touches
// the table. The two kuids differ in their prefix types (../generation.ts): the copy embedded in Choreo
// v0.0.1–v0.0.13 knows pool, network and aggregate (none: `other`), kuid at HEAD knows regular and
// network (none: `regular`). In the early generation the claims an IPIndex makes for its own prefixes
// are never stored; their routes are owned by the index itself (`index` below).
import type { KuidVersion } from '../generation.js';
import type { LabelSelector } from '../labels.js';
import { parseIpPrefix, type Family } from './prefix.js';

export type PrefixType = 'pool' | 'network' | 'aggregate' | 'other' | 'regular';
export type ClaimType = 'staticPrefix' | 'staticAddress' | 'staticRange' | 'dynamicPrefix' | 'dynamicAddress';
export type SummaryType = 'prefix' | 'address' | 'range';

export interface IpClaimSpec {
  index?: string;
  prefixType?: string;
  prefix?: string;
  address?: string;
  range?: string;
  prefixLength?: number;
  createPrefix?: boolean;
  defaultGateway?: boolean;
  addressFamily?: Family;
  idx?: number;
  selector?: LabelSelector;
  labels?: Record<string, string>;
}

export interface IpClaimStatus {
  prefix?: string;
  address?: string;
  range?: string;
  defaultGateway?: string;
}

export interface IpClaim {
  name: string;
  namespace: string;
  uid: string;
  /** Set for the claim of an IPIndex prefix in the early generation: its routes are owned by the index. */
  index?: { name: string; uid: string };
  /** The claim object is owned by an IPIndex (a prefix of the index): it needs no parent prefix. */
  ownedByIndex?: boolean;
  spec: IpClaimSpec;
  /** What the claim held before (stored status); the applicator writes the new one here. */
  status: IpClaimStatus;
}

/** A claim the table cannot satisfy or that is malformed: the store write fails with InvalidArgument. */
export class IpClaimError extends Error {
  override name = 'IpClaimError';
}

/** Static claim type from which of address/prefix/range is set (exactly one), else dynamic. */
export function claimTypeOf(spec: IpClaimSpec): ClaimType {
  const got: string[] = [];
  let t: ClaimType | undefined;
  if (spec.address != null) {
    got.push(`address: ${spec.address}`);
    t = 'staticAddress';
  }
  if (spec.prefix != null) {
    got.push(`prefix: ${spec.prefix}`);
    t = 'staticPrefix';
  }
  if (spec.range != null) {
    got.push(`range: ${spec.range}`);
    t = 'staticRange';
  }
  if (got.length > 1) throw new IpClaimError(`an ipclaim can only have 1 claimType, got ${got.join(', ')}`);
  if (t) return t;
  return spec.createPrefix != null ? 'dynamicPrefix' : 'dynamicAddress';
}

export function summaryOf(t: ClaimType): SummaryType {
  return t === 'staticPrefix' || t === 'dynamicPrefix' ? 'prefix' : t === 'staticRange' ? 'range' : 'address';
}

const PREFIX_TYPES: Record<KuidVersion, { given: readonly PrefixType[]; none: PrefixType; hint: string }> = {
  embedded: { given: ['pool', 'network', 'aggregate'], none: 'other', hint: 'use pool, network or aggregate, or leave it out' },
  head: { given: ['regular', 'network'], none: 'regular', hint: 'use regular or network, or leave it out (regular)' },
};

/** The claim's prefix type: the one given, or kuid's default (embedded: `other`, index prefixes `aggregate`; head: `regular`). */
export function prefixTypeOf(spec: IpClaimSpec, kuid: KuidVersion): PrefixType | 'invalid' {
  const t = PREFIX_TYPES[kuid];
  if (spec.prefixType === undefined || spec.prefixType === null) return t.none;
  return (t.given as readonly string[]).includes(spec.prefixType) ? (spec.prefixType as PrefixType) : 'invalid';
}

/** The prefix types a route label may carry into an IPEntry's spec. */
export function entryPrefixTypes(kuid: KuidVersion): readonly PrefixType[] {
  return PREFIX_TYPES[kuid].given;
}

function parseOrNull(s: string): ReturnType<typeof parseIpPrefix> | undefined {
  try {
    return parseIpPrefix(s);
  } catch {
    return undefined;
  }
}

const maxOf = (f: Family) => (f === 'ipv4' ? 32 : 128);

/** kuid's syntax checks per claim type (its ValidateSyntax), as `<field>: <problem>` texts. */
export function syntaxProblems(c: IpClaim, kuid: KuidVersion): string[] {
  const s = c.spec;
  let t: ClaimType;
  try {
    t = claimTypeOf(s);
  } catch (e) {
    return [(e as Error).message];
  }
  const out: string[] = [];
  const pt = prefixTypeOf(s, kuid);
  const badType = () => out.push(`spec.prefixType: invalid prefix type ${JSON.stringify(s.prefixType)} (${PREFIX_TYPES[kuid].hint})`);
  switch (t) {
    case 'staticPrefix': {
      const p = parseOrNull(String(s.prefix));
      if (!p) {
        out.push(`spec.prefix: invalid prefix ${JSON.stringify(s.prefix)}`);
        break;
      }
      if (p.prefix.bits === maxOf(p.prefix.family)) out.push(`spec.prefix: a /32 (IPv4) or /128 (IPv6) is an address, not a prefix: ${s.prefix}`);
      if (pt === 'invalid') badType();
      if (pt !== 'network' && p.address !== p.prefix.addr) out.push(`spec.prefix: ${s.prefix} has host bits set, which only prefixType network allows`);
      if (s.defaultGateway != null) {
        if (pt !== 'network') out.push('spec.defaultGateway: only a network prefix can have a default gateway');
        const last = p.prefix.addr + (1n << BigInt(maxOf(p.prefix.family) - p.prefix.bits)) - 1n;
        if (p.address === p.prefix.addr || p.address === last) out.push('spec.defaultGateway: the gateway cannot be the first or last address of the prefix');
      }
      if (s.addressFamily != null) out.push('spec.addressFamily: a static prefix claim cannot have an addressFamily');
      if (s.idx != null) out.push('spec.idx: a static prefix claim cannot have an idx');
      break;
    }
    case 'staticAddress': {
      const p = parseOrNull(String(s.address));
      if (!p) {
        out.push(`spec.address: invalid address ${JSON.stringify(s.address)}`);
        break;
      }
      const f = p.prefix.family;
      if (p.prefix.bits === maxOf(f)) {
        if (s.defaultGateway != null) out.push('spec.defaultGateway: only an address with a network prefix length can be a default gateway');
      } else if (!((f === 'ipv4' && p.prefix.bits === 31) || (f === 'ipv6' && p.prefix.bits === 127))) {
        const last = p.prefix.addr + (1n << BigInt(maxOf(f) - p.prefix.bits)) - 1n;
        if (p.address === p.prefix.addr || p.address === last) out.push(`spec.address: ${s.address} is the first or last address of its prefix`);
      }
      if (s.createPrefix != null) out.push('spec.createPrefix: a static address claim cannot have createPrefix');
      if (s.prefixLength != null) out.push('spec.prefixLength: a static address claim cannot have a prefixLength');
      if (s.addressFamily != null) out.push('spec.addressFamily: a static address claim cannot have an addressFamily');
      if (s.idx != null) out.push('spec.idx: a static address claim cannot have an idx');
      break;
    }
    case 'staticRange':
      if (pt === 'invalid') badType();
      else if (kuid === 'head' && pt !== 'regular') out.push(`spec.prefixType: a range claim is of prefix type regular, got ${pt}`);
      if (kuid === 'head') {
        if (s.defaultGateway != null) out.push('spec.defaultGateway: a static range claim cannot have a defaultGateway');
        if (s.createPrefix != null) out.push('spec.createPrefix: a static range claim cannot have createPrefix');
        if (s.prefixLength != null) out.push('spec.prefixLength: a static range claim cannot have a prefixLength');
        if (s.addressFamily != null) out.push('spec.addressFamily: a static range claim cannot have an addressFamily');
        if (s.idx != null) out.push('spec.idx: a static range claim cannot have an idx');
      }
      break;
    case 'dynamicPrefix':
      if (pt === 'invalid') badType();
      if (s.defaultGateway != null) out.push('spec.defaultGateway: a dynamic prefix claim cannot have a defaultGateway');
      if (s.prefixLength == null) out.push('spec.prefixLength: a dynamic prefix claim (createPrefix) needs a prefixLength');
      break;
    case 'dynamicAddress':
      if (pt === 'invalid') badType();
      if (s.defaultGateway != null) out.push('spec.defaultGateway: a dynamic address claim cannot have a defaultGateway');
      if (s.prefixLength != null) out.push('spec.prefixLength: a dynamic address claim cannot have a prefixLength (set createPrefix for a dynamic prefix)');
      break;
  }
  return out;
}
