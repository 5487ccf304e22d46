// Incremental reruns give exactly the state of a full run: on the conformance projects (the upstream
// examples and the two kubenet projects, with their backends), a run once that skips the remembered no-op
// reconciles must end with the same objects (uids, resourceVersions, managedFields, conditions), the same
// events and the same field provenance as a run once that reconciles everything, from the same state.
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { RunResult } from '../../../src-shared/run/result.js';
import { storeObjects } from '../../testing/db-oracle.js';
import { haveSharedExamples, haveSharedKubenet, sharedExample, sharedKubenetDir, tempProjects } from '../../testing/temp-projects.js';
import { readProvenance } from '../provenance/provenance-store.js';
import { runOnceWithProject, type RunOnceOptions } from '../runner/run-once.js';
import { ReconcilerMemo } from './reconcile-memo.js';

const projects = tempProjects('choreo-memo-');
afterAll(() => projects.cleanup());
afterEach(() => vi.restoreAllMocks());

/** Deterministic time and uids, so two runs from the same state can be compared byte for byte. */
function deterministic(label: string): RunOnceOptions['load'] {
  let n = 0;
  return { clock: { now: () => new Date('2026-12-07T12:00:00Z') }, newUid: () => `${label}-${(n++).toString().padStart(6, '0')}` };
}

/** What a run leaves that a user can see: objects, events (without times and uids), provenance. */
async function outcome(dir: string, r: { result: RunResult; project: Awaited<ReturnType<typeof runOnceWithProject>>['project'] }, prints: string[]) {
  const events = r.result.runners.flatMap((x) => x.events.map((e) => [x.runner, e.reconciler, e.operation, e.resource.kind, e.resource.namespace, e.resource.name, e.message].join(' ')));
  const provenance = r.result.snapshotId ? await readProvenance(dir, r.result.snapshotId) : undefined;
  return { success: r.result.success, message: r.result.message, objects: storeObjects(r.project.store), events, provenance: provenance?.objects, prints };
}

/**
 * Runs `source` once, then once more from that state both ways (after `change`, applied to both copies):
 * incremental and full. Returns both outcomes and how many reconciles the incremental run skipped.
 */
async function bothWays(source: string, opts: RunOnceOptions, change?: (dir: string) => void) {
  const a = projects.copyOf(source, { folder: path.basename(source), without: ['db'] });
  const first = await runOnceWithProject(a, { ...opts, load: deterministic('first') });
  expect(first.result.success, first.result.message).toBe(true);
  const b = projects.emptyDir();
  cpSync(a, b, { recursive: true });
  change?.(a);
  change?.(b);
  const lookup = vi.spyOn(ReconcilerMemo.prototype, 'lookup');
  const printedA: string[] = [];
  const incremental = await runOnceWithProject(a, { ...opts, onPrint: (m) => printedA.push(m), load: deterministic('second') });
  const skipped = lookup.mock.results.filter((r) => r.value !== undefined).length;
  lookup.mockRestore();
  const printedB: string[] = [];
  const full = await runOnceWithProject(b, { ...opts, onPrint: (m) => printedB.push(m), incremental: false, load: deterministic('second') });
  return { incremental: await outcome(a, incremental, printedA), full: await outcome(b, full, printedB), skipped };
}

/** The upstream examples and the options they run with (the IPAM ones with the backends, `-r`). */
const examples: Record<string, RunOnceOptions> = { 'hello-world': {}, greeting: {}, interface: { internalReconcilers: true }, 'config-gotempl': { internalReconcilers: true } };

describe.skipIf(!haveSharedExamples)('incremental rerun = full rerun (upstream examples)', () => {
  for (const [name, opts] of Object.entries(examples)) {
    it(`${name}: nothing changed`, async () => {
      const { incremental, full, skipped } = await bothWays(sharedExample(name), opts);
      expect(incremental).toEqual(full);
      if (full.events.some((e) => e.includes(' START '))) expect(skipped).toBeGreaterThan(0);
    });
  }

  it('hello-world: an input changed, then the reconciler code changed', async () => {
    const input = (dir: string) => {
      const f = path.join(dir, 'in', 'example.com.helloworlds.test.yaml');
      writeFileSync(f, readFileSync(f, 'utf8').replace(/name: test/, 'name: test\n  labels:\n    changed: "yes"'));
    };
    const changedInput = await bothWays(sharedExample('hello-world'), {}, input);
    expect(changedInput.incremental).toEqual(changedInput.full);
    expect(changedInput.skipped).toBe(0); // the only object changed: its reconcile ran
    const code = (dir: string) => {
      const f = path.join(dir, 'reconcilers', readdirSync(path.join(dir, 'reconcilers')).find((x) => x.endsWith('.star'))!);
      const text = readFileSync(f, 'utf8');
      expect(text).toContain('"hello choreo"');
      writeFileSync(f, text.replace('"hello choreo"', '"hello again"'));
    };
    const changedCode = await bothWays(sharedExample('hello-world'), {}, code);
    expect(changedCode.incremental).toEqual(changedCode.full);
    expect(changedCode.skipped).toBe(0);
  });
});

