import { describe, expect, it } from 'vitest';
import type { PlanResponse } from '../../../src-shared/ipc/channels/insight';
import { changeText, changedCount, hasPlanLens, isPlannedFile, itemLabel, itemStatus, lensTitle, summaryText } from './plan-model';

function plan(over: Partial<PlanResponse> = {}): PlanResponse {
  return {
    planId: 'p1',
    source: 'buffers',
    files: ['in/a.yaml'],
    against: '0123456789abcdef',
    success: true,
    message: 'execution success',
    items: [],
    counts: { add: 1, change: 2, destroy: 0 },
    durationMs: 40,
    ...over,
  };
}

describe('plan model', () => {
  it('plans only files the engine reads, and puts the lens on inputs and reconciler code', () => {
    expect(isPlannedFile('in/a.yaml')).toBe(true);
    expect(isPlannedFile('crds/x.yaml')).toBe(true);
    expect(isPlannedFile('apis/x.yaml')).toBe(true);
    expect(isPlannedFile('README.md')).toBe(false);
    expect(isPlannedFile('docs/in.md')).toBe(false);
    expect(isPlannedFile('in')).toBe(false);
    expect(hasPlanLens('reconcilers/r.star')).toBe(true);
    expect(hasPlanLens('libs/l.star')).toBe(true);
    expect(hasPlanLens('crds/x.yaml')).toBe(false);
  });

  it('says what the lens says: counts, one file or several, load errors and failed runs', () => {
    expect(lensTitle({ state: 'planning', result: null, error: null })).toBe('Plan: planning the unsaved edits…');
    expect(lensTitle({ state: 'error', result: null, error: 'host gone' })).toBe('Plan: host gone');
    expect(lensTitle({ state: 'ready', result: plan(), error: null })).toBe('Plan: a run with this unsaved edit would change 3 objects (+1 ~2 -0) — show plan');
    const two = plan({ files: ['in/a.yaml', 'reconcilers/r.star'], counts: { add: 0, change: 1, destroy: 0 } });
    expect(lensTitle({ state: 'ready', result: two, error: null })).toBe('Plan: a run with the unsaved edits in 2 files would change 1 object (+0 ~1 -0) — show plan');
    expect(lensTitle({ state: 'ready', result: plan({ counts: { add: 0, change: 0, destroy: 0 } }), error: null })).toBe('Plan: a run with this unsaved edit would change no object');
    expect(lensTitle({ state: 'ready', result: plan({ loadError: { message: 'bad yaml' } }), error: null })).toContain('does not load');
    expect(lensTitle({ state: 'ready', result: plan({ success: false }), error: null })).toContain('the run fails');
  });

  it('summarises against the last run or an empty store', () => {
    expect(changedCount(plan())).toBe(3);
    expect(summaryText(plan())).toBe('3 objects would change: 1 to add, 2 to change, 0 to delete, against the last run (01234567).');
    expect(summaryText(plan({ against: null, counts: { add: 0, change: 0, destroy: 0 } }))).toBe('No object would change, against an empty store (the project has not run yet).');
    expect(summaryText(plan({ success: false }))).toMatch(/The planned run fails\.$/);
    expect(summaryText(plan({ loadError: { message: 'x' } }))).toBe('The project does not load as planned.');
  });

  it('writes field changes and items as the plan lists them', () => {
    expect(changeText({ path: 'spec.text', op: 'changed', before: 'a', after: 'b' })).toBe('~ spec.text: "a" → "b"');
    expect(changeText({ path: 'spec.n', op: 'added', after: 2 })).toBe('+ spec.n: 2');
    expect(changeText({ path: 'spec.m', op: 'removed', before: { x: 1 } })).toBe('- spec.m: {"x":1}');
    expect(itemStatus({ symbol: '+' })).toBe('added');
    expect(itemStatus({ symbol: '-' })).toBe('deleted');
    expect(itemStatus({ symbol: '~' })).toBe('modified');
    expect(itemLabel({ kind: 'Message', namespace: 'default', name: 'w' })).toBe('Message default/w');
    expect(itemLabel({ kind: 'Namespace', namespace: '', name: 'n' })).toBe('Namespace n');
  });
});
