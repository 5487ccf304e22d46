import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../../src-shared/krm/object.js';
import { manualClock, sequentialUids } from '../../store/clock.js';
import { createApiStore, type MemoryApiStore } from '../../store/store.js';
import { backendCrds } from '../crds.js';
import { installBackends } from '../install.js';

function setup(store: MemoryApiStore = createApiStore({ clock: manualClock(), newUid: sequentialUids() })) {
  for (const crd of backendCrds()) store.registerApi(crd);
  installBackends(store);
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
const apply = (s: MemoryApiStore, o: KrmObject) => s.apply(o, { fieldManager: 'test' }).object;
const names = (s: MemoryApiStore, api: string) => s.list(api).map((o) => o.metadata.name);

describe('ID pool backends (engine spec §11.2)', () => {
  it('an index reserves the IDs outside minID..maxID with two claims', () => {
    const s = setup();
    apply(s, vlanIndex({ minID: 100, maxID: 4000 }));
    expect(s.get('vlanindices.vlan.be.kuid.dev', 'default', 'vl').status?.conditions).toMatchObject([{ type: 'Ready', status: 'True' }]);
    expect(names(s, 'vlanclaims.vlan.be.kuid.dev')).toEqual(['vl.rangereservedmax', 'vl.rangereservedmin']);
    expect(s.get('vlanclaims.vlan.be.kuid.dev', 'default', 'vl.rangereservedmin').status?.range).toBe('0-99');
    expect(s.get('vlanclaims.vlan.be.kuid.dev', 'default', 'vl.rangereservedmax').status?.range).toBe('4001-4095');
    expect(names(s, 'vlanentries.vlan.be.kuid.dev')).toEqual(['vl.0-99', 'vl.4001-4095']);
    // widening the pool drops the reserved claim that is no longer needed
    apply(s, vlanIndex({ minID: 100 }));
    expect(names(s, 'vlanclaims.vlan.be.kuid.dev')).toEqual(['vl.rangereservedmin']);
    expect(names(s, 'vlanentries.vlan.be.kuid.dev')).toEqual(['vl.0-99']);
  });

  it('static id, static range and dynamic (lowest free, sticky) claims', () => {
    const s = setup();
    apply(s, vlanIndex({ minID: 10, maxID: 20 }));
    expect(apply(s, vlanClaim('a', {})).status?.id).toBe(10);
    expect(apply(s, vlanClaim('b', { id: 11 })).status?.id).toBe(11);
    expect(apply(s, vlanClaim('r', { range: '12-14' })).status?.range).toBe('12-14');
    expect(apply(s, vlanClaim('c', {})).status?.id).toBe(15);
    expect(() => apply(s, vlanClaim('d', { id: 13 }))).toThrow('vlanclaim default/d: id 13 is already claimed by r');
    expect(() => apply(s, vlanClaim('e', { id: 5 }))).toThrow('vlanclaim default/e: id 5 is already claimed by vl.rangereservedmin');
    expect(() => apply(s, vlanClaim('f', { id: 1, range: '1-2' }))).toThrow(/can only have 1 claimType, got id: 1, range: 1-2/);
    s.delete('vlanclaims.vlan.be.kuid.dev', 'default', 'a');
    expect(s.tryGet('vlanentries.vlan.be.kuid.dev', 'default', 'vl.10')).toBeUndefined();
    expect(apply(s, vlanClaim('g', {})).status?.id).toBe(10);
    expect(s.get('vlanentries.vlan.be.kuid.dev', 'default', 'vl.10').metadata.ownerReferences?.[0]).toMatchObject({ kind: 'VLANClaim', name: 'g' });
  });

  it('a full pool and claims before the index fail with clear messages', () => {
    const s = setup();
    expect(() => apply(s, vlanClaim('a', {}))).toThrow('index default/vl not initialized');
    apply(s, vlanIndex({ minID: 1, maxID: 1 }));
    apply(s, vlanClaim('a', {}));
    expect(() => apply(s, vlanClaim('b', {}))).toThrow('vlanclaim default/b: no free id in vlanindex default/vl');
    expect(() => apply(s, vlanIndex({ minID: 9, maxID: 5000 }))).toThrow(/spec.maxID 5000 is outside 0-4095/);
  });

  it('AS and GENID pools share the implementation (GENID type sets the range)', () => {
    const s = setup();
    apply(s, obj('as.be.kuid.dev', 'ASIndex', 'as', { minID: 65000, maxID: 65100 }));
    expect(apply(s, obj('as.be.kuid.dev', 'ASClaim', 'x', { index: 'as' })).status?.id).toBe(65000);
    expect(s.get('asclaims.as.be.kuid.dev', 'default', 'as.rangereservedmax').status?.range).toBe('65101-4294967295');
    apply(s, obj('genid.be.kuid.dev', 'GENIDIndex', 'g', { type: '16bit', minID: 1 }));
    expect(s.get('genidclaims.genid.be.kuid.dev', 'default', 'g.rangereservedmin').status?.range).toBe('0-0');
    expect(apply(s, obj('genid.be.kuid.dev', 'GENIDClaim', 'y', { index: 'g', id: 65535 })).status?.id).toBe(65535);
  });

  it('restores allocations after a restart', () => {
    const a = setup();
    apply(a, vlanIndex({ minID: 10, maxID: 20 }));
    apply(a, vlanClaim('a', {}));
    apply(a, vlanClaim('b', {}));
    const b = setup(createApiStore({ clock: manualClock(), newUid: sequentialUids('22222222-0000-4000-8000') }));
    for (const api of a.apis()) for (const o of a.storedObjects(api)) b.restore(o);
    apply(b, vlanIndex({ minID: 10, maxID: 20 }));
    expect(b.apply(vlanClaim('b', {}), { fieldManager: 'test' }).object.status?.id).toBe(11);
    expect(apply(b, vlanClaim('c', {})).status?.id).toBe(12);
  });
});
