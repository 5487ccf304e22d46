// Committing the index, finishing a merge (MERGE_HEAD), and amending the last commit while it is
// still only local.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { GitError } from './errors.js';
import { requireIdentity } from './identity.js';
import { readIndexFile } from './index-file.js';
import { assertWritable } from './mode.js';
import { base, type Repo } from './repo.js';
import { status } from './status.js';

export interface CommitRequest {
  message: string;
  amend?: boolean;
}

export interface CommitResult {
  oid: string;
  /** First line of the message. */
  summary: string;
  branch: string | null;
  /** The commit finished a merge (two parents). */
  merge: boolean;
}

async function readMergeHead(repo: Repo): Promise<string | undefined> {
  const raw = await fsp.readFile(path.join(repo.gitdir, 'MERGE_HEAD'), 'utf8').catch(() => undefined);
  return raw?.trim().split('\n')[0] || undefined;
}

export async function clearMergeState(repo: Repo): Promise<void> {
  for (const f of ['MERGE_HEAD', 'MERGE_MSG', 'MERGE_MODE']) await fsp.rm(path.join(repo.gitdir, f), { force: true });
}

/** Remote-tracking refs (`refs/remotes/<remote>/<branch>`) and their commits. */
async function remoteTips(repo: Repo): Promise<string[]> {
  const tips: string[] = [];
  for (const r of await git.listRemotes({ ...base(repo) })) {
    for (const b of await git.listBranches({ ...base(repo), remote: r.remote })) {
      if (b === 'HEAD') continue;
      const oid = await git.resolveRef({ ...base(repo), ref: `refs/remotes/${r.remote}/${b}` }).catch(() => undefined);
      if (oid) tips.push(oid);
    }
  }
  return tips;
}

/** True when `oid` is contained in any remote-tracking branch (it was pushed or came from a remote). */
export async function isOnRemote(repo: Repo, oid: string): Promise<boolean> {
  for (const tip of await remoteTips(repo)) {
    if (tip === oid) return true;
    if (await git.isDescendent({ ...base(repo), oid: tip, ancestor: oid, depth: -1 }).catch(() => false)) return true;
  }
  return false;
}

/**
 * The commit time: now, or `GIT_COMMITTER_DATE` when set as git's internal format (`[@]SECONDS [+-]HHMM`),
 * as the git program honours it (scripts and tests that need reproducible commits set it).
 */
export function commitDate(fromEnv: string | undefined): { timestamp: number; timezoneOffset: number } {
  const m = fromEnv ? /^@?(\d+)(?:\s+([+-])(\d\d)(\d\d))?$/.exec(fromEnv.trim()) : null;
  if (!m) return { timestamp: Math.floor(Date.now() / 1000), timezoneOffset: new Date().getTimezoneOffset() };
  const minutes = Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  // isomorphic-git takes the offset as Date.getTimezoneOffset does: minutes west of UTC.
  return { timestamp: Number(m[1]), timezoneOffset: m[2] === '+' ? -minutes : minutes };
}

export async function commit(repo: Repo, req: CommitRequest, appDataDir: string): Promise<CommitResult> {
  await assertWritable(repo, 'Commit');
  const message = req.message.trim();
  if (!message && !req.amend) throw new GitError('invalid', 'The commit message is empty.', { hint: 'Describe the change in the first line.' });
  const { entries } = await readIndexFile(repo.gitdir);
  const unmerged = [...new Set(entries.filter((e) => e.stage > 0).map((e) => e.path))];
  if (unmerged.length) {
    throw new GitError('unmerged', `Cannot commit: ${unmerged.length} file(s) still have merge conflicts (${unmerged.slice(0, 5).join(', ')}).`, {
      hint: 'Resolve the conflict markers, stage the files, then commit.',
      files: unmerged,
    });
  }
  const st = await status(repo);
  const branch = st.branch;
  const mergeHead = await readMergeHead(repo);
  if (!req.amend && !mergeHead && !st.entries.some((e) => e.staged)) {
    throw new GitError('nothing-to-commit', 'Nothing is staged to commit.', { hint: 'Stage the files you want to commit first.' });
  }
  const author = await requireIdentity(repo, appDataDir);
  const who = { ...author, ...commitDate(process.env.GIT_COMMITTER_DATE) };

  if (req.amend) {
    if (!st.head) throw new GitError('nothing-to-commit', 'There is no commit to amend yet.', { hint: 'Make a first commit instead.' });
    if (mergeHead) throw new GitError('invalid', 'Cannot amend while a merge is in progress.', { hint: 'Commit the merge first.' });
    if (await isOnRemote(repo, st.head)) {
      throw new GitError('already-pushed', `The last commit (${st.head.slice(0, 7)}) is already on the remote; amending it would rewrite published history.`, {
        hint: 'Make a new commit with the extra changes instead.',
      });
    }
    const oid = await git.commit({ ...base(repo), amend: true, ...(message ? { message } : {}), author: who, committer: who });
    return { oid, summary: (message || (await git.readCommit({ ...base(repo), oid })).commit.message).split('\n')[0]!, branch, merge: false };
  }

  const parent = mergeHead && st.head ? [st.head, mergeHead] : undefined;
  const oid = await git.commit({ ...base(repo), message, author: who, committer: who, ...(parent ? { parent } : {}) });
  if (mergeHead) await clearMergeState(repo);
  return { oid, summary: message.split('\n')[0]!, branch, merge: Boolean(parent) };
}
