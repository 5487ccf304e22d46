import { describe, expect, it } from 'vitest';
import { applyDefaults } from './defaults.js';
import { compileRootSchema, compileSchema } from './model.js';
import { validateValue } from './validate.js';
import { validateRules } from './cel-rules.js';

function errors(schema: object, value: unknown, path = 'spec'): string[] {
  const errs: string[] = [];
  validateValue(value, compileSchema(schema as Record<string, unknown>), path, errs);
  return errs;
}

describe('compileSchema', () => {
  it('maps schema shapes to struct/map/list/any nodes', () => {
    expect(compileSchema({ type: 'object', properties: { a: { type: 'string' } } }).kind).toBe('struct');
    expect(compileSchema({ type: 'object' }).kind).toBe('map');
    expect(compileSchema({ type: 'object', additionalProperties: { type: 'integer' } }).values?.type).toBe('integer');
    expect(compileSchema({ 'x-kubernetes-preserve-unknown-fields': true }).kind).toBe('any');
    const list = compileSchema({ type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' } } } });
    expect([list.kind, list.listType, list.listKeys]).toEqual(['list', 'map', ['name']]);
    expect(compileSchema({ type: 'array', items: { type: 'string' } }).listType).toBe('atomic');
    const root = compileRootSchema({ type: 'object', properties: { spec: { type: 'object' } } });
    expect([...root.fields!.keys()].sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  });
});

describe('validateValue (Kubernetes texts)', () => {
  it('types, enum, lengths, pattern, numbers', () => {
    expect(errors({ type: 'object', properties: { port: { type: 'integer' } } }, { port: 'string' })).toEqual(['spec.port: Invalid value: "string": spec.port in body must be of type integer: "string"']);
    expect(errors({ type: 'object', properties: { port: { type: 'integer' } } }, { port: 3.0 })).toEqual([]);
    expect(errors({ type: 'string', enum: ['gnmi', 'netconf'] }, 'x', 'spec.protocol')).toEqual(['spec.protocol: Unsupported value: "x": supported values: "gnmi", "netconf"']);
    expect(errors({ type: 'string', minLength: 3 }, 'w', 'spec.fieldA')).toEqual(['spec.fieldA: Invalid value: "w": spec.fieldA in body should be at least 3 chars long']);
    expect(errors({ type: 'string', pattern: '^[a-z]+$' }, 'A1', 'spec.n')).toEqual(["spec.n: Invalid value: \"A1\": spec.n in body should match '^[a-z]+$'"]);
    expect(errors({ type: 'integer', minimum: 1, maximum: 10 }, 0, 'spec.n')).toEqual(['spec.n: Invalid value: 0: spec.n in body should be greater than or equal to 1']);
    expect(errors({ type: 'integer', maximum: 10, exclusiveMaximum: true }, 10, 'spec.n')).toEqual(['spec.n: Invalid value: 10: spec.n in body should be less than 10']);
    expect(errors({ type: 'number', multipleOf: 0.5 }, 0.75, 'spec.n')).toHaveLength(1);
    expect(errors({ type: 'string', format: 'date-time' }, 'yesterday', 'spec.t')).toEqual(['spec.t: Invalid value: "yesterday": spec.t in body must be of type date-time: "yesterday"']);
    expect(errors({ type: 'object', required: ['x'], properties: { x: { type: 'string' } } }, {})).toEqual(['spec.x: Required value']);
  });

  it('int-or-string, nullable, arrays and maps', () => {
    const ios = { 'x-kubernetes-int-or-string': true };
    expect(errors(ios, 8080, 'spec.port')).toEqual([]);
    expect(errors(ios, 'http', 'spec.port')).toEqual([]);
    expect(errors(ios, true, 'spec.port')).toHaveLength(1);
    expect(errors({ type: 'string', nullable: true }, null)).toEqual([]);
    expect(errors({ type: 'array', maxItems: 1, items: { type: 'string' } }, ['a', 'b'], 'spec.l')).toEqual(['spec.l: Too many: 2: must have at most 1 items']);
    expect(errors({ type: 'array', items: { type: 'integer' } }, [1, 'x'], 'spec.l')).toEqual(['spec.l[1]: Invalid value: "x": spec.l[1] in body must be of type integer: "string"']);
    expect(errors({ type: 'object', additionalProperties: { type: 'string' } }, { a: 1 }, 'spec.labels')).toEqual(['spec.labels[a]: Invalid value: 1: spec.labels[a] in body must be of type string: "integer"']);
  });

  it('embedded resources need apiVersion and kind', () => {
    const node = { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true, properties: { spec: { type: 'object' } } };
    expect(errors(node, { spec: {} }, 'spec.template')).toEqual(['spec.template.apiVersion: Required value: must not be empty', 'spec.template.kind: Required value: must not be empty']);
    expect(errors(node, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, 'spec.template')).toEqual([]);
    expect(compileSchema(node).fields?.has('metadata')).toBe(true);
  });

  it('list-type set and map invariants', () => {
    expect(errors({ type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } }, ['a', 'a'], 'spec.s')).toEqual(['spec.s[1]: Duplicate value: "a"']);
    const map = { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], items: { type: 'object', properties: { type: { type: 'string' } } } };
    expect(errors(map, [{ type: 'Ready' }, { type: 'Ready' }], 'status.conditions')).toEqual(['status.conditions[1]: Duplicate value: map[string]interface {}{"type":"Ready"}']);
    expect(errors(map, [{}], 'status.conditions')).toEqual(['status.conditions[0].type: Required value']);
    // a key's value of another type is another key; two items without the key are duplicates of each other
    expect(errors(map, [{ type: '1' }, { type: 1 }], 'status.conditions')).toEqual(['status.conditions[1].type: Invalid value: 1: status.conditions[1].type in body must be of type string: "integer"']);
    expect(errors(map, [{}, { type: 'x' }, {}], 'l')).toEqual(['l[0].type: Required value', 'l[2].type: Required value', 'l[2]: Duplicate value: map[string]interface {}{"type":null}']);
    const twoKeys = { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name', 'port'], items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer', default: 80 } } } };
    expect(errors(twoKeys, [{ name: 'a', port: 1 }, { name: 'a', port: 2 }, { name: 'a', port: 1 }, { name: 'b' }, { name: 'b' }], 'ports')).toEqual([
      'ports[2]: Duplicate value: map[string]interface {}{"name":"a", "port":1}',
      'ports[4]: Duplicate value: map[string]interface {}{"name":"b", "port":null}',
    ]);
  });

  it('reports the same errors in leaves without checks, with enums and formats, at every depth', () => {
    const node = { type: 'object', properties: { conditions: { type: 'array', items: { type: 'object', properties: { status: { type: 'string', enum: ['True', 'False'] }, at: { type: 'string', format: 'date-time' }, n: { type: 'integer' }, on: { type: 'boolean' } } } }, labels: { type: 'object', additionalProperties: { type: 'string' } } } };
    expect(errors(node, { conditions: [{ status: 'True', at: '2026-12-08T00:57:31Z', n: 1, on: true }], labels: { a: 'b' } }, 'status')).toEqual([]);
    expect(errors(node, { conditions: [{}, { status: 'Maybe', at: 'now', n: 1.5, on: 'yes' }], labels: { a: null, b: 2 } }, 'status')).toEqual([
      'status.conditions[1].status: Unsupported value: "Maybe": supported values: "True", "False"',
      'status.conditions[1].at: Invalid value: "now": status.conditions[1].at in body must be of type date-time: "now"',
      'status.conditions[1].n: Invalid value: 1.5: status.conditions[1].n in body must be of type integer: "number"',
      'status.conditions[1].on: Invalid value: "yes": status.conditions[1].on in body must be of type boolean: "string"',
      'status.labels[a]: Invalid value: "null": status.labels[a] in body must be of type string: "null"',
      'status.labels[b]: Invalid value: 2: status.labels[b] in body must be of type string: "integer"',
    ]);
  });

  it('validateChanged checks only what is not the very same object as before, with the same texts', async () => {
    const { validateChanged } = await import('./validate.js');
    const node = compileSchema({ type: 'object', properties: { kept: { type: 'object', properties: { n: { type: 'integer' } } }, changed: { type: 'object', properties: { n: { type: 'integer' } } } } });
    const kept = { n: 'not checked again' };
    const errs: string[] = [];
    validateChanged({ kept, changed: { n: 'x' } }, { kept, changed: { n: 1 } }, node, 'spec', errs);
    expect(errs).toEqual(['spec.changed.n: Invalid value: "x": spec.changed.n in body must be of type integer: "string"']);
  });
});

