import { describe, expect, it } from 'vitest';
import { compareOutcomes, optionsForFlags, refErrorMessage, tracebackFrames } from './differential.js';

describe('refErrorMessage', () => {
  it('takes the message of runtime and static errors', () => {
    expect(refErrorMessage('Traceback (most recent call last):\n  a.star:3:2: in <toplevel>\nError in fail: fail: boom\n')).toBe('fail: boom');
    expect(refErrorMessage('Traceback (most recent call last):\n  e.star:2:12: in f\nError: key "a" not in dict\n')).toBe('key "a" not in dict');
    expect(refErrorMessage('b.star:2:1: cannot reassign global x declared at b.star:1:1\n')).toBe('cannot reassign global x declared at b.star:1:1');
    expect(refErrorMessage('r.star:1:1: undefined: M (and 2 more errors)\n')).toBe('undefined: M');
  });
});

describe('tracebackFrames', () => {
  it('keeps the frame lines of a runtime traceback only', () => {
    expect(tracebackFrames('Traceback (most recent call last):\n  a.star:3:2: in <toplevel>\n  a.star:2:7: in f\nError in fail: boom\n')).toBe('  a.star:3:2: in <toplevel>\n  a.star:2:7: in f');
    expect(tracebackFrames('b.star:2:1: cannot reassign global x\n')).toBe('');
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
    const ok = { ok: true, stdout: '1\n', error: '', frames: '' };
    expect(compareOutcomes('a', ok, ok)).toEqual([]);
    expect(compareOutcomes('a', { ...ok, ok: false, error: 'x' }, ok).map((m) => m.what)).toEqual(['status']);
    const failed = (stdout: string, error: string, frames: string) => ({ ok: false, stdout, error, frames });
    expect(compareOutcomes('a', failed('1\n', 'x', '  a.star:1:2: in f'), failed('2\n', 'y', '  a.star:1:3: in f')).map((m) => m.what)).toEqual(['output', 'error', 'traceback']);
    expect(compareOutcomes('a', failed('', 'x', ''), failed('', 'x', '  a.star:1:3: in f'))).toEqual([]);
  });
});
