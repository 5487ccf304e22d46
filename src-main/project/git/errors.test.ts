import { describe, expect, it } from 'vitest';
import { GitError, toGitError, uncommittedChanges } from './errors.js';

const igit = (code: string, data: Record<string, unknown> = {}, message = code) => Object.assign(new Error(message), { code, data });

describe('toGitError', () => {
  it('maps HTTP status codes to actionable errors', () => {
    expect(toGitError(igit('HttpError', { statusCode: 401 }), { op: 'Push', url: 'https://h/r' })).toMatchObject({ code: 'auth-failed' });
    expect(toGitError(igit('HttpError', { statusCode: 403 }), { op: 'Push' }).message).toMatch(/access token/);
    expect(toGitError(igit('HttpError', { statusCode: 404 }), { op: 'Fetch' })).toMatchObject({ code: 'not-found' });
    expect(toGitError(igit('HttpError', { statusCode: 502 }), { op: 'Fetch' })).toMatchObject({ code: 'unreachable' });
  });

  it('finds network failures in the cause chain', () => {
    const err = Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error('x'), { code: 'ENOTFOUND' }) });
    const g = toGitError(err, { op: 'Pull', url: 'https://nowhere.example/r' });
    expect(g.code).toBe('unreachable');
    expect(g.message).toBe('Pull failed: cannot reach the remote host (https://nowhere.example/r) (ENOTFOUND). Check your network connection and the remote URL, then try again.');
  });

  it('maps isomorphic-git error codes and keeps GitErrors as they are', () => {
    expect(toGitError(igit('PushRejectedError')).code).toBe('non-fast-forward');
    expect(toGitError(igit('MissingNameError')).code).toBe('identity-required');
    expect(toGitError(igit('UserCanceledError')).code).toBe('auth-required');
    expect(toGitError(igit('CheckoutConflictError', { filepaths: ['a', 'b'] }))).toMatchObject({ code: 'uncommitted-changes', files: ['a', 'b'] });
    expect(toGitError(new Error('boom'), { op: 'Log' })).toMatchObject({ code: 'internal', message: 'Log failed: boom' });
    const own = new GitError('read-only', 'no');
    expect(toGitError(own)).toBe(own);
  });

  it('names at most five files in an uncommitted-changes message, and the way out', () => {
    const e = uncommittedChanges('Checkout', ['1', '2', '3', '4', '5', '6', '7']);
    expect(e.message).toBe('Checkout would overwrite uncommitted changes in 1, 2, 3, 4, 5 and 2 more. Stash your changes (they can be restored later with "stash pop") or commit them, then try again.');
    expect(e.files).toHaveLength(7);
  });
});
