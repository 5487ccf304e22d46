import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../testing/rejection.js';
import { haveSharedExamples, sharedExample, tempProjects } from '../../testing/temp-projects.js';
import { manualClock, sequentialUids } from '../store/clock.js';
import { openApiStore } from '../store/open.js';
import { createApiStore } from '../store/store.js';
import { LoadError } from './errors.js';
import { loadProject } from './load.js';
import { readProjectSources } from './sources.js';
import { diskFs } from './source-fs.js';
import { OBJECT_META_PROPERTIES, testCrdYaml } from '../../testing/crd-yaml.js';

const opts = () => ({ store: createApiStore({ clock: manualClock('2024-10-01T00:00:00Z'), newUid: sequentialUids() }) });

const projects = tempProjects('choreo-load-');
afterEach(() => projects.cleanup());
const project = (files: Record<string, string>): string => projects.withFiles(files);
const loadError = (dir: string): Promise<LoadError> => rejectionOf(loadProject(dir, opts()), LoadError);

const crd = (extraSpecProps = '') => testCrdYaml({ kind: 'Widget', plural: 'widgets', properties: { ...OBJECT_META_PROPERTIES, spec: `{type: object, properties: {size: {type: integer}${extraSpecProps}}}` } });

describe.runIf(haveSharedExamples)('loadProject on the upstream examples', () => {
  it('hello-world: CRD, input, reconciler from reconcilers/ (dev parse in memory)', async () => {
    const p = await loadProject(sharedExample('hello-world'), opts());
    expect(p.profile).toBe('A');
    expect(p.apis.map((a) => a.resource)).toContain('helloworlds');
    expect(p.reconcilers.map((r) => r.name)).toEqual(['example.com.helloworlds.helloworld']);
    const r = p.reconcilers[0]!;
    expect(r.type).toBe('starlark');
    expect(r.for).toEqual({ group: 'example.com', version: 'v1alpha1', kind: 'HelloWorld', selector: {} });
    expect(r.codeFiles['reconciler.star']).toEqual({ file: 'reconcilers/example.com.helloworlds.helloworld.star', line: 1 });
    expect(r.code['reconciler.star']).toContain('def reconcile(self)');
    const hw = p.store.get('helloworlds.example.com', 'default', 'test', { showManagedFields: true });
    expect(hw.metadata.annotations).toEqual({ 'api.choreo.kform.dev/origin': '{"kind":"File"}' });
    expect(hw.metadata.managedFields![0]!.manager).toBe('inputfileloader');
    expect(p.inputs.find((i) => i.object.kind === 'HelloWorld')?.origin).toEqual({ file: 'in/example.com.helloworlds.test.yaml', line: 1 });
  });

  it('greeting: library and owns kind', async () => {
    const p = await loadProject(sharedExample('greeting'), opts());
    expect(p.libraries.map((l) => l.name)).toEqual(['api.k8s.io.object.star']);
    expect(p.reconcilers[0]!.owns.map((o) => o.kind)).toEqual(['Greeting']);
  });

  it('interface without the IPAM backend: the IPIndex input is an unknown kind (one error with file:line)', async () => {
    const e = await loadError(sharedExample('interface'));
    expect(e.diagnostics).toHaveLength(1);
    expect(e.message).toContain('cannot load input, err: in/ipam.be.kuid.dev.ipindices.kubenet.default.yaml:1: cannot load IPIndex default/kubenet.default: rpc error: code = Unavailable desc = gvk ipam.be.kuid.dev/v1alpha1, Kind=IPIndex not registered');
  });

  it('greeting-ref-example: refs parsed; with the child package loaded its APIs and reconcilers appear', async () => {
    const alone = await loadError(sharedExample('greeting-ref-example'));
    expect(alone.message).toContain('gvk example.com/v1alpha1, Kind=HelloWorld not registered');
    const src = await readProjectSources(diskFs(sharedExample('greeting-ref-example')));
    expect(src.upstreamRefs.map((r) => [r.name, r.url, r.directory, r.ref])).toEqual([
      ['greeting', 'https://github.com/kform-dev/choreo-examples.git', 'greeting-ref', { type: 'hash', name: 'd8a3ca6ea40d938d70de58921581c3b0448284cb' }],
    ]);
    const origin = '{"kind":"Upstream","url":"https://github.com/kform-dev/choreo-examples.git","ref":"d8a3ca6ea40d938d70de58921581c3b0448284cb"}';
    const child = await readProjectSources(diskFs(sharedExample('greeting-ref')), { noDevParse: true });
    const p = await loadProject(sharedExample('greeting-ref-example'), { ...opts(), children: [{ name: 'greeting', origin, sources: child }] });
    expect(p.apis.map((a) => a.resource)).toEqual(expect.arrayContaining(['greetings', 'helloworlds', 'upstreamrefs']));
    expect(p.libraries.map((l) => l.name)).toEqual(['api.k8s.io.object.star', 'example.com.greetings.star']);
    expect(p.reconcilers[0]!.object.metadata.annotations!['api.choreo.kform.dev/origin']).toBe(origin);
    expect(p.reconcilers[0]!.origin.file).toBe('greeting:in/choreo.kform.dev.reconciler.example.com.helloworlds.helloworld.yaml');
    expect(p.store.get('upstreamrefs.choreo.kform.dev', '', 'greeting').spec.ref.type).toBe('hash');
  });
});