describe('applyDefaults', () => {
  it('fills missing fields recursively, inside arrays and map values, and keeps given values', () => {
    const node = compileSchema({
      type: 'object',
      properties: {
        port: { type: 'integer', default: 57400 },
        nested: { type: 'object', default: {}, properties: { mode: { type: 'string', default: 'auto' } } },
        items: { type: 'array', items: { type: 'object', properties: { weight: { type: 'integer', default: 1 } } } },
        byName: { type: 'object', additionalProperties: { type: 'object', properties: { on: { type: 'boolean', default: true } } } },
      },
    });
    const v: Record<string, any> = { port: 1, items: [{}, { weight: 5 }], byName: { a: {} } };
    expect(applyDefaults(v, node)).toBe(true);
    expect(v).toEqual({ port: 1, nested: { mode: 'auto' }, items: [{ weight: 1 }, { weight: 5 }], byName: { a: { on: true } } });
  });
});

describe('x-kubernetes-validations (CEL)', () => {
  const node = compileRootSchema({
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        'x-kubernetes-validations': [
          { rule: 'self.min <= self.max', message: 'min must not exceed max' },
          { rule: 'self.max == oldSelf.max || self.max > oldSelf.max' },
        ],
        properties: {
          min: { type: 'integer' },
          max: { type: 'integer' },
          name: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self.startsWith("x")' }] },
          bad: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self ==' }] },
        },
      },
    },
  });
  const run = (spec: object, old?: object) => {
    const errs: string[] = [];
    validateRules({ spec }, node, '', errs, old ? { value: { spec: old } } : undefined);
    return errs;
  };

  it('evaluates rules with messages, default texts, and integer semantics', () => {
    expect(node.anyRules).toBe(true);
    expect(run({ min: 1, max: 2, name: 'xa' })).toEqual([]);
    expect(run({ min: 3, max: 2, name: 'ya' })).toEqual(['spec: Invalid value: "object": min must not exceed max', 'spec.name: Invalid value: "string": failed rule: self.startsWith("x")']);
    expect(run({ min: 1, max: 1, bad: 'q' })[0]).toMatch(/^spec\.bad: Invalid value: "string": compilation failed: /);
  });

  it('runs transition rules only on update and skips unchanged values (ratcheting)', () => {
    expect(run({ min: 1, max: 5 }, { min: 1, max: 9 })).toEqual(['spec: Invalid value: "object": failed rule: self.max == oldSelf.max || self.max > oldSelf.max']);
    expect(run({ min: 9, max: 5 }, { min: 9, max: 5 })).toEqual([]);
  });
});


