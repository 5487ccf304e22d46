import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../loader/load.js';
import { runOnceWithProject } from '../runner/run-once.js';
import { tempProjects } from '../../testing/temp-projects.js';
import { createApiStore } from '../store/store.js';
import { backendCrds } from './crds.js';
import { EXAMPLES_GENERATION } from './generation.js';
import { installBackends, withInternalReconcilers } from './install.js';
import { ANY_OBJECT, CONDITIONS_STATUS, testCrdYaml } from '../../testing/crd-yaml.js';

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
    expect(s.api('extcommindexes.extcomm.be.kuid.dev')).toBeUndefined(); // profile A: Choreo v0.0.13 had no EXTCOMM
  });

  it('the layout chooses the Choreo generation: a profile-B project gets kuid as Choreo HEAD pins it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'choreo-backends-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'in'));
    mkdirSync(path.join(dir, 'reconcilers', 'noop'), { recursive: true });
    writeFileSync(path.join(dir, 'reconcilers', 'noop', 'config.yaml'), 'apiVersion: choreo.kform.dev/v1alpha1\nkind: Reconciler\nmetadata: {name: noop}\nspec:\n  for: {group: ipam.be.kuid.dev, version: v1alpha1, kind: IPIndex}\n');
    writeFileSync(path.join(dir, 'reconcilers', 'noop', 'reconciler.star'), 'def reconcile(self):\n  return reconcile_result(self, False, 0, "", False)\n');
    writeFileSync(path.join(dir, 'in', 'index.yaml'), INDEX.replace('prefixType: pool', 'prefixType: regular'));
    const s = (await loadProject(dir, withInternalReconcilers({ store: createApiStore() }))).store;
    expect(s.list('ipentries.ipam.be.kuid.dev').map((o) => o.metadata.name)).toEqual(['default.net.192.168.0.0-16']);
    expect(s.list('ipentries.ipam.be.kuid.dev')[0]!.spec).toMatchObject({ indexEntry: true, prefixType: 'regular' });
    expect(s.api('extcommindexes.extcomm.be.kuid.dev')?.choreoAPI).toBe(false); // registered, without a backend
    // Choreo HEAD serves each backend kind at kuid's internal version too (ipam, as, vlan, …): an object
    // written at it goes through the backend and reads back at v1alpha1, the version everything shows
    const claim = { apiVersion: 'ipam.be.kuid.dev/ipam', kind: 'IPClaim', metadata: { name: 'gw', namespace: 'default' }, spec: { index: 'net', address: '192.168.0.1/32' } };
    expect(s.apply(claim, { fieldManager: 't' }).object).toMatchObject({ apiVersion: 'ipam.be.kuid.dev/ipam', status: { address: '192.168.0.1/32' } });
    expect(s.get('ipclaims.ipam.be.kuid.dev', 'default', 'gw').apiVersion).toBe('ipam.be.kuid.dev/v1alpha1');
    expect(s.list('ipentries.ipam.be.kuid.dev').map((o) => o.metadata.name)).toContain('default.net.192.168.0.1-32');
    const served = (plural: string) => s.api(plural)?.servedVersions;
    expect(served('asclaims.as.be.kuid.dev')).toEqual(['v1alpha1', 'as']);
    expect(served('vlanindices.vlan.be.kuid.dev')).toEqual(['v1alpha1', 'vlan']);
    expect(s.apis().filter((a) => a.resource === 'ipclaims').map((a) => a.version)).toEqual(['v1alpha1']); // listed once
  });

  it('earlier layouts serve the backend kinds at v1alpha1 only, as Choreo v0.0.1–v0.0.13 did', () => {
    for (const c of backendCrds(EXAMPLES_GENERATION)) expect((c.spec as { versions: { name: string }[] }).versions.map((v) => v.name)).toEqual(['v1alpha1']);
  });
});