describe('loadProject on bad input', () => {
  it('refuses a $ref in a CRD schema, naming the file and the schema path', async () => {
    const e = await loadError(project({ 'crds/w.yaml': crd(', other: {$ref: "#/definitions/Other"}') }));
    expect(e.diagnostics).toHaveLength(1);
    expect(e.message).toMatch(/crds\/w\.yaml:1.*properties\[other\]\.\$ref: Forbidden: \$ref is not supported/);
  });

  it('refuses a second definition of the same CRD, naming both places', async () => {
    const e = await loadError(project({ 'crds/a.yaml': crd(), 'crds/b.yaml': crd() }));
    expect(e.diagnostics).toHaveLength(1);
    expect(e.message).toMatch(/crds\/b\.yaml:1.*duplicate crd widgets\.example\.com: it is already defined at crds\/a\.yaml:1/);
  });

  it('malformed YAML names file:line:col', async () => {
    const e = await loadError(project({ 'crds/w.yaml': crd(), 'in/a.yaml': 'apiVersion: example.com/v1alpha1\nkind: Widget\nmetadata:\n  name: a\n   namespace: default\n' }));
    expect(e.diagnostics).toHaveLength(1);
    expect(e.message).toMatch(/^cannot load project: in\/a\.yaml:4:9: invalid YAML: Nested mappings/);
  });

  it('a CRD without schema', async () => {
    const bad = crd().replace(/    schema:[\s\S]*$/, '');
    const e = await loadError(project({ 'crds/w.yaml': bad }));
    expect(e.message).toBe('cannot load project: crds/w.yaml:1: invalid crd widgets.example.com, version v1alpha1 has no schema.openAPIV3Schema');
  });

  it('a CRD whose schema has a typo', async () => {
    const e = await loadError(project({ 'crds/w.yaml': crd().replace('size: {type: integer}', 'size: {type: integr}') }));
    expect(e.message).toBe(
      'cannot load project: crds/w.yaml:1: invalid crd widgets.example.com, version v1alpha1: openAPIV3Schema.properties[spec].properties[size].type: Unsupported value: "integr": supported values: "array", "boolean", "integer", "number", "object", "string"',
    );
  });

  it('warns about a for without selector (it matches nothing)', async () => {
    const p = await loadProject(
      project({
        'crds/w.yaml': crd(),
        'reconcilers/r.yaml': 'spec:\n  for: {group: example.com, version: v1alpha1, kind: Widget}\n',
        'reconcilers/r.star': 'def reconcile(self):\n  return None\n',
      }),
      opts(),
    );
    expect(p.diagnostics.map((d) => `${d.severity} ${d.where?.file}: ${d.message}`)).toEqual([
      'warning reconcilers/r.yaml: reconciler r: spec.for has no selector, so it matches nothing (write selector: {} to match every object)',
    ]);
  });

  it('a reconciler whose for kind is not registered', async () => {
    const e = await loadError(
      project({
        'crds/w.yaml': crd(),
        'reconcilers/r.yaml': 'spec:\n  for: {group: example.com, version: v1alpha1, kind: Gadget, selector: {}}\n',
        'reconcilers/r.star': 'def reconcile(self):\n  return None\n',
      }),
    );
    expect(e.message).toBe('cannot load project: reconcilers/r.yaml:1: reconciler r api example.com/v1alpha1, Kind=Gadget of reconciler not available in apigroup');
  });

  it('an invalid field value and an undeclared field name the object and the line', async () => {
    const e = await loadError(
      project({
        'crds/w.yaml': crd(),
        'in/a.yaml': '# comment\napiVersion: example.com/v1alpha1\nkind: Widget\nmetadata: {name: a, namespace: default}\nspec: {size: big}\n---\napiVersion: example.com/v1alpha1\nkind: Widget\nmetadata: {name: b, namespace: default}\nspec: {colour: red}\n',
      }),
    );
    expect(e.diagnostics.map((d) => `${d.where?.file}:${d.where?.line}`)).toEqual(['in/a.yaml:2', 'in/a.yaml:7']);
    expect(e.diagnostics[1]!.message).toContain('.spec.colour: field not declared in schema');
  });

  it('a cycle of owner references', async () => {
    const obj = (name: string, owner: string) =>
      `apiVersion: example.com/v1alpha1\nkind: Widget\nmetadata:\n  name: ${name}\n  namespace: default\n  ownerReferences:\n  - {apiVersion: example.com/v1alpha1, kind: Widget, name: ${owner}, uid: u-${owner}}\n`;
    const e = await loadError(project({ 'crds/w.yaml': crd(), 'in/a.yaml': obj('a', 'b'), 'in/b.yaml': obj('b', 'a') }));
    expect(e.diagnostics).toHaveLength(1);
    expect(e.message).toContain('cycle of owner references: Widget.example.com/v1alpha1 a (default) -> Widget.example.com/v1alpha1 b (default) -> Widget.example.com/v1alpha1 a (default)');
  });

  it('a failed load writes nothing to .choreo/db', async () => {
    const dir = project({ 'crds/w.yaml': crd(), 'in/a.yaml': 'apiVersion: example.com/v1alpha1\nkind: Widget\nmetadata: {name: a, namespace: default}\nspec: {size: x}\n' });
    await expect(loadProject(dir)).rejects.toBeInstanceOf(LoadError);
    expect(existsSync(path.join(dir, '.choreo'))).toBe(false);
  });
});

