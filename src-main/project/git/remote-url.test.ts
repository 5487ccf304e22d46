import { describe, expect, it } from 'vitest';
import { GitError } from './errors.js';
import { checkRemoteUrl, credentialKey, httpsEquivalent, isSshUrl, redactUrl } from './remote-url.js';

describe('remote URLs', () => {
  it.each([
    ['git@github.com:kform-dev/choreo.git', 'https://github.com/kform-dev/choreo'],
    ['git@gitlab.example.com:group/sub/repo', 'https://gitlab.example.com/group/sub/repo'],
    ['ssh://git@github.com/owner/repo.git', 'https://github.com/owner/repo'],
    ['ssh://git@host.example:2222/owner/repo', 'https://host.example/owner/repo'],
  ])('refuses the SSH form %s and names the HTTPS one', (url, https) => {
    expect(isSshUrl(url)).toBe(true);
    expect(httpsEquivalent(url)).toBe(https);
    let err: unknown;
    try {
      checkRemoteUrl(url);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).code).toBe('ssh-unsupported');
    expect((err as GitError).message).toContain(`Use the HTTPS URL instead: ${https}`);
  });

  it('accepts http(s) and refuses other schemes and garbage', () => {
    expect(checkRemoteUrl(' https://github.com/o/r.git ')).toBe('https://github.com/o/r.git');
    expect(isSshUrl('https://user@github.com/o/r')).toBe(false);
    expect(() => checkRemoteUrl('file:///tmp/repo')).toThrow(/not supported/);
    expect(() => checkRemoteUrl('not a url')).toThrow(/not a valid remote URL/);
  });

  it('redacts user info and keys credentials by host', () => {
    expect(redactUrl('https://ada:secret@github.com/o/r.git')).toBe('https://github.com/o/r.git');
    expect(credentialKey('https://github.com/o/r.git')).toBe('git:https://github.com');
    expect(credentialKey('http://127.0.0.1:8080/x.git')).toBe('git:http://127.0.0.1:8080');
  });
});
