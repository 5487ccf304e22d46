import { describe, expect, it } from 'vitest';
import { celJs, loadSchemaLibraries, re2js, schemaLibrariesFor } from './schema-libraries.js';

const crd = (schema: object) => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: schema } }] } });

describe('schema libraries', () => {
  it('says which libraries CRDs need: a pattern needs re2js, a rule cel-js, neither needs nothing', () => {
    const plain = crd({ type: 'object', properties: { spec: { type: 'object', properties: { name: { type: 'string' } } } } });
    const pattern = crd({ type: 'object', properties: { spec: { type: 'object', properties: { name: { type: 'string', pattern: '^[a-z]+$' } } } } });
    const rules = crd({ type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-validations': [{ rule: 'self.a > 0' }] } } });
    expect(schemaLibrariesFor([plain])).toEqual({ regex: false, cel: false });
    expect(schemaLibrariesFor([plain, pattern])).toEqual({ regex: true, cel: false });
    expect(schemaLibrariesFor([rules])).toEqual({ regex: false, cel: true });
    // an empty rule list and a non-string `pattern` (a property named so) need nothing
    expect(schemaLibrariesFor([crd({ type: 'object', 'x-kubernetes-validations': [], properties: { pattern: { type: 'string' } } })])).toEqual({ regex: false, cel: false });
  });

  it('gives the same library whether it was preloaded or loaded on first use', async () => {
    const onDemand = re2js();
    await loadSchemaLibraries({ regex: true, cel: true });
    expect(re2js()).toBe(onDemand);
    expect(re2js().RE2JS.compile('^a+$').matcher('aaa').find()).toBe(true);
    expect(typeof celJs().parse).toBe('function');
  });
});