describe('loadProject across runs', () => {
  it('keeps uids, cleans removed inputs and collects garbage', async () => {
    const widget = (name: string, size: number) => `apiVersion: example.com/v1alpha1\nkind: Widget\nmetadata: {name: ${name}, namespace: default}\nspec: {size: ${size}}\n`;
    const dir = project({ 'crds/w.yaml': crd(), 'in/a.yaml': widget('a', 1), 'in/b.yaml': widget('b', 1) });
    const p1 = await loadProject(dir);
    const a = p1.store.get('widgets.example.com', 'default', 'a');
    // a reconciler-made child of b
    const b = p1.store.get('widgets.example.com', 'default', 'b');
    p1.store.apply({ apiVersion: 'example.com/v1alpha1', kind: 'Widget', metadata: { name: 'b-child', namespace: 'default', ownerReferences: [{ apiVersion: 'example.com/v1alpha1', kind: 'Widget', name: 'b', uid: b.metadata.uid! }] } }, { fieldManager: 'r' });
    await p1.store.save();

    rmSync(path.join(dir, 'in/b.yaml'));
    writeFileSync(path.join(dir, 'in/a.yaml'), widget('a', 2));
    const p2 = await loadProject(dir);
    const a2 = p2.store.get('widgets.example.com', 'default', 'a', { showManagedFields: true });
    expect(a2.metadata.uid).toBe(a.metadata.uid);
    expect(a2.metadata.generation).toBe(1);
    expect(p2.store.list('widgets.example.com').map((o) => o.metadata.name)).toEqual(['a']);
    expect(p2.deleted.map((o) => o.metadata.name).sort()).toEqual(['b', 'b-child']);
    await p2.store.save();
    const reopened = await openApiStore(path.join(dir, '.choreo', 'db'));
    expect(reopened.list('widgets.example.com').map((o) => o.metadata.name)).toEqual(['a']);
  });

  it('keepStoredInput (a takeover of a shared store) keeps stored input whose file this folder lacks', async () => {
    const widget = (name: string) => `apiVersion: example.com/v1alpha1\nkind: Widget\nmetadata: {name: ${name}, namespace: default}\nspec: {size: 1}\n`;
    const dir = project({ 'crds/w.yaml': crd(), 'in/a.yaml': widget('a'), 'in/b.yaml': widget('b') });
    const p1 = await loadProject(dir);
    rmSync(path.join(dir, 'in/b.yaml'));
    const kept = await loadProject(dir, { store: p1.store, keepStoredInput: true });
    expect(kept.store.list('widgets.example.com').map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(kept.deleted).toEqual([]);
    // without it, the same load cleans b (the default: in/ is the input)
    const cleaned = await loadProject(dir, { store: p1.store });
    expect(cleaned.store.list('widgets.example.com').map((o) => o.metadata.name)).toEqual(['a']);
  });

  it('removing a CRD file unregisters its API and drops its objects', async () => {
    const dir = project({ 'crds/w.yaml': crd(), 'in/a.yaml': 'apiVersion: example.com/v1alpha1\nkind: Widget\nmetadata: {name: a, namespace: default}\n' });
    const p1 = await loadProject(dir);
    await p1.store.save();
    rmSync(path.join(dir, 'crds/w.yaml'));
    rmSync(path.join(dir, 'in/a.yaml'));
    const p2 = await loadProject(dir);
    expect(p2.store.api('widgets.example.com')).toBeUndefined();
    await p2.store.save();
    expect(existsSync(path.join(dir, '.choreo/db/example.com/widgets.ndjson'))).toBe(false);
    expect((await openApiStore(path.join(dir, '.choreo', 'db'))).api('widgets.example.com')).toBeUndefined();
  });

  it('a namespace written on a cluster-scoped kind does not make the object look stale', async () => {
    const dir = project({ 'crds/w.yaml': crd(), 'in/lib.yaml': 'apiVersion: choreo.kform.dev/v1alpha1\nkind: Library\nmetadata: {name: x.star, namespace: default}\nspec: {code: "x = 1", type: starlark}\n' });
    const p = await loadProject(dir, opts());
    expect(p.libraries.map((l) => l.name)).toEqual(['x.star']);
    expect(p.deleted).toEqual([]);
  });

  it('profile B layout: reconcilers/<dir>/config.yaml and crds/*.star', async () => {
    const dir = project({
      'crds/w.yaml': crd(),
      'crds/example.com_widgets.star': 'def helper():\n  return 1\n',
      'reconcilers/widgets/config.yaml': 'apiVersion: choreo.kform.dev/v1alpha1\nkind: Reconciler\nmetadata: {name: widgets.example.com.sizer}\nspec:\n  conditionType: Ready\n  for: {group: example.com, version: v1alpha1, kind: Widget, selector: {}}\n',
      'reconcilers/widgets/reconciler.star': 'def reconcile(self):\n  return None\n',
      'reconcilers/.ignore': 'skipped\n',
      'reconcilers/skipped/config.yaml': 'not: [valid\n',
    });
    const p = await loadProject(dir, opts());
    expect(p.profile).toBe('B');
    expect(p.diagnostics).toEqual([]);
    expect(p.reconcilers.map((r) => [r.name, r.conditionType, r.codeFiles['reconciler.star']?.file])).toEqual([
      ['widgets.example.com.sizer', 'Ready', 'reconcilers/widgets/reconciler.star'],
    ]);
    expect(p.libraries.map((l) => l.name)).toEqual(['example.com.widgets.star']);
  });

  it('a multi-version CRD: inputs at either served version load into one kind; re-loading keeps them', async () => {
    // kuid's shape: an internal storage version plus a served v1alpha1
    const twoVersions = crd().replace('  - name: v1alpha1\n    served: true\n    storage: true\n', '  - name: widget\n    served: true\n    storage: true\n') +
      crd().slice(crd().indexOf('  - name: v1alpha1')).replace('storage: true', 'storage: false');
    const dir = project({
      'crds/w.yaml': twoVersions,
      'in/a.yaml': 'apiVersion: example.com/widget\nkind: Widget\nmetadata: {name: a, namespace: default}\nspec: {size: 1}\n',
      'in/b.yaml': 'apiVersion: example.com/v1alpha1\nkind: Widget\nmetadata: {name: b, namespace: default}\nspec: {size: 2}\n',
    });
    const p = await loadProject(dir);
    expect(p.apis.filter((a) => a.kind === 'Widget').map((a) => [a.version, a.storageVersion])).toEqual([['v1alpha1', 'widget']]);
    expect(p.store.list('widgets.example.com').map((o) => `${o.apiVersion} ${o.metadata.name}`)).toEqual(['example.com/v1alpha1 a', 'example.com/v1alpha1 b']);
    await p.store.save();
    const again = await loadProject(dir);
    expect(again.deleted).toEqual([]);
    expect(again.store.list({ group: 'example.com', version: 'widget', kind: 'Widget' }).map((o) => o.apiVersion)).toEqual(['example.com/widget', 'example.com/widget']);
  });
});

describe('LoadError', () => {
  it('lists at most 20 problems in its message and keeps all of them in diagnostics', async () => {
    const { LoadError: E } = await import('./errors.js');
    const e = new E(Array.from({ length: 25 }, (_, i) => ({ severity: 'error' as const, message: `m${i}`, where: { file: 'in/x.yaml', line: i + 1 } })), 'input');
    expect(e.diagnostics).toHaveLength(25);
    expect(e.message.split('\n')[0]).toBe('cannot load input, err: 25 errors');
    expect(e.message.split('\n')).toHaveLength(22);
    expect(e.message).toContain('  … and 5 more');
  });
});
