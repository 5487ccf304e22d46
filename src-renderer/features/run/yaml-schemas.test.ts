import { describe, expect, it } from 'vitest';
import { combinedSchema } from './yaml-schemas';

describe('combinedSchema', () => {
  it('selects the schema per apiVersion/kind and lists the kinds of each apiVersion', () => {
    const s = combinedSchema([
      { apiVersion: 'a.io/v1', kind: 'Foo', file: 'crds/foo.yaml', schema: { type: 'object', properties: { spec: { type: 'object' } } } },
      { apiVersion: 'a.io/v1', kind: 'Bar', file: 'crds/bar.yaml', schema: { type: 'object' } },
    ]) as any;
    expect(s.properties.apiVersion.enum).toEqual(['a.io/v1']);
    expect(s.allOf[0].then.properties.kind.enum).toEqual(['Bar', 'Foo']);
    const foo = s.allOf.find((x: any) => x.if.properties.kind?.const === 'Foo');
    expect(foo.if.properties.apiVersion.const).toBe('a.io/v1');
    expect(foo.then.properties.spec).toEqual({ type: 'object' });
  });
});

describe('the hover on kind', () => {
  const s = combinedSchema([
    { apiVersion: 'a.io/v1', kind: 'Foo', file: 'crds/foo.yaml', schema: { type: 'object', properties: { kind: { type: 'string', const: 'Foo', description: 'A foo.' } } } },
    { apiVersion: 'a.io/v1', kind: 'Bar', file: 'crds/bar.yaml', schema: { type: 'object' } },
    { apiVersion: 'choreo.kform.dev/v1alpha1', kind: 'Reconciler', file: '', schema: { type: 'object' } },
  ]) as any;
  const branch = (kind: string) => s.allOf.find((x: any) => x.if.properties.kind?.const === kind).then;

  it('is headed by the kind, its apiVersion and the CRD file that defines it', () => {
    expect(branch('Foo').properties.kind).toEqual({ type: 'string', const: 'Foo', description: 'A foo.', title: 'Foo (a.io/v1), defined in crds/foo.yaml' });
    expect(branch('Bar').properties.kind.title).toBe('Bar (a.io/v1), defined in crds/bar.yaml');
    expect(branch('Reconciler').properties.kind.title).toBe('Reconciler (choreo.kform.dev/v1alpha1), built into Choreo');
  });

  it('lists where each kind of the apiVersion is defined', () => {
    const kinds = s.allOf.find((x: any) => !x.if.properties.kind && x.if.properties.apiVersion.const === 'a.io/v1').then.properties.kind;
    expect(kinds.enum).toEqual(['Bar', 'Foo']);
    expect(kinds.enumDescriptions).toEqual(['defined in crds/bar.yaml', 'defined in crds/foo.yaml']);
  });
});
