// Conformance: the `-r` examples `interface`, `config-gotempl` and `config-jinja2templ` (engine spec
// §12.5–§12.7) run end to end with the IPAM backend, including the interface README scenario steps.
// The examples are copied from ../shared into temp folders (never into the project).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { startRunner } from '../runner/prod-runner.js';
import { runOnceWithProject } from '../runner/run-once.js';
import { buildDeps, choreoKindSet, formatDeps } from '../snapshots/deps.js';
import { storeInventory } from '../snapshots/snapshot-store.js';
import type { ApiStore } from '../store/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const examples = path.resolve(repoRoot, '../shared/conformance/choreo-examples');
const haveShared = existsSync(path.join(examples, 'interface'));
if (!haveShared) console.warn(`examples-ipam: ${examples} is absent (no ../shared checkout); the -r example tests are skipped`);

const tmp: string[] = [];
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

function copyExample(name: string): string {
  const base = mkdtempSync(path.join(os.tmpdir(), 'choreo-ipam-'));
  tmp.push(base);
  const dir = path.join(base, name);
  cpSync(path.join(examples, name), dir, { recursive: true });
  return dir;
}

async function run(dir: string) {
  const { result, project } = await runOnceWithProject(dir, { internalReconcilers: true });
  expect(result.errors).toEqual([]);
  expect(result.success).toBe(true);
  return project.store;
}

function get(store: ApiStore, api: string, name: string, ns = 'default'): KrmObject {
  return store.get(api, ns, name);
}

function names(store: ApiStore, api: string): string[] {
  return store.list(api).map((o) => o.metadata.name ?? '');
}

/** `deps` without the CRD/Library/Reconciler roots (as the README listings after the first one). */
function deps(store: ApiStore): string {
  const inv = storeInventory(store);
  return formatDeps(buildDeps({ objects: inv.objects, choreoKinds: choreoKindSet(inv.apiResources) }))
    .split('\n')
    .filter((l) => l !== '' && !/^(CustomResourceDefinition|Library|Reconciler)\./.test(l))
    .join('\n');
}

function ready(o: KrmObject, type = 'Ready'): string | undefined {
  return ((o.status?.conditions as Array<{ type: string; status: string }> | undefined) ?? []).find((c) => c.type === type)?.status;
}

const IPCLAIMS = 'ipclaims.ipam.be.kuid.dev';
const IPENTRIES = 'ipentries.ipam.be.kuid.dev';
const N1 = 'kubenet.region1.us-east.node1';
const N2 = 'kubenet.region1.us-east.node2';

const DEPS_FIRST = `IPIndex.ipam.be.kuid.dev/v1alpha1 kubenet.default
+-IPClaim.ipam.be.kuid.dev/v1alpha1 kubenet.default.10.0.0.0-24
  +-IPEntry.ipam.be.kuid.dev/v1alpha1 kubenet.default.10.0.0.0-24
Node.infra.kuid.dev/v1alpha1 kubenet.region1.us-east.node1
+-Interface.device.network.kubenet.dev/v1alpha1 kubenet.region1.us-east.node1.0.0.system
+-IPClaim.ipam.be.kuid.dev/v1alpha1 kubenet.region1.us-east.node1.ipv4
  +-IPEntry.ipam.be.kuid.dev/v1alpha1 kubenet.default.10.0.0.0-32
+-SubInterface.device.network.kubenet.dev/v1alpha1 kubenet.region1.us-east.node1.0.0.system.0`;

const SUBINTERFACE_SPEC = {
  endpoint: 0,
  id: 0,
  ipv4: { addresses: ['10.0.0.0/32'] },
  name: 'system',
  node: 'node1',
  partition: 'kubenet',
  port: 0,
  region: 'region1',
  site: 'us-east',
  type: 'routed',
};

