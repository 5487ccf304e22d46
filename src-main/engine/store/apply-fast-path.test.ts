// The store's no-op fast path for server-side apply (store.ts ApplyMemo): re-applying what a manager
// already applied to the very same stored object is answered without merging — and must behave exactly
// like the full apply: no resourceVersion bump, no event, managedFields unchanged, same errors otherwise.
import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { manualClock, sequentialUids } from './clock.js';
import { createApiStore, type MemoryApiStore } from './store.js';
import type { WatchEvent } from './types.js';

function crd(spec: Record<string, unknown>): KrmObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'items.bench.example.com' },
    spec: {
      group: 'bench.example.com',
      names: { kind: 'Item', plural: 'items' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: { type: 'object', properties: spec },
                status: {
                  type: 'object',
                  properties: {
                    conditions: {
                      type: 'array',
                      'x-kubernetes-list-type': 'map',
                      'x-kubernetes-list-map-keys': ['type'],
                      items: { type: 'object', properties: { type: { type: 'string' }, status: { type: 'string' }, message: { type: 'string' } } },
                    },
                  },
                },
              },
            },
          },
        },
      ],
    },
  };
}

const SPEC = { value: { type: 'integer' }, label: { type: 'string' }, port: { type: 'integer', default: 80 }, tags: { type: 'array', items: { type: 'string' } } };

function newStore(fast: boolean): MemoryApiStore {
  // sameBothWays moves the clock on before every step, so a re-written managedFields entry would show a new time
  const s = createApiStore({ clock: manualClock('2024-10-01T15:32:20Z'), newUid: sequentialUids() });
  s.registerApi(crd(SPEC));
  s.applyFastPath = fast;
  return s;
}

