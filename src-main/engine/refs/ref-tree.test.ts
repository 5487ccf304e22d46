// Upstream refs loaded recursively from local bare repositories served by `git http-backend`, reached
// through a URL rewrite (testing/upstream-fixture.ts): a kubenet-shaped project (an `all` ref whose own
// `crd` refs carry `includes`), a diamond, a cycle and upstream's nesting rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProjects, writeProjectFiles } from '../../testing/temp-projects.js';
import { crdYaml } from '../../testing/crd-yaml.js';
import { buildEcosystem, makeUpstreamFixture, upstreamRefYaml, writeRootProject, type Ecosystem, type UpstreamFixture } from '../../testing/upstream-fixture.js';
import { readProjectSources } from '../loader/sources.js';
import { diskFs } from '../loader/source-fs.js';
import { runOnceWithProject } from '../runner/run-once.js';
import { loadRefTree } from './ref-tree.js';

const projects = tempProjects('choreo-reftree-');
let fx: UpstreamFixture;
let eco: Ecosystem;

beforeAll(async () => {
  fx = await makeUpstreamFixture();
  eco = await buildEcosystem(fx);
});
afterAll(async () => {
  projects.cleanup();
  await fx?.cleanup();
});

const g = (group: string, version: string, kind: string) => ({ group, version, kind });

describe('a kubenet-shaped project: an all ref with its own crd refs and includes', () => {
  it('loads every level at its pinned commit, runs the child runner then the root runner, and reruns offline', async () => {
    const dir = projects.emptyDir();
    writeRootProject(dir, eco);
    const progress: string[] = [];
    const { result, project } = await runOnceWithProject(dir, { urlRewrites: fx.rewrites, onProgress: (l) => progress.push(l) });
    expect(result.success, result.message).toBe(true);

    // each repository cloned and each URL+ref resolved once, although acme/ids is referred to twice
    for (const repo of ['apis', 'ids', 'modules']) {
      expect(progress.filter((l) => l.startsWith(`cloning repo https://github.com/acme/${repo}.git `))).toHaveLength(1);
      expect(progress.filter((l) => l.startsWith(`opened repo https://github.com/acme/${repo}.git `))).toHaveLength(1);
    }
    expect(result.runners.map((r) => r.runner)).toEqual(['topology-module', 'root']);

    // APIs of every level; includes filters nothing (upstream never reads it): Extra is registered too
    const kinds = project.apis.map((a) => `${a.kind}@${a.version}`);
    expect(kinds).toEqual(expect.arrayContaining(['Topology@v1alpha1', 'NodeTemplate@v1alpha1', 'Extra@v1alpha1', 'Node@v1alpha1', 'IDClaim@v1alpha1']));
    expect(kinds.filter((k) => k.startsWith('IDClaim@'))).toEqual(['IDClaim@v1alpha1']);
    expect(project.libraries.map((l) => l.name)).toContain('topo.acme.dev.topologies.star');

    // the all child's data loads with its origin; a crd child's data does not
    const templates = project.store.list(g('device.acme.dev', 'v1alpha1', 'NodeTemplate'));
    expect(templates.map((t) => t.metadata.name)).toEqual(['small']);
    expect(templates[0]!.metadata.annotations!['api.choreo.kform.dev/origin']).toBe(
      `{"kind":"Upstream","url":"https://github.com/acme/modules.git","directory":"topology-module","ref":"${eco.modules}"}`,
    );
    // the child runner made the Nodes, the root runner an IDClaim per Node (written at the internal version)
    const nodes = project.store.list(g('infra.acme.dev', 'v1alpha1', 'Node'));
    expect(nodes.map((n) => [n.metadata.name, n.metadata.ownerReferences?.[0]?.kind])).toEqual([['n1', 'Topology'], ['n2', 'Topology']]);
    const claims = project.store.list('idclaims.ids.acme.dev');
    expect(claims.map((c) => `${c.apiVersion} ${c.metadata.name} ${c.metadata.ownerReferences?.[0]?.name}`)).toEqual([
      'ids.acme.dev/v1alpha1 n1 n1',
      'ids.acme.dev/v1alpha1 n2 n2',
    ]);
    expect(project.store.list(g('ids.acme.dev', 'ids', 'IDClaim')).map((c) => c.apiVersion)).toEqual(['ids.acme.dev/ids', 'ids.acme.dev/ids']);

    // every level's UpstreamRef is applied, with upstream's defaults and includes as strings
    const refs = project.store.list('upstreamrefs.choreo.kform.dev');
    expect(refs.map((r) => r.metadata.name)).toEqual(['acme.apis', 'acme.ids', 'acme.infra', 'topology-module']);
    expect(refs.find((r) => r.metadata.name === 'acme.apis')!.spec).toMatchObject({ type: 'crd', priority: 10, includes: ['topo.acme.dev_topologies', 'device.acme.dev_nodetemplates'] });

    // a second run works offline from the clones, with the same objects
    const before = fx.git.server.requests();
    const again = await runOnceWithProject(dir, { urlRewrites: fx.rewrites, offline: true });
    expect(again.result.success, again.result.message).toBe(true);
    expect(fx.git.server.requests()).toBe(before);
    expect(again.project.store.list('idclaims.ids.acme.dev').map((c) => c.metadata.uid)).toEqual(claims.map((c) => c.metadata.uid));
    expect(again.project.deleted).toEqual([]);
  });
});

