// Finding and opening a repository. One Repo object per working tree is shared by every operation, so
// isomorphic-git's object/packfile cache and our stat cache survive between calls (status stays fast).
import type nodeFs from 'node:fs';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { realpathOfDeepestAncestor } from '../confine.js';
import { GitError } from './errors.js';
import { crashSafeGitFs } from './git-fs.js';

/** Stat signature of a file we already hashed, so an unchanged file is never read twice. */
export interface StatEntry {
  sig: string;
  oid: string;
}

export interface Repo {
  /** Absolute path of the working tree root. */
  dir: string;
  /** Absolute path of the git directory (usually `<dir>/.git`). */
  gitdir: string;
  /** node's fs, with writes into the git directory made crash-safe (see git-fs.ts). */
  fs: typeof nodeFs;
  /** isomorphic-git's `cache` argument, shared by every call on this repo. */
  cache: object;
  /** Workdir path → stat signature + blob oid of files hashed by status. */
  statCache: Map<string, StatEntry>;
  /** Flattened trees by tree oid (path → blob oid and mode). */
  treeCache: Map<string, Map<string, { oid: string; mode: number }>>;
}

const repos = new Map<string, Repo>();

async function isDir(p: string): Promise<boolean> {
  return (await fsp.stat(p).catch(() => undefined))?.isDirectory() ?? false;
}

/** The git directory of a working tree root, following a `.git` file (`gitdir: …`) when there is one. */
async function gitdirOf(dir: string): Promise<string | undefined> {
  const dotgit = path.join(dir, '.git');
  const st = await fsp.stat(dotgit).catch(() => undefined);
  if (!st) return undefined;
  if (st.isDirectory()) return dotgit;
  const text = await fsp.readFile(dotgit, 'utf8').catch(() => '');
  const m = /^gitdir:\s*(.+)\s*$/m.exec(text);
  return m ? path.resolve(dir, m[1]!) : undefined;
}

/** The repository containing `start` (a project may sit in a subfolder of its repo), or undefined. */
export async function findRepo(start: string): Promise<Repo | undefined> {
  let dir = path.resolve(start);
  for (;;) {
    const gitdir = await gitdirOf(dir);
    if (gitdir && (await isDir(gitdir))) return repoAt(dir, gitdir);
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Like findRepo, but a typed `not-a-repo` error when there is none. */
export async function openRepo(start: string): Promise<Repo> {
  const repo = await findRepo(start);
  if (!repo) {
    throw new GitError('not-a-repo', `"${start}" is not inside a git repository.`, {
      hint: 'Initialise a repository here (Git › Initialise Repository, or `choreo git init`).',
    });
  }
  return repo;
}

function repoAt(dir: string, gitdir: string): Repo {
  let repo = repos.get(dir);
  if (!repo || repo.gitdir !== gitdir) {
    repo = { dir, gitdir, fs: crashSafeGitFs(gitdir), cache: {}, statCache: new Map(), treeCache: new Map() };
    repos.set(dir, repo);
  }
  return repo;
}

/** Drops cached state (after operations that rewrite many objects, or when a repo is deleted). */
export function forgetRepo(dir: string): void {
  repos.delete(path.resolve(dir));
}

/** The arguments every isomorphic-git call takes. */
export function base(repo: Repo): { fs: typeof nodeFs; dir: string; gitdir: string; cache: object } {
  return { fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, cache: repo.cache };
}

/**
 * Normalises a user-given path to a repo-relative one with `/` separators. Refuses, as the file channels
 * do, paths outside the repository, inside `.git`, and paths whose folder is reached through a symbolic
 * link that leads outside (the last segment may itself be a link: git stores its target, never follows it).
 */
export function repoPath(repo: Repo, p: string): string {
  const refuse = (why: string): never => {
    throw new GitError('path-escape', `Refused path "${p}": ${why}.`, { hint: 'Use a path relative to the repository root.' });
  };
  if (p.includes('\0')) refuse('it contains a NUL byte');
  const abs = path.resolve(repo.dir, p);
  const rel = path.relative(repo.dir, abs);
  if (!rel || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) refuse(`it is not a file inside the repository ${repo.dir}`);
  const posix = rel.split(path.sep).join('/');
  if (posix.split('/').some((s) => s.toLowerCase() === '.git')) refuse("it is inside git's own .git folder");
  const realDir = realpathOfDeepestAncestor(repo.dir);
  const realParent = realpathOfDeepestAncestor(path.dirname(abs));
  const up = path.relative(realDir, realParent);
  if (up === '..' || up.startsWith(`..${path.sep}`) || path.isAbsolute(up)) refuse('it leads outside the repository (through a symbolic link)');
  return posix;
}
