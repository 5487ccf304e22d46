import { afterEach, describe, expect, it } from 'vitest';
import { tempProjects } from '../../testing/temp-projects.js';
import { runOnceWithProject } from '../runner/run-once.js';
import { manualClock, sequentialUids } from '../store/clock.js';
import { createApiStore } from '../store/store.js';
import { getAsUpstream } from './lookup.js';
import { ANY_OBJECT, testCrdYaml } from '../../testing/crd-yaml.js';

const projects = tempProjects('choreo-lookup-');
afterEach(() => projects.cleanup());

const crd = (kind: string, plural: string) => testCrdYaml({ kind, plural, properties: { spec: ANY_OBJECT } });

const obj = (kind: string, name: string, ns: string, spec = '{}') => `apiVersion: example.com/v1alpha1
kind: ${kind}
metadata: {name: ${name}, namespace: ${ns}}
spec: ${spec}
`;

// Like the kubenet reconcilers: the namespace comes from a field that is not there ("").
const RECONCILER = `def reconcile(self):
  ns = self.get("spec", {}).get("namespace", "")
  rsp = client_get(self["spec"]["site"], ns, get_resource("example.com/v1alpha1", "Site")["resource"])
  if rsp["error"] != None:
    return reconcile_result(self, True, 0, "", rsp["error"], False)
  site = rsp["resource"]
  rsp = client_create({"apiVersion": "example.com/v1alpha1", "kind": "Rack", "metadata": {"name": self["metadata"]["name"], "namespace": "default"}, "spec": {"region": site["spec"]["region"]}})
  rsp = client_apply()
  if rsp["error"] != None:
    return reconcile_result(self, True, 0, "", rsp["error"], rsp["fatal"])
  return reconcile_result(self, False, 0, "", "", False)
`;

const CONFIG = `apiVersion: choreo.kform.dev/v1alpha1
kind: Reconciler
spec:
  for: {group: example.com, version: v1alpha1, kind: Node, selector: {}}
  owns: [{group: example.com, version: v1alpha1, kind: Rack}]
`;

describe('client_get finds objects as upstream Go does (objects keyed by name)', () => {
  it('a get with an empty namespace finds the object of that name: the run creates what Go creates', async () => {
    const dir = projects.withFiles({
      'crds/sites.yaml': crd('Site', 'sites'),
      'crds/nodes.yaml': crd('Node', 'nodes'),
      'crds/racks.yaml': crd('Rack', 'racks'),
      'in/site.yaml': obj('Site', 'us-east', 'default', '{region: region1}'),
      'in/node.yaml': obj('Node', 'node1', 'default', '{site: us-east}'),
      'reconcilers/example.com.nodes.rack.yaml': CONFIG,
      'reconcilers/example.com.nodes.rack.star': RECONCILER,
    });
    const { result, project } = await runOnceWithProject(dir);
    expect(result.success, result.message).toBe(true);
    expect(project.store.get('racks.example.com', 'default', 'node1').spec).toEqual({ region: 'region1' });
    // no loop: one reconcile of the node and one for its rack's event
    expect(result.runners[0]!.events.filter((e) => e.operation === 'REQUEUE')).toEqual([]);
  });

  it('an exact namespace wins; a name in several namespaces is an error that names them', () => {
    const store = createApiStore({ clock: manualClock(), newUid: sequentialUids() });
    store.registerApi({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'sites.example.com' }, spec: { group: 'example.com', names: { kind: 'Site', plural: 'sites' }, scope: 'Namespaced', versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] } });
    const gvk = { group: 'example.com', version: 'v1alpha1', kind: 'Site' };
    const site = (ns: string, region: string) => ({ apiVersion: 'example.com/v1alpha1', kind: 'Site', metadata: { name: 's', namespace: ns }, spec: { region } });
    store.apply(site('a', 'r-a'), { fieldManager: 't' });
    expect(getAsUpstream(store, gvk, '', 's').spec).toEqual({ region: 'r-a' });
    expect(getAsUpstream(store, gvk, 'other', 's').spec).toEqual({ region: 'r-a' });
    store.apply(site('b', 'r-b'), { fieldManager: 't' });
    expect(getAsUpstream(store, gvk, 'b', 's').spec).toEqual({ region: 'r-b' });
    expect(() => getAsUpstream(store, gvk, '', 's')).toThrow('sites.example.com "s" not found in namespace ""; objects of that name exist in namespaces a, b: pass the namespace');
    expect(() => getAsUpstream(store, gvk, '', 'none')).toThrow(/NotFound.*"none" not found/);
  });
});