describe('a claim before its index exists', () => {
  const projects = tempProjects('choreo-backends-run-');
  afterAll(() => projects.cleanup());
  const CRD = testCrdYaml({ kind: 'Design', plural: 'designs', properties: { spec: ANY_OBJECT, status: CONDITIONS_STATUS } });
  const config = (name: string, owns: string) => `apiVersion: choreo.kform.dev/v1alpha1
kind: Reconciler
metadata: {name: ${name}}
spec:
  for: {group: example.com, version: v1alpha1, kind: Design, selector: {}}
  owns: [{group: as.be.kuid.dev, version: v1alpha1, kind: ${owns}}]
`;
  const child = (kind: string, spec: string) => `def reconcile(self):
  rsp = client_create({"apiVersion": "as.be.kuid.dev/v1alpha1", "kind": "${kind}", "metadata": {"name": "kubenet", "namespace": "default"}, "spec": ${spec}})
  rsp = client_apply()
  if rsp["error"] != None:
    return reconcile_result(self, True, 0, "${kind}Ready", rsp["error"], rsp["fatal"])
  return reconcile_result(self, False, 0, "${kind}Ready", "", False)
`;

  it('requeues until the reconciler that creates the index has run (kubenet: NetworkDesign before Topology)', async () => {
    const dir = projects.withFiles({
      'crds/designs.yaml': CRD,
      'in/design.yaml': 'apiVersion: example.com/v1alpha1\nkind: Design\nmetadata: {name: d, namespace: default}\nspec: {}\n',
      // "a.claim" sorts (and runs) before "b.index"
      'reconcilers/a.claim.yaml': config('a.claim', 'ASClaim'),
      'reconcilers/a.claim.star': child('ASClaim', '{"index": "kubenet", "id": 65535}'),
      'reconcilers/b.index.yaml': config('b.index', 'ASIndex'),
      'reconcilers/b.index.star': child('ASIndex', '{}'),
    });
    const { result, project } = await runOnceWithProject(dir, { internalReconcilers: true });
    expect(result.success, result.message).toBe(true);
    const requeues = result.runners[0]!.events.filter((e) => e.operation === 'REQUEUE' && e.reconciler === 'a.claim');
    expect(requeues[0]?.message).toContain('index default/kubenet not initialized');
    expect(project.store.get('asclaims.as.be.kuid.dev', 'default', 'kubenet').status).toMatchObject({ id: 65535 });
  });

  it('a profile-B project takes node addresses from a regular prefix of its index, as Choreo HEAD does (the kubenet workshop)', async () => {
    const dir = projects.withFiles({
      'crds/designs.yaml': CRD,
      'in/index.yaml': 'apiVersion: ipam.be.kuid.dev/v1alpha1\nkind: IPIndex\nmetadata: {name: kubenet.default, namespace: default}\nspec:\n  prefixes:\n  - {prefix: 10.0.0.0/24, labels: {infra.kuid.dev/purpose: loopback}}\n',
      'in/nodes.yaml': ['node1', 'node2'].map((n) => `apiVersion: example.com/v1alpha1\nkind: Design\nmetadata: {name: ${n}, namespace: default}\nspec: {}\n`).join('---\n'),
      'reconcilers/ids/config.yaml': 'apiVersion: choreo.kform.dev/v1alpha1\nkind: Reconciler\nmetadata: {name: ids}\nspec:\n  conditionType: IPClaimReady\n  for: {group: example.com, version: v1alpha1, kind: Design, selector: {}}\n  owns: [{group: ipam.be.kuid.dev, version: v1alpha1, kind: IPClaim}]\n',
      'reconcilers/ids/reconciler.star': `def reconcile(self):
  claim = {"apiVersion": "ipam.be.kuid.dev/v1alpha1", "kind": "IPClaim",
    "metadata": {"name": self["metadata"]["name"] + ".ipv4", "namespace": "default"},
    "spec": {"index": "kubenet.default", "selector": {"matchLabels": {"infra.kuid.dev/purpose": "loopback", "ipam.be.kuid.dev/address-family": "ipv4"}}}}
  rsp = client_create(claim)
  if rsp["error"] != None:
    return reconcile_result(self, True, 0, rsp["error"], rsp["fatal"])
  return reconcile_result(self, False, 0, "", False)
`,
    });
    const { result, project } = await runOnceWithProject(dir, { internalReconcilers: true });
    expect(result.success, result.message).toBe(true);
    const addresses = project.store.list('ipclaims.ipam.be.kuid.dev').map((c) => `${c.metadata.name}=${String(c.status?.address ?? c.status?.prefix)}`);
    expect(addresses).toEqual(['kubenet.default.10.0.0.0-24=10.0.0.0/24', 'node1.ipv4=10.0.0.0/32', 'node2.ipv4=10.0.0.1/32']);
    expect(project.store.list('ipentries.ipam.be.kuid.dev').map((e) => e.metadata.name)).toEqual([
      'default.kubenet.default.10.0.0.0-24',
      'default.kubenet.default.10.0.0.0-32',
      'default.kubenet.default.10.0.0.1-32',
    ]);
  });
});
