import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { manualClock, sequentialUids } from '../store/clock.js';
import { createApiStore } from '../store/store.js';
import { collectGarbage, ownerCycleText, storeOwnerGraph } from './gc.js';

const crd: KrmObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced', versions: [{ name: 'v1', storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] },
};
const w = (name: string, owner?: string, finalizers?: string[]): KrmObject => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name, namespace: 'default', ...(owner ? { ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: owner, uid: `uid-${owner}` }] } : {}), ...(finalizers ? { finalizers } : {}) },
});

describe('collectGarbage', () => {
  it('deletes descendants of missing owners; objects with finalizers start terminating', () => {
    const s = createApiStore({ clock: manualClock(), newUid: sequentialUids() });
    s.registerApi(crd);
    for (const o of [w('root'), w('kept', 'root'), w('orphan', 'gone'), w('grandchild', 'orphan'), w('held', 'gone', ['x.dev/hold'])]) s.apply(o, { fieldManager: 'm' });
    const r = collectGarbage(s);
    expect(r.deleted.map((o) => o.metadata.name).sort()).toEqual(['grandchild', 'orphan']);
    expect(r.terminating.map((o) => o.metadata.name)).toEqual(['held']);
    expect(s.list('widgets.example.com').map((o) => o.metadata.name)).toEqual(['held', 'kept', 'root']);
    expect(ownerCycleText(storeOwnerGraph(s))).toBeUndefined();
  });

  it('finds owner cycles', () => {
    const s = createApiStore({ clock: manualClock(), newUid: sequentialUids() });
    s.registerApi(crd);
    s.apply(w('a', 'b'), { fieldManager: 'm' });
    s.apply(w('b', 'a'), { fieldManager: 'm' });
    expect(ownerCycleText(storeOwnerGraph(s))?.text).toBe('cycle of owner references: Widget.example.com/v1 a (default) -> Widget.example.com/v1 b (default) -> Widget.example.com/v1 a (default)');
  });
});
