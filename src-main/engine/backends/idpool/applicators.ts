// What VLAN/AS/GENID claims do to their index's table (kuid's generic applicators): a static `id`, a
// `range` ("a-b", entered as the blocks that cover it, with its own table for IDs handed out inside
// it) or, with neither, a dynamic ID — from the range its `selector` selects, else anywhere in the
// pool. An ID a claim holds stays its own; kuid at HEAD also gives a claim back the ID its status names
// while it is free, the kuid embedded in early Choreo does not (a restart re-deals dynamic IDs). An
// index reserves the IDs outside minID..maxID with two range claims of its own.
import { intervalBlocks, type Block } from '../blocks.js';
import type { BackendRestore, KuidVersion } from '../generation.js';
import { checkSelector, matchesSelector, selectorText, type LabelSelector } from '../labels.js';
import type { PoolTable } from './pool-table.js';
import { idText, type IdEntry } from './tree.js';

export const L_OWNER_KIND = 'be.kuid.dev/owner-kind';
export const L_CLAIM_NAME = 'be.kuid.dev/claim-name';
export const L_CLAIM_UID = 'be.kuid.dev/claim-uid';
export const L_CLAIM_TYPE = 'be.kuid.dev/claim-type';
export const SYSTEM_LABELS: ReadonlySet<string> = new Set([L_OWNER_KIND, L_CLAIM_NAME, L_CLAIM_UID, L_CLAIM_TYPE]);

export type IdClaimType = 'staticID' | 'dynamicID' | 'range';

export interface IdClaimSpec {
  index?: string;
  id?: number;
  range?: string;
  selector?: LabelSelector;
  labels?: Record<string, string>;
}

export interface IdClaimStatus {
  id?: number;
  range?: string;
}

export interface IdClaim {
  name: string;
  namespace: string;
  uid: string;
  /** Kind names of the pool (`ASClaim`, `ASIndex`). */
  kinds: { claim: string; index: string };
  /** Set for the reserved ranges of an index: their IDs are owned by the index. */
  index?: { name: string; uid: string };
  spec: IdClaimSpec;
  status: IdClaimStatus;
}

export class IdClaimError extends Error {
  override name = 'IdClaimError';
}

function fail(msg: string): never {
  throw new IdClaimError(msg);
}

export function idClaimTypeOf(spec: IdClaimSpec): IdClaimType {
  const hasId = spec.id !== undefined && spec.id !== null;
  const hasRange = spec.range !== undefined && spec.range !== null;
  if (hasId && hasRange) fail(`a claim can only have 1 claimType, got id: ${spec.id}, range: ${spec.range}`);
  return hasId ? 'staticID' : hasRange ? 'range' : 'dynamicID';
}

function owner(c: IdClaim): { kind: string; name: string; uid: string } {
  return c.index ? { kind: c.kinds.index, name: c.index.name, uid: c.index.uid } : { kind: c.kinds.claim, name: c.name, uid: c.uid };
}

function labelsOf(c: IdClaim): Record<string, string> {
  const o = owner(c);
  return { ...(c.spec.labels ?? {}), [L_CLAIM_TYPE]: idClaimTypeOf(c.spec), [L_CLAIM_NAME]: o.name, [L_CLAIM_UID]: o.uid, [L_OWNER_KIND]: o.kind };
}

function ownedBy(c: IdClaim, e: IdEntry): boolean {
  const o = owner(c);
  return e.labels[L_CLAIM_NAME] === o.name && e.labels[L_CLAIM_UID] === o.uid;
}

/** kuid's ValidateOwner: held by another claim when both name and uid differ. */
function heldByOther(c: IdClaim, e: IdEntry): boolean {
  const o = owner(c);
  return e.labels[L_CLAIM_NAME] !== o.name && e.labels[L_CLAIM_UID] !== o.uid;
}

export function parseIdRange(text: string, max: bigint): { start: bigint; end: bigint } {
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text);
  if (!m) fail(`invalid range ${JSON.stringify(text)}, expected <start>-<end>`);
  const start = BigInt(m[1]!);
  const end = BigInt(m[2]!);
  if (start > end) fail(`invalid range ${text}: the start is above the end`);
  if (end > max) fail(`invalid range ${text}: the largest id of this pool is ${max}`);
  return { start, end };
}

/** kuid's syntax checks of a claim (before it touches the table). */
export function idSyntaxProblems(c: IdClaim, max: bigint): string[] {
  const out: string[] = [];
  let t: IdClaimType;
  try {
    t = idClaimTypeOf(c.spec);
  } catch (e) {
    return [(e as Error).message];
  }
  if (t === 'staticID') {
    const id = c.spec.id!;
    if (!Number.isInteger(id) || id < 0 || BigInt(id) > max) out.push(`spec.id: invalid id ${id}, ids of this pool are 0..${max}`);
  } else if (t === 'range') {
    if (!c.index && c.name === c.spec.index) out.push('metadata.name: a range cannot have the name of its index');
    try {
      parseIdRange(String(c.spec.range), max);
    } catch (e) {
      out.push(`spec.range: ${(e as Error).message}`);
    }
  }
  return out;
}

