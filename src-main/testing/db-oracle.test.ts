import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../src-shared/krm/object.js';
import { compareWithOracle, formatOracleReport } from './db-oracle.js';

const o = (name: string, extra: Partial<KrmObject> & { meta?: Record<string, unknown> } = {}): KrmObject => ({
  apiVersion: 'example.com/v1',
  kind: 'W',
  metadata: { name, namespace: 'default', uid: `uid-${Math.random()}`, creationTimestamp: 'x', resourceVersion: '7', ...(extra.meta ?? {}) },
  spec: extra.spec ?? { a: 1 },
  ...(extra.status ? { status: extra.status } : {}),
});

describe('the db/ oracle comparison', () => {
  it('ignores uids, timestamps and resourceVersions; compares spec, conditions, finalizers and owners', () => {
    const cond = (status: string, t: string) => ({ conditions: [{ type: 'Ready', status, reason: 'Ready', message: '', lastTransitionTime: t }] });
    const db = [o('same', { status: cond('True', '2024') }), o('spec', { spec: { a: 1, b: { c: 2 } } }), o('owner', { meta: { ownerReferences: [{ kind: 'N', name: 'n1', uid: 'u', apiVersion: 'v1' }] } }), o('gone')];
    const run = [o('same', { status: cond('True', '2025') }), o('spec', { spec: { a: 1, b: { c: 3 } } }), o('owner', { meta: { ownerReferences: [{ kind: 'N', name: 'n2', uid: 'v', apiVersion: 'v1' }] } }), o('new')];
    const r = compareWithOracle(db, run);
    expect(r).toMatchObject({ total: 4, identical: 1, missing: ['example.com/W default/gone'], extra: ['example.com/W default/new'] });
    expect(r.mismatches).toEqual([
      { key: 'example.com/W default/spec', fields: [{ field: 'spec.b.c', expected: 2, actual: 3 }] },
      { key: 'example.com/W default/owner', fields: [{ field: 'metadata.ownerReferences', expected: ['N/n1'], actual: ['N/n2'] }] },
    ]);
    expect(formatOracleReport(r)).toContain('differs: example.com/W default/spec\n    spec.b.c: expected 2, got 3');
  });
});
