// Test fixture: a small git project that needs the engine's built-in backends (`-r`): its input holds an
// IP index (an API only the backends register) and its one reconciler claims an address from that index for
// every Host and copies it into the Host's status. Without the backends it does not even load ("IPIndex
// not registered"); with them every Host ends Ready with an address. Used by the delivery tests of builds
// made with the backends (delivery/backends-build.test.ts, cli/commands/build.test.ts).
import { backendCrds } from '../engine/index.js';
import { crdYaml } from './crd-yaml.js';
import { commitNewRepo } from './git-fixture.js';

/** The Hosts of the project; each gets one address of 10.7.0.0/24. */
export const BACKEND_PROJECT_HOSTS = ['alpha', 'beta', 'gamma'];

const GROUP = 'lab.example.com';
/** The API group of the backends' IP indexes and claims (a name this fixture need not spell). */
const IPAM_GROUP = (backendCrds().find((c) => (c.spec as { names: { kind: string } }).names.kind === 'IPIndex')!.spec as { group: string }).group;
const IPAM_API_VERSION = `${IPAM_GROUP}/v1alpha1`;
const INDEX = 'lab';

const RECONCILER = `API = "${IPAM_API_VERSION}"

def reconcile(self):
  name = self["metadata"]["name"]
  claim = {"apiVersion": API, "kind": "IPClaim", "metadata": {"name": name, "namespace": "default"},
    "spec": {"index": "${INDEX}", "selector": {"matchLabels": {"${GROUP}/purpose": "hosts"}}}}
  rsp = client_create(claim)
  if rsp["error"] != None:
    return reconcile_result(self, True, 0, rsp["error"], rsp["fatal"])
  rsp = client_apply()
  if rsp["error"] != None:
    return reconcile_result(self, True, 0, rsp["error"], rsp["fatal"])
  rsp = client_get(name, "default", {"apiVersion": API, "kind": "IPClaim"})
  if rsp["error"] != None:
    return reconcile_result(self, True, 0, rsp["error"], rsp["fatal"])
  address = rsp["resource"].get("status", {}).get("address", "")
  if address == "":
    return reconcile_result(self, True, 0, "no address yet", False)
  self["status"] = {"address": address}
  return reconcile_result(self, False, 0, "", False)
`;

/** Writes the project into `dir` and commits it; returns the commit. */
export async function makeBackendProject(dir: string): Promise<{ dir: string; commit: string }> {
  const files: Record<string, string> = {
    'crds/hosts.yaml': crdYaml(GROUP, 'Host', 'hosts', ['v1alpha1'], '{role: {type: string}}'),
    'in/index.yaml': `apiVersion: ${IPAM_API_VERSION}\nkind: IPIndex\nmetadata: {name: ${INDEX}, namespace: default}\nspec:\n  prefixes:\n  - {prefix: 10.7.0.0/24, labels: {${GROUP}/purpose: hosts}}\n`,
    'in/hosts.yaml': BACKEND_PROJECT_HOSTS.map((h) => `apiVersion: ${GROUP}/v1alpha1\nkind: Host\nmetadata: {name: ${h}, namespace: default}\nspec: {role: worker}\n`).join('---\n'),
    'reconcilers/addresses/config.yaml': `apiVersion: choreo.kform.dev/v1alpha1\nkind: Reconciler\nmetadata: {name: addresses}\nspec:\n  conditionType: Ready\n  for: {group: ${GROUP}, version: v1alpha1, kind: Host, selector: {}}\n  owns: [{group: ${IPAM_GROUP}, version: v1alpha1, kind: IPClaim}]\n`,
    'reconcilers/addresses/reconciler.star': RECONCILER,
    '.gitignore': '.choreo/\n',
  };
  return { dir, commit: await commitNewRepo(dir, files, 'a project that needs the built-in backends') };
}
