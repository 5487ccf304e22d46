import { describe, expect, it } from 'vitest';
import { fieldChanges } from './field-diff.js';

describe('fieldChanges', () => {
  it('lists changed, added and removed leaves; keyed list items by name/type', () => {
    const before = { spec: { a: 1, gone: true, items: [{ name: 'x', port: 1 }, { name: 'y', port: 2 }], tags: ['a'] }, status: { conditions: [{ type: 'Ready', status: 'False' }] } };
    const after = { spec: { a: 2, items: [{ name: 'y', port: 3 }, { name: 'x', port: 1 }], tags: ['a', 'b'], added: 'z' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
    expect(fieldChanges(before, after)).toEqual([
      { path: 'spec.a', op: 'changed', before: 1, after: 2 },
      { path: 'spec.added', op: 'added', after: 'z' },
      { path: 'spec.gone', op: 'removed', before: true },
      { path: 'spec.items[name=y].port', op: 'changed', before: 2, after: 3 },
      { path: 'spec.tags[1]', op: 'added', after: 'b' },
      { path: 'status.conditions[type=Ready].status', op: 'changed', before: 'False', after: 'True' },
    ]);
    expect(fieldChanges({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
