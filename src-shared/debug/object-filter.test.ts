import { describe, expect, it } from 'vitest';
import { objectLabel, objectMatches, parseObjectFilter, type ObjectFilter } from './object-filter.js';

const f = (text: string) => parseObjectFilter(text) as ObjectFilter;

describe('object filter', () => {
  it('parses KIND/NAME and KIND/NAMESPACE/NAME, and says what is wrong otherwise', () => {
    expect(parseObjectFilter(' Greeter/world ')).toEqual({ kind: 'Greeter', name: 'world', text: 'Greeter/world' });
    expect(parseObjectFilter('Greeter/default/world')).toEqual({ kind: 'Greeter', namespace: 'default', name: 'world', text: 'Greeter/default/world' });
    for (const bad of ['', 'Greeter', 'Greeter/', '/world', 'a/b/c/d']) expect(parseObjectFilter(bad)).toHaveProperty('error', expect.stringContaining('KIND/NAME'));
  });

  it('matches kind without case, namespace and name exactly or with * globs', () => {
    const world = { kind: 'Greeter', namespace: 'default', name: 'world' };
    expect(objectMatches(f('greeter/world'), world)).toBe(true);
    expect(objectMatches(f('Greeter/World'), world)).toBe(false);
    expect(objectMatches(f('Greeter/default/w*d'), world)).toBe(true);
    expect(objectMatches(f('Greeter/other/world'), world)).toBe(false);
    expect(objectMatches(f('*/w*'), world)).toBe(true);
    expect(objectMatches(f('Greeter/*x*'), world)).toBe(false);
    expect(objectMatches(f('Greeter/wor*ld*'), world)).toBe(true);
    expect(objectMatches(f('Greeter/w*o*x'), world)).toBe(false);
    expect(objectLabel(world)).toBe('Greeter/default/world');
  });
});
