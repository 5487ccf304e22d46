import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../../src-shared/krm/object.js';
import { manualClock, sequentialUids } from '../../store/clock.js';
import { createApiStore, type MemoryApiStore } from '../../store/store.js';
import { backendCrds } from '../crds.js';
import { EXAMPLES_GENERATION, HEAD_GENERATION, type BackendGeneration, type BackendRestore } from '../generation.js';
import { installBackends } from '../install.js';

function setup(store: MemoryApiStore = createApiStore({ clock: manualClock(), newUid: sequentialUids() }), generation: BackendGeneration = EXAMPLES_GENERATION, restore: BackendRestore = 'keep') {
  for (const crd of backendCrds(generation)) if (!store.api(`${(crd.spec as any).names.plural}.${(crd.spec as any).group}`)) store.registerApi(crd);
  installBackends(store, generation, restore);
  return store;
}

const obj = (group: string, kind: string, name: string, spec: Record<string, unknown>): KrmObject => ({
  apiVersion: `${group}/v1alpha1`,
  kind,
  metadata: { name, namespace: 'default' },
  spec: spec as any,
});
const vlanIndex = (spec: Record<string, unknown>) => obj('vlan.be.kuid.dev', 'VLANIndex', 'vl', spec);
const vlanClaim = (name: string, spec: Record<string, unknown>) => obj('vlan.be.kuid.dev', 'VLANClaim', name, { index: 'vl', ...spec });
const asClaim = (name: string, spec: Record<string, unknown>) => obj('as.be.kuid.dev', 'ASClaim', name, { index: 'kubenet', ...spec });
const apply = (s: MemoryApiStore, o: KrmObject) => s.apply(o, { fieldManager: 'test' }).object;
const names = (s: MemoryApiStore, api: string) => s.list(api).map((o) => o.metadata.name);
const VLAN_CLAIMS = 'vlanclaims.vlan.be.kuid.dev';
const VLAN_ENTRIES = 'vlanentries.vlan.be.kuid.dev';
const AS_ENTRIES = 'asentries.as.be.kuid.dev';
const owner = (o: KrmObject) => `${o.metadata.ownerReferences?.[0]?.kind}/${o.metadata.ownerReferences?.[0]?.name}`;

