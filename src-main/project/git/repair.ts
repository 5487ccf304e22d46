// Health check and repair of a repository's own files (`choreo git repair`). Since every write goes through
// git-fs.ts a crash can no longer damage them, but a repository damaged before (or by another program) must
// not make every command fail with the wrong advice, and its repair must lose nothing:
//   - a branch ref that is empty or not a hash points again at the newest commit that was on it (git's
//     reflog when there is one, else the newest commit no other commit descends from);
//   - a torn index is rebuilt from the entries that can still be read, then HEAD for the rest (the
//     working tree is not touched; the damaged file is kept aside as `index.damaged-<time>`);
//   - loose objects that are empty or do not inflate are removed (the ones the index still names are
//     written again from the working tree when it has that content);
//   - stale `*.lock`, `tmp_obj_*` and working-tree temp files left by a killed writer are removed.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import git from 'isomorphic-git';
import { GitError } from './errors.js';
import { isValidLooseObject, TEMP_OBJECT_PREFIX, WORKTREE_TEMP_DIR } from './git-fs.js';
import { parseIndex, readIndexFile } from './index-file.js';
import { base, type Repo } from './repo.js';
import { flattenTree, treeOf } from './tree.js';

export interface RepairReport {
  /** Lock and temp files removed (git-dir relative). */
  removedStale: string[];
  /** Damaged loose objects removed (oids). */
  removedObjects: string[];
  /** Objects written again from the working tree (oids). */
  rewrittenObjects: string[];
  /** Branch refs that pointed nowhere and were set again. */
  refs: { ref: string; oid: string; from: 'reflog' | 'newest-commit' }[];
  /** Refs that were damaged and could not be set (no commit found). */
  unrepairedRefs: string[];
  /** The index was rebuilt; `keptAside` is where the damaged file went. */
  index: { rebuilt: false } | { rebuilt: true; salvaged: number; fromHead: number; keptAside: string };
}

const HASH = /^[0-9a-f]{40}$/;

/** The ref HEAD points at (`refs/heads/main`), or undefined when HEAD is detached or unreadable. */
async function headRef(repo: Repo): Promise<string | undefined> {
  const head = await fsp.readFile(path.join(repo.gitdir, 'HEAD'), 'utf8').catch(() => '');
  return /^ref: (refs\/\S+)\s*$/.exec(head)?.[1];
}

/** A loose ref file that exists but holds no hash (a torn write): the name, else undefined. */
async function damagedRef(repo: Repo, ref: string): Promise<boolean> {
  const text = await fsp.readFile(path.join(repo.gitdir, ref), 'utf8').catch(() => undefined);
  return text !== undefined && !HASH.test(text.trim()) && !text.startsWith('ref: ');
}

/**
 * Refuses to work on a repository whose current branch ref is damaged: committing on it would start a
 * new root commit and orphan the history. The index is checked by readIndexFile on every read.
 */
export async function assertHealthy(repo: Repo): Promise<void> {
  const ref = await headRef(repo);
  if (ref && (await damagedRef(repo, ref))) {
    throw new GitError('damaged', `The branch ref ${ref} (${path.join(repo.gitdir, ref)}) is damaged: it holds no commit hash, so the branch has lost its place.`, {
      hint: 'Run `choreo git repair`: it points the branch at its newest commit again; nothing else changes.',
    });
  }
}

async function walk(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fsp.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await walk(path.join(dir, e.name), r)));
    else out.push(r);
  }
  return out;
}

/** Every loose object file as [oid, absolute path]. */
async function looseObjects(repo: Repo): Promise<[string, string][]> {
  const root = path.join(repo.gitdir, 'objects');
  const out: [string, string][] = [];
  for (const d of await fsp.readdir(root).catch(() => [] as string[])) {
    if (!/^[0-9a-f]{2}$/.test(d)) continue;
    for (const f of await fsp.readdir(path.join(root, d)).catch(() => [] as string[])) out.push([d + f, path.join(root, d, f)]);
  }
  return out;
}

async function removeStale(repo: Repo, report: RepairReport): Promise<void> {
  for (const rel of await walk(repo.gitdir)) {
    const name = path.posix.basename(rel);
    if (name.endsWith('.lock') || (rel.startsWith('objects/') && name.startsWith(TEMP_OBJECT_PREFIX)) || rel.startsWith(`${WORKTREE_TEMP_DIR}/`)) {
      await fsp.rm(path.join(repo.gitdir, rel), { force: true });
      report.removedStale.push(rel);
    }
  }
}

async function removeDamagedObjects(repo: Repo, report: RepairReport): Promise<void> {
  for (const [oid, file] of await looseObjects(repo)) {
    if (!/^[0-9a-f]{40}$/.test(oid)) continue;
    const bytes = await fsp.readFile(file);
    if (isValidLooseObject(bytes)) continue;
    await fsp.rm(file, { force: true });
    report.removedObjects.push(oid);
  }
}

