// Abandoning a pull that stopped on conflicts: back to HEAD as it was before the merge. Whatever the
// user edited while resolving is backed up first (a pull only merges into a clean tree, so nothing
// else can be lost).
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { clearMergeState } from './commit.js';
import { GitError } from './errors.js';
import { base, type Repo } from './repo.js';
import { isMerging, status } from './status.js';

export interface AbortResult {
  /** Folder holding copies of the files as they were (null when nothing was changed). */
  backup: string | null;
  files: string[];
}

export async function abortMerge(repo: Repo, appDataDir: string, now = new Date()): Promise<AbortResult> {
  if (!(await isMerging(repo))) throw new GitError('invalid', 'No merge is in progress.', { hint: 'Nothing to abort.' });
  const st = await status(repo);
  if (!st.branch) throw new GitError('invalid', 'HEAD is detached during the merge.', { hint: 'Use the git command line: git merge --abort.' });
  const files = st.entries.filter((e) => e.unstaged !== 'untracked').map((e) => e.path);
  let backup: string | null = null;
  for (const f of files) {
    const abs = path.join(repo.dir, f);
    const stat = await fsp.lstat(abs).catch(() => undefined);
    if (!stat?.isFile()) continue;
    backup ??= path.join(appDataDir, 'git-backups', `${now.toISOString().replace(/[:.]/g, '-')}-${path.basename(repo.dir)}-merge`);
    const target = path.join(backup, ...f.split('/'));
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.copyFile(abs, target);
  }
  await git.checkout({ ...base(repo), ref: st.branch, force: true });
  // Files the merge added (not in HEAD) stay in the working tree after a forced checkout: remove them.
  for (const e of st.entries) if (e.staged === 'added') await fsp.rm(path.join(repo.dir, e.path), { force: true });
  await clearMergeState(repo);
  return { backup, files };
}