describe('ID pool backends (engine spec §11.2, kuid as embedded in Choreo v0.0.1–v0.0.13)', () => {
  it('an index reserves the IDs outside minID..maxID as blocks it owns (no claim objects)', () => {
    const s = setup();
    const idx = apply(s, vlanIndex({ minID: 100, maxID: 4000 }));
    expect(s.get('vlanindices.vlan.be.kuid.dev', 'default', 'vl').status?.conditions).toMatchObject([{ type: 'Ready', status: 'True' }]);
    expect(names(s, VLAN_CLAIMS)).toEqual([]);
    // 0-99 and 4001-4095 as the blocks that cover them, in the 32-bit tree kuid keeps VLANs in
    expect(names(s, VLAN_ENTRIES)).toEqual(['vl.0-26', 'vl.4001-32', 'vl.4002-31', 'vl.4004-30', 'vl.4008-29', 'vl.4016-28', 'vl.4032-26', 'vl.64-27', 'vl.96-30']);
    const e = s.get(VLAN_ENTRIES, 'default', 'vl.0-26');
    expect(e.spec).toEqual({ index: 'vl', claimType: 'range', id: '0/26' });
    expect(e.metadata.ownerReferences).toEqual([{ apiVersion: 'vlan.be.kuid.dev/v1alpha1', kind: 'VLANIndex', name: 'vl', uid: idx.metadata.uid }]);
    // widening the pool drops the reservation that is no longer needed
    apply(s, vlanIndex({ minID: 100 }));
    expect(names(s, VLAN_ENTRIES)).toEqual(['vl.0-26', 'vl.64-27', 'vl.96-30']);
  });

  it('static id, range and dynamic claims (lowest free, sticky); reserved IDs cannot be claimed', () => {
    const s = setup();
    apply(s, vlanIndex({ minID: 10, maxID: 20 }));
    expect(apply(s, vlanClaim('a', {})).status?.id).toBe(10);
    expect(apply(s, vlanClaim('b', { id: 11 })).status?.id).toBe(11);
    expect(apply(s, vlanClaim('r', { range: '12-14' })).status?.range).toBe('12-14');
    expect(apply(s, vlanClaim('c', {})).status?.id).toBe(15);
    expect(apply(s, vlanClaim('c', {})).status?.id).toBe(15);
    // a static id inside a range is taken from the range's table
    expect(apply(s, vlanClaim('d', { id: 13 })).status?.id).toBe(13);
    expect(s.get(VLAN_ENTRIES, 'default', 'r.13-32').spec).toEqual({ index: 'vl', claimType: 'staticID', id: '13/32' });
    expect(() => apply(s, vlanClaim('d2', { id: 13 }))).toThrow('vlanclaim default/d2: id 13 in range r is already claimed by d');
    expect(() => apply(s, vlanClaim('e', { id: 5 }))).toThrow('vlanclaim default/e: cannot claim an id from a reserved range');
    expect(() => apply(s, vlanClaim('f', { id: 1, range: '1-2' }))).toThrow(/can only have 1 claimType, got id: 1, range: 1-2/);
    s.delete(VLAN_CLAIMS, 'default', 'a');
    expect(s.tryGet(VLAN_ENTRIES, 'default', 'vl.10-32')).toBeUndefined();
    expect(apply(s, vlanClaim('g', {})).status?.id).toBe(10);
    expect(owner(s.get(VLAN_ENTRIES, 'default', 'vl.10-32'))).toBe('VLANClaim/g');
  });

  it('a claim with a selector takes its ID from the range it selects (kubenet: ASes from the AS pool)', () => {
    const s = setup();
    apply(s, obj('as.be.kuid.dev', 'ASIndex', 'kubenet', {}));
    apply(s, asClaim('kubenet.aspool', { range: '65000-65100' }));
    apply(s, asClaim('kubenet.ibgp', { id: 65535 }));
    const pool = { matchLabels: { 'be.kuid.dev/claim-name': 'kubenet.aspool' } };
    expect(apply(s, asClaim('node1', { selector: pool })).status?.id).toBe(65000);
    expect(apply(s, asClaim('node2', { selector: pool })).status?.id).toBe(65001);
    expect(names(s, AS_ENTRIES)).toEqual([
      'kubenet.65000-29', 'kubenet.65008-28', 'kubenet.65024-26', 'kubenet.65088-29', 'kubenet.65096-30', 'kubenet.65100-32', 'kubenet.65535-32',
      'kubenet.aspool.65000-32', 'kubenet.aspool.65001-32',
    ]);
    const e = s.get(AS_ENTRIES, 'default', 'kubenet.aspool.65001-32');
    expect(e.spec).toEqual({ index: 'kubenet', claimType: 'dynamicID', id: '65001/32' });
    expect(owner(e)).toBe('ASClaim/node2');
    expect(owner(s.get(AS_ENTRIES, 'default', 'kubenet.65000-29'))).toBe('ASClaim/kubenet.aspool');
    expect(s.get(AS_ENTRIES, 'default', 'kubenet.65535-32').spec).toEqual({ index: 'kubenet', claimType: 'staticID', id: '65535/32' });
    expect(() => apply(s, asClaim('x', { selector: { matchLabels: { 'be.kuid.dev/claim-name': 'nope' } } }))).toThrow('no parent found for the selector labels be.kuid.dev/claim-name=nope');
    expect(() => apply(s, asClaim('y', { selector: { matchLabels: { 'be.kuid.dev/claim-name': 'kubenet.ibgp' } } }))).toThrow('a parent can only be a range, got: staticID');
  });

  it('a full pool and claims before the index fail with clear messages', () => {
    const s = setup();
    expect(() => apply(s, vlanClaim('a', {}))).toThrow('index default/vl not initialized');
    apply(s, vlanIndex({ minID: 1, maxID: 1 }));
    apply(s, vlanClaim('a', {}));
    expect(() => apply(s, vlanClaim('b', {}))).toThrow('vlanclaim default/b: claim failed, no free id found');
    expect(() => apply(s, vlanIndex({ minID: 9, maxID: 5000 }))).toThrow(/spec.maxID 5000 is outside 0-4095/);
    expect(() => apply(s, obj('genid.be.kuid.dev', 'GENIDIndex', 'g', {}))).toThrow('genidindex default/g: spec.type: invalid GENID type "" (use 16bit, 32bit, 48bit or 64bit)');
  });

  it('GENID: the type sets the ID space (the kubenet GENID index reserves 4096-65535)', () => {
    const s = setup();
    apply(s, obj('genid.be.kuid.dev', 'GENIDIndex', 'kubenet', { type: '16bit', minID: 0, maxID: 4095 }));
    expect(names(s, 'genidentries.genid.be.kuid.dev')).toEqual(['kubenet.16384-2', 'kubenet.32768-1', 'kubenet.4096-4', 'kubenet.8192-3']);
    expect(apply(s, obj('genid.be.kuid.dev', 'GENIDClaim', 'y', { index: 'kubenet', id: 4095 })).status?.id).toBe(4095);
    expect(s.get('genidentries.genid.be.kuid.dev', 'default', 'kubenet.4095-16').spec).toMatchObject({ id: '4095/16' });
  });

  it('rebuilds the tables of a persisted store when it is opened: each claim keeps its dynamic ID (a run on the kept state)', () => {
    const b = reopened(EXAMPLES_GENERATION, (a) => a.delete(VLAN_CLAIMS, 'default', 'a'), 'keep');
    expect(b.apply(vlanClaim('b', {}), { fieldManager: 'test' }).object.status?.id).toBe(11);
    expect(apply(b, vlanClaim('c', {})).status?.id).toBe(10);
    let s = reopened(EXAMPLES_GENERATION, undefined, 'keep');
    expect(claimIds(s)).toEqual({ a: 10, b: 11 });
    s = reopen(s, EXAMPLES_GENERATION, 'keep');
    expect(claimIds(s)).toEqual({ a: 10, b: 11 });
  });

  it('as a Go server restarting on the store (redeal), re-deals dynamic IDs in restore order', () => {
    // the embedded kuid's restore walks the stored entries from last to first and hands each dynamic
    // claim the lowest free ID: its status is not consulted (pkg/backend/generic/applicator_dynamic_id.go)
    const b = reopened(EXAMPLES_GENERATION, (a) => a.delete(VLAN_CLAIMS, 'default', 'a'), 'redeal');
    expect(b.apply(vlanClaim('b', {}), { fieldManager: 'test' }).object.status?.id).toBe(10);
    expect(apply(b, vlanClaim('c', {})).status?.id).toBe(11);
    expect(apply(b, vlanClaim('d', {})).status?.id).toBe(12);
    // two claims swap at every restart: the entry listed last (vl.11-32, b's) is restored first
    let s = reopened(EXAMPLES_GENERATION, undefined, 'redeal');
    expect(claimIds(s)).toEqual({ a: 11, b: 10 });
    s = reopen(s, EXAMPLES_GENERATION, 'redeal');
    expect(claimIds(s)).toEqual({ a: 10, b: 11 });
  });
});

