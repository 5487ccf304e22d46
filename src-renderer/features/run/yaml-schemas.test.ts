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
