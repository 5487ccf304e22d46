import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/index.js';
import { changedConditionLines, conditionRow, depsTree, diffRows, indexObjects, objectKey, objectPair, resourceRows, resourcesList, stripNoise } from './engine-data.js';

const obj = (kind: string, name: string, extra: Partial<KrmObject> = {}, meta: Record<string, unknown> = {}): KrmObject =>
  ({ apiVersion: 'x.io/v1', kind, metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '3', generation: 2, managedFields: [{ manager: 'm' }], ...meta }, ...extra }) as KrmObject;
const ready = (status: string, message = '') => ({ status: { conditions: [{ type: 'Ready', status, reason: status === 'True' ? 'Ready' : 'Failed', message, lastTransitionTime: '2024-01-01T00:00:00Z' }] } });
const snap = (objects: KrmObject[]) => ({ objects, apiResources: [] });

describe('engine data shaping', () => {
  it('marks condition changes in diff rows and counts each status', () => {
    const a = [obj('A', 'one', ready('True')), obj('A', 'two', { spec: { v: 1 } }), obj('A', 'gone')];
    const b = [obj('A', 'one', ready('False', 'boom')), obj('A', 'two', { spec: { v: 2 } }), obj('A', 'new', ready('True'))];
    const { items, counts } = diffRows(snap(a), snap(b), indexObjects(a), indexObjects(b));
    expect(counts).toEqual({ added: 1, modified: 2, deleted: 1, equal: 0 });
    const byName = Object.fromEntries(items.map((i) => [i.name, i]));
    expect(byName.one).toMatchObject({ status: 'modified', conditionsChanged: true, key: 'x.io/v1|A|default|one' });
    expect(byName.two).toMatchObject({ status: 'modified', conditionsChanged: false });
    expect(byName.new).toMatchObject({ status: 'added', conditionsChanged: true });
    expect(byName.gone).toMatchObject({ status: 'deleted' });
  });

  it('hides bookkeeping fields and points at the changed condition lines', () => {
    const a = obj('A', 'one', ready('True'));
    const b = obj('A', 'one', ready('False', 'boom'));
    const s = stripNoise(b);
    expect(s.metadata).toEqual({ name: 'one', namespace: 'default' });
    const pair = objectPair(a, b, true);
    expect(pair.left).not.toContain('lastTransitionTime');
    const lines = pair.right.split('\n');
    expect(pair.conditionLines.map((l) => lines[l - 1]!.trim().replace(/^- /, '')).sort()).toEqual(['message: boom', 'reason: Failed', 'status: "False"'].sort());
    expect(objectPair(undefined, b, false).left).toBe('');
    expect(changedConditionLines('a: 1\n', 'a: 1\n')).toEqual([]);
  });

  it('builds the owner tree as flat nodes with Ready status and counts per kind', () => {
    const owner = obj('Parent', 'p', ready('True'));
    const child = obj('Child', 'c', {}, { ownerReferences: [{ apiVersion: 'x.io/v1', kind: 'Parent', name: 'p', uid: 'uid-p', controller: true }] });
    const t = depsTree(snap([owner, child]));
    expect(t.roots).toHaveLength(1);
    const root = t.nodes[t.roots[0]!]!;
    expect(root).toMatchObject({ kind: 'Parent', ready: 'True', key: objectKey(owner) });
    expect(t.nodes[root.children[0]!]).toMatchObject({ kind: 'Child', ready: '' });
    expect(t.kindCounts).toEqual({ Parent: 1, Child: 1 });
  });

  it('turns conditions into condition-view cells', () => {
    expect(conditionRow(obj('A', 'one', ready('False', 'boom'))).conditions.Ready).toEqual({ status: 'False', reason: 'Failed', message: 'boom', lastTransitionTime: '2024-01-01T00:00:00Z' });
  });

  it('lists the Resources view rows with Ready, owner and the change since the snapshot before', () => {
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'as.x.io' } } as KrmObject;
    const parent = obj('Parent', 'p', ready('True'));
    const ownerRefs = [
      { apiVersion: 'x.io/v1', kind: 'Other', name: 'o', uid: 'u-o' },
      { apiVersion: 'x.io/v1', kind: 'Parent', name: 'p', uid: 'uid-p', controller: true },
    ];
    const before = [parent, obj('Child', 'c-2', { spec: { v: 1 } }, { ownerReferences: ownerRefs }), obj('Child', 'gone')];
    const after = [crd, parent, obj('Child', 'c-10', ready('False', 'no IP')), obj('Child', 'c-2', { spec: { v: 2 } }, { ownerReferences: ownerRefs })];
    const d = diffRows(snap(before), snap(after), indexObjects(before), indexObjects(after));
    const rows = resourceRows(snap(after), new Map(d.items.map((i) => [i.key, i.status])), indexObjects(before));
    // CRDs are not produced objects; natural order (c-2 before c-10); the deleted object comes last.
    expect(rows.map((r) => `${r.kind}/${r.name}:${r.change}`)).toEqual(['Child/c-2:modified', 'Child/c-10:added', 'Parent/p:unchanged', 'Child/gone:deleted']);
    expect(rows[0]!.owner).toEqual({ key: 'x.io/v1|Parent|default|p', kind: 'Parent', name: 'p' });
    expect(rows[1]).toMatchObject({ ready: 'False', readyReason: 'Failed', readyMessage: 'no IP', owner: null });
    expect(rows[2]).toMatchObject({ ready: 'True', key: objectKey(parent) });
    // The first snapshot has nothing to compare with: nothing is marked.
    expect(resourceRows(snap(after), undefined).every((r) => r.change === 'unchanged')).toBe(true);

    const meta = { snapshot: { id: 's2', createdAt: 't', mode: 'once' }, previous: 's1' };
    const all = resourcesList(rows, meta, {}, 100);
    expect(all).toMatchObject({ total: 3, kinds: { Child: 2, Parent: 1 }, changes: { added: 1, modified: 1, deleted: 1 }, matched: 4, truncated: false });
    expect(resourcesList(rows, meta, { kind: 'Child', text: 'parent/p' }, 100).rows.map((r) => r.name)).toEqual(['c-2']);
    expect(resourcesList(rows, meta, { changedOnly: true }, 100).rows.map((r) => r.name)).toEqual(['c-2', 'c-10', 'gone']);
    const cut = resourcesList(rows, meta, {}, 2);
    expect(cut).toMatchObject({ matched: 4, truncated: true });
    expect(cut.rows).toHaveLength(2);
  });
});