/** A store with VLAN index vl (10..20) and dynamic claims a (10) and b (11), saved and opened again. */
function reopened(generation: BackendGeneration, before: (s: MemoryApiStore) => void = () => {}, restore: BackendRestore = 'keep'): MemoryApiStore {
  const a = setup(undefined, generation);
  apply(a, vlanIndex({ minID: 10, maxID: 20 }));
  apply(a, vlanClaim('a', {}));
  apply(a, vlanClaim('b', {}));
  before(a);
  return reopen(a, generation, restore);
}

/** A process start on the persisted store `a`, after which its reconcilers apply their claims again. */
function reopen(a: MemoryApiStore, generation: BackendGeneration, restore: BackendRestore = 'keep'): MemoryApiStore {
  const b = createApiStore({ clock: manualClock(), newUid: sequentialUids('22222222-0000-4000-8000') });
  for (const crd of backendCrds(generation)) b.registerApi(crd);
  for (const api of a.apis()) for (const o of a.storedObjects(api)) b.restore(o);
  setup(b, generation, restore);
  for (const c of a.list(VLAN_CLAIMS)) if (!(c.metadata.ownerReferences ?? []).length) apply(b, vlanClaim(c.metadata.name ?? '', {}));
  return b;
}

function claimIds(s: MemoryApiStore): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of s.list(VLAN_CLAIMS)) if (!(c.metadata.ownerReferences ?? []).length) out[c.metadata.name ?? ''] = (c.status as { id: number }).id;
  return out;
}

