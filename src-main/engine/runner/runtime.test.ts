// The runtime (triggers, queues, drive loop, children, conditions) with the real store and a reconciler
// type implemented in TypeScript, so these semantics are tested independently of the Starlark layer.
import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { reconcilerRows } from '../../../src-shared/run/format.js';
import type { ReconcilerDef } from '../loader/types.js';
import { ChildRegistry } from '../reconcilers/children.js';
import { VirtualClock } from '../reconcilers/clock.js';
import { setReconcilerCondition } from '../reconcilers/conditions.js';
import type { ReconcileOutcome, TypedReconciler } from '../reconcilers/outcome.js';
import { pruneUnmanagedFields } from '../reconcilers/prune.js';
import { manualClock, sequentialUids } from '../store/clock.js';
import { createApiStore } from '../store/store.js';
import type { ApiStore } from '../store/types.js';
import { driveUntilIdle } from './drive.js';
import { ReconcilerRuntime } from './runtime.js';
import { CONDITIONS_STATUS, testCrd } from '../../testing/crd-yaml.js';

function crd(kind: string, plural: string, spec: Record<string, unknown>): KrmObject {
  return testCrd({ kind, plural, properties: { spec: { type: 'object', properties: spec }, status: CONDITIONS_STATUS } });
}

const HW = { group: 'example.com', version: 'v1alpha1', kind: 'HelloWorld' };
const GR = { group: 'example.com', version: 'v1alpha1', kind: 'Greeting' };

function newStore(): ApiStore {
  const store = createApiStore({ clock: manualClock('2024-10-01T00:00:00Z'), newUid: sequentialUids() });
  store.registerApi(crd('HelloWorld', 'helloworlds', { greeting: { type: 'string' }, provider: { type: 'string' } }));
  store.registerApi(crd('Greeting', 'greetings', { message: { type: 'string' }, provider: { type: 'string' } }));
  return store;
}

function hello(name: string, spec: Record<string, unknown> = {}): KrmObject {
  return { apiVersion: 'example.com/v1alpha1', kind: 'HelloWorld', metadata: { name, namespace: 'default' }, spec };
}

function def(over: Partial<ReconcilerDef> = {}): ReconcilerDef {
  return {
    name: 'greeter',
    type: 'greeter' as ReconcilerDef['type'],
    code: {},
    for: { ...HW, selector: {} },
    owns: [GR],
    watches: [],
    object: { apiVersion: 'choreo.kform.dev/v1alpha1', kind: 'Reconciler', metadata: { name: 'greeter' } },
    origin: { file: 'reconcilers/greeter.yaml' },
    codeFiles: {},
    ...over,
  };
}

/** The greeting example's logic (finalizer, child, condition; deletion path) written in TypeScript. */
class Greeter implements TypedReconciler {
  readonly name: string;
  constructor(
    private readonly d: ReconcilerDef,
    private readonly store: ApiStore,
    private readonly extra?: (o: KrmObject) => ReconcileOutcome | undefined,
  ) {
    this.name = d.name;
  }
  reconcile(namespace: string, name: string): ReconcileOutcome {
    const self = this.store.tryGet(HW, namespace, name, { showManagedFields: true }) as any;
    if (!self) return { kind: 'stop' };
    const reg = new ChildRegistry(this.store, self, this.d.owns, this.name);
    if (self.metadata.deletionTimestamp) {
      reg.delete();
      self.metadata.finalizers = (self.metadata.finalizers ?? []).filter((f: string) => f !== 'fin');
      pruneUnmanagedFields(self, this.name);
      this.store.apply(self, { fieldManager: this.name });
      return { kind: 'stop' };
    }
    const early = this.extra?.(self);
    if (early) return early;
    self.metadata.finalizers = [...new Set([...(self.metadata.finalizers ?? []), 'fin'])];
    reg.register({ apiVersion: 'example.com/v1alpha1', kind: 'Greeting', metadata: { name, namespace }, spec: { message: self.spec?.greeting ?? 'hi', provider: self.spec?.provider } });
    reg.apply();
    pruneUnmanagedFields(self, this.name);
    setReconcilerCondition(self, 'Ready', '', this.store.clock.now());
    this.store.apply(self, { fieldManager: this.name });
    return { kind: 'stop' };
  }
}

async function run(store: ApiStore, d: ReconcilerDef, extra?: (o: KrmObject) => ReconcileOutcome | undefined, maxReconciles = 1000) {
  const clock = new VirtualClock();
  const rt = new ReconcilerRuntime({ store, reconcilers: [d], libraries: [], profile: 'A', clock, failFast: true, types: { greeter: (x, s) => new Greeter(x, s, extra) } });
  rt.prepare();
  rt.start();
  const end = await driveUntilIdle(rt, { clock, failFast: true, maxReconciles, deadline: Infinity });
  rt.stop();
  return { rt, end, clock };
}

