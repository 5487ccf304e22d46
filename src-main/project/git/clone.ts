// Cloning over HTTPS (full history: a pinned commit that is not a branch tip must be present, see
// toolchain.md §8), and resolving an immutable reference (tag or commit hash) in a clone.
import nodeFs, { promises as fsp } from 'node:fs';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { authCallbacks, type CredentialStore, type Credentials } from './auth.js';
import path from 'node:path';
import { GitError, toGitError } from './errors.js';
import { crashSafeGitFs } from './git-fs.js';
import type { GitProgress } from './remote.js';
import { checkRemoteUrl, redactUrl } from './remote-url.js';
import { base, openRepo, type Repo } from './repo.js';
import { peel } from './tree.js';

export interface CloneOptions {
  credentials?: Credentials & { remember?: boolean };
  credentialStore?: CredentialStore;
  onProgress?: (p: GitProgress) => void;
  /** Check out nothing (the caller checks out a pinned reference). */
  noCheckout?: boolean;
  /** Branch for a clone of an empty repository (default main). */
  defaultBranch?: string;
}

export async function cloneRepo(url: string, dir: string, opts: CloneOptions = {}): Promise<Repo> {
  const checked = checkRemoteUrl(url);
  const existed = nodeFs.existsSync(dir);
  const entries = await fsp.readdir(dir).catch(() => [] as string[]);
  if (entries.length) throw new GitError('invalid', `Cannot clone into ${dir}: the folder is not empty.`, { hint: 'Pick an empty or new folder.' });
  await fsp.mkdir(dir, { recursive: true });
  const auth = authCallbacks(checked, opts.credentialStore, opts.credentials);
  try {
    await git.clone({
      fs: crashSafeGitFs(path.join(dir, '.git')), http, dir, url: checked, noCheckout: opts.noCheckout ?? false,
      onAuth: auth.onAuth, onAuthFailure: auth.onAuthFailure,
      onProgress: opts.onProgress ? (p) => opts.onProgress!({ op: 'clone', phase: p.phase, loaded: p.loaded, ...(p.total ? { total: p.total } : {}) }) : undefined,
    });
  } catch (err) {
    // Leave no half-written clone behind (the next attempt would refuse the non-empty folder), but keep
    // a folder the user picked.
    if (existed) for (const e of await fsp.readdir(dir).catch(() => [] as string[])) await fsp.rm(`${dir}/${e}`, { recursive: true, force: true });
    else await fsp.rm(dir, { recursive: true, force: true });
    const e = err as { code?: string; data?: { statusCode?: number } };
    if (auth.state.failed) {
      throw new GitError('auth-failed', `Clone failed: ${new URL(checked).host} refused the username/token for ${redactUrl(checked)}.`, {
        hint: 'Enter the username and a valid access token again.', cause: err,
      });
    }
    if (e?.code === 'UserCanceledError') {
      throw new GitError('auth-required', `Clone: ${new URL(checked).host} asks for credentials for ${redactUrl(checked)}.`, {
        hint: 'Enter your username and an access token; they are stored encrypted on this computer.', cause: err,
      });
    }
    throw toGitError(err, { op: 'Clone', url: redactUrl(checked) });
  }
  if (opts.credentials && opts.credentials.remember !== false && opts.credentialStore) await opts.credentialStore.set(checked, opts.credentials);
  const repo = await openRepo(dir);
  // An empty remote advertises no default branch, and isomorphic-git falls back to "master": use main.
  const hasHead = await git.resolveRef({ ...base(repo), ref: 'HEAD' }).then(() => true, () => false);
  if (!hasHead) await git.writeRef({ ...base(repo), ref: 'HEAD', value: `refs/heads/${opts.defaultBranch ?? 'main'}`, symbolic: true, force: true });
  return repo;
}

/** A tag or a (possibly abbreviated) commit hash → the commit oid. Branch names are refused: they move. */
export async function resolveImmutableRef(repo: Repo, ref: string): Promise<{ commit: string; kind: 'tag' | 'hash' }> {
  const tag = await git.resolveRef({ ...base(repo), ref: `refs/tags/${ref}` }).catch(() => undefined);
  if (tag) return { commit: await peel(repo, tag), kind: 'tag' };
  if (/^[0-9a-f]{4,40}$/i.test(ref)) {
    const oid = await git.expandOid({ ...base(repo), oid: ref.toLowerCase() }).catch(() => undefined);
    if (oid) {
      const obj = await git.readObject({ ...base(repo), oid, format: 'parsed' }).catch(() => undefined);
      if (obj?.type === 'commit' || obj?.type === 'tag') return { commit: await peel(repo, oid), kind: 'hash' };
    }
  }
  const isBranch = await git.resolveRef({ ...base(repo), ref: `refs/remotes/origin/${ref}` }).then(() => true, () => false);
  throw new GitError('not-found', `"${ref}" is not a tag or commit hash of the repository.`, {
    hint: isBranch
      ? `"${ref}" is a branch, which moves: give a commit hash or tag as REF, and "${ref}" as BRANCH to work on it.`
      : 'Check the tag name or commit hash (it may not be pushed yet).',
  });
}
