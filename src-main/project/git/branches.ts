// Branches: list, create, checkout (refusing to overwrite uncommitted changes), delete.
import git from 'isomorphic-git';
import { GitError, toGitError, uncommittedChanges } from './errors.js';
import { assertWritable } from './mode.js';
import { base, type Repo } from './repo.js';
import { dirtyPaths, status, workdirOid } from './status.js';
import { checkoutKeepingChanges } from './safe-checkout.js';
import { changedPaths, flattenTree, treeOf } from './tree.js';

export interface BranchInfo {
  name: string;
  current: boolean;
  /** Tip commit. */
  oid: string;
  /** `origin/main` style upstream, when configured. */
  upstream?: string;
}

export interface BranchList {
  current: string | null;
  local: BranchInfo[];
  /** Remote-tracking branches as `remote/name`. */
  remote: string[];
}

function checkName(name: string): string {
  const n = name.trim();
  if (!n || /[\s~^:?*[\\]|\.\.|@\{|^[-/.]|[/.]$|\.lock$|\/\//.test(n)) {
    throw new GitError('invalid', `"${name}" is not a valid branch name.`, { hint: 'Use letters, digits, "-", "_", "/" and "." (no spaces, no "..").' });
  }
  return n;
}

export async function listBranches(repo: Repo): Promise<BranchList> {
  const current = (await git.currentBranch({ ...base(repo) }).catch(() => undefined)) ?? null;
  const local: BranchInfo[] = [];
  for (const name of (await git.listBranches({ ...base(repo) })).sort()) {
    const oid = await git.resolveRef({ ...base(repo), ref: `refs/heads/${name}` }).catch(() => undefined);
    if (!oid) continue;
    const remote = await git.getConfig({ ...base(repo), path: `branch.${name}.remote` }).catch(() => undefined);
    const merge = await git.getConfig({ ...base(repo), path: `branch.${name}.merge` }).catch(() => undefined);
    local.push({
      name, oid, current: name === current,
      ...(typeof remote === 'string' && typeof merge === 'string' ? { upstream: `${remote}/${merge.replace(/^refs\/heads\//, '')}` } : {}),
    });
  }
  const remote: string[] = [];
  for (const r of await git.listRemotes({ ...base(repo) })) {
    for (const b of await git.listBranches({ ...base(repo), remote: r.remote })) if (b !== 'HEAD') remote.push(`${r.remote}/${b}`);
  }
  return { current: local.some((b) => b.current) ? current : null, local, remote: remote.sort() };
}

/** Creates `name` at `startPoint` (default HEAD); optionally checks it out. */
export async function createBranch(repo: Repo, name: string, opts: { startPoint?: string; checkout?: boolean } = {}): Promise<void> {
  await assertWritable(repo, 'Creating a branch');
  const n = checkName(name);
  const exists = await git.resolveRef({ ...base(repo), ref: `refs/heads/${n}` }).then(() => true, () => false);
  if (exists) throw new GitError('invalid', `A branch named "${n}" already exists.`, { hint: 'Pick another name, or check out the existing branch.' });
  let object: string | undefined;
  if (opts.startPoint) {
    object = await git.resolveRef({ ...base(repo), ref: opts.startPoint }).catch(() => undefined);
    object ??= await git.expandOid({ ...base(repo), oid: opts.startPoint }).catch(() => undefined);
    if (!object) throw new GitError('not-found', `"${opts.startPoint}" is not a branch, tag or commit of this repository.`);
  }
  try {
    await git.branch({ ...base(repo), ref: n, ...(object ? { object } : {}) });
  } catch (err) {
    throw toGitError(err, { op: `Create branch ${n}` });
  }
  if (opts.checkout) await checkoutBranch(repo, n);
}

/**
 * Checks out `name` (a local branch, or a remote one as `origin/x`, which creates the local `x`).
 * Refuses with `uncommitted-changes` (and the files) when a changed or untracked file would be overwritten.
 */
export async function checkoutBranch(repo: Repo, name: string): Promise<void> {
  await assertWritable(repo, 'Checkout');
  // Checked before any lookup: `refs/heads/../x` would make isomorphic-git read files outside refs/.
  checkName(name);
  const st = await status(repo);
  let local = name;
  let target = await git.resolveRef({ ...base(repo), ref: `refs/heads/${name}` }).catch(() => undefined);
  let fromRemote: { remote: string; branch: string } | undefined;
  if (!target) {
    const m = /^([^/]+)\/(.+)$/.exec(name);
    const oid = m && (await git.resolveRef({ ...base(repo), ref: `refs/remotes/${m[1]}/${m[2]}` }).catch(() => undefined));
    if (!m || !oid) throw new GitError('not-found', `There is no branch "${name}".`, { hint: 'Pick a branch from the list, or create it.' });
    local = m[2]!;
    target = oid;
    fromRemote = { remote: m[1]!, branch: m[2]! };
  }
  if (st.merging) throw new GitError('unmerged', 'A merge is in progress.', { hint: 'Finish it (resolve, stage, commit) before switching branches.' });
  if (st.branch === local && !fromRemote) return;
  const targetTree = await treeOf(repo, target);
  const changed = new Set(await changedPaths(repo, st.head ? await treeOf(repo, 'HEAD') : undefined, targetTree));
  const blocked = await withoutTargetContent(repo, dirtyPaths(st, true).filter((p) => changed.has(p)), targetTree);
  if (blocked.length) throw uncommittedChanges(`Switching to "${local}"`, blocked);
  try {
    if (fromRemote) {
      const exists = await git.resolveRef({ ...base(repo), ref: `refs/heads/${local}` }).then(() => true, () => false);
      if (exists) throw new GitError('invalid', `A local branch "${local}" already exists.`, { hint: `Check out "${local}" instead.` });
      await git.branch({ ...base(repo), ref: local, object: target });
      await git.setConfig({ ...base(repo), path: `branch.${local}.remote`, value: fromRemote.remote });
      await git.setConfig({ ...base(repo), path: `branch.${local}.merge`, value: `refs/heads/${fromRemote.branch}` });
    }
    await checkoutKeepingChanges(repo, local, st, changed);
  } catch (err) {
    throw toGitError(err, { op: `Checkout ${local}` });
  }
}

/**
 * Drops the changed files that already hold what the switch would write (git does the same): after a
 * checkout was killed half-way, its files are in the target's version, and switching again finishes it.
 */
async function withoutTargetContent(repo: Repo, paths: string[], targetTree: string | undefined): Promise<string[]> {
  if (!paths.length) return paths;
  const target = await flattenTree(repo, targetTree);
  const out: string[] = [];
  for (const p of paths) {
    const want = target.get(p);
    const have = await workdirOid(repo, p);
    if (want ? have !== want.oid : have !== undefined) out.push(p);
  }
  return out;
}

/** Deletes a local branch; refuses the current one, and one whose commits exist nowhere else unless `force`. */
export async function deleteBranch(repo: Repo, name: string, opts: { force?: boolean } = {}): Promise<void> {
  await assertWritable(repo, 'Deleting a branch');
  checkName(name);
  const current = await git.currentBranch({ ...base(repo) }).catch(() => undefined);
  if (current === name) throw new GitError('invalid', `"${name}" is the current branch and cannot be deleted.`, { hint: 'Check out another branch first.' });
  const tip = await git.resolveRef({ ...base(repo), ref: `refs/heads/${name}` }).catch(() => undefined);
  if (!tip) throw new GitError('not-found', `There is no branch "${name}".`);
  if (!opts.force) {
    const keepers: string[] = [];
    const head = await git.resolveRef({ ...base(repo), ref: 'HEAD' }).catch(() => undefined);
    if (head) keepers.push(head);
    const remote = await git.getConfig({ ...base(repo), path: `branch.${name}.remote` }).catch(() => undefined);
    const merge = await git.getConfig({ ...base(repo), path: `branch.${name}.merge` }).catch(() => undefined);
    if (typeof remote === 'string' && typeof merge === 'string') {
      const up = await git.resolveRef({ ...base(repo), ref: `refs/remotes/${remote}/${merge.replace(/^refs\/heads\//, '')}` }).catch(() => undefined);
      if (up) keepers.push(up);
    }
    let merged = false;
    for (const k of keepers) {
      if (k === tip || (await git.isDescendent({ ...base(repo), oid: k, ancestor: tip, depth: -1 }).catch(() => false))) merged = true;
    }
    if (!merged) {
      throw new GitError('invalid', `Branch "${name}" has commits that are not on the current branch nor on its remote; deleting it would lose them.`, {
        hint: 'Merge or push it first, or delete it with force.',
      });
    }
  }
  await git.deleteBranch({ ...base(repo), ref: name });
}
