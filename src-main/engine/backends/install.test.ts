import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../loader/load.js';
import { createApiStore } from '../store/store.js';
import { backendCrds } from './crds.js';
import { installBackends, withInternalReconcilers } from './install.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const INDEX = `apiVersion: ipam.be.kuid.dev/v1alpha1
kind: IPIndex
metadata: {name: net, namespace: default}
spec:
  prefixes:
  - {prefix: 192.168.0.0/16, prefixType: pool}
`;

describe('installing the backends', () => {
  it('wraps only this store instance; uninstall restores the plain writes', () => {
    const store = createApiStore();
    for (const c of backendCrds()) store.registerApi(c);
    const be = installBackends(store);
    expect(installBackends(store)).toBe(be); // idempotent
    const claim = { apiVersion: 'ipam.be.kuid.dev/v1alpha1', kind: 'IPClaim', metadata: { name: 'c', namespace: 'default' }, spec: { index: 'none' } };
    expect(() => store.apply(claim, { fieldManager: 't' })).toThrow(/not initialized/);
    be.uninstall();
    expect(store.apply(claim, { fieldManager: 't' }).object.metadata.name).toBe('c');
    expect(createApiStore().apply).toBe(store.apply); // the prototype method again
  });

  it('loadProject with -r options: backend APIs registered first, the index in in/ is initialised while loading', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'choreo-backends-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'in'));
    writeFileSync(path.join(dir, 'in', 'index.yaml'), INDEX);
    const plain = await loadProject(dir, { store: createApiStore() }).catch((e: Error) => e);
    expect(plain).toBeInstanceOf(Error); // without -r the kind is unknown
    const loaded = await loadProject(dir, withInternalReconcilers({ store: createApiStore() }));
    const s = loaded.store;
    expect(s.api('ipindices.ipam.be.kuid.dev')?.choreoAPI).toBe(false);
    expect(s.api('vlanindices.vlan.be.kuid.dev')?.listKind).toBe('');
    expect(s.list('ipclaims.ipam.be.kuid.dev').map((o) => o.metadata.name)).toEqual(['net.192.168.0.0-16']);
    expect(s.list('ipentries.ipam.be.kuid.dev').map((o) => o.metadata.name)).toEqual(['net.192.168.0.0-16']);
  });
});