/** The newest commit on `ref` that can still be found: git's reflog, else the newest commit nothing descends from. */
async function recoverRef(repo: Repo, ref: string): Promise<{ oid: string; from: 'reflog' | 'newest-commit' } | undefined> {
  const reflog = await fsp.readFile(path.join(repo.gitdir, 'logs', ref), 'utf8').catch(() => '');
  for (const line of reflog.trim().split('\n').reverse()) {
    const oid = line.split(' ')[1];
    if (oid && HASH.test(oid) && (await hasCommit(repo, oid))) return { oid, from: 'reflog' };
  }
  const commits = new Map<string, { parents: string[]; time: number }>();
  for (const [oid, file] of await looseObjects(repo)) {
    try {
      const raw = inflateSync(await fsp.readFile(file));
      if (!raw.subarray(0, 7).equals(Buffer.from('commit '))) continue;
      const text = raw.toString('utf8', raw.indexOf(0) + 1);
      const parents = [...text.matchAll(/^parent ([0-9a-f]{40})$/gm)].map((m) => m[1]!);
      const time = Number(/^committer .* (\d+) [+-]\d{4}$/m.exec(text)?.[1] ?? 0);
      commits.set(oid, { parents, time });
    } catch {
      // not readable: not a candidate
    }
  }
  const isParent = new Set([...commits.values()].flatMap((c) => c.parents));
  const tips = [...commits.entries()].filter(([oid]) => !isParent.has(oid)).sort((a, b) => b[1].time - a[1].time);
  return tips[0] ? { oid: tips[0][0], from: 'newest-commit' } : undefined;
}

async function hasCommit(repo: Repo, oid: string): Promise<boolean> {
  return git.readCommit({ ...base(repo), oid }).then(() => true, () => false);
}

async function repairRefs(repo: Repo, report: RepairReport): Promise<void> {
  const refs = (await walk(path.join(repo.gitdir, 'refs'), 'refs')).filter((r) => !r.endsWith('.lock'));
  for (const ref of refs) {
    if (!(await damagedRef(repo, ref))) continue;
    const found = await recoverRef(repo, ref);
    if (!found) {
      report.unrepairedRefs.push(ref);
      continue;
    }
    await git.writeRef({ ...base(repo), ref, value: found.oid, force: true });
    report.refs.push({ ref, ...found });
  }
}

async function blobExists(repo: Repo, oid: string): Promise<boolean> {
  return git.readBlob({ ...base(repo), oid }).then(() => true, () => false);
}

/** Writes the working-tree file again as an object when its content is the one the index names. */
async function rewriteFromWorktree(repo: Repo, filepath: string, oid: string): Promise<boolean> {
  const bytes = await fsp.readFile(path.join(repo.dir, filepath)).catch(() => undefined);
  if (!bytes) return false;
  const { oid: hashed } = await git.hashBlob({ object: bytes });
  if (hashed !== oid) return false;
  await git.writeBlob({ ...base(repo), blob: bytes });
  return true;
}

async function repairIndex(repo: Repo, report: RepairReport): Promise<void> {
  const file = path.join(repo.gitdir, 'index');
  const healthy = await readIndexFile(repo.gitdir).then((i) => i, () => undefined);
  if (healthy) {
    // A sound index may still name objects that were damaged and removed: write them again.
    for (const e of healthy.entries) {
      if (e.stage !== 0 || (await blobExists(repo, e.oid))) continue;
      if (await rewriteFromWorktree(repo, e.path, e.oid)) report.rewrittenObjects.push(e.oid);
      else await git.resetIndex({ ...base(repo), filepath: e.path }).catch(() => git.remove({ ...base(repo), filepath: e.path }));
    }
    return;
  }
  const bytes = await fsp.readFile(file);
  let salvaged: ReturnType<typeof parseIndex> = [];
  try {
    salvaged = parseIndex(bytes, { salvage: true }).filter((e) => e.stage === 0);
  } catch {
    // not even a header: nothing to salvage
  }
  const keptAside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await fsp.rename(file, keptAside);
  const head = await flattenTree(repo, await treeOf(repo, 'HEAD'));
  let kept = 0;
  const done = new Set<string>();
  for (const e of salvaged) {
    if (!(await blobExists(repo, e.oid)) && !(await rewriteFromWorktree(repo, e.path, e.oid))) continue;
    await git.updateIndex({ ...base(repo), filepath: e.path, oid: e.oid, mode: e.mode, add: true, force: true });
    done.add(e.path);
    kept++;
  }
  let fromHead = 0;
  for (const [filepath, entry] of head) {
    if (done.has(filepath)) continue;
    await git.updateIndex({ ...base(repo), filepath, oid: entry.oid, mode: entry.mode, add: true, force: true });
    fromHead++;
  }
  report.index = { rebuilt: true, salvaged: kept, fromHead, keptAside };
}

/** Repairs what a crash or another program left damaged; see the file comment for what and how. */
export async function repairRepo(repo: Repo): Promise<RepairReport> {
  const report: RepairReport = { removedStale: [], removedObjects: [], rewrittenObjects: [], refs: [], unrepairedRefs: [], index: { rebuilt: false } };
  await removeStale(repo, report);
  await removeDamagedObjects(repo, report);
  await repairRefs(repo, report);
  await repairIndex(repo, report);
  repo.statCache.clear();
  return report;
}
