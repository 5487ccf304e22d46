import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../../src-shared/krm/object.js';
import { manualClock, sequentialUids } from '../../store/clock.js';
import { createApiStore, type MemoryApiStore } from '../../store/store.js';
import { backendCrds } from '../crds.js';
import { EARLY_GENERATION, EXAMPLES_GENERATION, HEAD_GENERATION, type BackendGeneration } from '../generation.js';
import { installBackends } from '../install.js';

const AV = 'ipam.be.kuid.dev/v1alpha1';
const CLAIMS = 'ipclaims.ipam.be.kuid.dev';
const ENTRIES = 'ipentries.ipam.be.kuid.dev';
const INDEXES = 'ipindices.ipam.be.kuid.dev';

function setup(generation: BackendGeneration = EXAMPLES_GENERATION, store: MemoryApiStore = createApiStore({ clock: manualClock(), newUid: sequentialUids() })) {
  for (const crd of backendCrds(generation)) if (!store.api({ group: crd.spec!.group as string, version: 'v1alpha1', kind: (crd.spec as any).names.kind })) store.registerApi(crd);
  const be = installBackends(store, generation);
  return { store, be };
}

function index(prefixes: unknown[], name = 'idx'): KrmObject {
  return { apiVersion: AV, kind: 'IPIndex', metadata: { name, namespace: 'default' }, spec: { prefixes } as any };
}

function claim(name: string, spec: Record<string, unknown>): KrmObject {
  return { apiVersion: AV, kind: 'IPClaim', metadata: { name, namespace: 'default' }, spec: { index: 'idx', ...spec } as any };
}

const apply = (store: MemoryApiStore, o: KrmObject) => store.apply(o, { fieldManager: 'test' }).object;
const names = (store: MemoryApiStore, api: string) => store.list(api).map((o) => o.metadata.name);
const entry = (store: MemoryApiStore, name: string) => store.get(ENTRIES, 'default', name);
const owner = (o: KrmObject) => `${o.metadata.ownerReferences?.[0]?.kind}/${o.metadata.ownerReferences?.[0]?.name}`;
const af = (f: string, more: Record<string, string> = {}) => ({ matchLabels: { 'ipam.be.kuid.dev/address-family': f, ...more } });