describe('ObjectMeta checks', () => {
  it('validates names, namespaces, label keys and values, finalizers and owner references', async () => {
    const { validateMeta } = await import('./objectmeta.js');
    const errs: string[] = [];
    validateMeta(
      {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: {
          name: 'ok.name',
          labels: { 'bad key!': 'v', good: 'bad value!' },
          finalizers: ['x'.repeat(64)],
          ownerReferences: [
            { apiVersion: 'v1', kind: 'K', name: 'a', uid: '1', controller: true },
            { apiVersion: 'v1', kind: 'K', name: 'b', uid: '', controller: true },
          ],
        },
      },
      { group: 'example.com', version: 'v1', kind: 'Widget', namespaced: true },
      errs,
    );
    expect(errs.map((e) => e.split(':')[0])).toEqual(['metadata.namespace', 'metadata.labels', 'metadata.labels', 'metadata.finalizers[0]', 'metadata.ownerReferences[1].uid', 'metadata.ownerReferences']);
  });
});

describe('string lengths count code points', () => {
  it('minLength/maxLength on astral characters and lone surrogates', () => {
    // '😀😀' is 4 UTF-16 units but 2 code points
    expect(errors({ type: 'string', minLength: 3 }, '😀😀', 's')).toEqual(['s: Invalid value: "😀😀": s in body should be at least 3 chars long']);
    expect(errors({ type: 'string', minLength: 2 }, '😀😀', 's')).toEqual([]);
    expect(errors({ type: 'string', maxLength: 2 }, '😀😀', 's')).toEqual([]);
    expect(errors({ type: 'string', maxLength: 1 }, '😀😀', 's')).toEqual(['s: Too long: may not be more than 1 bytes']);
    expect(errors({ type: 'string', maxLength: 1 }, '\ud800\ud800', 's')).toEqual(['s: Too long: may not be more than 1 bytes']);
    expect(errors({ type: 'string', minLength: 2, maxLength: 2 }, '\ud800x', 's')).toEqual([]);
  });
});
