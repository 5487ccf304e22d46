import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatRunSummary, reconcilerRows } from '../../../src-shared/run/format.js';
import { RunLoadError, runOnce, runOnceWithProject } from './run-once.js';
import { OBJECT_META_PROPERTIES, reconcilerConfigYaml, testCrdYaml } from '../../testing/crd-yaml.js';
import { tempProjects } from '../../testing/temp-projects.js';

const projects = tempProjects('choreo-run-');
afterAll(() => projects.cleanup());

const CRD = testCrdYaml({
  kind: 'HelloWorld',
  plural: 'helloworlds',
  statusSubresource: true,
  properties: {
    ...OBJECT_META_PROPERTIES,
    spec: '{type: object, properties: {greeting: {type: string}, stage: {type: string}, prefix: {type: string}, info: {type: string}}}',
    status:
      '{type: object, properties: {conditions: {type: array, x-kubernetes-list-type: map, x-kubernetes-list-map-keys: [type], items: {type: object, required: [lastTransitionTime, message, reason, status, type], properties: {lastTransitionTime: {type: string}, message: {type: string}, reason: {type: string}, status: {type: string}, type: {type: string}}}}}}',
  },
});

const INPUT = `apiVersion: example.com/v1alpha1
kind: HelloWorld
metadata:
  name: test
  namespace: default
spec:
  prefix: 10.0.0.1/24
`;

const CONFIG_A = (kind = 'HelloWorld') => reconcilerConfigYaml(kind);

function project(files: Record<string, string>): string {
  return projects.withFiles({ 'crds/example.com_helloworlds.yaml': CRD, 'in/example.com.helloworlds.test.yaml': INPUT, ...files }, { folder: 'proj' });
}

const events = (r: Awaited<ReturnType<typeof runOnce>>) => r.runners.flatMap((x) => x.events);