describe('IPAM backend (engine spec §11.1, kuid as embedded in Choreo v0.0.1–v0.0.13)', () => {
  it('a claim needs an initialised index', () => {
    const { store } = setup();
    expect(() => apply(store, claim('c1', {}))).toThrow('rpc error: code = InvalidArgument desc = index default/idx not initialized');
    expect(store.size()).toBe(0);
  });

  it('Choreo v0.0.8–v0.0.13: the index turns its prefixes into IPClaims it owns, and drops those of removed prefixes', () => {
    const { store } = setup();
    const idx = apply(store, index([{ prefix: '10.0.0.0/24', prefixType: 'pool', labels: { purpose: 'loopback' } }, { prefix: '1000::/32' }]));
    expect(store.get(INDEXES, 'default', 'idx').status?.conditions).toEqual([{ type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2024-01-01T00:00:00Z' }]);
    expect(names(store, CLAIMS)).toEqual(['idx.10.0.0.0-24', 'idx.1000---32']);
    const c = store.get(CLAIMS, 'default', 'idx.10.0.0.0-24');
    expect(c.metadata.ownerReferences).toEqual([{ apiVersion: AV, kind: 'IPIndex', name: 'idx', uid: idx.metadata.uid }]);
    expect(c.spec).toEqual({ index: 'idx', prefix: '10.0.0.0/24', prefixLength: 24, createPrefix: true, prefixType: 'pool', labels: { purpose: 'loopback' } });
    expect(c.status?.prefix).toBe('10.0.0.0/24');
    expect(entry(store, 'idx.10.0.0.0-24').spec).toEqual({ index: 'idx', prefixType: 'pool', claimType: 'staticPrefix', prefix: '10.0.0.0/24', addressFamily: 'ipv4', labels: { purpose: 'loopback' } });
    expect(owner(entry(store, 'idx.10.0.0.0-24'))).toBe('IPClaim/idx.10.0.0.0-24');
    // without prefixType the entry has none (kuid's "other")
    expect(entry(store, 'idx.1000---32').spec).not.toHaveProperty('prefixType');
    apply(store, index([{ prefix: '1000::/32' }]));
    expect(names(store, CLAIMS)).toEqual(['idx.1000---32']);
    expect(names(store, ENTRIES)).toEqual(['idx.1000---32']);
  });

  it('early generation (apis/ layout): index prefixes are the index’s own routes, aggregate unless typed', () => {
    const { store } = setup(EARLY_GENERATION);
    const idx = apply(store, index([{ prefix: '10.0.0.0/8' }, { prefix: '1000::/32', prefixType: 'pool' }]));
    expect(names(store, CLAIMS)).toEqual([]);
    expect(names(store, ENTRIES)).toEqual(['idx.10.0.0.0-8', 'idx.1000---32']);
    const e = entry(store, 'idx.10.0.0.0-8');
    expect(e.spec).toEqual({ index: 'idx', prefixType: 'aggregate', claimType: 'staticPrefix', prefix: '10.0.0.0/8', addressFamily: 'ipv4' });
    expect(e.metadata.ownerReferences).toEqual([{ apiVersion: AV, kind: 'IPIndex', name: 'idx', uid: idx.metadata.uid }]);
    expect(entry(store, 'idx.1000---32').spec).toMatchObject({ prefixType: 'pool' });
    // an aggregate holds prefixes, not addresses; a pool inside it does
    expect(apply(store, claim('pool', { prefix: '10.0.0.0/16', prefixType: 'pool', labels: { purpose: 'lo' } })).status?.prefix).toBe('10.0.0.0/16');
    expect(() => apply(store, claim('nested', { prefix: '10.0.0.0/24', prefixType: 'pool' }))).toThrow('parent 10.0.0.0/16/10.0.0.0/24 nesting pool/pool is not possible');
    expect(() => apply(store, claim('stray', { prefix: '11.0.0.0/24', prefixType: 'pool' }))).toThrow(/no parent found for 11.0.0.0\/24/);
    // an address does not take the labels of its pool in this generation
    expect(apply(store, claim('a', { prefixType: 'pool', selector: af('ipv4', { purpose: 'lo' }) })).status?.address).toBe('10.0.0.0/32');
    expect(entry(store, 'idx.10.0.0.0-32').spec).toEqual({ index: 'idx', prefixType: 'pool', claimType: 'dynamicAddress', prefix: '10.0.0.0/32', addressFamily: 'ipv4' });
    // editing the index follows the new prefixes (and drops what other claims held inside a removed one)
    apply(store, index([{ prefix: '1000::/32', prefixType: 'pool' }]));
    expect(names(store, ENTRIES)).toEqual(['idx.1000---32']);
  });

  it('dynamic addresses: best fit in the pool, sticky on re-apply, released on delete; labels of the pool inherited', () => {
    const { store } = setup();
    apply(store, index([{ prefix: '10.0.0.0/24', prefixType: 'pool', labels: { purpose: 'loopback' } }]));
    expect(apply(store, claim('a', { prefixType: 'pool', selector: af('ipv4') })).status?.address).toBe('10.0.0.0/32');
    expect(apply(store, claim('b', { prefixType: 'pool', selector: af('ipv4') })).status?.address).toBe('10.0.0.1/32');
    const again = store.apply(claim('a', { prefixType: 'pool', selector: af('ipv4') }), { fieldManager: 'test' });
    expect(again.changed).toBe(false);
    expect(again.object.status?.address).toBe('10.0.0.0/32');
    const e = entry(store, 'idx.10.0.0.1-32');
    expect(e.spec).toEqual({ index: 'idx', prefixType: 'pool', claimType: 'dynamicAddress', prefix: '10.0.0.1/32', addressFamily: 'ipv4', labels: { purpose: 'loopback' } });
    expect(e.metadata.ownerReferences).toEqual([{ apiVersion: AV, kind: 'IPClaim', name: 'b', uid: store.get(CLAIMS, 'default', 'b').metadata.uid }]);
    store.delete(CLAIMS, 'default', 'a');
    expect(store.tryGet(ENTRIES, 'default', 'idx.10.0.0.0-32')).toBeUndefined();
    expect(apply(store, claim('c', { selector: af('ipv4') })).status?.address).toBe('10.0.0.0/32');
  });

  it('networks reserve their first and last address (not a /31), and addresses keep the network length', () => {
    const { store } = setup(EARLY_GENERATION);
    apply(store, index([{ prefix: '192.0.0.0/8' }, { prefix: '1192::/32' }]));
    apply(store, claim('net4', { prefix: '192.0.0.0/16', prefixType: 'network', labels: { purpose: 'underlay' } }));
    apply(store, claim('net6', { prefix: '1192::/56', prefixType: 'network', labels: { purpose: 'underlay' } }));
    expect(names(store, ENTRIES)).toEqual(expect.arrayContaining(['idx.192.0.0.0-16', 'idx.192.0.0.0-32', 'idx.192.0.255.255-32', 'idx.1192---56', 'idx.1192---128', 'idx.1192--ff-ffff-ffff-ffff-ffff-128']));
    expect(entry(store, 'idx.192.0.255.255-32').spec).toEqual({ index: 'idx', prefixType: 'network', claimType: 'staticPrefix', prefix: '192.0.255.255/32', addressFamily: 'ipv4', labels: { purpose: 'underlay' } });
    // links: a /31 and a /64 taken best-fit around the reserved addresses
    const link4 = apply(store, claim('link4', { prefixType: 'network', createPrefix: true, prefixLength: 31, selector: af('ipv4', { purpose: 'underlay' }) }));
    const link6 = apply(store, claim('link6', { prefixType: 'network', createPrefix: true, prefixLength: 64, selector: af('ipv6', { purpose: 'underlay' }) }));
    expect(link4.status?.prefix).toBe('192.0.0.2/31');
    expect(link6.status?.prefix).toBe('1192:0:0:1::/64');
    expect(names(store, ENTRIES).filter((n) => (n ?? '').startsWith('idx.192.0.0.2'))).toEqual(['idx.192.0.0.2-31']); // a /31 reserves nothing
    const inLink = (n: string, f: string) => claim(n, { prefixType: 'network', selector: af(f, { 'be.kuid.dev/claim-name': `link${f === 'ipv4' ? 4 : 6}` }) });
    expect(apply(store, inLink('a4', 'ipv4')).status?.address).toBe('192.0.0.2/31');
    expect(apply(store, inLink('b4', 'ipv4')).status?.address).toBe('192.0.0.3/31');
    // the smallest free block that fits: the second address of a /64 is the one before its last
    expect(apply(store, inLink('a6', 'ipv6')).status?.address).toBe('1192:0:0:1::1/64');
    expect(apply(store, inLink('b6', 'ipv6')).status?.address).toBe('1192::1:ffff:ffff:ffff:fffe/64');
    expect(entry(store, 'idx.1192--1-ffff-ffff-ffff-fffe-128').spec).toMatchObject({ prefix: '1192::1:ffff:ffff:ffff:fffe/128', prefixType: 'network', claimType: 'dynamicAddress' });
    expect(() => apply(store, inLink('c4', 'ipv4'))).toThrow('no free addresses found in routes: [192.0.0.2/31]');
  });

  it('a gateway address of a network is reported to the addresses taken in it', () => {
    const { store } = setup();
    apply(store, index([{ prefix: '10.0.1.0/24', prefixType: 'network' }]));
    expect(apply(store, claim('gw', { address: '10.0.1.1/24', defaultGateway: true })).status).toMatchObject({ address: '10.0.1.1/24', defaultGateway: '10.0.1.1' });
    // best fit: the only free single-address block left between the reserved ones is the one before the last
    expect(apply(store, claim('d', {})).status).toMatchObject({ address: '10.0.1.254/24', defaultGateway: '10.0.1.1' });
    expect(() => apply(store, claim('dup', { address: '10.0.1.1/24' }))).toThrow('address 10.0.1.1 is already claimed by gw');
    expect(() => apply(store, claim('host', { address: '10.0.1.7' }))).toThrow('a /32 or /128 address is not possible with a parent of type network');
    expect(() => apply(store, claim('out', { address: '192.168.0.1' }))).toThrow(/no parent prefix for 192.168.0.1\/32 in index default\/idx/);
  });

  it('claims are checked before they touch the table, and a failed write leaves it as it was', () => {
    const { store, be } = setup();
    apply(store, index([{ prefix: '10.0.0.0/31', prefixType: 'pool' }]));
    expect(() => apply(store, claim('x', { address: '10.0.0.1', prefix: '10.0.0.0/28' }))).toThrow('an ipclaim can only have 1 claimType, got address: 10.0.0.1, prefix: 10.0.0.0/28');
    expect(() => apply(store, claim('y', { selector: af('ipv6') }))).toThrow('dynamic claim: no available routes based on the selector labels ipam.be.kuid.dev/address-family=ipv6');
    expect(() => apply(store, claim('z', { createPrefix: true }))).toThrow(/needs a prefixLength/);
    apply(store, claim('a', { selector: af('ipv4') }));
    apply(store, claim('b', { selector: af('ipv4') }));
    const before = be.ipam.table('default', 'idx')!.allRoutes().length;
    // kuid names every route the selector matched
    expect(() => apply(store, claim('c', { selector: af('ipv4') }))).toThrow('no free addresses found in routes: [10.0.0.0/31 10.0.0.0/32 10.0.0.1/32]');
    // a claim the store refuses (schema) after the backend allocated it: the allocation is undone
    expect(() => apply(store, claim('bad', { selector: af('ipv4'), idx: 'not a number' }))).toThrow(/idx/);
    expect(be.ipam.table('default', 'idx')!.allRoutes().length).toBe(before);
    expect(store.tryGet(CLAIMS, 'default', 'c')).toBeUndefined();
  });

  it('ranges: their blocks enter the table, addresses inside come from the range table', () => {
    const { store } = setup();
    apply(store, index([{ prefix: '10.0.0.0/24', prefixType: 'pool' }]));
    expect(apply(store, claim('r', { range: '10.0.0.10-10.0.0.12' })).status?.range).toBe('10.0.0.10-10.0.0.12');
    expect(names(store, ENTRIES)).toEqual(expect.arrayContaining(['idx.10.0.0.10-31', 'idx.10.0.0.12-32']));
    const fromRange = apply(store, claim('ra', { selector: { matchLabels: { 'be.kuid.dev/claim-name': 'r' } } }));
    expect(fromRange.status?.address).toBe('10.0.0.10/32');
    expect(owner(entry(store, 'idx.10.0.0.10-32'))).toBe('IPClaim/ra');
    // a pool address skips the range (its blocks are children of the pool) and, best fit, takes the
    // first free single address: 10.0.0.13 (0-9 is a /29 and a /31)
    expect(apply(store, claim('pa', { selector: af('ipv4') })).status?.address).toBe('10.0.0.13/32');
    expect(() => apply(store, claim('r2', { range: '10.0.0.12-10.0.0.20' }))).toThrow('cannot have children for a range 10.0.0.12/30');
    store.delete(CLAIMS, 'default', 'r');
    // the range goes with its table: the address handed out in it too
    expect(names(store, ENTRIES).filter((n) => /^idx\.10\.0\.0\.1[0-2]-/.test(n ?? ''))).toEqual([]);
  });

  it('rebuilds the tables of a persisted store when it is opened (a process start), claims staying put', () => {
    const first = setup();
    apply(first.store, index([{ prefix: '10.0.0.0/24', prefixType: 'pool' }]));
    apply(first.store, claim('a', { selector: af('ipv4') }));
    apply(first.store, claim('b', { selector: af('ipv4') }));
    first.store.delete(CLAIMS, 'default', 'a'); // a hole at 10.0.0.0
    const s2 = createApiStore({ clock: manualClock(), newUid: sequentialUids('11111111-0000-4000-8000') });
    for (const crd of backendCrds(EXAMPLES_GENERATION)) s2.registerApi(crd);
    for (const api of first.store.apis()) for (const o of first.store.storedObjects(api)) s2.restore(o);
    const second = setup(EXAMPLES_GENERATION, s2);
    expect(second.be.ipam.table('default', 'idx')).toBeDefined(); // before anything is written
    const b = second.store.apply(claim('b', { selector: af('ipv4') }), { fieldManager: 'test' });
    expect(b.changed).toBe(false);
    expect(b.object.status?.address).toBe('10.0.0.1/32');
    expect(apply(second.store, claim('d', { selector: af('ipv4') })).status?.address).toBe('10.0.0.0/32');
    expect(apply(second.store, claim('e', { selector: af('ipv4') })).status?.address).toBe('10.0.0.2/32');
  });

  it('bad index prefixes fail the write with the position of the prefix', () => {
    const { store } = setup();
    expect(() => apply(store, index([{ prefix: '10.0.0.1/24' }]))).toThrow('ipindex default/idx: spec.prefixes[0] "10.0.0.1/24": host bits set (use 10.0.0.0/24)');
    expect(() => apply(store, index([{ prefix: 'nope' }]))).toThrow(/spec.prefixes\[0\] "nope"/);
    expect(() => apply(store, index([{ prefix: '10.0.0.0/8' }, { prefix: '10.0.0.0/16' }]))).toThrow(/nesting/);
    expect(store.size()).toBe(0);
  });

  it('dry runs check the allocation without touching the table', () => {
    const { store, be } = setup();
    apply(store, index([{ prefix: '10.0.0.0/24', prefixType: 'pool' }]));
    const n = be.ipam.table('default', 'idx')!.allRoutes().length;
    store.apply(claim('a', { selector: af('ipv4') }), { fieldManager: 'test', dryRun: true });
    expect(() => store.apply(claim('b', { address: '192.168.0.1' }), { fieldManager: 'test', dryRun: true })).toThrow(/no parent prefix/);
    expect(() => store.apply(index([{ prefix: '10.0.0.1/24' }], 'other'), { fieldManager: 'test', dryRun: true })).toThrow(/host bits set/);
    expect(be.ipam.table('default', 'idx')!.allRoutes()).toHaveLength(n);
    expect(store.tryGet(CLAIMS, 'default', 'a')).toBeUndefined();
  });
});

describe('IPAM backend as kuid at the commit Choreo HEAD pins (profile-B projects)', () => {
  const head = () => setup(HEAD_GENERATION);
  const lo = (f: string) => ({ matchLabels: { 'infra.kuid.dev/purpose': 'loopback', 'ipam.be.kuid.dev/address-family': f } });
  const kn = (prefixes: unknown[]) => index(prefixes, 'kubenet.default');
  const nodeClaim = (node: string, f: string) => ({ ...claim(`kubenet.region1.us-east.${node}.${f}`, { selector: lo(f) }), spec: { index: 'kubenet.default', selector: lo(f) } as any });

  it('the README of the kubenet workshop: regular prefixes give their first address, entries are <namespace>.<index>.<subnet>', () => {
    const { store } = head();
    const idx = apply(store, kn([{ prefix: '10.0.0.0/24', labels: { 'infra.kuid.dev/purpose': 'loopback' } }]));
    const ic = store.get(CLAIMS, 'default', 'kubenet.default.10.0.0.0-24');
    expect(ic.metadata.ownerReferences).toEqual([{ apiVersion: AV, kind: 'IPIndex', name: 'kubenet.default', uid: idx.metadata.uid }]);
    expect(ic.spec).toEqual({ index: 'kubenet.default', prefix: '10.0.0.0/24', prefixLength: 24, createPrefix: true, labels: { 'infra.kuid.dev/purpose': 'loopback' } });
    expect(entry(store, 'default.kubenet.default.10.0.0.0-24').spec).toEqual({
      index: 'kubenet.default',
      indexEntry: true,
      prefixType: 'regular',
      claimType: 'staticPrefix',
      prefix: '10.0.0.0/24',
      addressFamily: 'ipv4',
      labels: { 'infra.kuid.dev/purpose': 'loopback' },
    });
    expect(apply(store, nodeClaim('node1', 'ipv4')).status?.address).toBe('10.0.0.0/32');
    const e = entry(store, 'default.kubenet.default.10.0.0.0-32');
    expect(e.spec).toEqual({ index: 'kubenet.default', indexEntry: false, prefixType: 'regular', claimType: 'dynamicAddress', prefix: '10.0.0.0/32', addressFamily: 'ipv4', labels: { 'infra.kuid.dev/purpose': 'loopback' } });
    expect(owner(e)).toBe('IPClaim/kubenet.region1.us-east.node1.ipv4');
    // "Update ipindex with an ipv6 prefix", then "Add a node"
    apply(store, kn([{ prefix: '10.0.0.0/24', labels: { 'infra.kuid.dev/purpose': 'loopback' } }, { prefix: '1000::/32', labels: { 'infra.kuid.dev/purpose': 'loopback' } }]));
    expect(apply(store, nodeClaim('node1', 'ipv6')).status?.address).toBe('1000::/128');
    expect(apply(store, nodeClaim('node2', 'ipv4')).status?.address).toBe('10.0.0.1/32');
    expect(apply(store, nodeClaim('node2', 'ipv6')).status?.address).toBe('1000::1/128');
    expect(names(store, CLAIMS)).toEqual([
      'kubenet.default.10.0.0.0-24',
      'kubenet.default.1000---32',
      'kubenet.region1.us-east.node1.ipv4',
      'kubenet.region1.us-east.node1.ipv6',
      'kubenet.region1.us-east.node2.ipv4',
      'kubenet.region1.us-east.node2.ipv6',
    ]);
    expect(names(store, ENTRIES)).toEqual([
      'default.kubenet.default.10.0.0.0-24',
      'default.kubenet.default.10.0.0.0-32',
      'default.kubenet.default.10.0.0.1-32',
      'default.kubenet.default.1000---128',
      'default.kubenet.default.1000---32',
      'default.kubenet.default.1000--1-128',
    ]);
  });

  it('prefix types are regular and network: a prefix may stand alone, nothing nests in a network, networks reserve first and last', () => {
    const { store } = head();
    expect(() => apply(store, kn([{ prefix: '10.0.0.0/24', prefixType: 'pool' }]))).toThrow(/Unsupported value: "pool": supported values: "network", "regular"/);
    apply(store, index([{ prefix: '192.0.0.0/16', labels: { purpose: 'underlay' } }]));
    // any prefix may stand alone at HEAD (the embedded kuid wanted an index prefix around it)
    expect(apply(store, claim('stray', { prefix: '11.0.0.0/24' })).status?.prefix).toBe('11.0.0.0/24');
    expect(apply(store, claim('net', { prefix: '192.0.1.0/24', prefixType: 'network' })).status?.prefix).toBe('192.0.1.0/24');
    expect(names(store, ENTRIES)).toEqual(expect.arrayContaining(['default.idx.192.0.1.0-24', 'default.idx.192.0.1.0-32', 'default.idx.192.0.1.255-32']));
    expect(() => apply(store, claim('inner', { prefix: '192.0.1.0/28' }))).toThrow('parent 192.0.1.0/24/192.0.1.0/28 nesting network/regular is not possible');
    expect(apply(store, claim('a', { selector: { matchLabels: { 'be.kuid.dev/claim-name': 'net' } } })).status?.address).toBe('192.0.1.1/24');
    // a dynamic address from a regular prefix of the index: the lowest free one, the network address included
    expect(apply(store, claim('b', { selector: { matchLabels: { purpose: 'underlay' } } })).status?.address).toBe('192.0.0.0/32');
    expect(() => apply(store, claim('r', { range: '192.0.0.10-192.0.0.12', prefixType: 'network' }))).toThrow('a range claim is of prefix type regular, got network');
  });

  it('addresses of a range have entries of their own: <namespace>.<index>.<range>.<subnet>', () => {
    const { store } = head();
    apply(store, index([{ prefix: '10.0.0.0/24' }]));
    apply(store, claim('r', { range: '10.0.0.10-10.0.0.12' }));
    expect(apply(store, claim('ra', { selector: { matchLabels: { 'be.kuid.dev/claim-name': 'r' } } })).status?.address).toBe('10.0.0.10/32');
    expect(owner(entry(store, 'default.idx.r.10.0.0.10-32'))).toBe('IPClaim/ra');
    expect(owner(entry(store, 'default.idx.10.0.0.10-31'))).toBe('IPClaim/r');
    store.delete(CLAIMS, 'default', 'ra');
    expect(store.tryGet(ENTRIES, 'default', 'default.idx.r.10.0.0.10-32')).toBeUndefined();
  });
});