describe.skipIf(!haveShared)('-r examples (engine spec §12.5–§12.7)', () => {
  it('interface: first run gives the README objects, conditions, owners and deps (§12.5)', async () => {
    const store = await run(copyExample('interface'));

    const backendKinds = store.apis().filter((a) => a.group.endsWith('.be.kuid.dev')).map((a) => a.resource).sort();
    expect(backendKinds).toEqual(['asclaims', 'asentries', 'asindexes', 'genidclaims', 'genidentries', 'genidindexes', 'ipclaims', 'ipentries', 'ipindices', 'vlanclaims', 'vlanentries', 'vlanindices']);

    const index = get(store, 'ipindices.ipam.be.kuid.dev', 'kubenet.default');
    expect(ready(index)).toBe('True');

    const indexClaim = get(store, IPCLAIMS, 'kubenet.default.10.0.0.0-24');
    expect(indexClaim.metadata.ownerReferences).toEqual([{ apiVersion: 'ipam.be.kuid.dev/v1alpha1', kind: 'IPIndex', name: 'kubenet.default', uid: index.metadata.uid }]);
    expect(indexClaim.spec).toMatchObject({ index: 'kubenet.default', prefix: '10.0.0.0/24', prefixLength: 24, createPrefix: true, prefixType: 'pool', labels: { 'infra.kuid.dev/purpose': 'loopback' } });
    expect(indexClaim.status?.prefix).toBe('10.0.0.0/24');
    expect(ready(indexClaim)).toBe('True');
    const indexEntry = get(store, IPENTRIES, 'kubenet.default.10.0.0.0-24');
    expect(indexEntry.metadata.ownerReferences).toEqual([{ apiVersion: 'ipam.be.kuid.dev/v1alpha1', kind: 'IPClaim', name: 'kubenet.default.10.0.0.0-24', uid: indexClaim.metadata.uid }]);
    expect(indexEntry.spec).toMatchObject({ index: 'kubenet.default', prefixType: 'pool', claimType: 'staticPrefix', prefix: '10.0.0.0/24', addressFamily: 'ipv4' });

    const node = get(store, 'nodes.infra.kuid.dev', N1);
    const nodeClaim = get(store, IPCLAIMS, `${N1}.ipv4`);
    expect(nodeClaim.metadata.ownerReferences).toEqual([{ apiVersion: 'infra.kuid.dev/v1alpha1', kind: 'Node', name: N1, uid: node.metadata.uid, controller: true }]);
    expect(nodeClaim.spec).toEqual({ index: 'kubenet.default', prefixType: 'pool', selector: { matchLabels: { 'ipam.be.kuid.dev/address-family': 'ipv4' } } });
    expect(nodeClaim.status?.address).toBe('10.0.0.0/32');
    expect(ready(nodeClaim)).toBe('True');
    const nodeEntry = get(store, IPENTRIES, 'kubenet.default.10.0.0.0-32');
    expect(nodeEntry.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'IPClaim', name: `${N1}.ipv4`, uid: nodeClaim.metadata.uid });
    expect(nodeEntry.spec).toMatchObject({ claimType: 'dynamicAddress', prefix: '10.0.0.0/32', addressFamily: 'ipv4', prefixType: 'pool' });

    const itf = get(store, 'interfaces.device.network.kubenet.dev', `${N1}.0.0.system`);
    expect(itf.spec).toEqual({ partition: 'kubenet', region: 'region1', site: 'us-east', node: 'node1', port: 0, endpoint: 0, name: 'system' });
    const si = get(store, 'subinterfaces.device.network.kubenet.dev', `${N1}.0.0.system.0`);
    expect(si.spec).toEqual(SUBINTERFACE_SPEC);
    expect(si.metadata.ownerReferences).toEqual([{ apiVersion: 'infra.kuid.dev/v1alpha1', controller: true, kind: 'Node', name: N1, uid: node.metadata.uid }]);

    expect(node.metadata.finalizers).toEqual(['node.infra.kuid.dev/ids', 'node.infra.kuid.dev/itfce']);
    expect(ready(node, 'IPClaimReady')).toBe('True');
    expect(ready(node, 'InterfaceReady')).toBe('True');

    expect(deps(store)).toBe(DEPS_FIRST);
  });

  it('interface: README scenarios — add a node, add IPv6, remove IPv4, delete a node (§12.5)', async () => {
    const dir = copyExample('interface');
    await run(dir);
    const nodeFile = (n: string) => path.join(dir, 'in', `infra.kuid.dev.nodes.kubenet.region1.us-east.${n}.yaml`);
    const indexFile = path.join(dir, 'in', 'ipam.be.kuid.dev.ipindices.kubenet.default.yaml');

    // 1. add node2 → 10.0.0.1/32
    writeFileSync(nodeFile('node2'), readFileSync(nodeFile('node1'), 'utf8').replaceAll('node1', 'node2'));
    let store = await run(dir);
    expect(get(store, IPCLAIMS, `${N2}.ipv4`).status?.address).toBe('10.0.0.1/32');
    expect(get(store, IPCLAIMS, `${N1}.ipv4`).status?.address).toBe('10.0.0.0/32'); // kept across runs (restored table)
    expect(get(store, IPENTRIES, 'kubenet.default.10.0.0.1-32').metadata.ownerReferences?.[0]?.name).toBe(`${N2}.ipv4`);
    expect(get(store, 'subinterfaces.device.network.kubenet.dev', `${N2}.0.0.system.0`).spec).toMatchObject({ node: 'node2', ipv4: { addresses: ['10.0.0.1/32'] } });
    expect(names(store, 'interfaces.device.network.kubenet.dev')).toEqual([`${N1}.0.0.system`, `${N2}.0.0.system`]);

    // 2. add 1000::/32 → index claim/entry 1000---32; one node gets 1000::/128, the other 1000::1/128
    const v4 = readFileSync(indexFile, 'utf8');
    writeFileSync(indexFile, `${v4.trimEnd()}\n  - prefix: 1000::/32\n    prefixType: pool\n    labels:\n      infra.kuid.dev/purpose: loopback\n`);
    store = await run(dir);
    expect(get(store, IPCLAIMS, 'kubenet.default.1000---32').status?.prefix).toBe('1000::/32');
    expect(names(store, IPENTRIES)).toContain('kubenet.default.1000---32');
    const v6 = [N1, N2].map((n) => get(store, IPCLAIMS, `${n}.ipv6`).status?.address).sort();
    expect(v6).toEqual(['1000::/128', '1000::1/128']);
    expect(names(store, IPENTRIES)).toEqual(expect.arrayContaining(['kubenet.default.1000---128', 'kubenet.default.1000--1-128']));
    for (const n of [N1, N2]) {
      const spec = get(store, 'subinterfaces.device.network.kubenet.dev', `${n}.0.0.system.0`).spec as Record<string, any>;
      expect(spec.ipv6.addresses).toEqual([get(store, IPCLAIMS, `${n}.ipv6`).status?.address]);
      expect(spec.ipv4.addresses).toHaveLength(1);
    }

    // 3. remove 10.0.0.0/24 → its index claim goes (as at upstream HEAD; v0.0.13 kept it, a lookup with a
    // wrong kind), node ipv4 claims/entries gone, SubInterfaces lose ipv4
    writeFileSync(indexFile, v4.replace('10.0.0.0/24', '1000::/32'));
    store = await run(dir);
    expect(names(store, IPCLAIMS)).toEqual(['kubenet.default.1000---32', `${N1}.ipv6`, `${N2}.ipv6`]);
    expect(names(store, IPENTRIES).filter((n) => n.includes('-32') && n.startsWith('kubenet.default.10.0.0.'))).toEqual([]);
    for (const n of [N1, N2]) {
      const spec = get(store, 'subinterfaces.device.network.kubenet.dev', `${n}.0.0.system.0`).spec as Record<string, any>;
      expect(spec.ipv4).toBeUndefined();
      expect(spec.ipv6.addresses).toHaveLength(1);
    }

    // 4. delete node1's file → its claims, entries, Interface and SubInterface are gone, then the Node
    const node2v6 = get(store, IPCLAIMS, `${N2}.ipv6`).status?.address;
    unlinkSync(nodeFile('node1'));
    store = await run(dir);
    expect(names(store, 'nodes.infra.kuid.dev')).toEqual([N2]);
    expect(names(store, IPCLAIMS)).toEqual(['kubenet.default.1000---32', `${N2}.ipv6`]);
    expect(names(store, 'interfaces.device.network.kubenet.dev')).toEqual([`${N2}.0.0.system`]);
    expect(names(store, 'subinterfaces.device.network.kubenet.dev')).toEqual([`${N2}.0.0.system.0`]);
    const entryOfNode2 = `kubenet.default.${String(node2v6).replaceAll(':', '-').replace('/', '-')}`;
    expect(names(store, IPENTRIES)).toEqual(['kubenet.default.1000---32', entryOfNode2].sort());
  });

  it('interface in prod mode (run start -r): a live Node input gets its address without a restart', async () => {
    const dir = copyExample('interface');
    const runner = await startRunner(dir, { internalReconcilers: true, persist: false });
    try {
      await runner.whenIdle();
      expect(runner.store.get(IPCLAIMS, 'default', `${N1}.ipv4`).status?.address).toBe('10.0.0.0/32');
      const node2 = { apiVersion: 'infra.kuid.dev/v1alpha1', kind: 'Node', metadata: { namespace: 'default', name: N2 }, spec: { node: 'node2', partition: 'kubenet', platformType: 'ixrd3', provider: 'srlinux.nokia.com', region: 'region1', site: 'us-east' } };
      expect((await runner.applyInput(node2)).ok).toBe(true);
      await runner.whenIdle();
      expect(runner.store.get(IPCLAIMS, 'default', `${N2}.ipv4`).status?.address).toBe('10.0.0.1/32');
      expect((runner.store.get('subinterfaces.device.network.kubenet.dev', 'default', `${N2}.0.0.system.0`).spec as any).ipv4.addresses).toEqual(['10.0.0.1/32']);
    } finally {
      await runner.stop();
    }
  });

  const interfaceConfig = (node: string) => ({
    metadata: {
      labels: { 'config.sdcio.dev/targetName': node, 'config.sdcio.dev/targetNamespace': 'default' },
      name: `kubenet.region1.us-east.${node}.0.0.system`,
      namespace: 'default',
      ownerReferences: [expect.objectContaining({ apiVersion: 'device.network.kubenet.dev/v1alpha1', controller: true, kind: 'Interface', name: `kubenet.region1.us-east.${node}.0.0.system` })],
    },
    spec: { config: [{ path: '/', value: { interface: [{ 'admin-state': 'enable', description: 'k8s-system', name: 'system' }] } }], priority: 10 },
  });
  const subInterfaceSpec = (address: string, description: string) => ({
    config: [
      {
        path: '/',
        value: {
          interface: [
            {
              name: 'system',
              subinterface: [
                {
                  'admin-state': 'enable',
                  description,
                  index: 0,
                  ipv4: { address: [{ 'ip-prefix': address }], 'admin-state': 'enable', unnumbered: { 'admin-state': 'disable' } },
                  type: 'routed',
                },
              ],
            },
          ],
        },
      },
    ],
    priority: 10,
  });

  it('config-gotempl: a Config per Interface and SubInterface, rendered as in the README (§12.6)', async () => {
    const store = await run(copyExample('config-gotempl'));
    expect(names(store, 'configs.config.sdcio.dev')).toEqual([`${N1}.0.0.system`, `${N1}.0.0.system.0`, `${N2}.0.0.system`, `${N2}.0.0.system.0`]);
    for (const node of ['node1', 'node2']) expect(get(store, 'configs.config.sdcio.dev', `kubenet.region1.us-east.${node}.0.0.system`)).toMatchObject(interfaceConfig(node));
    expect(get(store, 'configs.config.sdcio.dev', `${N1}.0.0.system.0`).spec).toEqual(subInterfaceSpec('10.0.0.0/32', 'k8s-system.%!d(float64=0)'));
    expect(get(store, 'configs.config.sdcio.dev', `${N2}.0.0.system.0`).spec).toEqual(subInterfaceSpec('10.0.0.1/32', 'k8s-system.%!d(float64=0)'));
    const si = get(store, 'subinterfaces.device.network.kubenet.dev', `${N1}.0.0.system.0`);
    expect(get(store, 'configs.config.sdcio.dev', `${N1}.0.0.system.0`).metadata.ownerReferences).toEqual([{ apiVersion: 'device.network.kubenet.dev/v1alpha1', kind: 'SubInterface', name: si.metadata.name, uid: si.metadata.uid, controller: true }]);
    expect(get(store, 'interfaces.device.network.kubenet.dev', `${N1}.0.0.system`).metadata.finalizers).toEqual(['device.kubenet.dev.interfaces.config.nokiasrl']);
    expect(si.metadata.finalizers).toEqual(['device.kubenet.dev.subinterfaces.config.nokiasrl']);
    expect(deps(store)).toContain(`+-SubInterface.device.network.kubenet.dev/v1alpha1 ${N1}.0.0.system.0\n  +-Config.config.sdcio.dev/v1alpha1 ${N1}.0.0.system.0`);
  });

  it('config-jinja2templ: pongo2 prints the float index as 0.000000 (§12.7)', async () => {
    const store = await run(copyExample('config-jinja2templ'));
    expect(names(store, 'configs.config.sdcio.dev')).toEqual([`${N1}.0.0.system`, `${N1}.0.0.system.0`]);
    expect(get(store, 'configs.config.sdcio.dev', `${N1}.0.0.system`)).toMatchObject(interfaceConfig('node1'));
    expect(get(store, 'configs.config.sdcio.dev', `${N1}.0.0.system.0`).spec).toEqual(subInterfaceSpec('10.0.0.0/32', 'k8s-system.0.000000'));
  });
});
