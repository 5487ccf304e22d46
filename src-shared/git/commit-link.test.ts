import { describe, expect, it } from 'vitest';
import { commitWebUrl } from './commit-link.js';

describe('commitWebUrl', () => {
  const commit = 'a'.repeat(40);
  it('links the commit page of known hosts', () => {
    expect(commitWebUrl({ url: 'https://github.com/acme/deploy.git', commit })).toBe(`https://github.com/acme/deploy/commit/${commit}`);
    expect(commitWebUrl({ url: 'https://gitlab.example.org/team/deploy', commit })).toBe(`https://gitlab.example.org/team/deploy/-/commit/${commit}`);
    expect(commitWebUrl({ url: 'https://bitbucket.org/acme/deploy.git/', commit })).toBe(`https://bitbucket.org/acme/deploy/commits/${commit}`);
  });
  it('gives nothing for unknown hosts, plain http and bad URLs (the UI shows URL and commit id instead)', () => {
    expect(commitWebUrl({ url: 'https://git.internal/deploy.git', commit })).toBeUndefined();
    expect(commitWebUrl({ url: 'http://127.0.0.1:4000/deploy.git', commit })).toBeUndefined();
    expect(commitWebUrl({ url: 'not a url', commit })).toBeUndefined();
  });
});