describe('the ref tree', () => {
  const rootRefs = async (dir: string) => (await readProjectSources(diskFs(dir))).upstreamRefs;

  it('a diamond: the same package reached twice is loaded and cloned once', async () => {
    const dir = projects.emptyDir();
    writeRootProject(dir, eco);
    const progress: string[] = [];
    const nodes = await loadRefTree(dir, await rootRefs(dir), { rewrites: fx.rewrites, onProgress: (l) => progress.push(l) });
    // root refs in file order (acme.ids, topology-module), then topology-module's refs; its acme.infra is
    // acme.ids again (same URL, directory and commit) and contributes nothing new
    expect(nodes.map((n) => n.chain.join('/'))).toEqual(['acme.ids', 'topology-module', 'topology-module/acme.apis']);
    expect(nodes.map((n) => n.resolved.commit)).toEqual([eco.ids, eco.modules, eco.apis]);
    expect(progress.filter((l) => l.startsWith('cloning repo'))).toHaveLength(3);
    // a crd child contributes APIs and libraries only
    const apis = nodes[2]!.sources;
    expect(apis.inputs).toEqual([]);
    expect(apis.reconcilers).toEqual([]);
    expect(apis.crds.map((c) => c.object.metadata.name).sort()).toEqual(['extras.device.acme.dev', 'nodetemplates.device.acme.dev', 'topologies.topo.acme.dev']);
    expect(apis.libraries.map((l) => l.object.metadata.name)).toEqual(['topo.acme.dev.topologies.star']);
  });

  it('a cycle is an error that names the chain', async () => {
    // loop/a (all) refers to loop/b (crd) at main; loop/b refers back to loop/a at main
    await fx.commit('loop', {
      'a/refs/b.yaml': upstreamRefYaml('b', { repo: 'loop', commit: 'main', type: 'crd', directory: 'b' }),
      'b/crds/x.acme.dev_xs.yaml': crdYaml('x.acme.dev', 'X', 'xs', ['v1alpha1']),
      'b/refs/a.yaml': upstreamRefYaml('a', { repo: 'loop', commit: 'main', type: 'all', directory: 'a' }),
    });
    const dir = projects.emptyDir();
    writeProjectFiles(dir, { 'refs/a.yaml': upstreamRefYaml('a', { repo: 'loop', commit: 'main', type: 'all', directory: 'a' }) });
    await expect(loadRefTree(dir, await rootRefs(dir), { rewrites: fx.rewrites })).rejects.toThrow(
      'upstream refs form a cycle: root -> a -> b -> a; https://github.com/acme/loop.git ref main directory a is already loaded above (remove the ref in a/b:refs/a.yaml:1)',
    );
    // the run stops at load, with the same message
    const run = runOnceWithProject(dir, { urlRewrites: fx.rewrites, persist: false });
    await expect(run).rejects.toThrow('upstream refs form a cycle: root -> a -> b -> a');
  });

  it("upstream's nesting rules: no all ref below an all ref, no refs below a crd ref", async () => {
    const commit = await fx.commit('nest', {
      'outer/refs/inner.yaml': upstreamRefYaml('inner', { repo: 'nest', commit: 'main', type: 'all', directory: 'inner' }),
      'inner/crds/y.acme.dev_ys.yaml': crdYaml('y.acme.dev', 'Y', 'ys', ['v1alpha1']),
      'crdpkg/crds/y.acme.dev_ys.yaml': crdYaml('y.acme.dev', 'Y', 'ys', ['v1alpha1']),
      'crdpkg/refs/inner.yaml': upstreamRefYaml('inner', { repo: 'nest', commit: 'main', type: 'crd', directory: 'inner' }),
    });
    const nested = projects.emptyDir();
    writeProjectFiles(nested, { 'refs/outer.yaml': upstreamRefYaml('outer', { repo: 'nest', commit, type: 'all', directory: 'outer' }) });
    await expect(loadRefTree(nested, await rootRefs(nested), { rewrites: fx.rewrites })).rejects.toThrow(
      'cannot nest child choreo instances: root -> outer -> inner (outer:refs/inner.yaml:1); an all ref may only refer to crd refs',
    );
    const underCrd = projects.emptyDir();
    writeProjectFiles(underCrd, { 'refs/c.yaml': upstreamRefYaml('c', { repo: 'nest', commit, type: 'crd', directory: 'crdpkg' }) });
    await expect(loadRefTree(underCrd, await rootRefs(underCrd), { rewrites: fx.rewrites })).rejects.toThrow(
      'cannot load child choreo instances to a crd based choreo instance: root -> c -> inner (c:refs/inner.yaml:1)',
    );
  });

  it('refs are checked against the UpstreamRef schema before anything is cloned', async () => {
    const dir = projects.emptyDir();
    writeProjectFiles(dir, {
      'refs/bad.yaml': upstreamRefYaml('bad', { repo: 'apis', commit: eco.apis, type: 'crd' }).replace('  type: crd', '  type: full'),
      'refs/objs.yaml': upstreamRefYaml('objs', { repo: 'apis', commit: eco.apis }) + '  includes:\n  - {name: topo.acme.dev_topologies}\n',
    });
    const src = await readProjectSources(diskFs(dir));
    expect(src.upstreamRefs).toEqual([]);
    expect(src.diagnostics.map((d) => `${d.where?.file}:${d.where?.line} ${d.message}`)).toEqual([
      'refs/bad.yaml:1 cannot apply upstream ref bad, err: rpc error: code = InvalidArgument desc = validation create failed: [spec.type: Unsupported value: "full": supported values: "crd", "all"]',
      'refs/objs.yaml:1 cannot apply upstream ref objs, err: rpc error: code = InvalidArgument desc = fieldmanager apply failed err: failed to create typed patch object (/objs; choreo.kform.dev/v1alpha1, Kind=UpstreamRef): .spec.includes[0]: expected string, got &value.valueUnstructured{Value:{"name":"topo.acme.dev_topologies"}}',
    ]);
    // a ref without type gets the default: all
    writeProjectFiles(dir, { 'refs/bad.yaml': upstreamRefYaml('bad', { repo: 'apis', commit: eco.apis }), 'refs/objs.yaml': '' });
    expect((await readProjectSources(diskFs(dir))).upstreamRefs.map((r) => [r.name, r.type, r.ref.type])).toEqual([['bad', 'all', 'hash']]);
  });
});