/** Every entry the claim holds: `[range claim or undefined (tree), entry]`. */
function entriesOf(t: PoolTable, c: IdClaim): [string | undefined, IdEntry][] {
  let mine = (e: IdEntry) => ownedBy(c, e);
  if (c.index) {
    // both reserved ranges of an index carry the index's labels: tell them apart by their span
    const r = parseIdRange(String(c.spec.range), t.max);
    mine = (e) => ownedBy(c, e) && e.block.addr >= r.start && e.block.addr <= r.end;
  }
  const out: [string | undefined, IdEntry][] = t.tree.all().filter(mine).map((e) => [undefined, e]);
  if (idClaimTypeOf(c.spec) === 'range') return out;
  if (out.length > 1) fail(`multiple entries match the owner: ${out.map(([, e]) => idText(e.block)).join(', ')}`);
  for (const [name, table] of t.ranges()) for (const e of table.all()) if (ownedBy(c, e)) out.push([name, e]);
  return out;
}

function release(t: PoolTable, where: string | undefined, e: IdEntry): void {
  if (where === undefined) t.tree.delete(e.block);
  else t.range(where)?.release(e.block.addr);
}

/** Which table a claim's ID goes to: a range selected by the claim or containing the ID, or the tree (''). */
function rangeOfParent(parent: IdEntry, index: string): string {
  if (parent.labels[L_CLAIM_TYPE] !== 'range') fail(`a parent can only be a range, got: ${parent.labels[L_CLAIM_TYPE]}`);
  const name = parent.labels[L_CLAIM_NAME] ?? '';
  // the reserved ranges of an index carry the index's name
  if (name === index) fail('cannot claim an id from a reserved range');
  return name;
}

function staticId(t: PoolTable, c: IdClaim): void {
  const id = BigInt(c.spec.id!);
  const block: Block = { addr: id, bits: t.width };
  const held = entriesOf(t, c);
  const keep = held.find(([, e]) => e.block.addr === id);
  for (const [where, e] of held) if (e !== keep?.[1]) release(t, where, e);
  let where: string | undefined = keep?.[0];
  if (!keep) {
    const exact = t.tree.get(block);
    if (exact) {
      if (exact.labels[L_CLAIM_TYPE] === 'range') where = rangeOfParent(exact, t.index);
      else if (heldByOther(c, exact)) fail(`id ${id} is already claimed by ${exact.labels[L_CLAIM_NAME]}`);
    } else {
      const parents = t.tree.parents(block);
      if (parents.length > 1) fail(`multiple parent entries: ${parents.map((p) => idText(p.block)).join(', ')}`);
      if (parents.length === 1) where = rangeOfParent(parents[0]!, t.index);
    }
  }
  if (where === undefined) t.tree.set({ block, labels: labelsOf(c) });
  else {
    const table = t.range(where);
    if (!table) fail(`range ${where} has no range table`);
    const cur = table.get(id);
    if (cur && heldByOther(c, cur)) fail(`id ${id} in range ${where} is already claimed by ${cur.labels[L_CLAIM_NAME]}`);
    table.claim(id, labelsOf(c));
  }
  c.status = { id: Number(id) };
}

function dynamicId(t: PoolTable, c: IdClaim, kuid: KuidVersion, restoring: BackendRestore | undefined): void {
  const held = entriesOf(t, c);
  const statusId = c.status.id !== undefined ? BigInt(c.status.id) : undefined;
  // 1. kuid's validateExists: a claim with a status keeps the held ID its status names, one without a
  //    status keeps the ID it holds; anything else it holds is released
  const keep = statusId !== undefined ? held.find(([, e]) => e.block.addr === statusId) : held[0];
  for (const [where, e] of held) if (e !== keep?.[1]) release(t, where, e);
  // 3. (below) only kuid at HEAD takes back the ID its status names while it is free. The kuid embedded in Choreo
  //    v0.0.1–v0.0.13 (pkg/backend/generic/applicator_dynamic_id.go, Apply) hands out the lowest free ID,
  //    so a restart (whose restore holds nothing yet) re-deals dynamic IDs in restore order.
  //    A restore that keeps the tables (`keep`, as a server that kept running) takes it back too.
  const reclaim = kuid === 'head' || restoring === 'keep' ? statusId : undefined;
  let where: string | undefined;
  let id: bigint | undefined;
  if (keep) {
    where = keep[0];
    id = keep[1].block.addr;
  } else if (c.spec.selector) {
    // 2. a claim with a selector takes its ID from the range the selector selects
    try {
      checkSelector(c.spec.selector);
    } catch (e) {
      fail((e as Error).message);
    }
    const parents = t.tree.byLabel((l) => matchesSelector(c.spec.selector, l));
    if (parents.length === 0) fail(`no parent found for the selector labels ${selectorText(c.spec.selector)}`);
    where = rangeOfParent(parents[0]!, t.index);
  }
  if (where === undefined) {
    if (id === undefined && reclaim !== undefined && !t.tree.get({ addr: reclaim, bits: t.width }) && t.tree.parents({ addr: reclaim, bits: t.width }).length === 0 && reclaim <= t.max) id = reclaim;
    id ??= t.tree.findFree();
    if (id === undefined) fail('claim failed, no free id found');
    t.tree.set({ block: { addr: id, bits: t.width }, labels: labelsOf(c) });
  } else {
    const table = t.range(where);
    if (!table) fail(`range ${where} has no range table`);
    if (id === undefined && reclaim !== undefined && table.isFree(reclaim)) id = reclaim;
    id ??= table.findFree();
    if (id === undefined) fail(`claim failed, no free id found in range ${where}`);
    table.claim(id, labelsOf(c));
  }
  c.status = { id: Number(id) };
}

