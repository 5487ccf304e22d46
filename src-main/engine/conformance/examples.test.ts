// Conformance: the upstream Choreo examples (../shared/conformance/choreo-examples) run in temp copies and
// must produce the outcomes of engine spec §12 (objects, fields, conditions, owner references, success),
// plus the README flows (change input → diff shows `~`; undeclared field → schema error naming it).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { reconcilerRows } from '../../../src-shared/run/format.js';
import type { RunResult } from '../../../src-shared/run/result.js';
import { startGitHttpServer, type GitHttpServer } from '../../testing/git-http-server.js';
import { haveSharedExamples, sharedExample, sharedExamplesDir, tempProjects } from '../../testing/temp-projects.js';
import { devParse, diffSnapshots, listSnapshots, readSnapshot } from '../index.js';
import { runOnceWithProject } from '../runner/run-once.js';
import type { ApiStore } from '../store/types.js';

if (!haveSharedExamples) console.warn(`choreo-examples conformance skipped: ${sharedExamplesDir} is absent (../shared is not checked out next to the project)`);

const projects = tempProjects('choreo-ex-');
/** A temp copy of an upstream example, in a folder named like the example (as upstream runs it). */
const copyExample = (name: string): string => projects.copyOf(sharedExample(name), { folder: name });
afterAll(() => projects.cleanup());

function get(store: ApiStore, group: string, kind: string, name: string, ns = 'default'): KrmObject {
  return store.get({ group, version: 'v1alpha1', kind }, ns, name, { showManagedFields: true });
}

function counts(r: RunResult, reconciler: string) {
  return reconcilerRows(r.runners.flatMap((x) => x.events)).find((row) => row.reconciler === reconciler);
}

async function latestDiffSymbols(dir: string): Promise<string[]> {
  const list = await listSnapshots(dir);
  const next = await readSnapshot(dir, list[0]!.id);
  const prev = list[1] ? await readSnapshot(dir, list[1].id) : null;
  return diffSnapshots(prev, next, {}).map((i) => `${i.symbol} ${i.group}/${i.version}, Kind=${i.kind} ${i.name}`);
}

const RECONCILER = 'example.com.helloworlds.helloworld';

