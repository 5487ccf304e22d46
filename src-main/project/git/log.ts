// Paged history with author, date, message and the files each commit changed.
import git from 'isomorphic-git';
import { GitError } from './errors.js';
import { base, type Repo } from './repo.js';
import { changedPaths } from './tree.js';

export interface LogEntry {
  oid: string;
  parents: string[];
  author: { name: string; email: string };
  /** ISO date of authoring. */
  date: string;
  message: string;
  summary: string;
  /** Files changed against the first parent (all files for a root commit). */
  files: string[];
}

export interface LogPage {
  entries: LogEntry[];
  /** Pass as `skip` for the next page; null when there is no more history. */
  next: number | null;
}

export async function log(repo: Repo, opts: { ref?: string; skip?: number; limit?: number; files?: boolean } = {}): Promise<LogPage> {
  const skip = Math.max(0, opts.skip ?? 0);
  const limit = Math.min(Math.max(1, opts.limit ?? 50), 500);
  const ref = opts.ref ?? 'HEAD';
  const hasHead = await git.resolveRef({ ...base(repo), ref }).then(() => true, () => false);
  if (!hasHead) {
    if (ref === 'HEAD') return { entries: [], next: null };
    throw new GitError('not-found', `"${ref}" is not a branch or commit of this repository.`);
  }
  // depth counts from the start, so one extra commit tells whether another page exists.
  const commits = await git.log({ ...base(repo), ref, depth: skip + limit + 1 });
  const page = commits.slice(skip, skip + limit);
  const entries: LogEntry[] = [];
  for (const c of page) {
    const parentTree = c.commit.parent[0] ? (await git.readCommit({ ...base(repo), oid: c.commit.parent[0] })).commit.tree : undefined;
    entries.push({
      oid: c.oid,
      parents: c.commit.parent,
      author: { name: c.commit.author.name, email: c.commit.author.email },
      date: new Date(c.commit.author.timestamp * 1000).toISOString(),
      message: c.commit.message,
      summary: c.commit.message.split('\n')[0]!,
      files: opts.files === false ? [] : await changedPaths(repo, parentTree, c.commit.tree),
    });
  }
  return { entries, next: commits.length > skip + limit ? skip + limit : null };
}