const item = (extra: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KrmObject => ({
  apiVersion: 'bench.example.com/v1',
  kind: 'Item',
  metadata: { name: 'a', namespace: 'default', labels: { app: 'x' }, ...meta },
  spec: { value: 1, label: 'one', tags: ['t1', 't2'] },
  ...extra,
});

const stored = (s: MemoryApiStore) => s.get('items.bench.example.com', 'default', 'a', { showManagedFields: true });

/** A reconciler-style apply: the stored object (with RV and managedFields) plus a status condition. */
function withStatus(s: MemoryApiStore, message: string): KrmObject {
  const o = stored(s);
  o.status = { conditions: [{ type: 'Ready', status: message === '' ? 'True' : 'False', message }] };
  return o;
}

type Step = (s: MemoryApiStore) => unknown;

/** Runs the same steps on a store with and one without the fast path; results, events and objects must match. */
function sameBothWays(steps: Step[]): { fast: MemoryApiStore; results: unknown[] } {
  const run = (fast: boolean) => {
    const s = newStore(fast);
    const events: string[] = [];
    s.watch((e: WatchEvent) => events.push(`${e.type} ${e.object.metadata.resourceVersion} ${JSON.stringify(e.object)}`));
    const results = steps.map((step) => {
      (s.clock as ReturnType<typeof manualClock>).advance(1000);
      try {
        return step(s);
      } catch (e) {
        return `error: ${(e as Error).message}`;
      }
    });
    return { s, events, results, final: s.tryGet('items.bench.example.com', 'default', 'a', { showManagedFields: true }) };
  };
  const slow = run(false);
  const fast = run(true);
  expect(fast.results).toEqual(slow.results);
  expect(fast.events).toEqual(slow.events);
  expect(fast.final).toEqual(slow.final);
  expect(slow.s.fastNoOps).toBe(0);
  return { fast: fast.s, results: fast.results };
}

const apply = (obj: () => KrmObject | ((s: MemoryApiStore) => KrmObject), manager: string): Step => (s) => {
  const o = obj();
  const r = s.apply(typeof o === 'function' ? o(s) : o, { fieldManager: manager });
  return { changed: r.changed, deleted: r.deleted, rv: r.object.metadata.resourceVersion, mf: r.object.metadata.managedFields };
};

describe('apply no-op fast path', () => {
  it('answers a repeated apply (input and reconciler style) as a no-op: no RV bump, no event, managedFields unchanged', () => {
    const { fast, results } = sameBothWays([
      apply(() => item(), 'inputfileloader'),
      apply(() => item(), 'inputfileloader'), // full path (creates are not remembered without handOver): a no-op
      apply(() => item(), 'inputfileloader'), // remembered from that no-op
      apply(() => (s) => withStatus(s, ''), 'rec'),
      apply(() => (s) => withStatus(s, ''), 'rec'),
      apply(() => item(), 'inputfileloader'), // the object changed since its last apply: full path (a no-op)
      apply(() => item(), 'inputfileloader'), // remembered from that no-op
    ]);
    expect(fast.fastNoOps).toBe(3);
    expect((results as { changed: boolean }[]).map((r) => r.changed)).toEqual([true, false, false, true, false, false, false]);
    const o = stored(fast);
    expect(o.metadata.resourceVersion).toBe('1');
    expect(o.metadata.managedFields!.map((m) => `${m.manager} ${m.time}`)).toEqual(['inputfileloader 2024-10-01T15:32:21Z', 'rec 2024-10-01T15:32:24Z']);
  });

  it('takes the full path when the content, the manager or the stored object changed', () => {
    const { fast } = sameBothWays([
      apply(() => item(), 'inputfileloader'),
      apply(() => item({ spec: { value: 2, label: 'one', tags: ['t1', 't2'] } }), 'inputfileloader'), // new content
      apply(() => item({ spec: { value: 2, label: 'one', tags: ['t1', 't2'] } }), 'other'), // other manager, same values: a no-op
      apply(() => item({ spec: { value: 3 } }), 'other'), // conflict with inputfileloader
      apply(() => item({ spec: { label: 'two' } }), 'other'), // conflict
      apply(() => item({ spec: { value: 2, label: 'one', tags: ['t1', 't2'] } }), 'inputfileloader'), // fast: nothing was written since
      apply(() => item({}, { labels: { app: 'y' } }), 'inputfileloader'), // changes the label
      apply(() => item({}, { labels: { app: 'y' } }), 'inputfileloader'), // fast
      (s) => s.delete('items.bench.example.com', 'default', 'a').deleted,
      apply(() => item({}, { labels: { app: 'y' } }), 'inputfileloader'), // recreated
    ]);
    expect(fast.fastNoOps).toBe(2);
  });

  it('ignores what apply takes from the live object (resourceVersion, managedFields, uid, creationTimestamp)', () => {
    const { fast } = sameBothWays([
      apply(() => item(), 'inputfileloader'),
      apply(() => item(), 'inputfileloader'),
      apply(() => item({}, { resourceVersion: '7', uid: 'x', creationTimestamp: '2000-01-01T00:00:00Z', managedFields: [] }), 'inputfileloader'),
    ]);
    expect(fast.fastNoOps).toBe(1);
  });

  it('removal of fields a manager stopped setting is never skipped', () => {
    const { fast } = sameBothWays([
      apply(() => item(), 'inputfileloader'),
      apply(() => item({ spec: { value: 1, label: 'one' } }), 'inputfileloader'), // tags removed
      apply(() => item({ spec: { value: 1, label: 'one' } }), 'inputfileloader'),
    ]);
    expect(stored(fast).spec).toEqual({ value: 1, label: 'one', port: 80 });
    expect(fast.fastNoOps).toBe(1);
  });

  it('dry runs give the same answers and record nothing', () => {
    const { fast } = sameBothWays([
      (s) => s.apply(item(), { fieldManager: 'm', dryRun: true }).changed,
      apply(() => item(), 'm'),
      (s) => s.apply(item(), { fieldManager: 'm', dryRun: true }).changed,
      apply(() => item(), 'm'), // a no-op, remembered
      (s) => s.apply(item(), { fieldManager: 'm', dryRun: true }).changed, // fast
      (s) => s.apply(item({ spec: { value: 5 } }), { fieldManager: 'm', dryRun: true }).object.spec,
    ]);
    expect(fast.fastNoOps).toBe(1);
  });

  it('a re-registered API with a changed schema re-checks the content (no stale no-op)', () => {
    const s = newStore(true);
    s.apply(item(), { fieldManager: 'inputfileloader' });
    s.apply(item(), { fieldManager: 'inputfileloader' });
    s.apply(item(), { fieldManager: 'inputfileloader' });
    expect(s.fastNoOps).toBe(1);
    const { tags: _t, ...withoutTags } = SPEC;
    s.registerApi(crd(withoutTags));
    expect(() => s.apply(item(), { fieldManager: 'inputfileloader' })).toThrow(/\.spec\.tags: field not declared in schema/);
    expect(s.fastNoOps).toBe(1);
  });

  it('the memo does not follow a caller that changes the applied object afterwards', () => {
    const s = newStore(true);
    const o = item();
    s.apply(o, { fieldManager: 'inputfileloader' });
    (o.spec as Record<string, unknown>).value = 9;
    const r = s.apply(o, { fieldManager: 'inputfileloader' });
    expect(r.changed).toBe(true);
    expect(stored(s).spec!.value).toBe(9);
    expect(s.fastNoOps).toBe(0);
  });
});

describe('apply no-op fast path with handed-over objects', () => {
  it('behaves like the full path when callers hand their objects over', () => {
    const handOver = (obj: () => KrmObject | ((s: MemoryApiStore) => KrmObject), manager: string): Step => (s) => {
      const o = obj();
      const r = s.apply(typeof o === 'function' ? o(s) : o, { fieldManager: manager, handOver: true });
      return { changed: r.changed, rv: r.object.metadata.resourceVersion, mf: r.object.metadata.managedFields };
    };
    const { fast } = sameBothWays([
      handOver(() => item(), 'inputfileloader'),
      handOver(() => item(), 'inputfileloader'),
      handOver(() => (s) => withStatus(s, ''), 'rec'),
      handOver(() => (s) => withStatus(s, ''), 'rec'),
      handOver(() => (s) => withStatus(s, 'failed'), 'rec'),
      handOver(() => (s) => withStatus(s, 'failed'), 'rec'),
      handOver(() => item({}, { resourceVersion: '99', labels: { app: 'x' } }), 'inputfileloader'),
      handOver(() => item({}, { labels: { app: 'x', extra: 'y' } }), 'inputfileloader'),
    ]);
    expect(fast.fastNoOps).toBe(3);
  });
});

describe('copy-on-write apply', () => {
  const deepFreeze = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  };

  it('never mutates a stored object (merge, removal, defaults, conditions, finalizers, owner references)', () => {
    const s = newStore(false);
    const steps: [KrmObject, string][] = [
      [item({ spec: { value: 1, label: 'one', tags: ['a'] } }, { finalizers: ['x/a'], labels: { app: 'x', tier: 't' } }), 'inputfileloader'],
      [{ ...item({ status: { conditions: [{ type: 'Ready', status: 'True', message: '' }, { type: 'Other', status: 'False', message: 'm' }] } }), spec: undefined } as unknown as KrmObject, 'rec'],
      [{ ...item({ status: { conditions: [{ type: 'Ready', status: 'False', message: 'bad' }] } }, { finalizers: ['x/b'], ownerReferences: [{ apiVersion: 'v1', kind: 'K', name: 'o', uid: 'u1' }] }), spec: undefined } as unknown as KrmObject, 'rec'],
      [item({ spec: { value: 2 } }, { labels: { app: 'x' } }), 'inputfileloader'], // removes label tier, spec.label, spec.tags and finalizer x/a
      [{ ...item({ status: { conditions: [] } }), spec: undefined } as unknown as KrmObject, 'rec'], // rec stops setting conditions
    ];
    const seen: KrmObject[] = [];
    for (const [obj, manager] of steps) {
      s.apply(obj, { fieldManager: manager });
      const o = s.get('items.bench.example.com', 'default', 'a', { readOnly: true });
      deepFreeze(o);
      seen.push(o);
    }
    const last = stored(s);
    expect(last.spec).toEqual({ value: 2, port: 80 });
    expect(last.metadata.labels).toEqual({ app: 'x' });
    expect(last.metadata.finalizers).toBeUndefined(); // rec stopped setting x/b; inputfileloader dropped x/a
    expect(last.metadata.ownerReferences).toBeUndefined();
    expect(last.status).toBeUndefined();
    // earlier versions still show what they showed
    expect(seen[0]!.spec).toEqual({ value: 1, label: 'one', tags: ['a'], port: 80 });
    expect((seen[2]!.status as any).conditions.map((c: any) => `${c.type}=${c.status}`)).toEqual(['Ready=False']);
  });
});

