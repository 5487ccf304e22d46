import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { Dict, fromStarlark, List, repr, StarlarkError, toStarlark, type Json } from '../starlark/index.js';
import { dictToObject, selfDict } from './self-dict.js';

const loaderFields = { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:value': {} } };
const statusFields = { 'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {}, 'f:type': {}, 'f:status': {} } } } };

function stored(name: string): KrmObject {
  return {
    apiVersion: 'example.com/v1',
    kind: 'Item',
    metadata: {
      name,
      namespace: 'default',
      labels: { app: 'x' },
      managedFields: [
        { apiVersion: 'example.com/v1', fieldsType: 'FieldsV1', fieldsV1: loaderFields, manager: 'loader', operation: 'Apply', time: '2026-01-01T00:00:00Z' },
        { apiVersion: 'example.com/v1', fieldsType: 'FieldsV1', fieldsV1: statusFields, manager: 'r', operation: 'Apply', time: '2026-01-01T00:00:01Z' },
      ],
      uid: 'u1',
      resourceVersion: '3',
      generation: 2,
    },
    spec: { value: 7 },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  } as unknown as KrmObject;
}

const fieldsOf = (self: Dict, i: number) => (((self.get('metadata') as Dict).get('managedFields') as List).elems[i] as Dict).get('fieldsV1') as Dict;

describe('selfDict', () => {
  it('reads, prints and converts back like toStarlark', () => {
    const obj = stored('a');
    const self = selfDict(obj) as Dict;
    expect(repr(self)).toBe(repr(toStarlark(obj as unknown as Json)));
    expect(dictToObject(self)).toEqual(fromStarlark(toStarlark(obj as unknown as Json), { noneAsEmptyString: true }));
    expect(JSON.stringify(dictToObject(self))).toBe(JSON.stringify(obj));
  });

  it('shares one frozen dict per stored field set, and hands the stored field set back', () => {
    const a = selfDict(stored('a')) as Dict;
    const b = selfDict(stored('b')) as Dict;
    expect(fieldsOf(a, 0)).toBe(fieldsOf(b, 0));
    expect(fieldsOf(a, 1)).not.toBe(fieldsOf(a, 0));
    expect(fieldsOf(a, 0).frozen).toBe(true);
    expect(() => fieldsOf(a, 0).set('f:x', new Dict())).toThrow(StarlarkError);
    // the rest of self stays the reconciler's own, mutable copy
    (a.get('metadata') as Dict).set('name', 'renamed');
    const back = dictToObject(a) as unknown as { metadata: { name: string; managedFields: Array<{ fieldsV1: unknown }> } };
    expect(back.metadata.name).toBe('renamed');
    expect(back.metadata.managedFields[0]!.fieldsV1).toBe(loaderFields);
    expect(stored('c').metadata.name).toBe('c');
  });

  it('converts a field set the reconciler replaced, and field sets that are not plain trees, as values', () => {
    const obj = stored('a') as unknown as { metadata: { managedFields: Array<{ fieldsV1: unknown }> } };
    obj.metadata.managedFields[1]!.fieldsV1 = { 'f:spec': null };
    const self = selfDict(obj as unknown as KrmObject) as Dict;
    expect(fieldsOf(self, 1).frozen).toBe(false);
    const entry = ((self.get('metadata') as Dict).get('managedFields') as List).elems[0] as Dict;
    entry.set('fieldsV1', toStarlark({ 'f:other': {} }));
    const back = dictToObject(self) as unknown as { metadata: { managedFields: Array<{ fieldsV1: unknown }> } };
    expect(back.metadata.managedFields[0]!.fieldsV1).toEqual({ 'f:other': {} });
    // None comes back as "" (the Go host's quirk), as for any converted value
    expect(back.metadata.managedFields[1]!.fieldsV1).toEqual({ 'f:spec': '' });
  });

  it('keeps fromStarlark errors for values JSON cannot hold', () => {
    const self = selfDict(stored('a')) as Dict;
    (self.get('metadata') as Dict).set(1, 'x');
    expect(() => dictToObject(self)).toThrow(/dict key is not a string/);
  });
});
