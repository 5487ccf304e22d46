// An isolated checkout of exactly one commit (never the working tree): the project's folder inside the
// repository is read from the commit's tree with isomorphic-git and written to a fresh folder.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { base, openRepo, type Repo } from '../project/git/repo.js';
import { flattenTree, peel } from '../project/git/tree.js';
import { DeliveryError } from './types.js';
import { isChoreoPath } from '../../src-shared/project/choreo-dir.js';

export interface CheckoutResult {
  commit: string;
  /** Project-relative paths written, sorted. */
  files: string[];
}

/** Resolves a revision (branch, tag, full or abbreviated hash, HEAD) to a commit hash. */
export async function resolveCommit(repo: Repo, rev: string): Promise<string> {
  let oid: string | undefined;
  try {
    oid = await git.resolveRef({ ...base(repo), ref: rev });
  } catch {
    try {
      oid = await git.expandOid({ ...base(repo), oid: rev });
    } catch {
      oid = undefined;
    }
  }
  if (!oid) throw new DeliveryError('git', `The revision "${rev}" does not name a commit of ${repo.dir}. Give a branch, a tag or a commit hash (\`choreo git log\` lists them).`);
  return peel(repo, oid);
}

/** Writes the project folder of `rev` into `dest` (which must not exist yet or be empty). */
export async function checkoutCommit(projectRoot: string, rev: string, dest: string): Promise<CheckoutResult> {
  const repo = await openRepo(projectRoot).catch((e: Error) => {
    throw new DeliveryError('git', `Builds need a git repository: ${e.message}`);
  });
  const commit = await resolveCommit(repo, rev);
  const { commit: c } = await git.readCommit({ ...base(repo), oid: commit });
  const prefix = path.relative(repo.dir, path.resolve(projectRoot)).split(path.sep).join('/');
  const tree = await flattenTree(repo, c.tree);
  const files: string[] = [];
  await fs.mkdir(dest, { recursive: true });
  for (const [p, entry] of [...tree.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (prefix && !p.startsWith(prefix + '/')) continue;
    const rel = prefix ? p.slice(prefix.length + 1) : p;
    // submodules (160000) have no blob; symlinks (120000) are not followed (they could point outside)
    if (entry.mode === 0o160000 || entry.mode === 0o120000) continue;
    if (isChoreoPath(rel)) continue;
    const { blob } = await git.readBlob({ ...base(repo), oid: entry.oid });
    const file = path.join(dest, ...rel.split('/'));
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, blob, { mode: entry.mode & 0o111 ? 0o755 : 0o644 });
    files.push(rel);
  }
  return { commit, files };
}

/** HEAD of the project's repository and its branch (auto build). */
export async function headCommit(projectRoot: string): Promise<{ commit: string; branch: string | undefined } | undefined> {
  try {
    const repo = await openRepo(projectRoot);
    const commit = await git.resolveRef({ ...base(repo), ref: 'HEAD' });
    const branch = await git.currentBranch({ ...base(repo), fullname: false }).catch(() => undefined);
    return { commit, branch: branch ?? undefined };
  } catch {
    return undefined;
  }
}