function rangeClaim(t: PoolTable, c: IdClaim): void {
  const r = parseIdRange(String(c.spec.range), t.max);
  const blocks = intervalBlocks({ start: r.start, end: r.end }, t.width);
  const held = entriesOf(t, c);
  const wanted = new Set(blocks.map((b) => idText(b)));
  const exists = held.length === blocks.length && held.every(([, e]) => wanted.has(idText(e.block)));
  if (!exists) {
    // the range changed: its old blocks and table go, then the new range is checked and claimed
    for (const [where, e] of held) release(t, where, e);
    t.deleteRange(c.name);
    for (const b of blocks) {
      const e = t.tree.get(b);
      if (e && heldByOther(c, e)) fail(`range ${c.spec.range} overlaps ${idText(b)} claimed by ${e.labels[L_CLAIM_NAME]}`);
      const children = t.tree.children(b);
      if (children.length > 0) fail(`range overlaps with children: ${children.map((x) => idText(x.block)).join(', ')}`);
      const parents = t.tree.parents(b);
      if (parents.length > 0) fail(`range overlaps with parent: ${parents.map((x) => idText(x.block)).join(', ')}`);
    }
  }
  for (const b of blocks) t.tree.set({ block: b, labels: labelsOf(c) });
  if (!t.range(c.name)) t.setRange(c.name, r.start, r.end);
  c.status = { range: String(c.spec.range) };
}

/**
 * Applies a claim to its pool's table and sets `c.status`, as the kuid of `kuid` does (they differ for
 * dynamic IDs only). Throws IdClaimError when it cannot.
 */
export function applyIdClaim(t: PoolTable, c: IdClaim, kuid: KuidVersion, restoring?: BackendRestore): void {
  switch (idClaimTypeOf(c.spec)) {
    case 'staticID':
      return staticId(t, c);
    case 'dynamicID':
      return dynamicId(t, c, kuid, restoring);
    case 'range':
      return rangeClaim(t, c);
  }
}

/** Releases a reserved range of an index (its minID/maxID changed). */
export function releaseReserved(t: PoolTable, rangeName: string): void {
  const table = t.range(rangeName);
  if (!table) return;
  for (const e of t.tree.all()) {
    if (e.labels[L_CLAIM_NAME] === t.index && e.block.addr >= table.start && e.block.addr <= table.end) t.tree.delete(e.block);
  }
  t.deleteRange(rangeName);
}

/** Releases what a claim holds; a range takes its table (and the IDs handed out in it) along. */
export function releaseIdClaim(t: PoolTable, c: IdClaim): void {
  for (const [where, e] of entriesOf(t, c)) release(t, where, e);
  if (!c.index && idClaimTypeOf(c.spec) === 'range') t.deleteRange(c.name);
}

/** After a create: IDs allocated under the uid of the dry run move to the stored claim's uid. */
export function relabelIdOwner(t: PoolTable, name: string, fromUid: string, toUid: string): void {
  if (fromUid === toUid) return;
  const mine = (e: IdEntry) => e.labels[L_CLAIM_NAME] === name && e.labels[L_CLAIM_UID] === fromUid;
  for (const e of t.tree.all()) if (mine(e)) t.tree.set({ block: e.block, labels: { ...e.labels, [L_CLAIM_UID]: toUid } });
  for (const [, table] of t.ranges()) for (const e of table.all()) if (mine(e)) table.claim(e.block.addr, { ...e.labels, [L_CLAIM_UID]: toUid });
}

/**
 * The two range claims an index makes for the IDs below minID and above maxID (kuid's min/max claims),
 * `<index>.rangeReservedMin|Max` (the embedded kuid) or `<index>.rangereservedmin|max` (kuid at HEAD).
 */
export function reservedRanges(index: { name: string; spec: Record<string, unknown> }, max: bigint, kuid: KuidVersion): { name: string; range: string }[] {
  const out: { name: string; range: string }[] = [];
  const min = index.spec.minID;
  const maxId = index.spec.maxID;
  const [lo, hi] = kuid === 'head' ? ['rangereservedmin', 'rangereservedmax'] : ['rangeReservedMin', 'rangeReservedMax'];
  if (typeof min === 'number' && min !== 0) out.push({ name: `${index.name}.${lo}`, range: `0-${min - 1}` });
  if (typeof maxId === 'number' && BigInt(maxId) !== max) out.push({ name: `${index.name}.${hi}`, range: `${maxId + 1}-${max}` });
  return out;
}

export function userLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (!SYSTEM_LABELS.has(k)) out[k] = v;
  return out;
}
