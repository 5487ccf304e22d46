import { describe, expect, it } from 'vitest';
import { pruneUnmanagedFields } from './prune.js';
import { setReconcilerCondition } from './conditions.js';

describe('pruneUnmanagedFields', () => {
  it('removes fields other Apply managers own and the bookkeeping metadata', () => {
    const obj: any = {
      apiVersion: 'example.com/v1alpha1',
      kind: 'HelloWorld',
      metadata: {
        name: 'test',
        annotations: { 'api.choreo.kform.dev/origin': '{"kind":"File"}' },
        finalizers: ['a', 'mine'],
        resourceVersion: '3',
        generation: 2,
        managedFields: [
          { manager: 'inputfileloader', operation: 'Apply', fieldsV1: { 'f:metadata': { 'f:annotations': { 'f:api.choreo.kform.dev/origin': {} } }, 'f:spec': { 'f:greeting': {} } } },
          { manager: 'other', operation: 'Apply', fieldsV1: { 'f:metadata': { 'f:finalizers': { 'v:"a"': {} } }, 'f:status': { 'f:conditions': { 'k:{"type":"Other"}': { '.': {}, 'f:type': {} } } } } },
          { manager: 'me', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:x': {} } } },
        ],
      },
      spec: { greeting: 'hi', x: 1 },
      status: { conditions: [{ type: 'Other', status: 'True' }, { type: 'Ready', status: 'True' }] },
    };
    pruneUnmanagedFields(obj, 'me');
    expect(obj.metadata).toEqual({ name: 'test', finalizers: ['mine'] });
    expect(obj.spec).toEqual({ x: 1 });
    expect(obj.status.conditions).toEqual([{ type: 'Ready', status: 'True' }]);
  });
  it('keeps fields that predate the first apply', () => {
    const obj: any = {
      metadata: {
        managedFields: [
          { manager: 'inputfileloader', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:a': {}, 'f:b': {} } } },
          { manager: 'before-first-apply', operation: 'Update', fieldsV1: { 'f:spec': { 'f:a': {} } } },
        ],
      },
      spec: { a: 1, b: 2 },
    };
    pruneUnmanagedFields(obj, 'me');
    expect(obj.spec).toEqual({ a: 1 });
  });
});

describe('setReconcilerCondition', () => {
  const now = new Date('2024-10-01T00:00:00Z');
  it('appends a Ready condition and drops other types from the applied object', () => {
    const obj: any = { status: { conditions: [{ type: 'Other', status: 'True' }] } };
    setReconcilerCondition(obj, 'Ready', '', now);
    expect(obj.status.conditions).toEqual([{ type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2024-10-01T00:00:00Z' }]);
  });
  it('keeps an unchanged condition (and its time), replaces a changed one', () => {
    const old = { type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2020-01-01T00:00:00Z' };
    const obj: any = { status: { conditions: [old] } };
    setReconcilerCondition(obj, 'Ready', '', now);
    expect(obj.status.conditions).toEqual([old]);
    setReconcilerCondition(obj, 'Ready', 'boom', now);
    expect(obj.status.conditions).toEqual([{ type: 'Ready', status: 'False', reason: 'Failed', message: 'boom', lastTransitionTime: '2024-10-01T00:00:00Z' }]);
  });
});
