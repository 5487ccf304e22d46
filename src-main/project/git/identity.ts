// The commit author: the repository's user.name/user.email, else the identity stored once in the app
// data folder. Without either, a typed `identity-required` error lets the UI ask once.
import path from 'node:path';
import git from 'isomorphic-git';
import { readJsonFile, writeJsonFile } from '../settings.js';
import { GitError } from './errors.js';
import { base, type Repo } from './repo.js';

export interface Identity {
  name: string;
  email: string;
}

export type IdentitySource = 'repo' | 'app';

const FILE = 'git-identity.json';

export async function readAppIdentity(appDataDir: string): Promise<Identity | undefined> {
  const id = await readJsonFile<Partial<Identity> | null>(path.join(appDataDir, FILE), null);
  return id && typeof id.name === 'string' && id.name && typeof id.email === 'string' && id.email ? { name: id.name, email: id.email } : undefined;
}

export async function writeAppIdentity(appDataDir: string, id: Identity): Promise<void> {
  const name = id.name.trim();
  const email = id.email.trim();
  if (!name || !email) throw new GitError('invalid', 'Both a name and an email are needed for commits.');
  if (/[<>\n]/.test(name + email)) throw new GitError('invalid', 'Name and email may not contain "<", ">" or line breaks.');
  await writeJsonFile(path.join(appDataDir, FILE), { name, email });
}

export async function readRepoIdentity(repo: Repo): Promise<Identity | undefined> {
  const name = await git.getConfig({ ...base(repo), path: 'user.name' }).catch(() => undefined);
  const email = await git.getConfig({ ...base(repo), path: 'user.email' }).catch(() => undefined);
  return typeof name === 'string' && name && typeof email === 'string' && email ? { name, email } : undefined;
}

/** The author for commits in `repo`, and where it came from. */
export async function resolveIdentity(repo: Repo | undefined, appDataDir: string): Promise<{ identity: Identity; source: IdentitySource } | undefined> {
  const fromRepo = repo && (await readRepoIdentity(repo));
  if (fromRepo) return { identity: fromRepo, source: 'repo' };
  const fromApp = await readAppIdentity(appDataDir);
  return fromApp ? { identity: fromApp, source: 'app' } : undefined;
}

export async function requireIdentity(repo: Repo, appDataDir: string): Promise<Identity> {
  const found = await resolveIdentity(repo, appDataDir);
  if (!found) {
    throw new GitError('identity-required', 'Commits need an author name and email, and none is set for this repository or in the app.', {
      hint: 'Enter your name and email once (they are kept in the app settings), then try again.',
    });
  }
  return found.identity;
}

/**
 * isomorphic-git's stash reads the author only from the repo config: copy the app identity there when
 * the repository has none (the same thing `git config user.name …` would do).
 */
export async function ensureRepoIdentity(repo: Repo, appDataDir: string): Promise<Identity> {
  const existing = await readRepoIdentity(repo);
  if (existing) return existing;
  const id = await requireIdentity(repo, appDataDir);
  await git.setConfig({ ...base(repo), path: 'user.name', value: id.name });
  await git.setConfig({ ...base(repo), path: 'user.email', value: id.email });
  return id;
}
