import { describe, expect, it } from 'vitest';
import type { PlanResponse } from '../../../src-shared/ipc/channels/insight';
import { planResponse } from '../../testing/responses';
import { changeParts, changeText, changedCount, commitPlanQuestion, objectListWidth, hasPlanLens, isPlannedFile, itemLabel, itemStatus, lensTitle, summaryText } from './plan-model';

const plan = planResponse;

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

  it('splits a field change into mark, path and values, and the line reads as before', () => {
    expect(changeParts({ op: 'changed', path: 'spec.text', before: 'a b', after: 'c' })).toEqual({ mark: '~', path: 'spec.text', before: '"a b"', after: '"c"' });
    expect(changeParts({ op: 'removed', path: 'spec.x', before: 1 })).toEqual({ mark: '-', path: 'spec.x', after: '1' });
    expect(changeText({ op: 'added', path: 'spec.y', after: { k: true } })).toBe('+ spec.y: {"k":true}');
  });

  it('gives the object list 340 px where there is room, a third of a narrow panel (at least 200 px)', () => {
    expect(objectListWidth(0)).toBe(340);
    expect(objectListWidth(1400)).toBe(340);
    expect(objectListWidth(680)).toBe(218);
    expect(objectListWidth(500)).toBe(200);
  });

  it('asks before a commit with what the staged files would change, or says why there is no plan', () => {
    const items: PlanResponse['items'] = [
      { key: 'k1', apiVersion: 'v1', kind: 'Message', namespace: 'default', name: 'world', symbol: '~', changes: [{ op: 'changed', path: 'spec.text', before: 'a', after: 'b' }] },
      { key: 'k2', apiVersion: 'v1', kind: 'Message', namespace: 'default', name: 'moon', symbol: '+', changes: [] },
    ];
    const q = commitPlanQuestion({ state: 'ready', error: null, result: plan({ items, counts: { add: 1, change: 1, destroy: 0 } }) });
    expect(q).toMatchObject({ ok: true, title: 'The commit would change 2 objects (+1 ~1 -0)' });
    expect(q.message).toContain('1 to add, 1 to change, 0 to delete, against the last run');
    expect(q.detail).toBe('~ Message default/world\n    ~ spec.text: "a" → "b"\n+ Message default/moon');
    expect(commitPlanQuestion({ state: 'ready', error: null, result: plan({ counts: { add: 0, change: 0, destroy: 0 } }) })).toMatchObject({ ok: true, title: 'The commit would change no object' });
    expect(commitPlanQuestion({ state: 'ready', error: null, result: plan({ success: false, message: 'fail: boom' }) })).toMatchObject({ ok: false });
    const load = commitPlanQuestion({ state: 'ready', error: null, result: plan({ loadError: { file: 'in/a.yaml', line: 3, message: 'bad yaml' } }) });
    expect(load).toMatchObject({ ok: false, title: 'The staged files do not load' });
    expect(load.message).toContain('(in/a.yaml:3): bad yaml');
    expect(commitPlanQuestion({ state: 'error', error: 'The host is not reachable.', result: null })).toMatchObject({ ok: false, title: 'The staged changes could not be planned' });
  });
});
