import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/index.js';
import { changedConditionLines, conditionRow, depsTree, diffRows, indexObjects, objectKey, objectPair, stripNoise } from './engine-data.js';

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
});
