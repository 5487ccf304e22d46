import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadProject, writeSnapshot } from '../../engine/index.js';
import { captureOutput, type CapturedOutput } from '../../testing/capture-output.js';
import { sharedExample, tempProjects } from '../../testing/temp-projects.js';
import { apiResourcesCommand } from './api-resources.js';
import { applyCommand } from './apply.js';
import { deleteCommand } from './delete.js';
import { devCommand } from './dev.js';
import { getCommand } from './get.js';
import { runCommand } from './run.js';
import type { Command } from './command.js';

const greeting = sharedExample('greeting');

let io: CapturedOutput;
const projects = tempProjects('choreo-cli-');
beforeEach(() => {
  io = captureOutput();
});
afterEach(() => {
  vi.restoreAllMocks();
  projects.cleanup();
});

async function run(cmd: Command, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  io.clear();
  const code = await cmd.run(args);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** What a run does to the data layer: load, let a "reconciler" create the Greeting, save, snapshot. */
async function simulatedRun(dir: string, message: string) {
  const p = await loadProject(dir);
  const hw = p.store.get('helloworlds.example.com', 'default', 'test');
  p.store.apply(
    {
      apiVersion: 'example.com/v1alpha1',
      kind: 'Greeting',
      metadata: { name: 'test', namespace: 'default', ownerReferences: [{ apiVersion: 'example.com/v1alpha1', kind: 'HelloWorld', name: 'test', uid: hw.metadata.uid!, controller: true }] },
      spec: { message },
    },
    { fieldManager: 'example.com.helloworlds.helloworld' },
  );
  await p.store.save();
  return writeSnapshot(dir, p.store, { mode: 'once', success: true }, { noGit: true });
}

describe.runIf(existsSync(greeting))('data verbs on a copy of the greeting example', () => {
  it('api-resources, dev parse, get, run list/diff/deps, apply, delete', async () => {
    const dir = projects.copyOf(greeting);

    const apis = await run(apiResourcesCommand, '--dir', dir);
    expect(apis.code).toBe(0);
    expect(apis.out).toMatch(/^helloworlds\s+example\.com\s+v1alpha1\s+HelloWorld\s+true/m);
    expect((await run(apiResourcesCommand, '--dir', dir, '-o', 'name')).out).toContain('greetings.example.com\n');

    const dev = await run(devCommand, 'parse', dir);
    expect(dev.code).toBe(0);
    expect(dev.out).toContain('wrote in/choreo.kform.dev.library.api.k8s.io.object.star.yaml');

    expect((await run(getCommand, 'helloworlds.example.com', '--dir', dir)).out).toBe('');
    expect((await run(runCommand, 'diff', dir)).err).toContain('rpc error: code = NotFound desc = latest snapshot not available');

    const s1 = await simulatedRun(dir, 'hello choreo');
    writeFileSync(path.join(dir, 'in', 'example.com.helloworlds.test.yaml'), 'apiVersion: example.com/v1alpha1\nkind: HelloWorld\nmetadata:\n  name: test\n  namespace: default\n');
    const s2 = await simulatedRun(dir, 'hi choreo, how are you?');

    expect((await run(getCommand, 'helloworlds.example.com', '--dir', dir)).out).toBe('HelloWorld.example.com/v1alpha1 test\n');
    const g = await run(getCommand, 'greetings.example.com', 'test', '-o', 'yaml', '--dir', dir);
    expect(g.out).toContain('spec:\n  message: hi choreo, how are you?\n');
    expect(g.out).not.toContain('managedFields');
    const j = JSON.parse((await run(getCommand, 'greetings.example.com', 'test', '-o', 'json', '--dir', dir, '--show-managed-fields')).out);
    expect(j.metadata.managedFields[0].manager).toBe('example.com.helloworlds.helloworld');
    expect((await run(getCommand, 'greetings.example.com', 'nope', '--dir', dir)).code).toBe(1);
    // several objects with -o yaml|json: one <Kind>List, as upstream and kubectl print it
    const ly = await run(getCommand, 'greetings.example.com', '-o', 'yaml', '--dir', dir);
    expect(ly.out).toMatch(/^apiVersion: example\.com\/v1alpha1\nitems:\n- apiVersion: example\.com\/v1alpha1\n {2}kind: Greeting\n[\s\S]*\nkind: GreetingList\n$/);
    const lj = JSON.parse((await run(getCommand, 'greetings.example.com', '-o', 'json', '--dir', dir)).out);
    expect([lj.apiVersion, lj.kind, lj.items.map((o: { metadata: { name: string } }) => o.metadata.name)]).toEqual(['example.com/v1alpha1', 'GreetingList', ['test']]);
    expect((await run(getCommand, 'upstreamrefs.choreo.kform.dev', '-o', 'yaml', '--dir', dir)).out).toBe('apiVersion: choreo.kform.dev/v1alpha1\nitems: []\nkind: UpstreamRefList\n');

    const list = await run(runCommand, 'list', dir);
    expect(list.out.split('\n').filter(Boolean).map((l) => l.split(' ')[0])).toEqual([s2.id, s1.id]);
    expect(list.out).toMatch(/^[0-9a-f]{16} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC$/m);

    const d = await run(runCommand, 'diff', dir);
    expect(d.out).toBe('~ example.com/v1alpha1, Kind=Greeting test\n~ example.com/v1alpha1, Kind=HelloWorld test\n');
    const da = await run(runCommand, 'diff', '-a', '--dir', dir);
    expect(da.out).toContain('-  message: hello choreo\n+  message: hi choreo, how are you?');
    const di = await run(runCommand, 'diff', '-i', '--from', s1.id, '--to', s2.id, dir);
    expect(di.out).toContain('= choreo.kform.dev/v1alpha1, Kind=Library api.k8s.io.object.star');

    const dj = JSON.parse((await run(runCommand, 'diff', '-o', 'json', '-a', dir)).out);
    expect([dj.from, dj.to]).toEqual([s1.id, s2.id]);
    expect(dj.items.find((i: { kind: string }) => i.kind === 'Greeting').changes).toContainEqual({ path: 'spec.message', op: 'changed', before: 'hello choreo', after: 'hi choreo, how are you?' });
    const old = await run(getCommand, 'greetings.example.com', 'test', '-o', 'yaml', '--snapshot', s1.id, '--dir', dir);
    expect(old.out).toContain('message: hello choreo');
    expect((await run(getCommand, 'greetings.example.com', '--snapshot', 'nope', '--dir', dir)).err).toContain('id not found');
    expect((await run(runCommand, 'deps', dir)).out).toBe('HelloWorld.example.com/v1alpha1 test\n+-Greeting.example.com/v1alpha1 test\n');
    expect((await run(runCommand, 'deps', '-i', dir)).out).toContain('Reconciler.choreo.kform.dev/v1alpha1 example.com.helloworlds.helloworld\n');

    // apply: a valid object is written to in/, an invalid one is rejected and nothing is written
    const good = path.join(dir, 'second.yaml');
    writeFileSync(good, 'apiVersion: example.com/v1alpha1\nkind: HelloWorld\nmetadata:\n  name: second\n  namespace: default\nspec:\n  greeting: hey\n');
    const a = await run(applyCommand, '-f', good, '--dir', dir);
    expect(a.code).toBe(0);
    expect(a.out).toContain('applying example.com/v1alpha1 HelloWorld second');
    expect(readFileSync(path.join(dir, 'in', 'example.com.helloworld.second.yaml'), 'utf8')).toContain('greeting: hey');
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: example.com/v1alpha1\nkind: HelloWorld\nmetadata:\n  name: third\n  namespace: default\nspec:\n  greetings: hey\n');
    const b = await run(applyCommand, '-f', bad, '--dir', dir);
    expect(b.code).toBe(1);
    expect(b.err).toContain('.spec.greetings: field not declared in schema');
    expect(existsSync(path.join(dir, 'in', 'example.com.helloworld.third.yaml'))).toBe(false);
    // applying an object that already has an input file updates that file
    writeFileSync(good, 'apiVersion: example.com/v1alpha1\nkind: HelloWorld\nmetadata:\n  name: test\n  namespace: default\nspec:\n  greeting: updated\n');
    expect((await run(applyCommand, '-f', good, '--dir', dir)).out).toContain('wrote in/example.com.helloworlds.test.yaml');

    const del = await run(deleteCommand, 'helloworlds.example.com', 'second', '--dir', dir);
    expect(del.code).toBe(0);
    expect(del.out).toBe('deleting example.com/v1alpha1 HelloWorld second\nremoved in/example.com.helloworld.second.yaml\n');
    expect((await run(deleteCommand, 'helloworlds.example.com', 'second', '--dir', dir)).code).toBe(1);
  });
});

describe('apply and delete on multi-document files', () => {
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {size: {type: integer}}}
`;
  const widget = (name: string, size: number) => `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  size: ${size}\n`;

  it('applies every file of a folder (-R) and deletes one document of a multi-document file', async () => {
    const dir = projects.withFiles({
      'crds/w.yaml': crd,
      'in/all.yaml': `# widgets\n${widget('a', 1)}---\n${widget('b', 2)}---\n${widget('c', 3)}`,
      'src/d.yaml': widget('d', 4),
      'src/nested/e.json': JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'e', namespace: 'default' }, spec: { size: 5 } }),
    });

    const flat = await run(applyCommand, '-f', path.join(dir, 'src'), '--dir', dir);
    expect(flat.out).toContain('wrote in/example.com.widget.d.yaml');
    expect(flat.out).not.toContain('widget.e');
    const rec = await run(applyCommand, '-f', path.join(dir, 'src'), '-R', '--dir', dir);
    expect(rec.out).toContain('wrote in/example.com.widget.e.yaml');

    const badSize = path.join(dir, 'bad.yaml');
    writeFileSync(badSize, widget('f', 1).replace('size: 1', 'size: big'));
    const bad = await run(applyCommand, '-f', badSize, '--dir', dir);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('.spec.size: expected numeric (int or float), got');

    const del = await run(deleteCommand, 'widgets.example.com', 'b', '--dir', dir);
    expect(del.out).toContain('rewritten in/all.yaml');
    const left = readFileSync(path.join(dir, 'in', 'all.yaml'), 'utf8');
    expect(left).toContain('# widgets');
    expect(left).toContain('name: a');
    expect(left).not.toContain('name: b');
    expect(left).toContain('name: c');
    const p = await loadProject(dir);
    expect(p.store.list('widgets.example.com').map((o) => o.metadata.name)).toEqual(['a', 'c', 'd', 'e']);
  });
});

