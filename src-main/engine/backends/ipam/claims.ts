// IPClaim allocation (engine spec §11.1): decides the claim type, validates it and computes the routes
// the claim owns in its index table plus the status it reports. Nothing here mutates the table: the
// backend replaces the claim's routes only after the claim itself is stored.
import { checkSelector, matchesSelector, selectorText, type LabelSelector } from '../labels.js';
import {
  contains,
  formatIp,
  formatPrefix,
  hostPrefix,
  lastAddr,
  lowestFreeBlock,
  maxBits,
  parseIpPrefix,
  samePrefix,
  subnetNameOf,
  type Family,
  type Interval,
  type IpPrefix,
} from './prefix.js';
import {
  intervalOf,
  L_ADDRESS_FAMILY,
  L_CLAIM_NAME,
  L_CLAIM_TYPE,
  L_CLAIM_UID,
  L_DEFAULT_GATEWAY,
  L_OWNER_KIND,
  L_PREFIX_TYPE,
  L_SUBNET,
  L_SUMMARY_TYPE,
  type ClaimType,
  type IpTable,
  type PrefixType,
  type Route,
  type SummaryType,
} from './table.js';

export interface IpClaimSpec {
  index?: string;
  prefixType?: PrefixType;
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

export interface ClaimInput {
  name: string;
  uid: string;
  spec: IpClaimSpec;
  /** The stored status (dynamic claims keep what they already hold). */
  status?: IpClaimStatus;
}

export interface ClaimOutcome {
  claimType: ClaimType;
  routes: Route[];
  status: IpClaimStatus;
}

/** A claim the table cannot satisfy; the store operation fails with InvalidArgument. */
export class IpClaimError extends Error {
  override name = 'IpClaimError';
}

/** Static claim type from which of address/prefix/range is set (exactly one, or none → dynamic). */
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

function parse(what: string, s: string): { prefix: IpPrefix; address: bigint } {
  try {
    return parseIpPrefix(s);
  } catch (e) {
    throw new IpClaimError(`invalid ${what} ${JSON.stringify(s)}: ${(e as Error).message}`);
  }
}

interface RouteInit {
  prefix: IpPrefix;
  range?: Interval;
  prefixType: PrefixType;
  parent?: Route;
  defaultGateway?: boolean;
  text: string;
}

function makeRoute(table: IpTable, c: ClaimInput, claimType: ClaimType, summary: SummaryType, init: RouteInit): Route {
  const userLabels = { ...(init.parent?.userLabels ?? {}), ...(c.spec.labels ?? {}) };
  // addresses and ranges report the subnet they live in; prefixes their own
  const subnet = summary === 'prefix' || !init.parent ? subnetNameOf(init.prefix) : subnetNameOf(init.parent.prefix);
  const labels: Record<string, string> = {
    ...userLabels,
    [L_CLAIM_NAME]: c.name,
    [L_CLAIM_UID]: c.uid,
    [L_OWNER_KIND]: 'IPClaim',
    [L_CLAIM_TYPE]: claimType,
    [L_SUMMARY_TYPE]: summary,
    [L_PREFIX_TYPE]: init.prefixType,
    [L_ADDRESS_FAMILY]: init.prefix.family,
    [L_SUBNET]: subnet,
  };
  if (init.defaultGateway) labels[L_DEFAULT_GATEWAY] = 'true';
  void table;
  return {
    prefix: init.prefix,
    range: init.range,
    summary,
    claimType,
    prefixType: init.prefixType,
    claimName: c.name,
    claimUid: c.uid,
    userLabels,
    labels,
    defaultGateway: !!init.defaultGateway,
    text: init.text,
  };
}

/** The table without the claim's own routes (they are being replaced), through the table's indexes. */
interface Others {
  /** Prefix and range routes. */
  parents(): Route[];
  /** Routes starting inside [start, end]. */
  within(f: Family, start: bigint, end: bigint): Route[];
  /** Routes with exactly this prefix. */
  at(p: IpPrefix): Route[];
}

function others(table: IpTable, c: ClaimInput): Others {
  const notMine = (r: Route) => r.claimName !== c.name;
  return {
    parents: () => table.parents().filter(notMine),
    within: (f, start, end) => table.within(f, start, end).filter(notMine),
    at: (p) => table.at(p).filter(notMine),
  };
}

function overlaps(a: Interval, b: Interval): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** The most specific prefix route (other claims) strictly containing `p`. */
function parentPrefix(rest: Others, p: IpPrefix): Route | undefined {
  let best: Route | undefined;
  for (const r of rest.parents()) {
    if (r.summary !== 'prefix' || r.prefix.bits >= p.bits || !contains(r.prefix, p)) continue;
    if (!best || r.prefix.bits > best.prefix.bits) best = r;
  }
  return best;
}

/** Addresses used inside a parent prefix: every other route strictly inside it. */
function usedInside(rest: Others, parent: Route): Interval[] {
  const pi = intervalOf(parent);
  return rest
    .within(parent.prefix.family, pi.start, pi.end)
    // a longer prefix that starts inside the parent lies inside it; ranges are claimed inside a prefix
    .filter((r) => r !== parent && (r.range !== undefined || r.prefix.bits > parent.prefix.bits))
    .map(intervalOf);
}

/** Like usedInside, but only what lies at or above `from` (plus ranges overlapping it). */
function usedFrom(rest: Others, parent: Route, from: bigint): Interval[] {
  const pi = intervalOf(parent);
  const out = rest
    .within(parent.prefix.family, from, pi.end)
    .filter((r) => r !== parent && (r.range !== undefined || r.prefix.bits > parent.prefix.bits))
    .map(intervalOf);
  for (const r of rest.parents()) if (r.range && r.range.start < from && r.range.end >= from && r.prefix.family === parent.prefix.family) out.push(r.range);
  // a longer prefix starting below `from` may also reach above it
  for (const r of rest.parents()) if (!r.range && r !== parent && r.prefix.bits > parent.prefix.bits && contains(parent.prefix, r.prefix) && r.prefix.addr < from && intervalOf(r).end >= from) out.push(intervalOf(r));
  return out;
}

/** Network parents reserve their network address (and the IPv4 broadcast address). */
function reservedIn(parent: Route): Interval[] {
  if (parent.prefixType !== 'network' || parent.summary !== 'prefix') return [];
  const f = parent.prefix.family;
  const out: Interval[] = [];
  if (parent.prefix.bits < maxBits(f) - 1) {
    out.push({ start: parent.prefix.addr, end: parent.prefix.addr });
    if (f === 'ipv4') out.push({ start: lastAddr(parent.prefix), end: lastAddr(parent.prefix) });
  }
  return out;
}

function addressText(addr: bigint, parent: Route): string {
  const f = parent.prefix.family;
  // an address in a network keeps the network's length (10.0.0.1/24); elsewhere it is a host route
  const bits = parent.prefixType === 'network' && parent.summary === 'prefix' ? parent.prefix.bits : maxBits(f);
  return `${formatIp(addr, f)}/${bits}`;
}

function staticPrefix(table: IpTable, c: ClaimInput): ClaimOutcome {
  const text = c.spec.prefix!;
  const { prefix, address } = parse('prefix', text);
  const prefixType: PrefixType = c.spec.prefixType ?? 'other';
  const rest = others(table, c);
  const hasHostBits = address !== prefix.addr;
  if (hasHostBits && prefixType !== 'network') {
    throw new IpClaimError(`prefix ${text} has host bits set; claim ${formatPrefix(prefix)} or use prefixType network`);
  }
  const clash = rest.at(prefix).find((r) => r.summary === 'prefix' && samePrefix(r.prefix, prefix));
  if (clash) throw new IpClaimError(`prefix ${formatPrefix(prefix)} is already claimed by ${clash.claimName} in index ${table.namespace}/${table.index}`);
  const claimType: ClaimType = 'staticPrefix';
  const routes = [makeRoute(table, c, claimType, 'prefix', { prefix, prefixType, text: formatPrefix(prefix) })];
  const status: IpClaimStatus = { prefix: hasHostBits ? text : formatPrefix(prefix) };
  if (hasHostBits) {
    // a network prefix written with its gateway address (10.0.0.1/24) also claims that address
    const gw = formatIp(address, prefix.family);
    routes.push(makeRoute(table, c, claimType, 'address', { prefix: hostPrefix(address, prefix.family), prefixType, parent: routes[0], defaultGateway: !!c.spec.defaultGateway, text }));
    if (c.spec.defaultGateway) status.defaultGateway = gw;
  }
  return { claimType, routes, status };
}

function staticAddress(table: IpTable, c: ClaimInput): ClaimOutcome {
  const text = c.spec.address!;
  const { prefix: given, address } = parse('address', text);
  const host = hostPrefix(address, given.family);
  const rest = others(table, c);
  const parent = parentPrefix(rest, host);
  if (!parent) throw new IpClaimError(`static address ${text}: no parent prefix in index ${table.namespace}/${table.index}; add a prefix that contains it to the IPIndex`);
  const clash = rest.at(host).find((r) => r.summary === 'address' && samePrefix(r.prefix, host));
  if (clash) throw new IpClaimError(`address ${formatIp(address, host.family)} is already claimed by ${clash.claimName}`);
  const claimType: ClaimType = 'staticAddress';
  const out = addressText(address, parent);
  const route = makeRoute(table, c, claimType, 'address', { prefix: host, prefixType: parent.prefixType, parent, defaultGateway: c.spec.defaultGateway, text: out });
  const status: IpClaimStatus = { address: out };
  if (c.spec.defaultGateway) status.defaultGateway = formatIp(address, host.family);
  return { claimType, routes: [route], status };
}

function staticRange(table: IpTable, c: ClaimInput): ClaimOutcome {
  const text = c.spec.range!;
  const parts = text.split('-');
  if (parts.length !== 2) throw new IpClaimError(`invalid range ${JSON.stringify(text)}: expected <start>-<end>`);
  const a = parse('range start', parts[0]!.trim());
  const b = parse('range end', parts[1]!.trim());
  const f = a.prefix.family;
  if (b.prefix.family !== f) throw new IpClaimError(`invalid range ${text}: start and end are of different address families`);
  if (b.address < a.address) throw new IpClaimError(`invalid range ${text}: the end is below the start`);
  const range = { start: a.address, end: b.address };
  const rest = others(table, c);
  const parent = parentPrefix(rest, hostPrefix(a.address, f));
  if (!parent || b.address > lastAddr(parent.prefix)) throw new IpClaimError(`static range ${text}: no prefix in index ${table.namespace}/${table.index} contains the whole range`);
  const clash = rest.parents().find((r) => r.range && overlaps(r.range, range));
  if (clash) throw new IpClaimError(`range ${text} overlaps range ${clash.text} claimed by ${clash.claimName}`);
  const claimType: ClaimType = 'staticRange';
  const route = makeRoute(table, c, claimType, 'range', { prefix: hostPrefix(a.address, f), range, prefixType: parent.prefixType, parent, text });
  return { claimType, routes: [route], status: { range: text } };
}

function candidates(table: IpTable, c: ClaimInput): Route[] {
  const sel = c.spec.selector;
  try {
    checkSelector(sel);
  } catch (e) {
    throw new IpClaimError((e as Error).message);
  }
  // address routes can never be parents, so only prefixes and ranges are matched
  return others(table, c)
    .parents()
    .filter((r) => (!c.spec.addressFamily || r.prefix.family === c.spec.addressFamily) && matchesSelector(sel, r.labels));
}

function dynamicAddress(table: IpTable, c: ClaimInput): ClaimOutcome {
  const claimType: ClaimType = 'dynamicAddress';
  const rest = others(table, c);
  // 1. keep the address the claim already holds
  const held = table.ownedBy(c.name).find((r) => r.summary === 'address' && r.text === c.status?.address);
  if (held) return { claimType, routes: [{ ...held, labels: { ...held.labels }, userLabels: { ...held.userLabels } }], status: { address: held.text, ...(held.defaultGateway ? { defaultGateway: formatIp(held.prefix.addr, held.prefix.family) } : {}) } };
  const cands = candidates(table, c);
  if (cands.length === 0) {
    throw new IpClaimError(`dynamic claim: no available routes based on the selector labels ${selectorText(c.spec.selector)}`);
  }
  // 2. an address recorded in the status (restore after a restart) is taken again when still free
  const sticky = c.status?.address ? stickyAddress(rest, cands, c.status.address) : undefined;
  if (sticky) {
    const out = addressText(sticky.addr, sticky.parent);
    const route = makeRoute(table, c, claimType, 'address', { prefix: hostPrefix(sticky.addr, sticky.parent.prefix.family), prefixType: sticky.parent.prefixType, parent: sticky.parent, defaultGateway: c.spec.defaultGateway, text: out });
    return { claimType, routes: [route], status: { address: out, ...(c.spec.defaultGateway ? { defaultGateway: formatIp(sticky.addr, sticky.parent.prefix.family) } : {}) } };
  }
  const tried: string[] = [];
  for (const parent of cands) {
    let free: bigint | undefined;
    const f = parent.prefix.family;
    if (parent.summary === 'prefix' && (parent.prefixType === 'pool' || parent.prefixType === 'network')) {
      const pi = intervalOf(parent);
      // start at the parent's free hint; ranges that begin below it may still reach above it
      const from = table.freeHint(parent) ?? pi.start;
      const used = from === pi.start ? usedInside(rest, parent) : usedFrom(rest, parent, from);
      free = lowestFreeBlock(f, from, pi.end, maxBits(f), [...used, ...reservedIn(parent)]);
      if (free !== undefined) table.setFreeHint(parent, free);
    } else if (parent.summary === 'range' && parent.range) {
      const used = rest.within(f, parent.range.start, parent.range.end).filter((r) => r.summary === 'address').map(intervalOf);
      free = lowestFreeBlock(f, parent.range.start, parent.range.end, maxBits(f), used);
    } else continue;
    tried.push(parent.text);
    if (free === undefined) continue;
    // the address belongs to the prefix that holds the range, for its length and subnet
    const holder = parent.summary === 'range' ? (parentPrefix(rest, hostPrefix(free, f)) ?? parent) : parent;
    const out = addressText(free, holder);
    const route = makeRoute(table, c, claimType, 'address', { prefix: hostPrefix(free, f), prefixType: holder.prefixType, parent: holder, defaultGateway: c.spec.defaultGateway, text: out });
    const status: IpClaimStatus = { address: out };
    if (c.spec.defaultGateway) status.defaultGateway = formatIp(free, f);
    return { claimType, routes: [route], status };
  }
  if (tried.length === 0) throw new IpClaimError(`dynamic claim: no available routes based on the selector labels ${selectorText(c.spec.selector)}`);
  throw new IpClaimError(`no free addresses found in routes: [${tried.join(' ')}]`);
}

function dynamicPrefix(table: IpTable, c: ClaimInput): ClaimOutcome {
  const claimType: ClaimType = 'dynamicPrefix';
  const len = c.spec.prefixLength;
  if (len === undefined) throw new IpClaimError(`dynamic prefix claim ${c.name}: spec.prefixLength is required`);
  const prefixType: PrefixType = c.spec.prefixType ?? 'other';
  const held = table.ownedBy(c.name).find((r) => r.summary === 'prefix' && r.text === c.status?.prefix && r.prefix.bits === len);
  if (held) return { claimType, routes: [{ ...held, labels: { ...held.labels }, userLabels: { ...held.userLabels } }], status: { prefix: held.text } };
  const rest = others(table, c);
  const cands = candidates(table, c).filter((r) => r.summary === 'prefix' && r.prefix.bits < len && len <= maxBits(r.prefix.family));
  if (cands.length === 0) throw new IpClaimError(`dynamic claim: no available routes based on the selector labels ${selectorText(c.spec.selector)}`);
  if (c.status?.prefix) {
    // restore: the prefix recorded in the status, when it is still free inside a candidate
    let want: IpPrefix | undefined;
    try {
      want = parseIpPrefix(c.status.prefix).prefix;
    } catch {
      want = undefined;
    }
    const parent = want && want.bits === len ? cands.find((p) => contains(p.prefix, want!)) : undefined;
    if (want && parent && !usedInside(rest, parent).some((u) => overlaps(u, { start: want!.addr, end: lastAddr(want!) }))) {
      return { claimType, routes: [makeRoute(table, c, claimType, 'prefix', { prefix: want, prefixType, text: formatPrefix(want) })], status: { prefix: formatPrefix(want) } };
    }
  }
  for (const parent of cands) {
    const pi = intervalOf(parent);
    const free = lowestFreeBlock(parent.prefix.family, pi.start, pi.end, len, usedInside(rest, parent));
    if (free === undefined) continue;
    const prefix: IpPrefix = { family: parent.prefix.family, addr: free, bits: len };
    const route = makeRoute(table, c, claimType, 'prefix', { prefix, prefixType, text: formatPrefix(prefix) });
    return { claimType, routes: [route], status: { prefix: formatPrefix(prefix) } };
  }
  throw new IpClaimError(`no free prefixes of length ${len} found in routes: [${cands.map((r) => r.text).join(' ')}]`);
}

/** The routes and status of a claim against the table's current state (the table is not changed). */
export function allocate(table: IpTable, c: ClaimInput): ClaimOutcome {
  const t = claimTypeOf(c.spec);
  switch (t) {
    case 'staticPrefix':
      return staticPrefix(table, c);
    case 'staticAddress':
      return staticAddress(table, c);
    case 'staticRange':
      return staticRange(table, c);
    case 'dynamicPrefix':
      return dynamicPrefix(table, c);
    case 'dynamicAddress':
      return dynamicAddress(table, c);
  }
}

/** The status address again, when it lies in a candidate parent and nobody else holds it. */
function stickyAddress(rest: Others, cands: Route[], text: string): { addr: bigint; parent: Route } | undefined {
  let addr: bigint;
  let f: Family;
  try {
    const p = parseIpPrefix(text);
    addr = p.address;
    f = p.prefix.family;
  } catch {
    return undefined;
  }
  const at: Interval = { start: addr, end: addr };
  for (const parent of cands) {
    if (parent.prefix.family !== f) continue;
    const isPrefixParent = parent.summary === 'prefix' && (parent.prefixType === 'pool' || parent.prefixType === 'network');
    const isRangeParent = parent.summary === 'range' && parent.range !== undefined;
    if (!isPrefixParent && !isRangeParent) continue;
    if (!overlaps(intervalOf(parent), at)) continue;
    const used = isPrefixParent ? [...usedInside(rest, parent), ...reservedIn(parent)] : rest.within(f, addr, addr).filter((r) => r.summary === 'address').map(intervalOf);
    if (used.some((u) => overlaps(u, at))) continue;
    const holder = isRangeParent ? (parentPrefix(rest, hostPrefix(addr, f)) ?? parent) : parent;
    if (addressText(addr, holder) !== text) continue;
    return { addr, parent: holder };
  }
  return undefined;
}
