// Reading commit trees as flat maps and comparing them. Flattened subtrees are cached by tree oid, so
// a new commit only costs the subtrees it changed.
import git from 'isomorphic-git';
import { base, type Repo } from './repo.js';

export type FlatTree = Map<string, { oid: string; mode: number }>;

const EMPTY: FlatTree = new Map();

/** The tree oid of a commit-ish (`HEAD`, a branch, a tag, a hash); undefined when it does not resolve (no commits yet). */
export async function treeOf(repo: Repo, ref: string): Promise<string | undefined> {
  let oid: string;
  try {
    oid = await git.resolveRef({ ...base(repo), ref });
  } catch {
    try {
      oid = await git.expandOid({ ...base(repo), oid: ref });
    } catch {
      return undefined;
    }
  }
  const { commit } = await git.readCommit({ ...base(repo), oid: await peel(repo, oid) });
  return commit.tree;
}

/** Follows annotated tags to the commit they point at. */
export async function peel(repo: Repo, oid: string): Promise<string> {
  for (let i = 0; i < 10; i++) {
    const obj = await git.readObject({ ...base(repo), oid, format: 'parsed' });
    if (obj.type !== 'tag') return oid;
    oid = (obj.object as { object: string }).object;
  }
  return oid;
}

/** Every blob (and link/submodule entry) of a tree, by path. */
export async function flattenTree(repo: Repo, treeOid: string | undefined): Promise<FlatTree> {
  if (!treeOid) return EMPTY;
  const hit = repo.treeCache.get(treeOid);
  if (hit) return hit;
  const out: FlatTree = new Map();
  const { tree } = await git.readTree({ ...base(repo), oid: treeOid });
  for (const e of tree) {
    if (e.type === 'tree') {
      for (const [p, v] of await flattenTree(repo, e.oid)) out.set(`${e.path}/${p}`, v);
    } else out.set(e.path, { oid: e.oid, mode: parseInt(e.mode, 8) });
  }
  // A bounded cache: trees are immutable, so the only concern is memory on long sessions.
  if (repo.treeCache.size > 5000) repo.treeCache.clear();
  repo.treeCache.set(treeOid, out);
  return out;
}

/** Paths whose content or mode differs between two trees (added, removed or changed), sorted. */
export async function changedPaths(repo: Repo, a: string | undefined, b: string | undefined): Promise<string[]> {
  if (a === b) return [];
  const out: string[] = [];
  await diffTrees(repo, a, b, '', out);
  return out.sort();
}

async function diffTrees(repo: Repo, a: string | undefined, b: string | undefined, prefix: string, out: string[]): Promise<void> {
  const read = async (oid: string | undefined) => (oid ? (await git.readTree({ ...base(repo), oid })).tree : []);
  const [ta, tb] = await Promise.all([read(a), read(b)]);
  const byName = new Map<string, { a?: (typeof ta)[number]; b?: (typeof tb)[number] }>();
  for (const e of ta) byName.set(e.path, { a: e });
  for (const e of tb) byName.set(e.path, { ...byName.get(e.path), b: e });
  for (const [name, { a: ea, b: eb }] of byName) {
    if (ea && eb && ea.oid === eb.oid && ea.mode === eb.mode) continue;
    const p = prefix + name;
    const aTree = ea?.type === 'tree' ? ea.oid : undefined;
    const bTree = eb?.type === 'tree' ? eb.oid : undefined;
    if (aTree || bTree) await diffTrees(repo, aTree, bTree, p + '/', out);
    if ((ea && ea.type !== 'tree') || (eb && eb.type !== 'tree')) out.push(p);
  }
}
