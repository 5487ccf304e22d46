import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listSnapshots } from '../snapshots/snapshot-store.js';
import { startRunner, type RunnerEvent } from './prod-runner.js';
import { runOnce } from './run-once.js';
import { OBJECT_META_PROPERTIES, testCrdYaml } from '../../testing/crd-yaml.js';
import { tempProjects } from '../../testing/temp-projects.js';

const projects = tempProjects('choreo-prod-');
afterAll(() => projects.cleanup());

const CRD = testCrdYaml({
  kind: 'HelloWorld',
  plural: 'helloworlds',
  properties: {
    ...OBJECT_META_PROPERTIES,
    spec: '{type: object, properties: {greeting: {type: string}, who: {type: string}}}',
    status:
      '{type: object, properties: {conditions: {type: array, x-kubernetes-list-type: map, x-kubernetes-list-map-keys: [type], items: {type: object, properties: {lastTransitionTime: {type: string}, message: {type: string}, reason: {type: string}, status: {type: string}, type: {type: string}}}}}}',
  },
});

function project(): string {
  return projects.withFiles(
    {
      'crds/example.com_helloworlds.yaml': CRD,
      'in/example.com.helloworlds.a.yaml': 'apiVersion: example.com/v1alpha1\nkind: HelloWorld\nmetadata: {name: a, namespace: default}\nspec: {who: alice}\n',
      'reconcilers/ex.hello.yaml': 'apiVersion: choreo.kform.dev/v1alpha1\nkind: Reconciler\nspec:\n  for: {group: example.com, version: v1alpha1, kind: HelloWorld, selector: {}}\n',
      'reconcilers/ex.hello.star': 'def reconcile(self):\n  self["spec"]["greeting"] = "hello " + self["spec"].get("who", "nobody")\n  return reconcile_result(self, False, 0, "Ready", "", False)\n',
    },
    { folder: 'proj' },
  );
}

const HW = { group: 'example.com', version: 'v1alpha1', kind: 'HelloWorld' };

describe('startRunner (prod mode)', () => {
  it('reconciles, integrates valid input live, rejects invalid input, snapshots on stop', async () => {
    const dir = project();
    const events: RunnerEvent[] = [];
    const runner = await startRunner(dir, { onEvent: (e) => events.push(e) });
    expect(runner.status()).toBe('Running');
    await runner.whenIdle();
    expect(runner.store.get(HW, 'default', 'a').spec.greeting).toBe('hello alice');
    expect(events.some((e) => e.type === 'condition' && e.change.resource.name === 'a' && e.change.status === 'True')).toBe(true);

    const bad = await runner.applyInput({ apiVersion: 'example.com/v1alpha1', kind: 'HelloWorld', metadata: { name: 'b', namespace: 'default' }, spec: { nope: 1 } });
    expect(bad.ok).toBe(false);
    expect(bad.errors.join('\n')).toContain('nope');
    expect(runner.store.tryGet(HW, 'default', 'b')).toBeUndefined();

    writeFileSync(path.join(dir, 'in', 'example.com.helloworlds.c.yaml'), 'apiVersion: example.com/v1alpha1\nkind: HelloWorld\nmetadata: {name: c, namespace: default}\nspec: {who: carol}\n');
    const good = await runner.applyInput({ file: 'in/example.com.helloworlds.c.yaml' });
    expect(good).toEqual({ ok: true, applied: ['HelloWorld/default/c'], errors: [] });
    await runner.whenIdle();
    expect(runner.store.get(HW, 'default', 'c').spec.greeting).toBe('hello carol');
    expect(events.some((e) => e.type === 'reconcile' && e.event.resource.name === 'c' && e.event.operation === 'STOP')).toBe(true);

    await expect(runOnce(dir)).rejects.toThrow('runner is already running, status Running');
    await expect(startRunner(dir)).rejects.toThrow('runner is already running, status Running');
    const { result, snapshotId } = await runner.stop();
    expect(runner.status()).toBe('Stopped');
    expect(result.success).toBe(true);
    expect(result.mode).toBe('prod');
    expect(snapshotId).toBeTruthy();
    const snaps = await listSnapshots(dir);
    expect(snaps[0]!.id).toBe(snapshotId);
    expect(snaps[0]!.mode).toBe('stop');
    // a second session can be diffed against the first
    const second = await startRunner(dir);
    await second.whenIdle();
    const stop2 = await second.stop();
    expect((await listSnapshots(dir)).map((s) => s.id)).toContain(stop2.snapshotId);
  });
});