describe.skipIf(!haveSharedExamples)('incremental rerun: the engine that wrote the memo', () => {
  it('uses a memo only when this engine code wrote it (after an upgrade every reconcile runs again)', async () => {
    const memoFile = (dir: string) => path.join(dir, '.choreo', 'reconcile-memo.json');
    const otherEngine = (dir: string) => {
      const memo = JSON.parse(readFileSync(memoFile(dir), 'utf8')) as { engine?: string };
      expect(memo.engine).toBeTruthy();
      writeFileSync(memoFile(dir), JSON.stringify({ ...memo, engine: `${memo.engine}-older` }));
    };
    const same = await bothWays(sharedExample('greeting'), {});
    expect(same.skipped).toBeGreaterThan(0);
    const upgraded = await bothWays(sharedExample('greeting'), {}, otherEngine);
    expect(upgraded.incremental).toEqual(upgraded.full);
    expect(upgraded.skipped).toBe(0);
  });
});

describe.skipIf(!haveSharedKubenet)('incremental rerun = full rerun (kubenet projects, with backends)', () => {
  // combined: the one with IP, AS and VLAN backends (writes that reach a backend are never skipped)
  for (const name of ['combined']) {
    it(`${name}: nothing changed`, { timeout: 120_000 }, async () => {
      const { incremental, full, skipped } = await bothWays(path.join(sharedKubenetDir, name), { internalReconcilers: true });
      expect(incremental).toEqual(full);
      expect(skipped).toBeGreaterThan(0);
    });
  }
});

describe('incremental rerun: one input of many changed', () => {
  it('skips every reconcile but the changed object and its child, and ends in the full run state', async () => {
    const items = Array.from({ length: 20 }, (_, i) => `apiVersion: example.com/v1alpha1\nkind: Item\nmetadata:\n  name: item-${i}\n  namespace: default\nspec:\n  value: ${i}\n`).join('---\n');
    const crd = (kind: string, plural: string, spec: string) =>
      `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${plural}.example.com\nspec:\n  group: example.com\n  names: {kind: ${kind}, listKind: ${kind}List, plural: ${plural}, singular: ${kind.toLowerCase()}}\n  scope: Namespaced\n  versions:\n  - name: v1alpha1\n    served: true\n    storage: true\n    subresources: {status: {}}\n    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n          spec: {type: object, properties: {${spec}}}\n          status: {type: object, x-kubernetes-preserve-unknown-fields: true}\n`;
    const dir = projects.withFiles({
      'crds/items.yaml': crd('Item', 'items', 'value: {type: integer}'),
      'crds/children.yaml': crd('Child', 'children', 'message: {type: string}'),
      'in/items.yaml': items,
      'reconcilers/example.com.items.child.yaml':
        'apiVersion: choreo.kform.dev/v1alpha1\nkind: Reconciler\nspec:\n  for: {group: example.com, version: v1alpha1, kind: Item, selector: {}}\n  owns:\n  - {group: example.com, version: v1alpha1, kind: Child}\n',
      'reconcilers/example.com.items.child.star': [
        'def reconcile(self):',
        '  name = self["metadata"]["name"]',
        '  print("reconciling " + name)',
        '  child = {"apiVersion": "example.com/v1alpha1", "kind": "Child", "metadata": {"name": name, "namespace": "default"}, "spec": {"message": "value " + str(int(self["spec"]["value"]))}}',
        '  rsp = client_create(child)',
        '  if rsp["error"] != None:',
        '    return reconcile_result(self, True, 0, "Ready", rsp["error"], rsp["fatal"])',
        '  rsp = client_apply()',
        '  if rsp["error"] != None:',
        '    return reconcile_result(self, True, 0, "Ready", rsp["error"], rsp["fatal"])',
        '  return reconcile_result(self, False, 0, "Ready", "", False)',
        '',
      ].join('\n'),
    });
    const change = (d: string) => writeFileSync(path.join(d, 'in', 'items.yaml'), items.replace('value: 7\n', 'value: 70\n'));
    const { incremental, full, skipped } = await bothWays(dir, {}, change);
    expect(incremental).toEqual(full);
    expect(incremental.prints).toContain('reconciling item-3'); // a skipped reconcile's print line is replayed
    // 20 items: item-7 runs (and once more after its own writes); the 19 others are skipped
    expect(skipped).toBe(19);
    expect(full.objects.find((o) => o.kind === 'Child' && o.metadata.name === 'item-7')?.spec).toEqual({ message: 'value 70' });
  });
});
