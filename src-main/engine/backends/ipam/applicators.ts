// What each kind of IPClaim does to an index's table (kuid's applicators): validate against the parents
// and children already in the table, pick the prefix or address (dynamic claims: a best-fit free block,
// see ../blocks.ts), replace the claim's routes and fill its status. Claims are sticky: a claim that
// already owns routes, or whose status names a still free address or prefix (a table rebuilt after a
// restart), keeps what it had. Where the kuid embedded in Choreo v0.0.1–v0.0.13 and kuid at HEAD differ
// (prefix types pool/network/aggregate vs regular/network), the rules follow the table's generation.
import { checkSelector, matchesSelector, selectorText } from '../labels.js';
import type { KuidVersion } from '../generation.js';
import { claimTypeOf, prefixTypeOf, syntaxProblems, IpClaimError, type IpClaim } from './claim.js';
import { formatIp, formatPrefix, maxBits, parseIpPrefix, type Family, type IpPrefix } from './prefix.js';
import type { IndexTable } from './index-table.js';
import { intervalOfPrefix, prefixKey, type Route } from './rib.js';
import {
  claimedSubnet,
  claimedText,
  hostRoutePrefix,
  L_CLAIM_NAME,
  L_CLAIM_UID,
  L_DEFAULT_GATEWAY,
  L_OWNER_KIND,
  L_PREFIX_TYPE,
  L_SUBNET,
  L_SUMMARY_TYPE,
  masked,
  routesOfClaim,
  userLabels,
  type ClaimedPrefix,
} from './routes.js';

function fail(msg: string): never {
  throw new IpClaimError(msg);
}

function claimed(text: string, what: string): ClaimedPrefix {
  try {
    const { prefix, address } = parseIpPrefix(text);
    return { family: prefix.family, address, bits: prefix.bits };
  } catch (e) {
    fail(`invalid ${what} ${JSON.stringify(text)}: ${(e as Error).message}`);
  }
}

/** The claim's routes are matched by name and uid labels (kuid's owner selector). */
function ownedBy(c: IpClaim, r: Route): boolean {
  const name = c.index ? c.index.name : c.name;
  const uid = c.index ? c.index.uid : c.uid;
  return r.labels[L_CLAIM_NAME] === name && r.labels[L_CLAIM_UID] === uid;
}

/** Another claim holds this route (kuid's ValidateOwner: a different name *and* uid). */
function heldByOther(c: IpClaim, labels: Readonly<Record<string, string>>): boolean {
  return labels[L_CLAIM_NAME] !== (c.index?.name ?? c.name) && labels[L_CLAIM_UID] !== (c.index?.uid ?? c.uid);
}

function ownerText(labels: Readonly<Record<string, string>>): string {
  return labels[L_CLAIM_NAME] ?? '?';
}

function mostSpecific(routes: Route[]): Route | undefined {
  let best: Route | undefined;
  for (const r of routes) if (!best || r.prefix.bits > best.prefix.bits) best = r;
  return best;
}

/** Replaces the claim's routes in the main table with `next` (kuid's applicator.apply). */
function applyRoutes(t: IndexTable, c: IpClaim, next: Route[]): void {
  const existing = new Map(t.rib.all().filter((r) => ownedBy(c, r)).map((r) => [prefixKey(r.prefix), r]));
  for (const r of next) {
    const k = prefixKey(r.prefix);
    if (existing.delete(k)) t.rib.set(r);
    else t.rib.add(r); // a prefix another claim already has stays theirs (kuid ignores "already exists")
  }
  for (const r of existing.values()) t.rib.delete(r.prefix);
}

/** The user labels an address inherits from the most specific prefix it lies in (when the generation does). */
function parentLabelsOf(t: IndexTable, host: IpPrefix): Record<string, string> {
  if (!t.inheritParentLabels) return {};
  const parent = mostSpecific(t.rib.parents(host).filter((r) => r.labels[L_SUMMARY_TYPE] !== 'address'));
  return parent ? userLabels(parent.labels) : {};
}

function defaultGatewayOf(t: IndexTable, p: ClaimedPrefix): string | undefined {
  const subnet = claimedSubnet(p);
  const gw = t.rib.all().find((r) => r.labels[L_DEFAULT_GATEWAY] === 'true' && r.labels[L_SUBNET] === subnet);
  return gw ? formatIp(gw.prefix.addr, gw.prefix.family) : undefined;
}