describe('usage errors exit with 2', () => {
  it('reports bad arguments', async () => {
    expect((await run(getCommand)).code).toBe(2);
    expect((await run(getCommand, 'x', '--bogus')).code).toBe(2);
    expect((await run(runCommand, 'frobnicate')).code).toBe(2);
    expect((await run(devCommand, 'parse', '/definitely/not/here')).err).toContain('invalid directory argument: /definitely/not/here');
    expect((await run(applyCommand, '--dir', os.tmpdir())).code).toBe(2);
    const help = await run(getCommand, '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('usage: choreo get');
  });
});

describe('unknown APIs', () => {
  it('get and delete refuse an API the project does not have: exit 1, or 2 without a group', async () => {
    const dir = projects.emptyDir();
    for (const cmd of [getCommand, deleteCommand]) {
      const unknown = await run(cmd, 'gizmos.example.com', 'a', '--dir', dir);
      expect(unknown.code).toBe(1);
      expect(unknown.err).toBe('rpc error: code = Unavailable desc = resource gizmos.example.com not registered (see `choreo api-resources`)\n');
      const noGroup = await run(cmd, 'gizmos', 'a', '--dir', dir);
      expect(noGroup.code).toBe(2);
      expect(noGroup.err).toContain('expecting <resource>.<group>, got: [gizmos]');
    }
  });
});

describe('a multi-version kind', () => {
  it('api-resources lists it once, at its preferred version; get <plural>.<group> finds every object', async () => {
    const version = (name: string, storage: boolean) =>
      `  - name: ${name}\n    served: true\n    storage: ${storage}\n    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n          spec: {type: object, properties: {id: {type: integer}}}\n`;
    const dir = projects.withFiles({
      'crds/ids.acme.dev_idclaims.yaml': `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: idclaims.ids.acme.dev}\nspec:\n  group: ids.acme.dev\n  names: {kind: IDClaim, listKind: IDClaimList, plural: idclaims, singular: idclaim}\n  scope: Namespaced\n  versions:\n${version('ids', true)}${version('v1alpha1', false)}`,
      'in/a.yaml': 'apiVersion: ids.acme.dev/ids\nkind: IDClaim\nmetadata: {name: a, namespace: default}\nspec: {id: 1}\n',
      'in/b.yaml': 'apiVersion: ids.acme.dev/v1alpha1\nkind: IDClaim\nmetadata: {name: b, namespace: default}\nspec: {id: 2}\n',
    });
    const p = await loadProject(dir);
    await p.store.save();
    const apis = await run(apiResourcesCommand, '--dir', dir);
    expect(apis.out.split('\n').filter((l) => l.startsWith('idclaims '))).toEqual([expect.stringMatching(/^idclaims\s+ids\.acme\.dev\s+v1alpha1\s+IDClaim\s+true/)]);
    expect((await run(getCommand, 'idclaims.ids.acme.dev', '--dir', dir)).out).toBe('IDClaim.ids.acme.dev/v1alpha1 a\nIDClaim.ids.acme.dev/v1alpha1 b\n');
  });
});
