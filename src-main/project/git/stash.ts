// Stash: push, list, apply, pop, drop. isomorphic-git reads the stash author only from the repo config,
// so the app identity is copied there first when the repository has none.
import git from 'isomorphic-git';
import { GitError, toGitError } from './errors.js';
import { ensureRepoIdentity } from './identity.js';
import { assertWritable } from './mode.js';
import { base, type Repo } from './repo.js';
import { dirtyPaths, status } from './status.js';

export interface StashEntry {
  index: number;
  message: string;
}

export async function stashList(repo: Repo): Promise<StashEntry[]> {
  const raw = (await git.stash({ ...base(repo), op: 'list' }).catch(() => [])) as unknown;
  const list = Array.isArray(raw) ? raw : [];
  return list.map((e: unknown, index) => ({ index, message: typeof e === 'string' ? e : String((e as { message?: string }).message ?? e) }));
}

export async function stashPush(repo: Repo, appDataDir: string, message?: string): Promise<StashEntry> {
  await assertWritable(repo, 'Stash');
  const st = await status(repo);
  if (!st.head) throw new GitError('nothing-to-commit', 'Stash needs a first commit.', { hint: 'Commit once, then stash.' });
  if (dirtyPaths(st, false).length === 0) {
    throw new GitError('nothing-to-commit', 'There are no changes to tracked files to stash.', { hint: 'Untracked files are not stashed; stage them first to include them.' });
  }
  await ensureRepoIdentity(repo, appDataDir);
  try {
    await git.stash({ ...base(repo), op: 'push', ...(message ? { message } : {}) });
  } catch (err) {
    throw toGitError(err, { op: 'Stash' });
  }
  return (await stashList(repo))[0] ?? { index: 0, message: message ?? '' };
}

async function checkIndex(repo: Repo, index: number): Promise<void> {
  const list = await stashList(repo);
  if (!Number.isInteger(index) || index < 0 || index >= list.length) {
    throw new GitError('not-found', `There is no stash entry ${index} (${list.length} stashed).`, { hint: 'Refresh the stash list.' });
  }
}

export async function stashApply(repo: Repo, appDataDir: string, index = 0, opts: { drop?: boolean } = {}): Promise<void> {
  await assertWritable(repo, 'Applying a stash');
  await checkIndex(repo, index);
  const st = await status(repo);
  const dirty = dirtyPaths(st, false);
  if (dirty.length) {
    throw new GitError('uncommitted-changes', `Applying the stash could overwrite uncommitted changes in ${dirty.slice(0, 5).join(', ')}.`, {
      hint: 'Commit or stash those changes first.',
      files: dirty,
    });
  }
  await ensureRepoIdentity(repo, appDataDir);
  try {
    await git.stash({ ...base(repo), op: opts.drop ? 'pop' : 'apply', refIdx: index });
  } catch (err) {
    throw toGitError(err, { op: opts.drop ? 'Stash pop' : 'Stash apply' });
  }
}

export async function stashDrop(repo: Repo, index = 0): Promise<void> {
  await checkIndex(repo, index);
  try {
    await git.stash({ ...base(repo), op: 'drop', refIdx: index });
  } catch (err) {
    throw toGitError(err, { op: 'Stash drop' });
  }
}
