// The kstatus rule of delivery health, object by object.
import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../src-shared/krm/object.js';
import { assessHealth, judgeObject } from './health-rules.js';
import type { ReconciledKind } from './types.js';

const SHIP: Omit<ReconciledKind, 'selector'> = { reconciler: 'shipper', group: 'fleet.example.com', version: 'v1', kind: 'Ship' };
/** The project: the reconciler selects only Ships whose spec.class is "alpha" (a CEL expression). */
const ALPHA_ONLY: ReconciledKind = { ...SHIP, selector: { matchExpressions: [{ expression: 'spec.class == "alpha"', operator: 'Equals', values: ['true'] }] } };

function ship(name: string, cls: string, status?: Record<string, unknown>, generation?: number): KrmObject {
  return {
    apiVersion: 'fleet.example.com/v1',
    kind: 'Ship',
    metadata: { name, namespace: 'default', ...(generation !== undefined ? { generation } : {}) },
    spec: { class: cls },
    ...(status ? { status } : {}),
  } as KrmObject;
}
const ready = (status: string, extra: Record<string, unknown> = {}) => ({ conditions: [{ type: 'Ready', status, reason: status === 'True' ? 'Ready' : 'Failed', message: status === 'True' ? '' : 'broken', ...extra }] });

describe('judgeObject (kstatus)', () => {
  it('an object with no conditions that no reconciler selects is Current; one that is selected is InProgress', () => {
    expect(judgeObject(ship('beta-0', 'beta'), [])).toMatchObject({ status: 'Current', why: 'no reconciler selects it and it reports no conditions' });
    expect(judgeObject(ship('alpha-0', 'alpha'), ['shipper'])).toMatchObject({ status: 'InProgress', why: expect.stringContaining('selected by shipper but has no condition yet') });
  });

  it('Ready=False, Stalled=True and a failed reconcile are Failed', () => {
    expect(judgeObject(ship('a', 'alpha', ready('False')), ['shipper'])).toMatchObject({ status: 'Failed', why: 'Ready=False (broken)' });
    const stalled = judgeObject(ship('a', 'alpha', { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Stalled', status: 'True', message: 'gave up' }] }), ['shipper']);
    expect(stalled).toMatchObject({ status: 'Failed', why: 'Stalled=True (gave up)' });
    const failed = judgeObject(ship('a', 'alpha', ready('True')), ['shipper'], { reconciler: 'shipper', namespace: 'default', name: 'a', message: 'boom' });
    expect(failed).toMatchObject({ status: 'Failed', why: 'the reconcile by shipper failed: boom' });
  });

  it('Reconciling=True, Ready=Unknown and stale conditions are InProgress; Stalled=False and Reconciling=False are fine', () => {
    expect(judgeObject(ship('a', 'alpha', { conditions: [{ type: 'Reconciling', status: 'True' }] }), ['shipper']).status).toBe('InProgress');
    expect(judgeObject(ship('a', 'alpha', ready('Unknown')), ['shipper']).status).toBe('InProgress');
    const ok = judgeObject(ship('a', 'alpha', { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Stalled', status: 'False' }, { type: 'Reconciling', status: 'False' }] }), ['shipper']);
    expect(ok.status).toBe('Current');
  });

  it('judges conditions against the generation where observedGeneration is reported', () => {
    const behind = judgeObject(ship('a', 'alpha', { observedGeneration: 1, ...ready('True') }, 2), ['shipper']);
    expect(behind).toMatchObject({ status: 'InProgress', why: 'status.observedGeneration 1 < generation 2: the latest spec is not reconciled yet' });
    const staleCondition = judgeObject(ship('a', 'alpha', ready('True', { observedGeneration: 2 }), 3), ['shipper']);
    expect(staleCondition).toMatchObject({ status: 'InProgress', why: 'Ready is stale (observedGeneration 2 < generation 3)' });
    // a stale False is not a failure of the current spec
    expect(judgeObject(ship('a', 'alpha', ready('False', { observedGeneration: 2 }), 3), ['shipper']).status).toBe('InProgress');
    expect(judgeObject(ship('a', 'alpha', { observedGeneration: 3, ...ready('True') }, 3), ['shipper'])).toMatchObject({ status: 'Current', why: 'Ready=True at generation 3' });
  });
});

describe('assessHealth', () => {
  it('the unselected object of a CEL-selector reconciler does not block a healthy deployment', () => {
    const h = assessHealth([ALPHA_ONLY], [[ship('alpha-0', 'alpha', ready('True')), ship('beta-0', 'beta')]]);
    expect(h.healthy).toBe(true);
    expect(h.counts).toEqual({ Current: 2, InProgress: 0, Failed: 0 });
    expect(h.objects).toEqual([
      { resource: 'Ship/default/alpha-0', status: 'Current', why: 'Ready=True' },
      { resource: 'Ship/default/beta-0', status: 'Current', why: 'no reconciler selects it and it reports no conditions' },
    ]);
    expect(h.message).toBe('healthy: 2 resource(s) Current');
  });

  it('a selected object without conditions, or a failed reconcile, makes it unhealthy and says why', () => {
    const h = assessHealth([ALPHA_ONLY], [[ship('alpha-0', 'alpha'), ship('alpha-1', 'alpha', ready('True')), ship('beta-0', 'beta')]], [
      { reconciler: 'shipper', namespace: 'default', name: 'alpha-1', message: 'quota exceeded' },
    ]);
    expect(h.healthy).toBe(false);
    expect(h.failing.map((f) => [f.resource, f.status])).toEqual([
      ['Ship/default/alpha-1', 'Failed'],
      ['Ship/default/alpha-0', 'InProgress'],
    ]);
    expect(h.message).toContain('unhealthy: 1 Failed, 1 InProgress of 3 resource(s)');
    expect(h.message).toContain('Ship/default/alpha-1 Failed: the reconcile by shipper failed: quota exceeded');
  });

  it('an absent selector selects nothing; a build recorded without selectors treats every object as selected', () => {
    expect(assessHealth([{ ...SHIP, selector: null }], [[ship('a', 'alpha')]]).healthy).toBe(true);
    expect(assessHealth([SHIP], [[ship('a', 'alpha')]]).healthy).toBe(false);
  });

  it('a failure of an object that is not served is reported, not lost', () => {
    const h = assessHealth([{ ...SHIP, selector: {} }], [null], [{ reconciler: 'other', namespace: '', name: 'x', message: 'boom' }]);
    expect(h.healthy).toBe(false);
    expect(h.failing[0]).toMatchObject({ status: 'Failed', why: 'the reconcile by other failed: boom' });
  });
});