// ---------------------------------------------------------------------------------------------
// static prefix (and the prefixes of an index)

/** kuid's parent/child checks for a static prefix that is not in the table yet. */
function checkNewPrefix(t: IndexTable, c: IpClaim, net: IpPrefix): void {
  if (t.generation.kuid === 'head') return checkNewPrefixHead(t, c, net);
  const pt = prefixTypeOf(c.spec, t.generation.kuid);
  const parent = mostSpecific(t.rib.parents(net));
  if (!parent) {
    if (!c.index && !c.ownedByIndex) fail(`no parent found for ${formatPrefix(net)}: only the prefixes of an IPIndex can stand alone; add a prefix that contains it to the index`);
  } else {
    const parentSummary = parent.labels[L_SUMMARY_TYPE];
    const parentType = parent.labels[L_PREFIX_TYPE];
    if (pt === 'aggregate') fail(`parent ${formatPrefix(parent.prefix)}/${formatPrefix(net)} nesting ${parentSummary}/${pt} is not possible`);
    if (parentSummary === 'address' || parentSummary === 'range') fail(`parent ${parentSummary} not allowed in claim of type ${pt}`);
    if ((pt === 'network' || pt === 'pool') && (parentType === 'network' || parentType === 'pool')) {
      fail(`parent ${formatPrefix(parent.prefix)}/${formatPrefix(net)} nesting ${parentType}/${pt} is not possible`);
    }
  }
  for (const child of t.rib.children(net)) {
    const cs = child.labels[L_SUMMARY_TYPE];
    if (pt === 'aggregate') {
      if (cs === 'address' || cs === 'range') fail(`child with addressing ${cs} not allowed in claim of type ${pt}`);
      if (child.labels[L_PREFIX_TYPE] === 'aggregate') fail(`nesting aggregate is not possible (${formatPrefix(child.prefix)} inside ${formatPrefix(net)})`);
    } else if (cs === 'prefix') fail(`child with addressing ${cs} not allowed in claim of type ${pt}`);
  }
}

/**
 * kuid at HEAD: any prefix may stand alone; nothing nests inside a network prefix, and a network
 * prefix takes no address or range parent nor prefix children.
 */
function checkNewPrefixHead(t: IndexTable, c: IpClaim, net: IpPrefix): void {
  const pt = prefixTypeOf(c.spec, t.generation.kuid);
  const parent = mostSpecific(t.rib.parents(net));
  if (parent) {
    const parentSummary = parent.labels[L_SUMMARY_TYPE];
    const parentType = parent.labels[L_PREFIX_TYPE];
    if (parentType === 'network') fail(`parent ${formatPrefix(parent.prefix)}/${formatPrefix(net)} nesting ${parentType}/${pt} is not possible`);
    if (pt === 'network' && (parentSummary === 'address' || parentSummary === 'range')) fail(`parent ${parentSummary} not allowed in claim of type ${pt}`);
  }
  if (pt === 'network') {
    for (const child of t.rib.children(net)) {
      const cs = child.labels[L_SUMMARY_TYPE];
      if (cs === 'prefix') fail(`child with addressing ${cs} not allowed in claim of type ${pt}`);
    }
  }
}

function staticPrefix(t: IndexTable, c: IpClaim): void {
  const p = claimed(String(c.spec.prefix), 'prefix');
  const net = masked(p);
  const existing = t.rib.get(net);
  if (existing && heldByOther(c, existing.labels)) fail(`prefix ${formatPrefix(net)} is already claimed by ${ownerText(existing.labels)}`);
  if (!existing) checkNewPrefix(t, c, net);
  applyRoutes(t, c, routesOfClaim(t.generation.kuid, c, p, false));
  c.status = { prefix: claimedText(p) };
  if (prefixTypeOf(c.spec, t.generation.kuid) === 'network') {
    const gw = defaultGatewayOf(t, p);
    if (gw) c.status.defaultGateway = gw;
  }
}

/** One prefix of an IPIndex (`spec.prefixes[]`). */
export interface IndexPrefix {
  prefix: string;
  prefixType?: string;
  labels?: Record<string, string>;
}

