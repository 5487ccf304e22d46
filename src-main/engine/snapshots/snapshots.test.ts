import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { manualClock, sequentialUids } from '../store/clock.js';
import { createApiStore } from '../store/store.js';
import { buildDeps, choreoKindSet, formatDeps } from './deps.js';
import { diffSnapshots, formatDiff } from './diff.js';
import { deleteSnapshot, listSnapshots, pruneSnapshots, readSnapshot, storeInventory, writeSnapshot } from './snapshot-store.js';

const tmp: string[] = [];
afterEach(() => {
  for (const d of tmp.splice(0)) rmSync(d, { recursive: true, force: true });
});

const crd = (kind: string, plural: string): KrmObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.example.com` },
  spec: {
    group: 'example.com',
    names: { kind, plural },
    scope: 'Namespaced',
    versions: [{ name: 'v1alpha1', storage: true, served: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } } }],
  },
});

function setup() {
  const clock = manualClock('2024-10-01T15:00:00Z', 1000);
  const store = createApiStore({ clock, newUid: sequentialUids() });
  store.registerApi(crd('HelloWorld', 'helloworlds'));
  store.registerApi(crd('Greeting', 'greetings'));
  store.apply(crd('HelloWorld', 'helloworlds'), { fieldManager: 'inputfileloader' });
  const hw = store.apply({ apiVersion: 'example.com/v1alpha1', kind: 'HelloWorld', metadata: { name: 'test', namespace: 'default' }, spec: { a: 1 } }, { fieldManager: 'inputfileloader' }).object;
  const owner = { apiVersion: 'example.com/v1alpha1', kind: 'HelloWorld', name: 'test', uid: hw.metadata.uid!, controller: true };
  store.apply({ apiVersion: 'example.com/v1alpha1', kind: 'Greeting', metadata: { name: 'test', namespace: 'default', ownerReferences: [owner] }, spec: { message: 'hi' } }, { fieldManager: 'r' });
  store.apply({ apiVersion: 'example.com/v1alpha1', kind: 'Greeting', metadata: { name: 'a-second', namespace: 'default', ownerReferences: [owner] }, spec: {} }, { fieldManager: 'r' });
  return { store, clock };
}

describe('snapshots', () => {
  it('writes content-addressed snapshots, lists newest first and reads by id, prefix and latest', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'choreo-snap-'));
    tmp.push(dir);
    const { store } = setup();
    await expect(readSnapshot(dir, 'latest')).rejects.toThrow('rpc error: code = NotFound desc = latest snapshot not available');
    const s1 = await writeSnapshot(dir, store, { mode: 'once', success: true, summary: 'execution success' }, { noGit: true });
    store.apply({ apiVersion: 'example.com/v1alpha1', kind: 'HelloWorld', metadata: { name: 'test', namespace: 'default' }, spec: { a: 2 } }, { fieldManager: 'inputfileloader' });
    store.delete('greetings.example.com', 'default', 'a-second');
    store.apply({ apiVersion: 'example.com/v1alpha1', kind: 'HelloWorld', metadata: { name: 'new', namespace: 'default' } }, { fieldManager: 'inputfileloader' });
    const s2 = await writeSnapshot(dir, store, { mode: 'once', success: true, result: { x: 1 } }, { noGit: true });
    expect(s1.id).toMatch(/^[0-9a-f]{16}$/);
    expect(s2.id).not.toBe(s1.id);
    expect((await listSnapshots(dir)).map((s) => s.id)).toEqual([s2.id, s1.id]);
    expect(readdirSync(path.join(dir, '.choreo', 'snapshots')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const latest = await readSnapshot(dir, 'latest');
    expect(latest.id).toBe(s2.id);
    expect(latest.result).toEqual({ x: 1 });
    expect((await readSnapshot(dir, s1.id.slice(0, 6))).objectCount).toBe(4);

    const items = diffSnapshots(await readSnapshot(dir, s1.id), latest);
    expect(formatDiff(items)).toBe(
      [
        '- example.com/v1alpha1, Kind=Greeting a-second',
        '= example.com/v1alpha1, Kind=Greeting test',
        '+ example.com/v1alpha1, Kind=HelloWorld new',
        '~ example.com/v1alpha1, Kind=HelloWorld test',
        '',
      ].join('\n'),
    );
    const withChoreo = diffSnapshots(null, latest, { includeChoreoApis: true });
    expect(withChoreo.map((i) => i.symbol + i.kind)).toContain('+CustomResourceDefinition');
    const detailed = diffSnapshots(await readSnapshot(dir, s1.id), latest, { details: true });
    const text = formatDiff(detailed, { details: true });
    expect(text).toContain('~ example.com/v1alpha1, Kind=HelloWorld test\n@@');
    expect(text).toContain('-  a: 1\n+  a: 2');
    const hw = detailed.find((i) => i.kind === 'HelloWorld' && i.name === 'test')!;
    expect(hw.changes?.filter((c) => c.path.startsWith('spec'))).toEqual([{ path: 'spec.a', op: 'changed', before: 1, after: 2 }]);
    const third = await writeSnapshot(dir, store, { mode: 'once' }, { noGit: true });
    expect(await pruneSnapshots(dir, 2)).toEqual([s1.id]);
    await deleteSnapshot(dir, third.id);
    await deleteSnapshot(dir, 'no-such-id');
    expect((await listSnapshots(dir)).map((s) => s.id)).toEqual([s2.id]);
  });

  it('prints the deps tree, hiding choreo APIs unless asked', () => {
    const { store } = setup();
    const inv = storeInventory(store);
    const input = { objects: inv.objects, choreoKinds: choreoKindSet(inv.apiResources) };
    expect(formatDeps(buildDeps(input))).toBe(
      ['HelloWorld.example.com/v1alpha1 test', '+-Greeting.example.com/v1alpha1 a-second', '+-Greeting.example.com/v1alpha1 test', ''].join('\n'),
    );
    expect(formatDeps(buildDeps(input, { includeChoreoApis: true })).split('\n')[0]).toBe('CustomResourceDefinition.apiextensions.k8s.io/v1 helloworlds.example.com');
  });

  it('diffs two 10,000-object snapshots linearly', () => {
    const mk = (n: number, v: number) => ({
      apiResources: [],
      objects: Array.from({ length: n }, (_, i) => ({ apiVersion: 'example.com/v1alpha1', kind: 'HelloWorld', metadata: { name: `o${i}`, namespace: 'default' }, spec: { v: i % 10 === 0 ? v : 0 } })),
    });
    const items = diffSnapshots(mk(10_000, 1), mk(10_000, 2));
    expect(items.filter((i) => i.status === 'modified')).toHaveLength(1000);
    expect(items.filter((i) => i.status === 'equal')).toHaveLength(9000);
  });
});
