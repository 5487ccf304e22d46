import { describe, expect, it } from 'vitest';
import { errorCode, errorMessage } from './ipc-errors';

describe('ipc errors', () => {
  it('reads the code from an ApiError-like value or a raw envelope', () => {
    expect(errorCode(Object.assign(new Error('x'), { code: 'conflict' }))).toBe('conflict');
    expect(errorCode({ ok: false, error: { code: 'unavailable', message: 'no dialog' } })).toBe('unavailable');
    expect(errorCode(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBeUndefined();
    expect(errorCode('boom')).toBeUndefined();
  });
  it('finds a message to show', () => {
    expect(errorMessage(new Error('disk full'))).toBe('disk full');
    expect(errorMessage({ error: { message: 'nope' } })).toBe('nope');
    expect(errorMessage(42)).toBe('42');
  });
});
