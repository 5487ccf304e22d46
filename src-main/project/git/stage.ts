// Staging, unstaging and discarding whole files. Discard never loses work: the working-tree content is
// copied to a backup folder in the app data folder first, and the backup path is returned.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { readBlob, headOid, indexOid } from './diff.js';
import { GitError } from './errors.js';
import { readIndexFile } from './index-file.js';
import { assertWritable } from './mode.js';
import { base, repoPath, type Repo } from './repo.js';

export interface DiscardResult {
  path: string;
  /** Where the discarded content was saved; null when there was nothing to save (file already deleted). */
  backup: string | null;
}

async function exists(abs: string): Promise<boolean> {
  return fsp.lstat(abs).then(() => true, () => false);
}

/**
 * Stages the working-tree state of each path (also deletions and resolved conflicts). The files that
 * exist are added in one call, so the index is written once: a crash stages all of them or none.
 */
export async function stage(repo: Repo, paths: string[]): Promise<void> {
  await assertWritable(repo, 'Staging');
  const present: string[] = [];
  for (const raw of paths) {
    const p = repoPath(repo, raw);
    if (await exists(path.join(repo.dir, p))) present.push(p);
    else await git.remove({ ...base(repo), filepath: p });
  }
  if (present.length) await git.add({ ...base(repo), filepath: present, force: true });
}

/** Puts the index entry of each path back to HEAD (removes it when HEAD does not have the file). */
export async function unstage(repo: Repo, paths: string[]): Promise<void> {
  await assertWritable(repo, 'Unstaging');
  const hasHead = await git.resolveRef({ ...base(repo), ref: 'HEAD' }).then(() => true, () => false);
  for (const raw of paths) {
    const p = repoPath(repo, raw);
    if (hasHead) await git.resetIndex({ ...base(repo), filepath: p });
    else await git.remove({ ...base(repo), filepath: p });
  }
}

/**
 * Throws away the working-tree changes of a file: restores the index version (or HEAD's with
 * `staged: true`, which also unstages), or deletes an untracked file. A backup is written first.
 */
export async function discard(repo: Repo, rawPath: string, options: { appDataDir: string; staged?: boolean; now?: Date }): Promise<DiscardResult> {
  const p = repoPath(repo, rawPath);
  const { entries } = await readIndexFile(repo.gitdir);
  if (entries.some((e) => e.path === p && e.stage > 0)) {
    throw new GitError('unmerged', `${p} has an unresolved merge conflict; discarding it here could lose both sides.`, {
      hint: 'Edit the file to resolve the conflict and stage it.',
      files: [p],
    });
  }
  const abs = path.join(repo.dir, p);
  const backup = await backupFile(repo, p, options.appDataDir, options.now ?? new Date());
  if (options.staged) await unstage(repo, [p]);
  const oid = options.staged ? await headOid(repo, p) : await indexOid(repo, p);
  if (!oid) {
    await fsp.rm(abs, { force: true });
    return { path: p, backup };
  }
  const mode = entries.find((e) => e.path === p)?.mode ?? 0o100644;
  const content = await readBlob(repo, oid);
  await fsp.mkdir(path.dirname(abs), { recursive: true });
  await fsp.rm(abs, { force: true });
  if (mode === 0o120000) await fsp.symlink(content.toString('utf8'), abs);
  else await fsp.writeFile(abs, content, { mode: mode === 0o100755 ? 0o755 : 0o644 });
  return { path: p, backup };
}

/** Copies the working-tree file to `<appData>/git-backups/<timestamp>-<repo name>/<path>`. */
async function backupFile(repo: Repo, p: string, appDataDir: string, now: Date): Promise<string | null> {
  const abs = path.join(repo.dir, p);
  const st = await fsp.lstat(abs).catch(() => undefined);
  if (!st || st.isDirectory()) return null;
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const target = path.join(appDataDir, 'git-backups', `${stamp}-${path.basename(repo.dir)}`, ...p.split('/'));
  await fsp.mkdir(path.dirname(target), { recursive: true });
  await fsp.copyFile(abs, target);
  return target;
}
