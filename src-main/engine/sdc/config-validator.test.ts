// `run once -s`: the RunningConfig and merged Config objects per Node, as upstream's config validator
// makes them (CRDs in the shape of kuid's Node and config-server's config.sdcio.dev kinds, written here).
import { afterAll, describe, expect, it } from 'vitest';
import { tempProjects } from '../../testing/temp-projects.js';
import { crdYaml } from '../../testing/crd-yaml.js';
import { runOnceWithProject } from '../runner/run-once.js';

const projects = tempProjects('choreo-sdc-');
afterAll(() => projects.cleanup());

const node = (name: string, provider = 'srl.nokia.sdcio.dev', version = '24.7.2') =>
  `apiVersion: infra.kuid.dev/v1alpha1\nkind: Node\nmetadata: {name: ${name}, namespace: default}\nspec: {provider: ${provider}, version: ${version}}\n`;
const snippet = (name: string, target: string, value: unknown) =>
  `apiVersion: config.sdcio.dev/v1alpha1\nkind: Config\nmetadata:\n  name: ${name}\n  namespace: default\n  labels: {config.sdcio.dev/targetName: ${target}, config.sdcio.dev/targetNamespace: default}\nspec:\n  priority: 10\n  config:\n  - path: /\n    value: ${JSON.stringify(value)}\n`;

const running = {
  'srl_nokia-interfaces:interface': [
    { name: 'mgmt0', 'admin-state': 'enable' },
    { name: 'ethernet-1/1', 'admin-state': 'disable' },
  ],
};

function project(extra: Record<string, string> = {}): string {
  return projects.withFiles({
    'crds/infra.kuid.dev_nodes.yaml': crdYaml('infra.kuid.dev', 'Node', 'nodes', ['v1alpha1'], '{provider: {type: string}, version: {type: string}}'),
    'crds/config.sdcio.dev_configs.yaml': crdYaml('config.sdcio.dev', 'Config', 'configs', ['config', 'v1alpha1'], '{priority: {type: integer}, config: {type: array, items: {type: object, properties: {path: {type: string}, value: {type: object, x-kubernetes-preserve-unknown-fields: true}}}}}'),
    'crds/config.sdcio.dev_runningconfigs.yaml': crdYaml('config.sdcio.dev', 'RunningConfig', 'runningconfigs', ['config', 'v1alpha1']),
    'in/node1.yaml': node('node1'),
    'in/itfce.yaml': snippet('node1.itfce', 'node1', { interface: [{ name: 'ethernet-1/1', 'admin-state': 'enable', description: 'to node2' }] }),
    'runningconfigs/node1.json': JSON.stringify(running),
    'schemas/srl.yaml': 'apiVersion: inv.sdcio.dev/v1alpha1\nkind: Schema\nmetadata: {name: srl.nokia.sdcio.dev-24.7.2, namespace: default}\nspec: {provider: srl.nokia.sdcio.dev, version: 24.7.2}\n',
    ...extra,
  });
}

const g = (kind: string) => ({ group: 'config.sdcio.dev', version: 'v1alpha1', kind });

describe('the config validator (-s)', () => {
  it('applies RunningConfig <node> and <node>.tree and the merged Config <node>, owned by the Node', async () => {
    const progress: string[] = [];
    const warnings: string[] = [];
    const { result, project: p } = await runOnceWithProject(project(), { configValidator: true, persist: false, onProgress: (l) => progress.push(l), onWarning: (w) => warnings.push(w) });
    expect(result.success, result.message).toBe(true);
    expect(progress).toContain('running config validator ...');
    expect(warnings).toEqual(['config validator: the srl.nokia.sdcio.dev 24.7.2 YANG schema is not loaded, so merged configs are not checked against it (only their JSON structure is merged)']);
    const nodeUid = p.store.get({ group: 'infra.kuid.dev', version: 'v1alpha1', kind: 'Node' }, 'default', 'node1').metadata.uid;
    const owner = [{ apiVersion: 'infra.kuid.dev/v1alpha1', kind: 'Node', name: 'node1', uid: nodeUid, controller: true }];

    const raw = p.store.get(g('RunningConfig'), 'default', 'node1');
    expect(raw.metadata.ownerReferences).toEqual(owner);
    expect(raw.status.value).toEqual(running);
    const tree = p.store.get(g('RunningConfig'), 'default', 'node1.tree');
    expect(tree.status.value).toEqual({ interface: [{ name: 'ethernet-1/1', 'admin-state': 'disable' }, { name: 'mgmt0', 'admin-state': 'enable' }] });

    const final = p.store.get(g('Config'), 'default', 'node1');
    expect(final.metadata.labels).toEqual({ 'config.sdcio.dev/targetName': 'node1', 'config.sdcio.dev/targetNamespace': 'default', 'config.sdcio.dev/finalconfig': 'true' });
    expect(final.metadata.ownerReferences).toEqual(owner);
    expect(final.spec).toEqual({
      priority: 10,
      config: [{ path: '/', value: { interface: [{ name: 'ethernet-1/1', 'admin-state': 'enable', description: 'to node2' }, { name: 'mgmt0', 'admin-state': 'enable' }] } }],
    });

    // a second run: the final Config is not taken for one of the snippets
    const again = await runOnceWithProject(project(), { configValidator: true, persist: false });
    expect(again.result.success, again.result.message).toBe(true);
  });

  it('fails the run, naming the node, without a running config or a schema for it', async () => {
    const { result } = await runOnceWithProject(project({ 'in/node2.yaml': node('node2'), 'in/node3.yaml': node('node3', 'eos.arista.sdcio.dev', '4.30.1'), 'runningconfigs/node3.json': '{}' }), {
      configValidator: true,
      persist: false,
    });
    expect(result.success).toBe(false);
    expect(result.message.split('\n')).toEqual([
      'cannot run config validation w/o a running config (node node2: no runningconfigs/node2.json)',
      'import config err: node node3: no schema for provider eos.arista.sdcio.dev version 4.30.1 in schemas/',
    ]);
  });

  it('fails clearly when the project has no Node kind', async () => {
    const dir = projects.withFiles({ 'in/x.yaml': 'apiVersion: choreo.kform.dev/v1alpha1\nkind: Library\nmetadata: {name: x.star}\nspec: {code: "x = 1"}\n' });
    const { result } = await runOnceWithProject(dir, { configValidator: true, persist: false });
    expect(result.success).toBe(false);
    expect(result.message).toContain('gvk infra.kuid.dev/v1alpha1, Kind=Node not registered');
  });
});
