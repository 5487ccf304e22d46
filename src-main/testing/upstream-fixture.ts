// A small ecosystem of upstream repositories for tests of refs, in the shape of the kubenet projects
// (kubenet-dev/kubenet-choreo refers to a `topology-module` package of type `all`, which refers to API
// repositories of type `crd` with `includes`): bare repositories served by `git http-backend` (the local
// smart-HTTP server), reached through a URL rewrite of `https://github.com/acme/` as a real project would
// name them. The contents are written here for the tests; no upstream file is copied.
import path from 'node:path';
import { makeGitFixture, type GitFixture } from './git-fixture.js';
import { crdYaml } from './crd-yaml.js';
import { writeProjectFiles } from './temp-projects.js';

/** The URL prefix the fixture's refs use (rewritten to the local server). */
export const ACME = 'https://github.com/acme/';

export interface UpstreamFixture {
  git: GitFixture;
  /** `CHOREO_URL_REWRITE`-style rewrites that point ACME at the local server. */
  rewrites: { from: string; to: string }[];
  /** Creates (or extends) repository `<name>.git` with `files`, commits and returns the commit hash. */
  commit(name: string, files: Record<string, string>, message?: string): Promise<string>;
  /** Moves (or creates) a branch of repository `name` to `commit`. */
  branch(name: string, branch: string, commit: string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function makeUpstreamFixture(): Promise<UpstreamFixture> {
  const git = await makeGitFixture();
  const works = new Map<string, string>();
  return {
    git,
    rewrites: [{ from: ACME, to: `${git.server.url}/` }],
    async commit(name, files, message = 'update') {
      let work = works.get(name);
      if (!work) {
        const url = await git.bare(name);
        work = path.join(git.tmp, 'work', name);
        await git.git(['clone', '-q', url, work]);
        works.set(name, work);
      }
      writeProjectFiles(work, files);
      await git.git(['add', '-A'], work);
      await git.git(['commit', '-q', '-m', message], work);
      await git.git(['push', '-q', 'origin', 'HEAD:main'], work);
      return git.git(['rev-parse', 'HEAD'], work);
    },
    async branch(name, branch, commit) {
      const work = works.get(name)!;
      await git.git(['push', '-q', '-f', 'origin', `${commit}:refs/heads/${branch}`], work);
    },
    cleanup: () => git.cleanup(),
  };
}

/** An UpstreamRef document. */
export function upstreamRefYaml(name: string, spec: { repo: string; commit: string; type?: 'all' | 'crd'; directory?: string; includes?: string[] }): string {
  return [
    'apiVersion: choreo.kform.dev/v1alpha1',
    'kind: UpstreamRef',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    ...(spec.type ? [`  type: ${spec.type}`] : []),
    `  url: ${ACME}${spec.repo}.git`,
    ...(spec.directory ? [`  directory: ${spec.directory}`] : []),
    '  ref:',
    '    type: hash',
    `    name: ${spec.commit}`,
    ...(spec.includes ? ['  includes:', ...spec.includes.map((i) => `  - ${i}`)] : []),
    '',
  ].join('\n');
}

/** The pinned commits of the kubenet-shaped ecosystem. */
export interface Ecosystem {
  /** acme/apis: `crd`-style API repository (topologies, nodetemplates, extras). */
  apis: string;
  /** acme/ids: kuid-style repository with a multi-version kind (IDClaim: storage `ids`, served `v1alpha1`). */
  ids: string;
  /** acme/modules: the `topology-module` package (type all), with crd refs to acme/apis and acme/ids. */
  modules: string;
}

const reconcilerConfig = (name: string, forGvk: string, owns: string) => `apiVersion: choreo.kform.dev/v1alpha1
kind: Reconciler
metadata:
  name: ${name}
spec:
  conditionType: Ready
  for: ${forGvk}
  owns:
  - ${owns}
`;

/** A profile-B reconciler that creates the children `childrenExpr` (a Starlark list expression) and applies them. */
function childrenReconciler(preamble: string[], childrenExpr: string): string {
  return [
    ...preamble,
    '',
    'def reconcile(self):',
    `  for child in ${childrenExpr}:`,
    '    rsp = client_create(child)',
    '    if rsp["error"] != None:',
    '      return reconcile_result(self, True, 0, rsp["error"], rsp["fatal"])',
    '  rsp = client_apply()',
    '  if rsp["error"] != None:',
    '    return reconcile_result(self, True, 0, rsp["error"], rsp["fatal"])',
    '  return reconcile_result(self, False, 0, "", False)',
    '',
  ].join('\n');
}

/** Commits the ecosystem's repositories and returns their pinned commits. */
export async function buildEcosystem(fx: UpstreamFixture): Promise<Ecosystem> {
  const apis = await fx.commit('apis', {
    'crds/topo.acme.dev_topologies.yaml': crdYaml('topo.acme.dev', 'Topology', 'topologies', ['v1alpha1'], '{nodes: {type: array, items: {type: string}}}'),
    'crds/topo.acme.dev_topologies.star': 'def nodeNames(topology):\n  return topology.get("spec", {}).get("nodes", [])\n',
    'crds/device.acme.dev_nodetemplates.yaml': crdYaml('device.acme.dev', 'NodeTemplate', 'nodetemplates', ['v1alpha1'], '{size: {type: string}}'),
    'crds/device.acme.dev_extras.yaml': crdYaml('device.acme.dev', 'Extra', 'extras', ['v1alpha1']),
    // a crd child's data and reconcilers are never loaded
    'in/device.acme.dev.nodetemplates.ignored.yaml': 'apiVersion: device.acme.dev/v1alpha1\nkind: NodeTemplate\nmetadata: {name: ignored, namespace: default}\nspec: {size: huge}\n',
    'reconcilers/never/config.yaml': reconcilerConfig('never', '{group: device.acme.dev, version: v1alpha1, kind: NodeTemplate, selector: {}}', '{group: device.acme.dev, version: v1alpha1, kind: Extra}'),
    'reconcilers/never/reconciler.star': 'def reconcile(self):\n  fail("a crd child\'s reconciler ran")\n',
  });
  const ids = await fx.commit('ids', {
    'crds/infra.acme.dev_nodes.yaml': crdYaml('infra.acme.dev', 'Node', 'nodes', ['v1alpha1'], '{template: {type: string}}'),
    'crds/ids.acme.dev_idclaims.yaml': crdYaml('ids.acme.dev', 'IDClaim', 'idclaims', ['ids', 'v1alpha1'], '{index: {type: string}}'),
  });
  const modules = await fx.commit('modules', {
    'topology-module/refs/choreo.kform.dev.upstreamrefs.apis.yaml': upstreamRefYaml('acme.apis', { repo: 'apis', commit: apis, type: 'crd', includes: ['topo.acme.dev_topologies', 'device.acme.dev_nodetemplates'] }),
    'topology-module/refs/choreo.kform.dev.upstreamrefs.ids.yaml': upstreamRefYaml('acme.infra', { repo: 'ids', commit: ids, type: 'crd', includes: ['infra.acme.dev_nodes'] }),
    'topology-module/in/device.acme.dev.nodetemplates.small.yaml': 'apiVersion: device.acme.dev/v1alpha1\nkind: NodeTemplate\nmetadata: {name: small, namespace: default}\nspec: {size: small}\n',
    'topology-module/reconcilers/topology/config.yaml': reconcilerConfig(
      'topo.acme.dev.topologies.nodes',
      '{group: topo.acme.dev, version: v1alpha1, kind: Topology, selector: {}}',
      '{group: infra.acme.dev, version: v1alpha1, kind: Node}',
    ),
    'topology-module/reconcilers/topology/reconciler.star': childrenReconciler(
      ['load("topo.acme.dev.topologies.star", "nodeNames")'],
      '[{"apiVersion": "infra.acme.dev/v1alpha1", "kind": "Node", "metadata": {"name": name, "namespace": self["metadata"]["namespace"]}, "spec": {"template": "small"}} for name in nodeNames(self)]',
    ),
  });
  return { apis, ids, modules };
}

/**
 * The root project: refs to topology-module (all) and, like the module, to acme/ids (crd, same commit: a
 * diamond); a Topology input; a reconciler that claims an ID per Node, written at IDClaim's internal
 * storage version `ids` (read back at the served v1alpha1).
 */
export function writeRootProject(dir: string, eco: Ecosystem): void {
  writeProjectFiles(dir, {
    'refs/choreo.kform.dev.upstreamrefs.topology-module.yaml': upstreamRefYaml('topology-module', { repo: 'modules', commit: eco.modules, type: 'all', directory: 'topology-module' }),
    'refs/choreo.kform.dev.upstreamrefs.ids.yaml': upstreamRefYaml('acme.ids', { repo: 'ids', commit: eco.ids, type: 'crd', includes: ['ids.acme.dev_idclaims'] }),
    'in/topo.acme.dev.topologies.lab.yaml': 'apiVersion: topo.acme.dev/v1alpha1\nkind: Topology\nmetadata: {name: lab, namespace: default}\nspec:\n  nodes: [n1, n2]\n',
    'reconcilers/node-id/config.yaml': reconcilerConfig(
      'infra.acme.dev.nodes.id',
      '{group: infra.acme.dev, version: v1alpha1, kind: Node, selector: {}}',
      '{group: ids.acme.dev, version: ids, kind: IDClaim}',
    ),
    'reconcilers/node-id/reconciler.star': childrenReconciler(
      [],
      '[{"apiVersion": "ids.acme.dev/ids", "kind": "IDClaim", "metadata": {"name": self["metadata"]["name"], "namespace": self["metadata"]["namespace"]}, "spec": {"index": "lab"}}]',
    ),
  });
}
