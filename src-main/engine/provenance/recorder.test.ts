import { describe, expect, it } from 'vitest';
import { call, execFile, Thread, toStarlark, type Value } from '../starlark/index.js';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { selfDict } from '../builtins/self-dict.js';
import { ProvenanceRecorder } from './recorder.js';

// The reconciled object as the builtins see it: converted from the store (no dict literal in it), managedFields
// and all, then changed by the reconciler with literals at several depths, inside a list too.
const CODE = `def change(obj):
  obj["status"] = {"conditions": [{"type": "Ready", "extra": {"a": 1}}]}
  obj["metadata"]["labels"] = {"x.io/name": "n"}
  obj["spec"]["items"][1]["b"] = 2
  return obj
`;

function fieldsOfWrite(value: Value): Array<[string, number, number]> {
  const recorder = new ProvenanceRecorder();
  recorder.noteWrite({
    reconciler: 'r',
    via: 'reconcile_result',
    trigger: { apiVersion: 'example.com/v1', kind: 'X', namespace: 'default', name: 'a' },
    callStack: [],
    value,
    map: (file, line, col) => ({ file, line, col }),
  });
  const entries = [...recorder.entries()];
  expect(entries).toHaveLength(1);
  return Object.entries(entries[0]![1][0]!.fields).map(([path, p]) => [path, p.line, p.col]);
}

describe('ProvenanceRecorder field sites', () => {
  it('records the literal entries under a converted object with their full paths, and nothing of the converted parts', () => {
    const stored = {
      apiVersion: 'example.com/v1',
      kind: 'X',
      metadata: { name: 'a', managedFields: [{ manager: 'm', fieldsV1: { 'f:spec': { 'f:items': { 'k:{"name":"x"}': { '.': {} } } } } }] },
      spec: { items: [{ name: 'x' }, { name: 'y' }] },
    };
    const mod = execFile('r.star', CODE, { predeclared: {} });
    const written = call(new Thread(), mod.globals.get('change') as Value, [toStarlark(stored)]);
    // the key positions of the literals (line, column of the key), in the object's order
    expect(fieldsOfWrite(written)).toEqual([
      ['.metadata.labels["x.io/name"]', 3, 32],
      ['.status.conditions', 2, 20],
      ['.status.conditions[0].type', 2, 36],
      ['.status.conditions[0].extra', 2, 53],
      ['.status.conditions[0].extra.a', 2, 63],
    ]);
    // the same with the object as reconcilers get it (its field sets shared and frozen, and not walked)
    const asSelf = call(new Thread(), mod.globals.get('change') as Value, [selfDict(stored as unknown as KrmObject)]);
    expect(fieldsOfWrite(asSelf)).toEqual(fieldsOfWrite(written));
  });

  it('keeps the last write of each reconciler of an object, in the order of those last writes', () => {
    const recorder = new ProvenanceRecorder();
    const trigger = { apiVersion: 'example.com/v1', kind: 'X', namespace: 'default', name: 'a' };
    const write = (reconciler: string, via: 'reconcile_result' | 'client_update') =>
      recorder.noteWrite({ reconciler, via, trigger, callStack: [], value: null, map: (file, line, col) => ({ file, line, col }) });
    const order = () => [...recorder.entries()].map(([key, records]) => [key, records.map((r) => `${r.reconciler} ${r.via}`)]);
    write('a', 'client_update');
    write('a', 'reconcile_result');
    expect(order()).toEqual([['example.com|X|default|a', ['a reconcile_result']]]);
    write('b', 'reconcile_result');
    write('a', 'client_update');
    expect(order()).toEqual([['example.com|X|default|a', ['b reconcile_result', 'a client_update']]]);
    recorder.replay('example.com|X|default|a', { reconciler: 'b', via: 'client_update', trigger, callStack: [], fields: {} });
    expect(order()).toEqual([['example.com|X|default|a', ['a client_update', 'b client_update']]]);
  });
});