describe('ID pool backends as kuid at the commit Choreo HEAD pins (profile-B projects)', () => {
  it('the reserved ranges are claims <index>.rangereservedmin|max the index owns, following minID/maxID edits', () => {
    const s = setup(undefined, HEAD_GENERATION);
    const idx = apply(s, vlanIndex({ minID: 100, maxID: 4000 }));
    expect(names(s, VLAN_CLAIMS)).toEqual(['vl.rangereservedmax', 'vl.rangereservedmin']);
    const min = s.get(VLAN_CLAIMS, 'default', 'vl.rangereservedmin');
    expect(min.metadata.ownerReferences).toEqual([{ apiVersion: 'vlan.be.kuid.dev/v1alpha1', kind: 'VLANIndex', name: 'vl', uid: idx.metadata.uid }]);
    expect(min.spec).toEqual({ index: 'vl', range: '0-99' });
    expect(min.status).toMatchObject({ range: '0-99', conditions: [{ type: 'Ready', status: 'True' }] });
    const e = s.get(VLAN_ENTRIES, 'default', 'vl.0-26');
    expect(e.spec).toEqual({ index: 'vl', indexEntry: false, claimType: 'range', id: '0/26' });
    expect(owner(e)).toBe('VLANClaim/vl.rangereservedmin');
    expect(apply(s, vlanClaim('a', {})).status?.id).toBe(100);
    // kuid at HEAD refuses IDs of "reserved" ranges by comparing the range's name with the index's, which
    // no longer matches: a static ID below minID is handed out from the reservation's table
    expect(apply(s, vlanClaim('b', { id: 5 })).status?.id).toBe(5);
    expect(owner(s.get(VLAN_ENTRIES, 'default', 'vl.rangereservedmin.5-32'))).toBe('VLANClaim/b');
    apply(s, vlanIndex({ minID: 100 }));
    expect(names(s, VLAN_CLAIMS)).toEqual(['a', 'b', 'vl.rangereservedmin']);
    expect(names(s, VLAN_ENTRIES).filter((n) => (n ?? '').startsWith('vl.40'))).toEqual([]);
  });

  it('a restart keeps the dynamic IDs of claims: kuid at HEAD reclaims the ID of a claim status while it is free', () => {
    const b = reopened(HEAD_GENERATION, (a) => a.delete(VLAN_CLAIMS, 'default', 'a'));
    expect(b.apply(vlanClaim('b', {}), { fieldManager: 'test' }).object.status?.id).toBe(11);
    expect(apply(b, vlanClaim('c', {})).status?.id).toBe(10);
    expect(apply(b, vlanClaim('d', {})).status?.id).toBe(12);
    expect(claimIds(reopen(reopened(HEAD_GENERATION), HEAD_GENERATION))).toEqual({ a: 10, b: 11 });
  });
});