describe('ReconcilerRuntime', () => {
  it('for + owns triggers: one child per object, owner references, finalizer, condition; runs until idle', async () => {
    const store = newStore();
    store.apply(hello('a', { greeting: 'hello' }), { fieldManager: 'inputfileloader' });
    store.apply(hello('b'), { fieldManager: 'inputfileloader' });
    const { rt, end } = await run(store, def());
    expect(end).toEqual({ kind: 'idle' });
    const a = store.get(HW, 'default', 'a');
    expect(store.get(GR, 'default', 'a').spec.message).toBe('hello');
    expect(store.get(GR, 'default', 'b').spec.message).toBe('hi');
    expect(store.get(GR, 'default', 'a').metadata.ownerReferences).toEqual([{ apiVersion: 'example.com/v1alpha1', kind: 'HelloWorld', name: 'a', uid: a.metadata.uid, controller: true }]);
    expect(a.metadata.finalizers).toEqual(['fin']);
    expect(a.status.conditions[0]).toMatchObject({ type: 'Ready', status: 'True' });
    const row = reconcilerRows(rt.events)[0]!;
    // first reconcile writes (MODIFIED → dirty → second reconcile, a no-op): 2 per object
    expect(row).toMatchObject({ reconciler: 'greeter', start: 4, stop: 4, requeue: 0, error: 0 });
  });

  it('an absent for-selector matches nothing; a match selector filters', async () => {
    const store = newStore();
    store.apply(hello('a', { provider: 'x' }), { fieldManager: 'inputfileloader' });
    store.apply(hello('b', { provider: 'y' }), { fieldManager: 'inputfileloader' });
    const none = await run(store, def({ for: { ...HW } }));
    expect(none.rt.events).toEqual([]);
    const some = await run(store, def({ for: { ...HW, selector: { match: { 'spec.provider': 'y' } } } }));
    expect(new Set(some.rt.events.map((e) => e.resource.name))).toEqual(new Set(['b']));
  });

  it('deletion with a finalizer: children deleted, finalizer removed, object gone', async () => {
    const store = newStore();
    store.apply(hello('a'), { fieldManager: 'inputfileloader' });
    await run(store, def());
    store.delete(HW, 'default', 'a');
    expect(store.get(HW, 'default', 'a').metadata.deletionTimestamp).toBeTruthy();
    const { end } = await run(store, def());
    expect(end.kind).toBe('idle');
    expect(store.tryGet(HW, 'default', 'a')).toBeUndefined();
    expect(store.tryGet(GR, 'default', 'a')).toBeUndefined();
  });

  it('stale children are deleted when a reconcile no longer registers them', async () => {
    const store = newStore();
    store.apply(hello('a'), { fieldManager: 'inputfileloader' });
    await run(store, def());
    const d = def();
    let calls = 0;
    // register nothing this time: apply with an empty registry
    const { end } = await run(store, d, (self) => {
      calls++;
      new ChildRegistry(store, self, d.owns, d.name).apply();
      return { kind: 'stop' };
    });
    expect(end.kind).toBe('idle');
    expect(calls).toBeGreaterThan(0);
    expect(store.tryGet(GR, 'default', 'a')).toBeUndefined();
  });

  it('requeueAfter advances the virtual clock instead of sleeping; errors fail fast', async () => {
    const store = newStore();
    store.apply(hello('a'), { fieldManager: 'inputfileloader' });
    let n = 0;
    const { rt, end, clock } = await run(store, def(), () => (n++ < 3 ? { kind: 'requeueAfter', delayMs: 60_000 } : undefined));
    expect(end.kind).toBe('idle');
    expect(clock.now()).toBeGreaterThanOrEqual(180_000);
    expect(reconcilerRows(rt.events)[0]).toMatchObject({ requeue: 3, error: 0 });

    const failing = await run(newStoreWith('z'), def(), () => ({ kind: 'error', message: 'boom' }));
    expect(failing.end.kind).toBe('error');
    expect(failing.rt.failure).toMatchObject({ taskId: 'greeter.HelloWorld.example.com.z', message: 'boom' });
  });

  it('a step limit ends a livelock and names the looping reconciler', async () => {
    const store = newStoreWith('a');
    const { end } = await run(store, def(), () => ({ kind: 'requeue', message: 'waiting' }), 25);
    expect(end).toMatchObject({ kind: 'limit', busy: ['greeter'] });
  });

  it('watches: the Go selector builder enqueues for-objects whose field equals the watched value', async () => {
    const store = newStore();
    store.apply(hello('a', { provider: 'p1' }), { fieldManager: 'inputfileloader' });
    store.apply(hello('b', { provider: 'p2' }), { fieldManager: 'inputfileloader' });
    const d = def({ owns: [], watches: [{ ...GR, selector: { match: { 'spec.provider': 'spec.provider' } } }] });
    const seen: string[] = [];
    const clock = new VirtualClock();
    const rt = new ReconcilerRuntime({
      store,
      reconcilers: [d],
      libraries: [],
      profile: 'A',
      clock,
      types: { greeter: () => ({ name: 'greeter', reconcile: (_ns, name) => (seen.push(name), { kind: 'stop' }) }) },
    });
    rt.prepare();
    rt.start();
    await driveUntilIdle(rt, { clock, failFast: true, maxReconciles: 100, deadline: Infinity });
    seen.length = 0;
    store.apply({ apiVersion: 'example.com/v1alpha1', kind: 'Greeting', metadata: { name: 'g', namespace: 'default' }, spec: { provider: 'p2' } }, { fieldManager: 'x' });
    await driveUntilIdle(rt, { clock, failFast: true, maxReconciles: 100, deadline: Infinity });
    expect(seen).toEqual(['b']);
    // the index follows for-object changes: b moves to p3, a to p2
    store.apply(hello('b', { provider: 'p3' }), { fieldManager: 'inputfileloader' });
    store.apply(hello('a', { provider: 'p2' }), { fieldManager: 'inputfileloader' });
    await driveUntilIdle(rt, { clock, failFast: true, maxReconciles: 100, deadline: Infinity });
    seen.length = 0;
    store.apply({ apiVersion: 'example.com/v1alpha1', kind: 'Greeting', metadata: { name: 'g2', namespace: 'default' }, spec: { provider: 'p2' } }, { fieldManager: 'x' });
    await driveUntilIdle(rt, { clock, failFast: true, maxReconciles: 100, deadline: Infinity });
    rt.stop();
    expect(seen).toEqual(['a']);
  });
});

function newStoreWith(name: string): ApiStore {
  const s = newStore();
  s.apply(hello(name), { fieldManager: 'inputfileloader' });
  return s;
}