/** The claim kuid makes for an index prefix: embedded, `aggregate` unless the prefix names its type. */
export function indexPrefixClaim(kuid: KuidVersion, owner: { namespace: string; name: string; uid: string }, p: IndexPrefix): IpClaim {
  const c = claimed(p.prefix, 'prefix');
  const prefixType = p.prefixType ?? (kuid === 'embedded' ? 'aggregate' : undefined);
  return {
    name: claimedSubnet(c),
    namespace: owner.namespace,
    uid: '',
    index: { name: owner.name, uid: owner.uid },
    ownedByIndex: true,
    spec: { index: owner.name, ...(prefixType !== undefined ? { prefixType } : {}), prefix: p.prefix, prefixLength: c.bits, createPrefix: true, ...(p.labels ? { labels: p.labels } : {}) },
    status: {},
  };
}

function isIndexRoute(index: string, r: Route): boolean {
  return r.labels[L_OWNER_KIND] === 'IPIndex' && r.labels[L_CLAIM_NAME] === index;
}

/**
 * Makes the index's own routes those of `prefixes`. kuid only enters them when the index is first
 * initialised; we also follow later edits: routes of removed prefixes go (with what other claims held
 * inside them, as kuid's release does), new prefixes are checked like any static prefix.
 */
export function applyIndexPrefixes(t: IndexTable, owner: { namespace: string; name: string; uid: string }, prefixes: IndexPrefix[]): void {
  const claims = prefixes.map((p) => indexPrefixClaim(t.generation.kuid, owner, p));
  const want = new Map<string, Route>();
  for (const c of claims) {
    const problems = syntaxProblems(c, t.generation.kuid);
    if (problems.length > 0) fail(`prefix ${c.spec.prefix}: ${problems.join('; ')}`);
    for (const r of routesOfClaim(t.generation.kuid, c, claimed(String(c.spec.prefix), 'prefix'), false)) want.set(prefixKey(r.prefix), r);
  }
  for (const r of t.rib.all()) {
    if (!isIndexRoute(owner.name, r) || want.has(prefixKey(r.prefix))) continue;
    for (const child of t.rib.children(r.prefix)) if (!isIndexRoute(owner.name, child)) t.rib.delete(child.prefix);
    t.rib.delete(r.prefix);
  }
  for (const c of claims) {
    const p = claimed(String(c.spec.prefix), 'prefix');
    const net = masked(p);
    const existing = t.rib.get(net);
    if (existing && !isIndexRoute(owner.name, existing)) fail(`prefix ${formatPrefix(net)} is already claimed by ${ownerText(existing.labels)}`);
    if (!existing) checkNewPrefix(t, c, net);
    for (const r of routesOfClaim(t.generation.kuid, c, p, false)) {
      const cur = t.rib.get(r.prefix);
      if (!cur || isIndexRoute(owner.name, cur)) t.rib.set(r);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// static address

function staticAddress(t: IndexTable, c: IpClaim): void {
  const p = claimed(String(c.spec.address), 'address');
  const host = hostRoutePrefix(p.family, p.address);
  const isHost = p.bits === maxBits(p.family);
  let rangeName: string | undefined;
  let networkParent = false;
  const existing = t.rib.get(host);
  if (existing && existing.labels[L_SUMMARY_TYPE] === 'range') rangeName = existing.labels[L_CLAIM_NAME];
  else if (existing && heldByOther(c, existing.labels)) fail(`address ${formatIp(p.address, p.family)} is already claimed by ${ownerText(existing.labels)}`);
  if (!existing) {
    const parent = mostSpecific(t.rib.parents(host));
    if (!parent) fail(`no parent prefix for ${claimedText(p)} in index ${t.namespace}/${t.index}; add a prefix that contains it`);
    const parentType = parent.labels[L_PREFIX_TYPE];
    const parentSummary = parent.labels[L_SUMMARY_TYPE];
    if (isHost) {
      // the embedded kuid also refuses aggregates; kuid at HEAD has none
      if (parentType === 'network' || parentType === 'aggregate') fail(`a /32 or /128 address is not possible with a parent of type ${parentType}`);
      if (parentSummary === 'range') {
        rangeName = parent.labels[L_CLAIM_NAME];
        const other = t.range(rangeName ?? '')?.get(p.address);
        if (other && heldByOther(c, other.labels)) fail(`address is already allocated in range ${rangeName}, owned by ${ownerText(other.labels)}`);
      }
    } else {
      if (parentType !== 'network') fail(`a prefix based address is not possible with a parent of type ${parentType}`);
      if (parentSummary === 'range') fail('a prefix based address is not possible in a range');
      networkParent = true;
    }
    if (t.rib.children(host).length > 0) fail(`an address based prefix ${c.spec.address} cannot have children`);
  }
  // an address written with a prefix length lies in a network (kuid checks that, then enters a host route)
  if (!isHost) networkParent = true;
  if (rangeName !== undefined) claimInRange(t, c, p, rangeName);
  else applyRoutes(t, c, routesOfClaim(t.generation.kuid, c, p, networkParent, parentLabelsOf(t, host)));
  addressStatus(t, c, p, networkParent);
}

function addressStatus(t: IndexTable, c: IpClaim, p: ClaimedPrefix, networkParent: boolean): void {
  c.status = { address: claimedText(p) };
  if (prefixTypeOf(c.spec, t.generation.kuid) === 'network' || networkParent) {
    const gw = defaultGatewayOf(t, p);
    if (gw) c.status.defaultGateway = gw;
  }
}

function claimInRange(t: IndexTable, c: IpClaim, p: ClaimedPrefix, rangeName: string): void {
  const table = t.range(rangeName);
  if (!table) fail(`range ${rangeName} has no range table`);
  const route = routesOfClaim(t.generation.kuid, c, p, false, parentLabelsOf(t, hostRoutePrefix(p.family, p.address)))[0]!;
  const cur = table.get(p.address);
  if (cur && heldByOther(c, cur.labels)) fail(`address ${formatIp(p.address, p.family)} in range ${rangeName} is owned by ${ownerText(cur.labels)}`);
  // a claim holds one address: give up one it had elsewhere
  for (const other of t.rangeTables()) for (const r of other.all()) if (ownedBy(c, r) && !(other === table && r.prefix.addr === p.address)) other.release(r.prefix.addr);
  for (const r of t.rib.all()) if (ownedBy(c, r)) t.rib.delete(r.prefix);
  table.claim(p.address, route);
}

// ---------------------------------------------------------------------------------------------
// static range

function parseRange(text: string): { family: Family; start: bigint; end: bigint } {
  const parts = text.split('-');
  if (parts.length !== 2) fail(`invalid range ${JSON.stringify(text)}: expected <start>-<end>`);
  const a = claimed(parts[0]!.trim(), 'range start');
  const b = claimed(parts[1]!.trim(), 'range end');
  if (a.family !== b.family) fail(`invalid range ${text}: start and end are of different address families`);
  if (b.address < a.address) fail(`invalid range ${text}: the end is below the start`);
  return { family: a.family, start: a.address, end: b.address };
}

function rangePrefixes(r: { family: Family; start: bigint; end: bigint }): IpPrefix[] {
  // the largest aligned blocks covering the range, as netipx IPRange.Prefixes
  const out: IpPrefix[] = [];
  const width = maxBits(r.family);
  let from = r.start;
  while (from <= r.end) {
    let host = 0;
    while (host < width && (from & ((1n << BigInt(host + 1)) - 1n)) === 0n && from + (1n << BigInt(host + 1)) - 1n <= r.end) host++;
    out.push({ family: r.family, addr: from, bits: width - host });
    from += 1n << BigInt(host);
  }
  return out;
}

function staticRange(t: IndexTable, c: IpClaim): void {
  const rg = parseRange(String(c.spec.range));
  const prefixes = rangePrefixes(rg);
  let exists = true;
  for (const px of prefixes) {
    const r = t.rib.get(px);
    if (r && heldByOther(c, r.labels)) fail(`range ${c.spec.range} overlaps ${formatPrefix(px)} claimed by ${ownerText(r.labels)}`);
    if (!r) exists = false;
  }
  if (!exists) {
    let single: string | undefined;
    for (const px of prefixes) {
      const parent = mostSpecific(t.rib.parents(px));
      if (!parent) fail(`a range needs a parent prefix in index ${t.namespace}/${t.index}: none contains ${formatPrefix(px)}`);
      if (parent.labels[L_PREFIX_TYPE] === 'aggregate') fail(`a range is not possible with a parent of type aggregate (${formatPrefix(parent.prefix)})`);
      const pp = formatPrefix(parent.prefix);
      if (single !== undefined && single !== pp) fail(`a range has to fit into a single parent prefix got ${single} and ${pp}`);
      single = pp;
      if (t.rib.children(px).length > 0) fail(`cannot have children for a range ${formatPrefix(px)}`);
    }
  }
  const routes = prefixes.flatMap((px) => routesOfClaim(t.generation.kuid, c, { family: px.family, address: px.addr, bits: px.bits }, false));
  applyRoutes(t, c, routes);
  const cur = t.range(c.name);
  if (!cur || cur.start !== rg.start || cur.end !== rg.end) t.setRange(c.name, rg.family, rg.start, rg.end);
  c.status = { range: String(c.spec.range) };
}

// ---------------------------------------------------------------------------------------------
// dynamic address

function candidates(t: IndexTable, c: IpClaim): Route[] {
  try {
    checkSelector(c.spec.selector);
  } catch (e) {
    fail((e as Error).message);
  }
  return t.rib.byLabel((l) => matchesSelector(c.spec.selector, l));
}

function statusAddress(c: IpClaim): ClaimedPrefix | undefined {
  if (!c.status.address) return undefined;
  try {
    return claimed(c.status.address, 'status address');
  } catch {
    return undefined;
  }
}

function dynamicAddress(t: IndexTable, c: IpClaim): void {
  const status = statusAddress(c);
  // 1. an address the claim already holds, in the main table or in a range
  for (const r of t.rib.all()) {
    if (!ownedBy(c, r)) continue;
    if (status && status.address === r.prefix.addr && status.family === r.prefix.family) {
      const network = status.bits !== maxBits(status.family);
      applyRoutes(t, c, routesOfClaim(t.generation.kuid, c, status, network, parentLabelsOf(t, r.prefix)));
      return addressStatus(t, c, status, network);
    }
    t.rib.delete(r.prefix);
  }
  for (const table of t.rangeTables()) {
    for (const r of table.all()) {
      if (!ownedBy(c, r)) continue;
      if (status && status.address === r.prefix.addr) {
        table.claim(r.prefix.addr, routesOfClaim(t.generation.kuid, c, status, false, parentLabelsOf(t, r.prefix))[0]!);
        return addressStatus(t, c, status, false);
      }
      table.release(r.prefix.addr);
    }
  }
  // 2. a new address from the first candidate parent with room
  const parents = candidates(t, c);
  if (parents.length === 0) fail(`dynamic claim: no available routes based on the selector labels ${selectorText(c.spec.selector)}`);
  const tried: string[] = [];
  for (const parent of parents) {
    tried.push(formatPrefix(parent.prefix));
    const summary = parent.labels[L_SUMMARY_TYPE];
    const ptype = parent.labels[L_PREFIX_TYPE];
    const f = parent.prefix.family;
    if (summary === 'range') {
      const rangeName = parent.labels[L_CLAIM_NAME] ?? '';
      const table = t.range(rangeName);
      if (!table) fail(`range ${rangeName} has no range table`);
      let addr: bigint | undefined;
      if (status && table.get(status.address) && !heldByOther(c, table.get(status.address)!.labels)) addr = status.address;
      addr ??= table.findFree();
      if (addr === undefined) continue;
      const p: ClaimedPrefix = { family: f, address: addr, bits: maxBits(f) };
      table.claim(addr, routesOfClaim(t.generation.kuid, c, p, false, parentLabelsOf(t, hostRoutePrefix(f, addr)))[0]!);
      return addressStatus(t, c, p, false);
    }
    // the embedded kuid takes addresses from pool and network prefixes only, kuid at HEAD from any prefix
    if (summary !== 'prefix' || (t.generation.kuid === 'embedded' && ptype !== 'network' && ptype !== 'pool')) continue;
    const network = ptype === 'network';
    let p: ClaimedPrefix | undefined;
    // a restarted table: the address in the status, while it is inside this parent and nobody took it
    const pi = intervalOfPrefix(parent.prefix);
    if (status && status.family === f && status.address >= pi.start && status.address <= pi.end && !t.rib.has(hostRoutePrefix(f, status.address))) {
      p = { family: f, address: status.address, bits: network ? parent.prefix.bits : maxBits(f) };
    }
    if (!p && parent.prefix.bits < maxBits(f)) {
      const free = t.rib.availablePrefix(parent.prefix, maxBits(f));
      if (free) p = { family: f, address: free.addr, bits: network ? parent.prefix.bits : maxBits(f) };
    }
    if (!p) continue;
    applyRoutes(t, c, routesOfClaim(t.generation.kuid, c, p, network, t.inheritParentLabels ? userLabels(parent.labels) : {}));
    return addressStatus(t, c, p, network);
  }
  fail(`no free addresses found in routes: [${tried.join(' ')}]`);
}

// ---------------------------------------------------------------------------------------------
// dynamic prefix

function dynamicPrefix(t: IndexTable, c: IpClaim): void {
  const len = c.spec.prefixLength;
  if (len === undefined || len === null) fail('a dynamic prefix claim (createPrefix) needs a prefixLength');
  let status: ClaimedPrefix | undefined;
  if (c.status.prefix) {
    try {
      status = claimed(c.status.prefix, 'status prefix');
    } catch {
      status = undefined;
    }
  }
  // 1. the prefix the claim holds
  if (status && t.rib.all().some((r) => ownedBy(c, r) && r.prefix.addr === masked(status!).addr && r.prefix.family === status!.family)) {
    applyRoutes(t, c, routesOfClaim(t.generation.kuid, c, status, false));
    c.status = { prefix: claimedText(status) };
    return;
  }
  const parents = candidates(t, c);
  if (parents.length === 0) fail(`dynamic claim: no available routes based on the selector labels ${selectorText(c.spec.selector)}`);
  // 2. a restarted table: the prefix in the status, when it is free again
  let p: ClaimedPrefix | undefined;
  if (status) {
    const free = t.rib.availablePrefix(masked(status), status.bits);
    if (free) p = { family: free.family, address: free.addr, bits: free.bits };
  }
  // 3. the first candidate parent with room
  if (!p) {
    for (const parent of parents) {
      if (parent.prefix.bits >= len || len > maxBits(parent.prefix.family)) continue;
      const free = t.rib.availablePrefix(parent.prefix, len);
      if (free) {
        p = { family: free.family, address: free.addr, bits: free.bits };
        break;
      }
    }
  }
  if (!p) fail(`no free prefix found of length ${len} in routes: [${parents.map((r) => formatPrefix(r.prefix)).join(' ')}]`);
  applyRoutes(t, c, routesOfClaim(t.generation.kuid, c, p, false));
  c.status = { prefix: claimedText(p) };
  if (prefixTypeOf(c.spec, t.generation.kuid) === 'network') {
    const gw = defaultGatewayOf(t, p);
    if (gw) c.status.defaultGateway = gw;
  }
}

// ---------------------------------------------------------------------------------------------

/** Applies a claim to its index's table and sets `c.status`. Throws IpClaimError when it cannot. */
export function applyClaim(t: IndexTable, c: IpClaim): void {
  switch (claimTypeOf(c.spec)) {
    case 'staticPrefix':
      return staticPrefix(t, c);
    case 'staticAddress':
      return staticAddress(t, c);
    case 'staticRange':
      return staticRange(t, c);
    case 'dynamicPrefix':
      return dynamicPrefix(t, c);
    case 'dynamicAddress':
      return dynamicAddress(t, c);
  }
}

/**
 * Releases everything a claim holds. A released prefix takes the routes of other claims inside it
 * with it (kuid deletes them so their owners claim again); a released range drops its range table.
 */
export function releaseClaim(t: IndexTable, c: IpClaim): void {
  for (const r of t.rib.all()) {
    if (!ownedBy(c, r)) continue;
    if (r.prefix.bits < maxBits(r.prefix.family)) {
      for (const child of t.rib.children(r.prefix)) if (!ownedBy(c, child)) t.rib.delete(child.prefix);
    }
    t.rib.delete(r.prefix);
    if (r.labels[L_SUMMARY_TYPE] === 'range') t.deleteRange(r.labels[L_CLAIM_NAME] ?? '');
  }
  for (const table of t.rangeTables()) for (const r of table.all()) if (ownedBy(c, r)) table.release(r.prefix.addr);
}

/** Whether a route belongs to a claim (name and uid labels), for the backend's bookkeeping. */
export function routeOwnedBy(r: Route, name: string, uid: string): boolean {
  return r.labels[L_CLAIM_NAME] === name && r.labels[L_CLAIM_UID] === uid;
}


/** After a create: the routes allocated under the uid of the dry run move to the stored claim's uid. */
export function relabelOwner(t: IndexTable, name: string, fromUid: string, toUid: string): void {
  if (fromUid === toUid) return;
  const move = (r: Route): Route => ({ prefix: r.prefix, labels: { ...r.labels, [L_CLAIM_UID]: toUid } });
  for (const r of t.rib.all()) if (routeOwnedBy(r, name, fromUid)) t.rib.set(move(r));
  for (const table of t.rangeTables()) for (const r of table.all()) if (routeOwnedBy(r, name, fromUid)) table.claim(r.prefix.addr, move(r));
}
