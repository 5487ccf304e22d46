// Remote URLs: only http(s) works (isomorphic-git has no SSH). SSH forms get a message with the HTTPS
// equivalent; credentials embedded in a URL are stripped before the URL is shown anywhere.
import { GitError } from './errors.js';

/** `git@github.com:owner/repo.git` or `ssh://git@host[:port]/owner/repo` → `https://host/owner/repo`. */
export function httpsEquivalent(url: string): string | undefined {
  const scp = /^[\w.-]+@([\w.-]+):(?!\/\/)(.+?)(?:\.git)?\/?$/.exec(url);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  const ssh = /^(?:ssh|git\+ssh):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+?)(?:\.git)?\/?$/.exec(url);
  if (ssh) return `https://${ssh[1]}/${ssh[2]}`;
  return undefined;
}

export function isSshUrl(url: string): boolean {
  return /^(ssh|git\+ssh):\/\//i.test(url) || (/^[\w.-]+@[\w.-]+:/.test(url) && !/^[a-z]+:\/\//i.test(url));
}

/** Checks that `url` can be used by isomorphic-git; throws a typed error otherwise. */
export function checkRemoteUrl(url: string): string {
  const trimmed = url.trim();
  if (isSshUrl(trimmed)) {
    const https = httpsEquivalent(trimmed) ?? 'https://host/owner/repo';
    throw new GitError('ssh-unsupported', `SSH remotes are not supported (${trimmed}).`, {
      hint: `Use the HTTPS URL instead: ${https} (and an access token when the host asks for credentials).`,
    });
  }
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new GitError('invalid', `"${trimmed}" is not a valid remote URL.`, { hint: 'Use an HTTPS URL such as https://github.com/owner/repo.' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new GitError('invalid', `Remote URLs with "${parsed.protocol}" are not supported (${redactUrl(trimmed)}).`, {
      hint: 'Use an HTTPS URL such as https://github.com/owner/repo.',
    });
  }
  return trimmed;
}

/** The URL without user info, safe for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

/** The key credentials are stored under: protocol + host (+ port). */
export function credentialKey(url: string): string {
  const u = new URL(url);
  return `git:${u.protocol}//${u.host}`;
}
