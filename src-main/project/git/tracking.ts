// Ahead/behind counts of the current branch against its upstream (the badges on Push and Pull).
// Counted over at most `limit` commits per side and cached by the two tips, so status stays cheap.
import git from 'isomorphic-git';
import { upstreamOf } from './remote.js';
import { base, type Repo } from './repo.js';

export interface Tracking {
  /** `origin/main` */
  upstream: string;
  /** Local commits the upstream does not have (to push). */
  ahead: number;
  /** Upstream commits we do not have (to pull, after a fetch). */
  behind: number;
}

const cache = new WeakMap<Repo, Map<string, { ahead: number; behind: number }>>();

async function ancestors(repo: Repo, oid: string, limit: number): Promise<string[]> {
  return (await git.log({ ...base(repo), ref: oid, depth: limit })).map((c) => c.oid);
}

export async function tracking(repo: Repo, branch: string | null, limit = 2000): Promise<Tracking | null> {
  if (!branch) return null;
  const up = await upstreamOf(repo, branch);
  if (!up.configured) return null;
  const upstream = `${up.remote}/${up.merge}`;
  const local = await git.resolveRef({ ...base(repo), ref: `refs/heads/${branch}` }).catch(() => undefined);
  const remote = await git.resolveRef({ ...base(repo), ref: `refs/remotes/${upstream}` }).catch(() => undefined);
  if (!local) return null;
  if (!remote) return { upstream, ahead: (await ancestors(repo, local, limit)).length, behind: 0 };
  if (local === remote) return { upstream, ahead: 0, behind: 0 };
  let perRepo = cache.get(repo);
  if (!perRepo) cache.set(repo, (perRepo = new Map()));
  const key = `${local}:${remote}`;
  let counts = perRepo.get(key);
  if (!counts) {
    const [mine, theirs] = await Promise.all([ancestors(repo, local, limit), ancestors(repo, remote, limit)]);
    const mineSet = new Set(mine);
    const theirSet = new Set(theirs);
    counts = { ahead: mine.filter((o) => !theirSet.has(o)).length, behind: theirs.filter((o) => !mineSet.has(o)).length };
    if (perRepo.size > 50) perRepo.clear();
    perRepo.set(key, counts);
  }
  return { upstream, ...counts };
}
