import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../../src-shared/krm/object.js';
import { manualClock, sequentialUids } from '../../store/clock.js';
import { createApiStore, type MemoryApiStore } from '../../store/store.js';
import { backendCrds } from '../crds.js';
import { installBackends } from '../install.js';

const AV = 'ipam.be.kuid.dev/v1alpha1';
const CLAIMS = 'ipclaims.ipam.be.kuid.dev';
const ENTRIES = 'ipentries.ipam.be.kuid.dev';

function setup(store: MemoryApiStore = createApiStore({ clock: manualClock(), newUid: sequentialUids() })) {
  for (const crd of backendCrds()) store.registerApi(crd);
  const be = installBackends(store);
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
const v4pool = { matchLabels: { 'ipam.be.kuid.dev/address-family': 'ipv4' } };

describe('IPAM backend (engine spec §11.1)', () => {
  it('a claim needs an initialised index', () => {
    const { store } = setup();
    expect(() => apply(store, claim('c1', {}))).toThrow('rpc error: code = InvalidArgument desc = index default/idx not initialized');
    expect(store.size()).toBe(0);
  });

  it('an index claims its prefixes, becomes Ready and mirrors routes as entries', () => {
    const { store, be } = setup();
    const idx = apply(store, index([{ prefix: '10.0.0.0/24', prefixType: 'pool', labels: { purpose: 'loopback' } }, { prefix: '1000::/32', prefixType: 'pool' }]));
    const stored = store.get('ipindices.ipam.be.kuid.dev', 'default', 'idx');
    expect(stored.status?.conditions).toEqual([{ type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2024-01-01T00:00:00Z' }]);
    expect(names(store, CLAIMS)).toEqual(['idx.10.0.0.0-24', 'idx.1000---32']);
    const c = store.get(CLAIMS, 'default', 'idx.1000---32');
    expect(c.metadata.ownerReferences).toEqual([{ apiVersion: AV, kind: 'IPIndex', name: 'idx', uid: idx.metadata.uid }]);
    expect(c.spec).toEqual({ index: 'idx', prefix: '1000::/32', prefixLength: 32, createPrefix: true, prefixType: 'pool' });
    expect(c.status?.prefix).toBe('1000::/32');
    expect(names(store, ENTRIES)).toEqual(['idx.10.0.0.0-24', 'idx.1000---32']);
    const route = be.ipam.table('default', 'idx')!.all()[0]!;
    expect(route.labels).toMatchObject({
      purpose: 'loopback',
      'be.kuid.dev/claim-name': 'idx.10.0.0.0-24',
      'be.kuid.dev/owner-kind': 'IPClaim',
      'be.kuid.dev/claim-type': 'staticPrefix',
      'ipam.be.kuid.dev/claim-summary-type': 'prefix',
      'ipam.be.kuid.dev/ipprefix-type': 'pool',
      'ipam.be.kuid.dev/address-family': 'ipv4',
      'ipam.be.kuid.dev/subnet': '10.0.0.0-24',
    });
    expect(route.labels['be.kuid.dev/claim-uid']).toBe(store.get(CLAIMS, 'default', 'idx.10.0.0.0-24').metadata.uid);
  });

  it('dynamic addresses: lowest free address, kept on re-apply, released on delete', () => {
    const { store } = setup();
    apply(store, index([{ prefix: '10.0.0.0/24', prefixType: 'pool', labels: { purpose: 'loopback' } }]));
    expect(apply(store, claim('a', { prefixType: 'pool', selector: v4pool })).status?.address).toBe('10.0.0.0/32');
    expect(apply(store, claim('b', { prefixType: 'pool', selector: v4pool })).status?.address).toBe('10.0.0.1/32');
    const again = store.apply(claim('a', { prefixType: 'pool', selector: v4pool }), { fieldManager: 'test' });
    expect(again.changed).toBe(false);
    expect(again.object.status?.address).toBe('10.0.0.0/32');
    const entry = store.get(ENTRIES, 'default', 'idx.10.0.0.1-32');
    expect(entry.spec).toEqual({ index: 'idx', prefixType: 'pool', claimType: 'dynamicAddress', prefix: '10.0.0.1/32', addressFamily: 'ipv4', labels: { purpose: 'loopback' } });
    expect(entry.metadata.ownerReferences).toEqual([{ apiVersion: AV, kind: 'IPClaim', name: 'b', uid: store.get(CLAIMS, 'default', 'b').metadata.uid }]);
    store.delete(CLAIMS, 'default', 'a');
    expect(store.tryGet(ENTRIES, 'default', 'idx.10.0.0.0-32')).toBeUndefined();
    expect(apply(store, claim('c', { selector: v4pool })).status?.address).toBe('10.0.0.0/32');
  });

  it('dynamic addresses skip ranges and reuse released addresses (free hint)', () => {
    const { store } = setup();
    apply(store, index([{ prefix: '10.0.0.0/24', prefixType: 'pool' }]));
    expect(apply(store, claim('a', { selector: v4pool })).status?.address).toBe('10.0.0.0/32');
    apply(store, claim('r', { range: '10.0.0.1-10.0.0.4' }));
    expect(apply(store, claim('b', { selector: v4pool })).status?.address).toBe('10.0.0.5/32');
    expect(apply(store, claim('c', { selector: v4pool })).status?.address).toBe('10.0.0.6/32');
    store.delete(CLAIMS, 'default', 'a');
    expect(apply(store, claim('d', { selector: v4pool })).status?.address).toBe('10.0.0.0/32');
    store.delete(CLAIMS, 'default', 'r');
    expect(apply(store, claim('e', { selector: v4pool })).status?.address).toBe('10.0.0.1/32');
  });

  it('dynamic address errors: no routes for the selector, pool exhausted', () => {
    const { store } = setup();
    apply(store, index([{ prefix: '10.0.0.0/31', prefixType: 'pool' }]));
    expect(() => apply(store, claim('x', { selector: { matchLabels: { 'ipam.be.kuid.dev/address-family': 'ipv6' } } }))).toThrow(
      'dynamic claim: no available routes based on the selector labels ipam.be.kuid.dev/address-family=ipv6',
    );
    apply(store, claim('a', { selector: v4pool }));
    apply(store, claim('b', { selector: v4pool }));
    expect(() => apply(store, claim('c', { selector: v4pool }))).toThrow('no free addresses found in routes: [10.0.0.0/31]');
    expect(store.tryGet(CLAIMS, 'default', 'c')).toBeUndefined();
  });

  it('networks keep their prefix length and reserve the network/broadcast addresses', () => {
    const { store } = setup();
    apply(store, index([{ prefix: '10.0.1.0/24', prefixType: 'network' }]));
    expect(apply(store, claim('gw', { address: '10.0.1.1', defaultGateway: true })).status).toMatchObject({ address: '10.0.1.1/24', defaultGateway: '10.0.1.1' });
    expect(apply(store, claim('d', {})).status?.address).toBe('10.0.1.2/24');
    expect(() => apply(store, claim('dup', { address: '10.0.1.1' }))).toThrow('address 10.0.1.1 is already claimed by gw');
    expect(() => apply(store, claim('out', { address: '192.168.0.1' }))).toThrow(/no parent prefix in index default\/idx/);
  });

  it('claim types: exactly one of address/prefix/range', () => {
    const { store } = setup();
    apply(store, index([{ prefix: '10.0.0.0/24', prefixType: 'pool' }]));
    expect(() => apply(store, claim('x', { address: '10.0.0.1', prefix: '10.0.0.0/28' }))).toThrow('an ipclaim can only have 1 claimType, got address: 10.0.0.1, prefix: 10.0.0.0/28');
  });

  it('static and dynamic prefixes, ranges', () => {
    const { store } = setup();
    apply(store, index([{ prefix: '10.0.0.0/24', prefixType: 'aggregate' }]));
    expect(apply(store, claim('p1', { prefix: '10.0.0.0/26', prefixType: 'pool' })).status?.prefix).toBe('10.0.0.0/26');
    expect(() => apply(store, claim('p2', { prefix: '10.0.0.0/26' }))).toThrow('prefix 10.0.0.0/26 is already claimed by p1 in index default/idx');
    expect(() => apply(store, claim('p3', { prefix: '10.0.0.1/26' }))).toThrow(/host bits set/);
    const dyn = apply(store, claim('p4', { createPrefix: true, prefixLength: 26, prefixType: 'network', selector: { matchLabels: { 'ipam.be.kuid.dev/ipprefix-type': 'aggregate' } } }));
    expect(dyn.status?.prefix).toBe('10.0.0.64/26');
    expect(apply(store, claim('r', { range: '10.0.0.10-10.0.0.12' })).status?.range).toBe('10.0.0.10-10.0.0.12');
    expect(() => apply(store, claim('r2', { range: '10.0.0.12-10.0.0.20' }))).toThrow(/overlaps range 10.0.0.10-10.0.0.12 claimed by r/);
    const fromRange = apply(store, claim('ra', { selector: { matchLabels: { 'ipam.be.kuid.dev/claim-summary-type': 'range' } } }));
    expect(fromRange.status?.address).toBe('10.0.0.10/32');
    // a pool address does not take addresses reserved by the range
    expect(apply(store, claim('pa', { selector: { matchLabels: { 'be.kuid.dev/claim-name': 'p1' } } })).status?.address).toBe('10.0.0.0/32');
    expect(names(store, ENTRIES)).toContain('idx.10.0.0.10-10.0.0.12');
  });

  it('restores the table from stored claims after a restart (dynamic addresses stay put)', () => {
    const first = setup();
    apply(first.store, index([{ prefix: '10.0.0.0/24', prefixType: 'pool' }]));
    apply(first.store, claim('a', { selector: v4pool }));
    apply(first.store, claim('b', { selector: v4pool }));
    first.store.delete(CLAIMS, 'default', 'a'); // hole at 10.0.0.0
    apply(first.store, claim('c', { address: '10.0.0.5' }));

    const second = setup(createApiStore({ clock: manualClock(), newUid: sequentialUids('11111111-0000-4000-8000') }));
    for (const api of first.store.apis()) for (const o of first.store.storedObjects(api)) second.store.restore(o);
    expect(() => apply(second.store, claim('b', { selector: v4pool }))).toThrow(/not initialized/);
    const before = second.store.get('ipindices.ipam.be.kuid.dev', 'default', 'idx', { showManagedFields: true }).metadata.resourceVersion;
    apply(second.store, index([{ prefix: '10.0.0.0/24', prefixType: 'pool' }]));
    expect(second.store.get('ipindices.ipam.be.kuid.dev', 'default', 'idx', { showManagedFields: true }).metadata.resourceVersion).toBe(before);
    const b = second.store.apply(claim('b', { selector: v4pool }), { fieldManager: 'test' });
    expect(b.changed).toBe(false);
    expect(b.object.status?.address).toBe('10.0.0.1/32');
    expect(apply(second.store, claim('d', { selector: v4pool })).status?.address).toBe('10.0.0.0/32');
    expect(apply(second.store, claim('e', { selector: v4pool })).status?.address).toBe('10.0.0.2/32');
    expect(() => apply(second.store, claim('f', { address: '10.0.0.5' }))).toThrow('address 10.0.0.5 is already claimed by c');
  });

  it('[quirk] claims of prefixes removed from the index are not deleted', () => {
    const { store } = setup();
    apply(store, index([{ prefix: '10.0.0.0/24', prefixType: 'pool' }, { prefix: '1000::/32', prefixType: 'pool' }]));
    apply(store, index([{ prefix: '1000::/32', prefixType: 'pool' }]));
    expect(names(store, CLAIMS)).toEqual(['idx.10.0.0.0-24', 'idx.1000---32']);
  });

  it('bad index prefixes fail the write with the position of the prefix', () => {
    const { store } = setup();
    expect(() => apply(store, index([{ prefix: '10.0.0.1/24' }]))).toThrow('ipindex default/idx: spec.prefixes[0] "10.0.0.1/24": host bits set (use 10.0.0.0/24)');
    expect(() => apply(store, index([{ prefix: 'nope' }]))).toThrow(/spec.prefixes\[0\] "nope"/);
    expect(store.size()).toBe(0);
  });

  it('dry runs check the allocation without touching the table', () => {
    const { store, be } = setup();
    apply(store, index([{ prefix: '10.0.0.0/24', prefixType: 'pool' }]));
    store.apply(claim('a', { selector: v4pool }), { fieldManager: 'test', dryRun: true });
    expect(() => store.apply(claim('b', { address: '192.168.0.1' }), { fieldManager: 'test', dryRun: true })).toThrow(/no parent prefix/);
    expect(() => store.apply(index([{ prefix: '10.0.0.1/24' }], 'other'), { fieldManager: 'test', dryRun: true })).toThrow(/host bits set/);
    expect(be.ipam.table('default', 'idx')!.all()).toHaveLength(1);
    expect(store.tryGet(CLAIMS, 'default', 'a')).toBeUndefined();
  });
});
