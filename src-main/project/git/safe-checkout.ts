// isomorphic-git's checkout rewrites a file whose *staged* content differs from HEAD even when the
// target commit has the same version as HEAD (git keeps it). This wrapper keeps every local change to
// files the switch does not touch: it records them (index entry + working-tree bytes), checks out, and
// puts them back. Callers refuse beforehand when a changed file *is* touched by the switch.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { readIndexFile } from './index-file.js';
import { base, type Repo } from './repo.js';
import type { RepoStatus } from './status.js';

interface Saved {
  path: string;
  /** Stage-0 index entry before the checkout; null when the file was not in the index (staged deletion). */
  index: { oid: string; mode: number } | null;
  /** Working-tree bytes; null when the file was deleted. */
  content: Buffer | null;
  mode: number;
}

export async function checkoutKeepingChanges(
  repo: Repo,
  ref: string,
  before: RepoStatus,
  touched: Set<string>,
  extra: { onProgress?: (p: { phase: string; loaded: number; total?: number }) => void } = {},
): Promise<void> {
  const { entries } = await readIndexFile(repo.gitdir);
  const byPath = new Map(entries.filter((e) => e.stage === 0).map((e) => [e.path, e]));
  const saved: Saved[] = [];
  for (const e of before.entries) {
    if (touched.has(e.path) || e.conflicted || e.unstaged === 'untracked' || !(e.staged || e.unstaged)) continue;
    const abs = path.join(repo.dir, e.path);
    const st = await fsp.lstat(abs).catch(() => undefined);
    const ie = byPath.get(e.path);
    saved.push({
      path: e.path,
      index: ie ? { oid: ie.oid, mode: ie.mode } : null,
      content: st && st.isFile() ? await fsp.readFile(abs) : null,
      mode: st ? st.mode & 0o777 : 0o644,
    });
  }
  await git.checkout({ ...base(repo), ref, ...(extra.onProgress ? { onProgress: extra.onProgress } : {}) });
  for (const s of saved) {
    const abs = path.join(repo.dir, s.path);
    if (s.content === null) await fsp.rm(abs, { force: true });
    else {
      await fsp.mkdir(path.dirname(abs), { recursive: true });
      await fsp.writeFile(abs, s.content, { mode: s.mode });
    }
    if (s.index) await git.updateIndex({ ...base(repo), filepath: s.path, oid: s.index.oid, mode: s.index.mode, add: true, force: true });
    else await git.remove({ ...base(repo), filepath: s.path });
  }
}
