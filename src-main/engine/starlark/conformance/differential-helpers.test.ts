import { describe, expect, it } from 'vitest';
import { compareOutcomes, optionsForFlags, refErrorMessage } from './differential.js';

describe('refErrorMessage', () => {
  it('takes the message of runtime and static errors', () => {
    expect(refErrorMessage('Traceback (most recent call last):\n  a.star:3:2: in <toplevel>\nError in fail: fail: boom\n')).toBe('fail: boom');
    expect(refErrorMessage('Traceback (most recent call last):\n  e.star:2:12: in f\nError: key "a" not in dict\n')).toBe('key "a" not in dict');
    expect(refErrorMessage('b.star:2:1: cannot reassign global x declared at b.star:1:1\n')).toBe('cannot reassign global x declared at b.star:1:1');
    expect(refErrorMessage('r.star:1:1: undefined: M (and 2 more errors)\n')).toBe('undefined: M');
  });
});

describe('optionsForFlags', () => {
  it('maps the 2021 flags to the dialect options they turn on', () => {
    expect(optionsForFlags(['-recursion', '-globalreassign'])).toEqual({ recursion: true, while: true, globalreassign: true, toplevelcontrol: true });
    expect(optionsForFlags([])).toEqual({});
  });
});

describe('compareOutcomes', () => {
  it('reports status, output and error differences', () => {
    expect(compareOutcomes('a', { ok: true, stdout: '1\n', error: '' }, { ok: true, stdout: '1\n', error: '' })).toEqual([]);
    expect(compareOutcomes('a', { ok: false, stdout: '', error: 'x' }, { ok: true, stdout: '', error: '' }).map((m) => m.what)).toEqual(['status']);
    expect(compareOutcomes('a', { ok: false, stdout: '1\n', error: 'x' }, { ok: false, stdout: '2\n', error: 'y' }).map((m) => m.what)).toEqual(['output', 'error']);
  });
});
