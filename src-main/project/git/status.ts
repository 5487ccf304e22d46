// Working-tree status, fast: one read of the index, one flattened HEAD tree (cached by oid), one lstat
// per tracked file. A file is only read and hashed when its stat differs from the index entry (and from
// our own stat cache), so 10 changed files among 10,000 cost 10 reads.
import { createHash } from 'node:crypto';
import nodeFs, { promises as fsp, type Stats } from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { GitError } from './errors.js';
import { matchIgnore, parseIgnore, readExclude, readIgnoreFile, type IgnoreRule } from './ignore.js';
import { assertHealthy } from './repair.js';
import { readIndexFile, UnsupportedIndexError, type IndexEntry } from './index-file.js';
import { base, type Repo } from './repo.js';
import { flattenTree, treeOf } from './tree.js';
import { CHOREO_GITIGNORE_LINE } from '../../../src-shared/project/choreo-dir.js';
import { TEMP_SUFFIX } from '../../engine/index.js';

export type StagedChange = 'added' | 'modified' | 'deleted';
export type UnstagedChange = 'modified' | 'deleted' | 'untracked';

export interface StatusEntry {
  /** Repo-relative path with `/` separators. */
  path: string;
  /** Change recorded in the index against HEAD (what the next commit contains). */
  staged?: StagedChange;
  /** Change in the working tree against the index. */
  unstaged?: UnstagedChange;
  /** Unresolved merge conflict (the index holds stages 1–3). */
  conflicted?: boolean;
}

export interface RepoStatus {
  /** Current branch; null when HEAD is detached (e.g. a choreo-mode workspace at a hash or tag). */
  branch: string | null;
  /** HEAD commit; null in a repository without commits. */
  head: string | null;
  /** A merge is in progress (after a pull with conflicts): the next commit will be the merge commit. */
  merging: boolean;
  entries: StatusEntry[];
}

const YIELD_EVERY = 2000;

/**
 * The engine's local state (`.choreo/`: db, snapshots, history, upstream clones) is never project
 * content (design.md §4), even in a repository whose .gitignore does not say so. Lowest precedence:
 * a `!.choreo/` in a .gitignore still wins.
 */
// Our own temp files (an interrupted atomic write) are never something to commit.
const IMPLICIT_IGNORES = parseIgnore(`${CHOREO_GITIGNORE_LINE}\n*${TEMP_SUFFIX}\n`, '');