describe('runOnce', () => {
  it('runs a profile-A reconciler with the IP builtins and prints the profile-B summary', async () => {
    const dir = project({
      'reconcilers/ex.hello.yaml': CONFIG_A(),
      'reconcilers/ex.hello.star': `def reconcile(self):
  p = self["spec"]["prefix"]
  self["spec"]["info"] = "%s %s %d %s %s %s" % (get_address(p), get_subnetname(p), get_prefixlength(p), isIPv4(p), is_ipv6(p), get_resource("v1", "X")["resource"]["kind"])
  return reconcile_result(self, False, 0, "Ready", "", False)
`,
    });
    const progress: string[] = [];
    const { result, project: p } = await runOnceWithProject(dir, { onProgress: (l) => progress.push(l) });
    expect(result.success, result.message).toBe(true);
    expect(progress).toEqual(['loading ...', 'loading done', 'running reconcilers ...', 'running root reconciler proj']);
    const hw = p.store.get({ group: 'example.com', version: 'v1alpha1', kind: 'HelloWorld' }, 'default', 'test');
    expect(hw.spec.info).toBe('10.0.0.1 10.0.0.0-24 24 True False X');
    const lines = formatRunSummary(result);
    expect(lines[0]).toBe('Run root summary');
    expect(lines[1]).toMatch(/^execution success, time\(msec\) \d/);
    expect(lines[2]).toMatch(/^Reconciler +Start Stop Requeue Error$/);
    expect(lines[3]).toMatch(/^ex\.hello +2 +2 +0 +0 *$/);
    // persisted: store, snapshot, last run result
    expect(existsSync(path.join(dir, '.choreo', 'db'))).toBe(true);
    expect(existsSync(path.join(dir, '.choreo', 'last-run.json'))).toBe(true);
    expect(result.snapshotId).toBeTruthy();
  });

  it('jumps over requeueAfter delays on a virtual clock (no sleeping)', async () => {
    const dir = project({
      'reconcilers/ex.hello.yaml': CONFIG_A(),
      'reconcilers/ex.hello.star': `def reconcile(self):
  spec = self["spec"]
  if spec.get("stage", "") == "":
    spec["stage"] = "one"
    return reconcile_result(self, False, 3600, "Ready", "", False)
  return reconcile_result(self, False, 0, "Ready", "", False)
`,
    });
    const r = await runOnce(dir, { persist: false });
    expect(r.success, r.message).toBe(true);
    const row = reconcilerRows(events(r))[0]!;
    expect(row.requeue).toBe(1);
    expect(row.error).toBe(0);
  });

  it('ends a livelock with a clear message naming the looping reconciler', async () => {
    const dir = project({
      'reconcilers/ex.loop.yaml': CONFIG_A(),
      'reconcilers/ex.loop.star': `def reconcile(self):
  return reconcile_result(self, True, 0, "Ready", "still waiting", False)
`,
    });
    const r = await runOnce(dir, { persist: false, maxReconciles: 40 });
    expect(r.success).toBe(false);
    expect(r.stillLooping).toEqual(['ex.loop']);
    expect(r.message).toContain('still looping: ex.loop');
    expect(events(r).some((e) => e.operation === 'REQUEUE' && e.message === 'reconcile failed still waiting')).toBe(true);
  });

  it('reports a Starlark runtime error with reconciler, resource and file:line:col', async () => {
    const dir = project({
      'reconcilers/ex.bad.yaml': CONFIG_A(),
      'reconcilers/ex.bad.star': `def reconcile(self):
  x = self["spec"]
  return x["missing"]
`,
    });
    const r = await runOnce(dir);
    expect(r.success).toBe(false);
    expect(r.runners[0]!.taskId).toBe('ex.bad.HelloWorld.example.com.test');
    expect(r.runners[0]!.message).toMatch(/^starlark execution runtime failure: /);
    expect(r.errors[0]!.position).toMatchObject({ file: 'reconcilers/ex.bad.star', line: 3 });
    expect(r.errors[0]!.resource).toMatchObject({ kind: 'HelloWorld', namespace: 'default', name: 'test' });
    expect(formatRunSummary(r)).toEqual(['execution failed', `  reason task ex.bad.HelloWorld.example.com.test message ${r.runners[0]!.message}`]);
    // a failed run still writes a snapshot
    expect(r.snapshotId).toBeTruthy();
  });

  it('gives the traceback as frames with project file names (reconciler and library), innermost last', async () => {
    const dir = project({
      'reconcilers/ex.bad.yaml': CONFIG_A(),
      'reconcilers/ex.bad.star': `load("ex.lib.star", "half")

def reconcile(self):
  return half(0)
`,
      'libs/ex.lib.star': `def half(n):
  return 1 // n
`,
    });
    const r = await runOnce(dir, { persist: false });
    expect(r.success).toBe(false);
    const e = r.errors[0]!;
    expect(e.frames).toEqual([
      { fn: 'reconcile', position: { file: 'reconcilers/ex.bad.star', line: 4, col: 14 } },
      { fn: 'half', position: { file: 'libs/ex.lib.star', line: 2, col: 12 } },
    ]);
    expect(e.position).toEqual({ file: 'libs/ex.lib.star', line: 2, col: 12 });
    // The text stays as starlark-go prints it (module names) for the CLI.
    expect(e.traceback).toContain('reconciler.star:4:14: in reconcile');
  });

  it('maps error positions in code embedded in an in/ Reconciler to that YAML file', async () => {
    const dir = project({
      'in/choreo.kform.dev.reconciler.ex.emb.yaml': `apiVersion: choreo.kform.dev/v1alpha1
kind: Reconciler
metadata:
  name: ex.emb
spec:
  code:
    reconciler.star: |-
      def reconcile(self):

        return self["nope"]
  for: {group: example.com, version: v1alpha1, kind: HelloWorld, selector: {}}
  type: starlark
`,
    });
    const r = await runOnce(dir, { persist: false });
    expect(r.success).toBe(false);
    expect(r.errors[0]!.position).toEqual({ file: 'in/choreo.kform.dev.reconciler.ex.emb.yaml', line: 10, col: 20 });
  });

  it('runs a Go-template reconciler: rendered child, owner reference, finalizer on the parent', async () => {
    const GREETING_CRD = CRD.replaceAll('helloworlds', 'greetings').replaceAll('HelloWorld', 'Greeting').replaceAll('helloworld', 'greeting');
    const dir = project({
      'crds/example.com_greetings.yaml': GREETING_CRD,
      'reconcilers/ex.tpl.yaml': CONFIG_A() + '  owns:\n  - {group: example.com, version: v1alpha1, kind: Greeting}\n',
      'reconcilers/ex.tpl.main.tpl': 'apiVersion: example.com/v1alpha1\nkind: Greeting\nmetadata:\n  name: {{ .metadata.name }}\n  namespace: {{ .metadata.namespace }}\nspec:\n{{- template "body" .spec }}\n',
      'reconcilers/ex.tpl.body.tpl': '{{ define "body" }}\n  greeting: {{ printf "hi %s" .prefix }}{{ end }}',
    });
    const { result, project: p } = await runOnceWithProject(dir, { persist: false });
    expect(result.success, result.message).toBe(true);
    const hw = p.store.get({ group: 'example.com', version: 'v1alpha1', kind: 'HelloWorld' }, 'default', 'test');
    const g = p.store.get({ group: 'example.com', version: 'v1alpha1', kind: 'Greeting' }, 'default', 'test');
    expect(g.spec).toEqual({ greeting: 'hi 10.0.0.1/24' });
    expect(g.metadata.ownerReferences).toEqual([{ apiVersion: 'example.com/v1alpha1', kind: 'HelloWorld', name: 'test', uid: hw.metadata.uid, controller: true }]);
    expect(hw.metadata.finalizers).toEqual(['ex.tpl']);
  });

  it('runs a Jinja2 (pongo2) template reconciler with an imported macro', async () => {
    const GREETING_CRD = CRD.replaceAll('helloworlds', 'greetings').replaceAll('HelloWorld', 'Greeting').replaceAll('helloworld', 'greeting');
    const dir = project({
      'crds/example.com_greetings.yaml': GREETING_CRD,
      'reconcilers/ex.j2.yaml': CONFIG_A() + '  owns:\n  - {group: example.com, version: v1alpha1, kind: Greeting}\n',
      'reconcilers/ex.j2.main.jinja2': "{%- import 'body.jinja2' body -%}\napiVersion: example.com/v1alpha1\nkind: Greeting\nmetadata:\n  name: {{ metadata.name }}\n  namespace: {{ metadata.namespace }}\nspec:\n  {{ body(spec) }}\n",
      'reconcilers/ex.j2.body.jinja2': '{% macro body(s) export %}greeting: hi {{ s.prefix }}{% endmacro %}',
    });
    const { result, project: p } = await runOnceWithProject(dir, { persist: false });
    expect(result.success, result.message).toBe(true);
    expect(p.store.get({ group: 'example.com', version: 'v1alpha1', kind: 'Greeting' }, 'default', 'test').spec).toEqual({ greeting: 'hi 10.0.0.1/24' });
    expect(p.store.get({ group: 'example.com', version: 'v1alpha1', kind: 'HelloWorld' }, 'default', 'test').metadata.finalizers).toEqual(['ex.j2']);
  });

  it('reports a result that is not a dict', async () => {
    const dir = project({ 'reconcilers/ex.none.yaml': CONFIG_A(), 'reconcilers/ex.none.star': 'def reconcile(self):\n  return None\n' });
    const r = await runOnce(dir, { persist: false });
    expect(r.runners[0]!.message).toBe('starlark execution cannot convert result: expected dict value to convert to map, got starlark.NoneType');
  });

  it.each([
    ['a syntax error', { 'reconcilers/ex.syn.yaml': CONFIG_A(), 'reconcilers/ex.syn.star': 'def reconcile(self)\n  return 1\n' }, /reconcilers\/ex\.syn\.star:\d+:\d+: got newline, want ':'/], // position as Go's parser gives it (after the offending token)
    ['a missing library', { 'reconcilers/ex.lib.yaml': CONFIG_A(), 'reconcilers/ex.lib.star': 'load("nope.star", "x")\ndef reconcile(self):\n  return x\n' }, /module nope\.star not found in library/],
    ['an unregistered for kind', { 'reconcilers/ex.kind.yaml': CONFIG_A('Nope'), 'reconcilers/ex.kind.star': 'def reconcile(self):\n  return None\n' }, /reconciler ex\.kind api example\.com\/v1alpha1, Kind=Nope of reconciler not available in apigroup/],
  ])('refuses to run with %s, naming it, and writes nothing', async (_what, files, pattern) => {
    const dir = project(files as Record<string, string>);
    await expect(runOnce(dir)).rejects.toThrow(RunLoadError);
    await expect(runOnce(dir)).rejects.toThrow(pattern);
    expect(existsSync(path.join(dir, '.choreo', 'db'))).toBe(false);
    const snaps = path.join(dir, '.choreo', 'snapshots');
    expect(existsSync(snaps) ? readdirSync(snaps) : []).toEqual([]);
  });

  it('profile B: 5-argument reconcile_result, Choreo-managed condition and finalizer', async () => {
    const dir = project({
      'reconcilers/hello/config.yaml': `apiVersion: choreo.kform.dev/v1alpha1
kind: Reconciler
metadata:
  name: helloworlds.example.com.hello
spec:
  conditionType: Ready
  for:
    group: example.com
    version: v1alpha1
    kind: HelloWorld
    selector: {}
`,
      'reconcilers/hello/reconciler.star': `def reconcile(self):
  if not is_ipv4(self["spec"]["prefix"]):
    return reconcile_result(self, True, 0, "not v4", False)
  return reconcile_result(self, False, 0, "", False)
`,
    });
    const { result, project: p } = await runOnceWithProject(dir, { persist: false });
    expect(result.success, result.message).toBe(true);
    expect(p.profile).toBe('B');
    const hw = p.store.get({ group: 'example.com', version: 'v1alpha1', kind: 'HelloWorld' }, 'default', 'test');
    expect(hw.metadata.finalizers).toEqual(['helloworlds.example.com.hello']);
    expect(hw.status.conditions[0]).toMatchObject({ type: 'Ready', status: 'True', reason: 'Ready' });
  });

  it("a library that fails to load is reported once, at the library's own file:line, with the reconcilers it stops", async () => {
    const reconciler = (name: string) => ({
      [`reconcilers/${name}/config.yaml`]: `apiVersion: choreo.kform.dev/v1alpha1\nkind: Reconciler\nmetadata: {name: ${name}}\nspec:\n  for: {group: example.com, version: v1alpha1, kind: HelloWorld, selector: {}}\n`,
      [`reconcilers/${name}/reconciler.star`]: `load("example.com.helloworlds.star", "helper")\n\ndef reconcile(self):\n  return reconcile_result(helper(self), False, 0, "", False)\n`,
    });
    // helloworlds.star is fine itself but loads a library whose top level fails on line 3
    const dir = project({
      ...reconciler('r1'),
      ...reconciler('r2'),
      'crds/example.com_helloworlds.star': 'load("example.com.util.star", "same")\n\ndef helper(x):\n  return same(x)\n',
      'crds/example.com_util.star': 'def same(x):\n  return x\nBROKEN = 1 + "a"\n',
    });
    const e = await runOnce(dir, { persist: false }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(RunLoadError);
    expect((e as Error).message).toBe('library example.com.util.star err: crds/example.com_util.star:3:12: unknown binary op: int + string (needed by reconcilers r1, r2)');
    // the same problem as data: its place is the library's, not parsed out of the text
    expect((e as RunLoadError).problems).toEqual([{ message: (e as Error).message, file: 'crds/example.com_util.star', line: 3, col: 12 }]);
  });

  it('gives every load problem its own file, line and column', async () => {
    const dir = project({
      'reconcilers/ex.syn.yaml': CONFIG_A(),
      'reconcilers/ex.syn.star': 'def reconcile(self)\n  return 1\n',
      'reconcilers/ex.run.yaml': CONFIG_A(),
      'reconcilers/ex.run.star': 'def reconcile(self):\n  return None\nX = 1 + "a"\n',
    });
    const e = (await runOnce(dir, { persist: false }).catch((err: unknown) => err)) as RunLoadError;
    expect(e).toBeInstanceOf(RunLoadError);
    const byFile = Object.fromEntries(e.problems.map((p) => [p.file, p]));
    // Go's parser places it after the offending token: the start of line 2
    expect(byFile['reconcilers/ex.syn.star']).toMatchObject({ line: 2, col: 1, message: expect.stringContaining("got newline, want ':'") });
    expect(byFile['reconcilers/ex.run.star']).toMatchObject({ line: 3, col: 7, message: expect.stringContaining('unknown binary op: int + string') });
    expect(e.problems).toHaveLength(2);
  });

  it('places an input that fails to load at its file and line', async () => {
    const dir = project({ 'in/bad.yaml': 'apiVersion: example.com/v1alpha1\nkind: HelloWorld\nmetadata:\n  name: [oops\n' });
    const e = (await runOnce(dir, { persist: false }).catch((err: unknown) => err)) as RunLoadError;
    expect(e).toBeInstanceOf(RunLoadError);
    expect(e.problems[0]).toMatchObject({ file: 'in/bad.yaml', line: expect.any(Number) });
  });
});

describe('runOnce budgets', () => {
  const spin = (body: string) =>
    project({
      'reconcilers/ex.spin.yaml': CONFIG_A(),
      'reconcilers/ex.spin.star': `def reconcile(self):\n${body}\n  return reconcile_result(self, False, 0, "Ready", "", False)\n`,
    });
  const endless = '  n = 0\n  for i in range(2000000000):\n    for j in range(2000000000):\n      n += 1';

  it('stops a reconcile that runs past its time budget, naming the reconciler and the object', async () => {
    const r = await runOnce(spin(endless), { persist: false, limits: { maxSteps: 1e15, reconcileTimeoutMs: 200 } });
    expect(r.success).toBe(false);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toMatch(/Starlark computation cancelled: it ran longer than 200 ms \(the time budget of one reconcile; raise it with --reconcile-timeout MS/);
    expect(r.errors[0]!.message).toContain('(reconciler ex.spin reconciling HelloWorld default/test)');
    expect(r.errors[0]!.position?.file).toBe('reconcilers/ex.spin.star');
    expect([4, 5]).toContain(r.errors[0]!.position?.line); // inside the loop
  });

  it('stops bulk string work with the step budget and names an option that exists', async () => {
    const r = await runOnce(spin('  s = "ab" * 100000\n  for i in range(1000000):\n    x = s.replace("a", "c")'), { persist: false, limits: { maxSteps: 1_000_000 } });
    expect(r.success).toBe(false);
    expect(r.message).toContain('too many steps (the budget is 1000000 steps');
    expect(r.message).toContain('raise it with --max-steps N on `choreo run once`');
  });

  it('honours the run timeout (--timeout) in the middle of a reconcile', async () => {
    const r = await runOnce(spin(endless), { persist: false, timeoutMs: 300, limits: { maxSteps: 1e15 } });
    expect(r.success).toBe(false);
    expect(r.message).toMatch(/^run timed out after \d+ ms/);
    expect(r.errors[0]!.message).toContain('the run timed out after 300 ms (--timeout)');
  });

  it('is cancelled in the middle of a reconcile by the interrupt hook (a worker cancel flag)', async () => {
    let asked = 0;
    const r = await runOnce(spin(endless), { persist: false, limits: { maxSteps: 1e15 }, interrupt: () => (++asked > 2 ? 'the run was cancelled' : undefined) });
    expect(r.success).toBe(false);
    expect(r.message).toBe('run cancelled');
  });
});
