// One past commit, as the history shows it: its files with how each changed (added, modified, deleted)
// against its first parent, and the old/new text of one of them for the diff editor.
import git from 'isomorphic-git';
import { readBlob, sidesDiff, type FileDiff } from './diff.js';
import { GitError } from './errors.js';
import { base, repoPath, type Repo } from './repo.js';
import { changedPaths, flattenTree } from './tree.js';

export type FileChange = 'added' | 'modified' | 'deleted';

export interface CommitFile {
  path: string;
  change: FileChange;
}

export interface CommitDetails {
  oid: string;
  parents: string[];
  author: { name: string; email: string };
  /** ISO date of authoring. */
  date: string;
  message: string;
  files: CommitFile[];
}

async function readCommitOrThrow(repo: Repo, oid: string) {
  const full = /^[0-9a-f]{4,40}$/i.test(oid) ? await git.expandOid({ ...base(repo), oid: oid.toLowerCase() }).catch(() => undefined) : undefined;
  const read = full ? await git.readCommit({ ...base(repo), oid: full }).catch(() => undefined) : undefined;
  if (!read) throw new GitError('not-found', `"${oid}" is not a commit of this repository.`, { hint: 'Refresh the history; the commit may have been rewritten (amend, pull).' });
  return read;
}

/** The trees a commit is compared between: its first parent's (none for a root commit) and its own. */
async function treesOf(repo: Repo, commit: { parent: string[]; tree: string }): Promise<{ before: string | undefined; after: string }> {
  const parent = commit.parent[0];
  const before = parent ? (await git.readCommit({ ...base(repo), oid: parent })).commit.tree : undefined;
  return { before, after: commit.tree };
}

export async function showCommit(repo: Repo, oid: string): Promise<CommitDetails> {
  const { oid: full, commit } = await readCommitOrThrow(repo, oid);
  const { before, after } = await treesOf(repo, commit);
  const [paths, a, b] = await Promise.all([changedPaths(repo, before, after), flattenTree(repo, before), flattenTree(repo, after)]);
  return {
    oid: full,
    parents: commit.parent,
    author: { name: commit.author.name, email: commit.author.email },
    date: new Date(commit.author.timestamp * 1000).toISOString(),
    message: commit.message,
    files: paths.map((p) => ({ path: p, change: !a.has(p) ? 'added' : !b.has(p) ? 'deleted' : 'modified' })),
  };
}

/** A file of a past commit against the commit's first parent. */
export async function commitFileDiff(repo: Repo, oid: string, rawPath: string): Promise<FileDiff> {
  const p = repoPath(repo, rawPath);
  const { commit } = await readCommitOrThrow(repo, oid);
  const { before, after } = await treesOf(repo, commit);
  const [a, b] = await Promise.all([flattenTree(repo, before), flattenTree(repo, after)]);
  const oldOid = a.get(p)?.oid ?? null;
  const newOid = b.get(p)?.oid ?? null;
  if (!oldOid && !newOid) throw new GitError('not-found', `${p} is not part of commit ${oid.slice(0, 7)}.`);
  return sidesDiff(p, oldOid ? await readBlob(repo, oldOid) : null, newOid ? await readBlob(repo, newOid) : null, oldOid, newOid);
}