/** The blob oid git would give `content`. */
export function blobOid(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

function statSig(st: Stats): string {
  return `${Math.floor(st.mtimeMs)}:${Math.floor(st.ctimeMs)}:${st.size}:${st.ino}:${st.mode}`;
}

function isExecutable(st: Stats): boolean {
  return (st.mode & 0o111) !== 0;
}

/** Reads a working-tree file as git sees it (a symlink is its target text). */
async function readWorkFile(abs: string, st: Stats): Promise<Buffer> {
  return st.isSymbolicLink() ? Buffer.from(await fsp.readlink(abs)) : fsp.readFile(abs);
}

/** Blob oid of a working-tree file, using and refreshing the stat cache. */
export async function workdirOid(repo: Repo, filepath: string, st?: Stats): Promise<string | undefined> {
  const abs = path.join(repo.dir, filepath);
  st ??= await fsp.lstat(abs).catch(() => undefined);
  if (!st || st.isDirectory()) return undefined;
  const sig = statSig(st);
  const cached = repo.statCache.get(filepath);
  if (cached && cached.sig === sig) return cached.oid;
  const oid = blobOid(await readWorkFile(abs, st));
  repo.statCache.set(filepath, { sig, oid });
  return oid;
}

/** True when the stat data proves the file is what the index recorded (git's "clean stat" check). */
function statMatchesIndex(e: IndexEntry, st: Stats, indexMtime: number): boolean {
  const mtime = Math.floor(st.mtimeMs / 1000);
  if (mtime >= indexMtime) return false; // racy: changed in the second the index was written
  return (
    mtime === e.mtimeSeconds &&
    Math.floor(st.ctimeMs / 1000) === e.ctimeSeconds &&
    st.size % 2 ** 32 === e.size &&
    st.ino % 2 ** 32 === e.ino
  );
}

function modeOf(st: Stats): number {
  if (st.isSymbolicLink()) return 0o120000;
  return isExecutable(st) ? 0o100755 : 0o100644;
}

/** Current branch name (null when detached) and HEAD oid (null without commits). */
export async function headInfo(repo: Repo): Promise<{ branch: string | null; head: string | null }> {
  const full = await git.currentBranch({ ...base(repo), fullname: true }).catch(() => undefined);
  const branch = full?.startsWith('refs/heads/') ? full.slice('refs/heads/'.length) : null;
  const head = await git.resolveRef({ ...base(repo), ref: 'HEAD' }).catch(() => null);
  return { branch, head };
}

export async function isMerging(repo: Repo): Promise<boolean> {
  return nodeFs.existsSync(path.join(repo.gitdir, 'MERGE_HEAD'));
}

export async function status(repo: Repo): Promise<RepoStatus> {
  await assertHealthy(repo);
  const { branch, head } = await headInfo(repo);
  let index;
  try {
    index = await readIndexFile(repo.gitdir);
  } catch (err) {
    // isomorphic-git cannot read these either (index v4 is opt-in: `git update-index --index-version 4`).
    if (err instanceof UnsupportedIndexError) {
      throw new GitError('invalid', `Cannot read the git index of ${repo.dir}: ${err.message}.`, {
        hint: `Convert it once with: git -C "${repo.dir}" update-index --index-version 2`,
      });
    }
    throw err;
  }
  const headTree = await flattenTree(repo, head ? await treeOf(repo, 'HEAD') : undefined);
  const staged = new Map<string, IndexEntry>();
  const conflicted = new Set<string>();
  const trackedDirs = new Set<string>(['']);
  for (const e of index.entries) {
    if (e.stage === 0) staged.set(e.path, e);
    else conflicted.add(e.path);
    for (let i = e.path.lastIndexOf('/'); i > 0; i = e.path.lastIndexOf('/', i - 1)) {
      const d = e.path.slice(0, i);
      if (trackedDirs.has(d)) break;
      trackedDirs.add(d);
    }
  }

  const result = new Map<string, StatusEntry>();
  const entry = (p: string): StatusEntry => {
    let e = result.get(p);
    if (!e) result.set(p, (e = { path: p }));
    return e;
  };

  // Index against HEAD: what is staged.
  for (const [p, e] of staged) {
    const h = headTree.get(p);
    if (!h) entry(p).staged = 'added';
    else if (h.oid !== e.oid || h.mode !== e.mode) entry(p).staged = 'modified';
  }
  for (const p of headTree.keys()) if (!staged.has(p) && !conflicted.has(p)) entry(p).staged = 'deleted';
  for (const p of conflicted) entry(p).conflicted = true;

  // Working tree against the index: one lstat per tracked file, a read only when the stat changed.
  let n = 0;
  for (const [p, e] of staged) {
    if (++n % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
    if (e.mode === 0o160000) continue; // submodule
    let st: Stats | undefined;
    try {
      st = nodeFs.lstatSync(path.join(repo.dir, p));
    } catch {
      st = undefined;
    }
    if (!st || st.isDirectory()) {
      entry(p).unstaged = 'deleted';
      continue;
    }
    if (statMatchesIndex(e, st, index.mtimeSeconds) && modeOf(st) === e.mode) continue;
    const oid = await workdirOid(repo, p, st);
    if (oid !== e.oid || modeOf(st) !== e.mode) entry(p).unstaged = 'modified';
  }

  // Untracked files: walk the tree, skipping ignored folders without reading them. Ignore rules are
  // read once per folder on the way down (ignore.ts).
  const tracked = (p: string) => staged.has(p) || conflicted.has(p);
  const walk = async (rel: string, rules: IgnoreRule[], insideIgnored: boolean): Promise<void> => {
    let dirents: nodeFs.Dirent[];
    try {
      dirents = nodeFs.readdirSync(path.join(repo.dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    if (dirents.some((d) => d.name === '.gitignore' && !d.isDirectory())) rules = [...rules, ...(await readIgnoreFile(repo.dir, rel))];
    for (const d of dirents) {
      const p = rel ? `${rel}/${d.name}` : d.name;
      if (d.name === '.git') continue;
      if (d.isDirectory()) {
        const ignoredDir = insideIgnored || matchIgnore(rules, p, true);
        // An ignored folder is only entered when it holds tracked files (their changes still count).
        if (!ignoredDir || trackedDirs.has(p)) await walk(p, rules, ignoredDir);
      } else if (!tracked(p) && !insideIgnored && !matchIgnore(rules, p, false)) {
        entry(p).unstaged = 'untracked';
      }
    }
  };
  await walk('', [...IMPLICIT_IGNORES, ...(await readExclude(repo.gitdir))], false);

  const entries = [...result.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { branch, head, merging: await isMerging(repo), entries };
}

/** Paths with uncommitted changes to tracked files (staged or not), plus untracked ones when asked. */
export function dirtyPaths(st: RepoStatus, includeUntracked = false): string[] {
  return st.entries
    .filter((e) => e.staged || e.conflicted || (e.unstaged && (includeUntracked || e.unstaged !== 'untracked')))
    .map((e) => e.path);
}
