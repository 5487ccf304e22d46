import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { compileRootSchema } from '../schema/model.js';
import { FieldSet, objectFieldSet } from './fieldset.js';
import { serverSideApply } from './ssa.js';

const root = compileRootSchema({
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        a: { type: 'string' },
        b: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' } },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' }, proto: { type: 'string' } } },
        },
        set: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        atomicMap: { type: 'object', 'x-kubernetes-map-type': 'atomic', properties: { x: { type: 'string' }, y: { type: 'string' } } },
      },
    },
  },
});

const obj = (spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KrmObject => ({ apiVersion: 'example.com/v1', kind: 'W', metadata: { name: 'w', namespace: 'default', ...meta }, spec });
let live: KrmObject | undefined;
function apply(manager: string, o: KrmObject, force = false): KrmObject {
  live = serverSideApply({ live, applied: o, root, manager, force, now: '2024-01-01T00:00:00Z', gvkText: 'example.com/v1, Kind=W' });
  return live;
}
const managers = () => live!.metadata.managedFields!.map((m) => m.manager);

describe('field sets', () => {
  it('encodes struct fields, list-map items, set members, atomic values and free-form maps', () => {
    const errs: string[] = [];
    const fs = objectFieldSet(
      obj({ a: 'x', tags: ['t'], ports: [{ name: 'http', port: 80 }], set: ['s'], free: { deep: { k: 1 }, list: [1] }, atomicMap: { x: '1' } }, { finalizers: ['f/x'], labels: { l: 'v' } }) as Record<string, unknown>,
      root,
      errs,
    );
    expect(errs).toEqual([]);
    expect(fs.toJSON()).toEqual({
      'f:metadata': { 'f:finalizers': { 'v:"f/x"': {} }, 'f:labels': { 'f:l': {} } },
      'f:spec': {
        'f:a': {},
        'f:tags': {},
        'f:ports': { 'k:{"name":"http"}': { '.': {}, 'f:name': {}, 'f:port': {} } },
        'f:set': { 'v:"s"': {} },
        'f:free': { 'f:deep': { '.': {}, 'f:k': {} }, 'f:list': {} },
        'f:atomicMap': {},
      },
    });
    const readBack = FieldSet.fromJSON({ 'f:spec': { 'f:a': {} }, 'f:c': { 'k:{"type":"R"}': { '.': {}, 'f:s': {} } } }).toJSON();
    expect(readBack).toEqual({ 'f:spec': { 'f:a': {} }, 'f:c': { 'k:{"type":"R"}': { '.': {}, 'f:s': {} } } });
  });

  it('reports undeclared fields and wrong scalar kinds in SMD path form', () => {
    const errs: string[] = [];
    objectFieldSet(obj({ zz: 1, a: 5, tags: ['t', 2], ports: [{ name: 'x', bogus: 1 }, { name: 'y', port: 'p' }], atomicMap: 3 }, { bogus: 1 }) as Record<string, unknown>, root, errs);
    expect(errs).toEqual([
      '.metadata.bogus: field not declared in schema',
      '.spec.zz: field not declared in schema',
      '.spec.a: expected string, got &value.valueUnstructured{Value:5}',
      '.spec.tags[1]: expected string, got &value.valueUnstructured{Value:2}',
      '.spec.ports[name="x"].bogus: field not declared in schema',
      '.spec.ports[name="y"].port: expected numeric (int or float), got &value.valueUnstructured{Value:"p"}',
      '.spec.atomicMap: expected map, got &value.valueUnstructured{Value:3}',
    ]);
  });
});

describe('serverSideApply', () => {
  it('merges list-map items by key, unions sets, replaces atomic lists, and tracks owners', () => {
    live = undefined;
    apply('m1', obj({ a: 'x', tags: ['1', '2'], ports: [{ name: 'http', port: 80 }], set: ['a'] }));
    apply('m2', obj({ b: 'y', tags: ['1', '2'], ports: [{ name: 'grpc', port: 90 }], set: ['b'] }));
    expect(live!.spec).toEqual({ a: 'x', b: 'y', tags: ['1', '2'], ports: [{ name: 'http', port: 80 }, { name: 'grpc', port: 90 }], set: ['a', 'b'] });
    expect(managers()).toEqual(['m1', 'm2']);
  });

  it('removes fields, items and members a manager stops applying unless another manager owns them', () => {
    live = undefined;
    apply('m1', obj({ a: 'x', b: 'y', ports: [{ name: 'http', port: 80 }, { name: 'grpc', port: 90 }], set: ['a', 'b'] }));
    apply('m2', obj({ b: 'y', set: ['b'] }));
    apply('m1', obj({ a: 'x', ports: [{ name: 'http', port: 80 }] }));
    expect(live!.spec).toEqual({ a: 'x', b: 'y', ports: [{ name: 'http', port: 80 }], set: ['b'] });
    apply('m1', obj({ a: 'x' }));
    apply('m2', obj({ a: 'x' }));
    // a container emptied by the removal goes too (structured-merge-diff leaves it null)
    apply('m1', { ...obj({}), spec: undefined } as unknown as KrmObject);
    apply('m2', { ...obj({}), spec: undefined } as unknown as KrmObject);
    expect(live!.spec).toBeUndefined();
    expect(live!.metadata.managedFields).toBeUndefined();
  });

  it('owns an empty map as a leaf (`f:spec: {}`), as Go records `spec: {}` and `status: {}`', () => {
    live = undefined;
    apply('m1', obj({}));
    expect(live!.spec).toEqual({});
    expect(live!.metadata.managedFields!.map((m) => m.fieldsV1)).toEqual([{ 'f:spec': {} }]);
    // applying content later keeps the map (its children are owned now) and drops the leaf
    apply('m1', obj({ a: 'x' }));
    expect(live!.spec).toEqual({ a: 'x' });
    expect(live!.metadata.managedFields!.map((m) => m.fieldsV1)).toEqual([{ 'f:spec': { 'f:a': {} } }]);
  });

  it('reports conflicts grouped by manager; force takes the fields over', () => {
    live = undefined;
    apply('m1', obj({ a: 'x', b: 'y' }));
    expect(() => apply('m2', obj({ a: 'z', b: 'w' }))).toThrow('Apply failed with 2 conflicts: conflicts with "m1":\n- .spec.a\n- .spec.b');
    apply('m2', obj({ a: 'z' }), true);
    expect(live!.spec.a).toBe('z');
    const m1 = live!.metadata.managedFields!.find((m) => m.manager === 'm1')!;
    expect(m1.fieldsV1).toEqual({ 'f:spec': { 'f:b': {} } });
  });

  it('creates a before-first-apply owner for an object written without managed fields', () => {
    live = obj({ a: 'x' });
    apply('m1', obj({ b: 'y' }));
    expect(managers()).toEqual(['before-first-apply', 'm1']);
    expect(live!.metadata.managedFields![0]!.operation).toBe('Update');
    expect(() => apply('m1', obj({ a: 'changed' }))).toThrow('conflict with "before-first-apply": .spec.a');
  });

  it('keeps server-owned metadata from the live object', () => {
    live = undefined;
    const created = apply('m1', obj({ a: 'x' }));
    created.metadata.uid = 'uid-1';
    created.metadata.resourceVersion = '3';
    live = created;
    const next = apply('m1', obj({ a: 'y' }, { uid: 'other', resourceVersion: '1' }));
    expect([next.metadata.uid, next.metadata.resourceVersion]).toEqual(['uid-1', '3']);
  });
});

describe('FieldSet.toJSON', () => {
  it('renders members, "." for owned items with children, and drops empty branches', () => {
    const fs = new FieldSet();
    fs.child('f:spec').child('f:a').member = true;
    fs.child('f:spec').child('f:empty').child('f:deeper'); // no member anywhere below: dropped
    const item = fs.child('f:status').child('f:conditions').child('k:{"type":"Ready"}');
    item.member = true;
    item.child('f:status').member = true;
    const bare = fs.child('f:list').child('k:{"uid":"x"}');
    bare.member = true;
    bare.child('f:nothing'); // a member whose children are all empty keeps its "."
    expect(fs.toJSON()).toEqual({
      'f:spec': { 'f:a': {} },
      'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {}, 'f:status': {} } } },
      'f:list': { 'k:{"uid":"x"}': { '.': {} } },
    });
    expect(Object.keys((fs.toJSON() as any)['f:status']['f:conditions']['k:{"type":"Ready"}'])).toEqual(['.', 'f:status']);
    expect(new FieldSet().toJSON()).toEqual({});
    const readBack = FieldSet.fromJSON({ 'f:spec': { 'f:a': {} }, 'f:c': { 'k:{"type":"R"}': { '.': {}, 'f:s': {} } } }).toJSON();
    expect(readBack).toEqual({ 'f:spec': { 'f:a': {} }, 'f:c': { 'k:{"type":"R"}': { '.': {}, 'f:s': {} } } });
  });
});