describe('handed-over objects', () => {
  it('are shared by the stored object only where a copy would be identical (undefined properties are dropped)', () => {
    const run = (handOver: boolean) => {
      const s = newStore(true);
      const o = item({ spec: { value: 1, label: undefined, tags: ['t'] } });
      s.apply(o, { fieldManager: 'm', handOver });
      return s.get('items.bench.example.com', 'default', 'a', { readOnly: true });
    };
    const shared = run(true);
    expect(shared).toEqual(run(false));
    expect(Object.keys(shared.spec!)).toEqual(['value', 'tags', 'port']);
  });

  it('the stored object shares the handed-over values and neither is changed by later writes', () => {
    const s = newStore(true);
    const o = item();
    const frozen = JSON.parse(JSON.stringify(o));
    s.apply(o, { fieldManager: 'm', handOver: true });
    const stored1 = s.get('items.bench.example.com', 'default', 'a', { readOnly: true });
    expect((stored1.spec as any).tags).toBe((o.spec as any).tags);
    const snapshot1 = JSON.stringify(stored1);
    s.apply(item({ spec: { value: 2, tags: ['x'] } }, { labels: { app: 'z' } }), { fieldManager: 'm', handOver: true });
    expect(o).toEqual(frozen);
    expect(JSON.stringify(stored1)).toBe(snapshot1);
  });
});
