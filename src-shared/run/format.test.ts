import { describe, expect, it } from 'vitest';
import { formatEventTime, formatGoDuration, formatRunSummary, reconcilerRows, resourceRows, trimRunResult } from './format.js';
import type { RunEvent, RunResult } from './result.js';

const res = { group: 'example.com', version: 'v1alpha1', kind: 'HelloWorld', namespace: 'default', name: 'test' };
const ev = (op: RunEvent['operation'], t: number, reconciler = 'b.rec', message = ''): RunEvent => ({ timeMs: t, reconciler, reconcileUid: 'u', resource: res, operation: op, message });
const result = (events: RunEvent[], success = true): RunResult => ({
  version: 1,
  mode: 'once',
  project: 'p',
  startedAtMs: 0,
  finishedAtMs: 0,
  success,
  message: success ? '' : 'boom',
  runners: [{ runner: 'root', success, taskId: success ? '' : 'b.rec.HelloWorld.example.com.test', message: success ? '' : 'boom', events }],
  errors: [],
  progress: [],
  warnings: [],
  stillLooping: [],
});

describe('run result formatting', () => {
  it('Go durations', () => {
    expect(formatGoDuration(0)).toBe('0s');
    expect(formatGoDuration(0.85)).toBe('850µs');
    expect(formatGoDuration(12.487)).toBe('12.487ms');
    expect(formatGoDuration(1234)).toBe('1.234s');
    expect(formatGoDuration(123500)).toBe('2m3.5s');
    expect(formatGoDuration(0.0005)).toBe('500ns');
  });
  it('event time in UTC with microseconds', () => {
    expect(formatEventTime(Date.UTC(2024, 10, 13, 0, 59, 50, 240) + 0.876)).toBe('2024-11-13 00:59:50.240876 UTC');
  });
  it('profile-B summary: padded columns, rows sorted case-insensitively', () => {
    const lines = formatRunSummary(result([ev('START', 1000), ev('STOP', 1012.487), ev('START', 1013, 'A.rec'), ev('REQUEUE', 1014, 'A.rec', 'x')]));
    expect(lines).toEqual([
      'Run root summary',
      'execution success, time(msec) 14ms',
      'Reconciler Start Stop Requeue Error',
      'A.rec      1     0    1       0    ',
      'b.rec      1     1    0       0    ',
    ]);
    expect(formatRunSummary(result([ev('START', 1)], false))).toEqual(['execution failed', '  reason task b.rec.HelloWorld.example.com.test message boom']);
    const silent = result([ev('START', 1)], false);
    silent.runners[0]!.message = '';
    expect(formatRunSummary(silent)).toEqual(['execution failed', '  reason task b.rec.HelloWorld.example.com.test message']);
    expect(resourceRows([ev('START', 1)])[0]!.resource).toBe('example.com.HelloWorld.default.test');
  });
  it('trimmed results keep the full counts', () => {
    const events = Array.from({ length: 10 }, (_, i) => ev(i % 2 ? 'STOP' : 'START', i));
    const trimmed = trimRunResult(result(events), 4);
    expect(trimmed.runners[0]!.events).toHaveLength(4);
    expect(trimmed.runners[0]!.eventsOmitted).toBe(6);
    expect(formatRunSummary(trimmed)).toContain('b.rec      5     5    0       0    ');
    expect(reconcilerRows(trimmed.runners[0]!.events)[0]!.start).toBe(2);
    // the first event stays, so the summary's duration is the whole run's
    expect(trimmed.runners[0]!.events.map((e) => e.timeMs)).toEqual([0, 7, 8, 9].map((i) => events[i]!.timeMs));
    expect(formatRunSummary(trimmed)[1]).toBe(formatRunSummary(result(events))[1]);
  });
});