describe.skipIf(!haveSharedExamples)('choreo-examples conformance (engine spec §12)', () => {
  it('hello-world: writes spec.greeting and the Ready condition; 2 starts, 2 stops', async () => {
    const dir = copyExample('hello-world');
    const { result, project } = await runOnceWithProject(dir);
    expect(result.success, result.message).toBe(true);
    expect(counts(result, RECONCILER)).toMatchObject({ start: 2, stop: 2, requeue: 0, error: 0 });
    const hw = get(project.store, 'example.com', 'HelloWorld', 'test');
    expect(hw.spec).toEqual({ greeting: 'hello choreo' });
    expect(hw.metadata.annotations).toEqual({ 'api.choreo.kform.dev/origin': '{"kind":"File"}' });
    expect(hw.status.conditions).toHaveLength(1);
    expect(hw.status.conditions[0]).toMatchObject({ type: 'Ready', status: 'True', reason: 'Ready', message: '' });
    expect(hw.status.conditions[0].lastTransitionTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(hw.metadata.finalizers ?? []).toEqual([]);
    const managers = Object.fromEntries((hw.metadata.managedFields ?? []).map((m) => [m.manager, m.fieldsV1]));
    expect(managers[RECONCILER]).toMatchObject({ 'f:spec': { 'f:greeting': {} }, 'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': {} } } });
    expect(managers['inputfileloader']).toMatchObject({ 'f:metadata': { 'f:annotations': { 'f:api.choreo.kform.dev/origin': {} } } });
    expect(result.snapshotId).toBeTruthy();
    expect(existsSync(path.join(dir, '.choreo', 'db'))).toBe(true);
  });

  it('hello-world README flows: change the greeting (diff shows ~), then an undeclared field fails with the schema error', async () => {
    const dir = copyExample('hello-world');
    expect((await runOnceWithProject(dir)).result.success).toBe(true);
    const star = path.join(dir, 'reconcilers', `${RECONCILER}.star`);
    writeFileSync(star, readFileSync(star, 'utf8').replace('"hello choreo"', '"hello me"'));
    await devParse(dir);
    const second = await runOnceWithProject(dir);
    expect(second.result.success, second.result.message).toBe(true);
    expect(get(second.project.store, 'example.com', 'HelloWorld', 'test').spec).toEqual({ greeting: 'hello me' });
    expect(await latestDiffSymbols(dir)).toContain('~ example.com/v1alpha1, Kind=HelloWorld test');

    writeFileSync(star, readFileSync(star, 'utf8').replace('spec["greeting"]', 'spec["greetings"]'));
    await devParse(dir);
    const third = await runOnceWithProject(dir);
    expect(third.result.success).toBe(false);
    const runner = third.result.runners[0]!;
    expect(runner.taskId).toBe(`${RECONCILER}.HelloWorld.example.com.test`);
    expect(runner.message).toContain('.spec.greetings: field not declared in schema');
    expect(runner.message).toContain('InvalidArgument');
    // The object is unchanged by the failed run.
    expect(get(third.project.store, 'example.com', 'HelloWorld', 'test').spec).toEqual({ greeting: 'hello me' });
  });

  it('greeting: a Greeting child owned by the HelloWorld; finalizer and Ready condition on the parent', async () => {
    const dir = copyExample('greeting');
    const { result, project } = await runOnceWithProject(dir);
    expect(result.success, result.message).toBe(true);
    const c = counts(result, RECONCILER)!;
    expect(c.start).toBeGreaterThanOrEqual(2);
    expect(c.stop).toBe(c.start);
    expect(c.error).toBe(0);
    const hw = get(project.store, 'example.com', 'HelloWorld', 'test');
    const greeting = get(project.store, 'example.com', 'Greeting', 'test');
    expect(greeting.spec).toEqual({ message: 'hello choreo' });
    expect(greeting.metadata.ownerReferences).toEqual([
      { apiVersion: 'example.com/v1alpha1', controller: true, kind: 'HelloWorld', name: 'test', uid: hw.metadata.uid },
    ]);
    expect(greeting.metadata.managedFields?.map((m) => m.manager)).toEqual([RECONCILER]);
    expect(hw.metadata.finalizers).toEqual(['greeting.example.com/ready']);
    expect(hw.status.conditions[0]).toMatchObject({ type: 'Ready', status: 'True', reason: 'Ready', message: '' });
    expect(hw.spec).toEqual({ greeting: 'hello choreo' });

    // README: remove spec from the input, run again → default message, diff shows the Greeting modified.
    writeFileSync(path.join(dir, 'in', 'example.com.helloworlds.test.yaml'), 'apiVersion: example.com/v1alpha1\nkind: HelloWorld\nmetadata:\n  name: test\n  namespace: default\n');
    const again = await runOnceWithProject(dir);
    expect(again.result.success, again.result.message).toBe(true);
    expect(get(again.project.store, 'example.com', 'Greeting', 'test').spec).toEqual({ message: 'hi choreo, how are you?' });
    expect(await latestDiffSymbols(dir)).toContain('~ example.com/v1alpha1, Kind=Greeting test');
  });

  describe('greeting-ref-example (upstream ref served from the bundle on a local git server)', () => {
    let server: GitHttpServer;
    let gitRoot: string;
    beforeAll(async () => {
      gitRoot = projects.emptyDir();
      execFileSync('git', ['clone', '-q', '--mirror', sharedExample('choreo-examples.bundle'), path.join(gitRoot, 'kform-dev/choreo-examples.git')]);
      server = await startGitHttpServer({ root: gitRoot });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('clones the pinned commit, imports CRDs, libraries and the reconciler, and produces the Greeting', async () => {
      const dir = copyExample('greeting-ref-example');
      const progress: string[] = [];
      const { result, project } = await runOnceWithProject(dir, {
        urlRewrites: [{ from: 'https://github.com/', to: `${server.url}/` }],
        onProgress: (l) => progress.push(l),
      });
      expect(result.success, result.message).toBe(true);
      expect(existsSync(path.join(dir, '.choreo', 'refs', 'https---github.com-kform-dev-choreo-examples.git'))).toBe(true);
      expect(progress).toContain('cloning repo https://github.com/kform-dev/choreo-examples.git ref d8a3ca6ea40d938d70de58921581c3b0448284cb ....');
      const store = project.store;
      expect(store.api('greetings.example.com')).toBeTruthy();
      expect(store.api('helloworlds.example.com')).toBeTruthy();
      const origin = '{"kind":"Upstream","url":"https://github.com/kform-dev/choreo-examples.git","ref":"d8a3ca6ea40d938d70de58921581c3b0448284cb"}';
      for (const [kind, name] of [
        ['Library', 'api.k8s.io.object.star'],
        ['Library', 'example.com.greetings.star'],
        ['Reconciler', RECONCILER],
      ] as const) {
        const o = store.get({ group: 'choreo.kform.dev', version: 'v1alpha1', kind }, '', name);
        expect(o.metadata.annotations?.['api.choreo.kform.dev/origin']).toBe(origin);
      }
      expect(store.get({ group: 'choreo.kform.dev', version: 'v1alpha1', kind: 'UpstreamRef' }, '', 'greeting')).toBeTruthy();
      const hw = get(store, 'example.com', 'HelloWorld', 'test');
      const greeting = get(store, 'example.com', 'Greeting', 'test');
      expect(greeting.spec).toEqual({ message: 'hi choreo, i am referencing this code now' });
      expect(greeting.metadata.ownerReferences).toEqual([
        { apiVersion: 'example.com/v1alpha1', controller: true, kind: 'HelloWorld', name: 'test', uid: hw.metadata.uid },
      ]);
      expect(hw.metadata.finalizers).toEqual(['greeting.example.com/ready']);
      expect(hw.status.conditions[0]).toMatchObject({ type: 'Ready', status: 'True' });

      // A second run reuses the clone (no new clone progress line) and works offline.
      const before = server.requests();
      const offline = await runOnceWithProject(dir, { offline: true, onProgress: (l) => progress.push(l) });
      expect(offline.result.success, offline.result.message).toBe(true);
      expect(server.requests()).toBe(before);
    });
  });
});
