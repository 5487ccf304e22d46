import { describe, expect, it } from 'vitest';
import type { ConditionRow, ProdStatus } from '../../../src-shared/ipc/channels/engine';
import type { RunResult } from '../../../src-shared/run/result';
import { applyConditionBatch, changedCountRows, codeChangedNotice, conditionTypes, countRows, filterRows, sortCountRows } from './engine-store';

const row = (kind: string, name: string, status?: string, reason = ''): ConditionRow => ({
  key: `v1|${kind}|default|${name}`,
  apiVersion: 'v1',
  kind,
  namespace: 'default',
  name,
  conditions: status ? { Ready: { status, reason, message: '', lastTransitionTime: '' } } : {},
});

describe('engine state helpers', () => {
  it('applies condition batches without touching the old map', () => {
    const a = new Map([[row('A', 'x').key, row('A', 'x')]]);
    const { rows, touched, keysChanged } = applyConditionBatch(a, { rows: [row('A', 'y', 'True')], removed: [row('A', 'x').key] });
    expect(keysChanged).toBe(true);
    expect(applyConditionBatch(rows, { rows: [row('A', 'y', 'False')], removed: [] }).keysChanged).toBe(false);
    expect([...rows.keys()]).toEqual([row('A', 'y').key]);
    expect([...touched]).toEqual([row('A', 'y').key]);
    expect(a.size).toBe(1);
  });

  it('filters by kind, status and text and sorts by kind/namespace/name', () => {
    const rows = [row('B', 'b', 'False', 'Boom'), row('A', 'z', 'True'), row('A', 'a'), row('A', 'm', 'Unknown')];
    expect(filterRows(rows, { kind: '', namespace: '', status: '', text: '' }).map((r) => r.name)).toEqual(['a', 'm', 'z', 'b']);
    expect(filterRows(rows, { kind: 'A', namespace: '', status: 'True', text: '' }).map((r) => r.name)).toEqual(['z']);
    expect(filterRows(rows, { kind: '', namespace: '', status: 'None', text: '' }).map((r) => r.name)).toEqual(['a']);
    expect(filterRows(rows, { kind: '', namespace: '', status: '', text: 'boom' }).map((r) => r.name)).toEqual(['b']);
    expect(filterRows([row('A', 'x-10'), row('A', 'x-9')], { kind: '', namespace: '', status: '', text: '' }).map((r) => r.name)).toEqual(['x-9', 'x-10']);
  });

  it('puts Ready first among condition types', () => {
    const r = row('A', 'a', 'True');
    r.conditions.Alpha = { status: 'True', reason: '', message: '', lastTransitionTime: '' };
    expect(conditionTypes([r])).toEqual(['Ready', 'Alpha']);
  });

  it('counts events per reconciler and per resource, and finds rows that changed', () => {
    const ev = (op: 'START' | 'STOP' | 'ERROR', name: string) => ({
      timeMs: 0, reconciler: 'r', reconcileUid: 'u', operation: op, message: '',
      resource: { group: 'g', version: 'v1', kind: 'K', namespace: 'default', name },
    });
    const result = (events: ReturnType<typeof ev>[]) => ({ runners: [{ runner: 'root', success: true, taskId: '', message: '', events }] }) as unknown as RunResult;
    const a = countRows(result([ev('START', 'x'), ev('STOP', 'x')]), 'resource');
    const b = countRows(result([ev('START', 'x'), ev('ERROR', 'x'), ev('START', 'y'), ev('STOP', 'y')]), 'resource');
    expect(a).toEqual([{ id: 'g.K.default.x', start: 1, stop: 1, requeue: 0, error: 0 }]);
    expect([...changedCountRows(a, b)].sort()).toEqual(['g.K.default.x', 'g.K.default.y']);
    expect(countRows(result([ev('START', 'x'), ev('START', 'y')]), 'reconciler')).toEqual([{ id: 'r', start: 2, stop: 0, requeue: 0, error: 0 }]);
    expect(sortCountRows(b, 'error', true)[0]!.id).toBe('g.K.default.x');
  });
});

describe('codeChangedNotice', () => {
  const running = (codeChanged?: string[]): ProdStatus => ({ state: 'running', events: 0, errors: 0, ...(codeChanged ? { codeChanged } : {}) });

  it('speaks when a newly saved file makes the runner run older code, once per file', () => {
    const first = codeChangedNotice(running(), running(['reconcilers/a.star']));
    expect(first).toEqual({ say: expect.stringMatching(/^reconcilers\/a\.star changed; .*Restart/) });
    expect(codeChangedNotice(running(['reconcilers/a.star']), running(['reconcilers/a.star']))).toBe('keep');
    expect(codeChangedNotice(running(['reconcilers/a.star']), running(['reconcilers/a.star', 'libs/b.star']))).toEqual({ say: expect.stringMatching(/^2 reconciler and library files changed/) });
  });

  it('clears once the runner restarted or stopped', () => {
    expect(codeChangedNotice(running(['libs/b.star']), running())).toBe('clear');
    expect(codeChangedNotice(running(['libs/b.star']), { state: 'stopping', events: 0, errors: 0, codeChanged: ['libs/b.star'] })).toBe('clear');
  });
});
