// The project as a git revision holds it (issue 13 item 3: `choreo run diff --rev A..B`): the revision
// resolved to a commit, and a SourceFs for the engine's loader over that commit's tree under the project
// folder. The working tree is never touched: blobs are read from the object database on demand.
import git from 'isomorphic-git';
import type { SourceFs } from '../../engine/index.js';
import { isChoreoPath } from '../../../src-shared/project/choreo-dir.js';
import { blobMapFs, projectPrefix } from './blob-map-fs.js';
import { GitError } from './errors.js';
import { base, openRepo, type Repo } from './repo.js';
import { flattenTree, peel } from './tree.js';

export interface RevisionSource {
  /** The full commit hash the revision names. */
  commit: string;
  /** The commit's first message line (what the user sees next to the hash). */
  subject: string;
  files: SourceFs;
}

const GITLINK = 0o160000;
const SYMLINK = 0o120000;

/** `name` followed by any number of `~N`, `~`, `^N`, `^` (git's ancestry suffixes; `^N` picks the Nth parent). */
const SUFFIXES = /^(.*?)((?:[~^]\d*)*)$/;

function unknownRevision(rev: string, repo: Repo, why = 'does not name a commit'): GitError {
  return new GitError('not-found', `The revision "${rev}" ${why} in the repository at ${repo.dir}.`, {
    hint: 'Give a branch, a tag or a commit hash (at least 4 digits), optionally followed by ~N or ^N; `choreo git log` lists the commits.',
  });
}

/**
 * Resolves a branch, tag, full or abbreviated hash, or HEAD, each optionally followed by git's `~N` / `^N`
 * (isomorphic-git resolves names and hashes, not the suffixes), to a commit hash. Throws GitError
 * `not-found` with what to type instead.
 */
export async function resolveRevision(repo: Repo, rev: string): Promise<string> {
  const m = SUFFIXES.exec(rev.trim());
  const name = m?.[1] ?? '';
  if (!name || /\s|\.\./.test(name)) throw unknownRevision(rev, repo);
  let oid: string | undefined;
  try {
    oid = await git.resolveRef({ ...base(repo), ref: name });
  } catch {
    if (/^[0-9a-f]{4,40}$/i.test(name)) oid = await git.expandOid({ ...base(repo), oid: name.toLowerCase() }).catch(() => undefined);
  }
  if (!oid) throw unknownRevision(rev, repo);
  let commit = await peel(repo, oid);
  for (const step of m?.[2]?.match(/[~^]\d*/g) ?? []) {
    const n = step.length > 1 ? Number(step.slice(1)) : 1;
    // `~N`: N first parents back; `^N`: the Nth parent (`^0` is the commit itself)
    for (let i = 0; i < (step[0] === '~' ? n : Math.min(n, 1)); i++) {
      const { commit: c } = await git.readCommit({ ...base(repo), oid: commit }).catch(() => {
        throw unknownRevision(rev, repo);
      });
      const parent = step[0] === '~' ? c.parent[0] : c.parent[n - 1];
      if (!parent) throw unknownRevision(rev, repo, `goes back further than the history (${commit.slice(0, 12)} has ${c.parent.length || 'no'} parent${c.parent.length === 1 ? '' : 's'})`);
      commit = parent;
    }
  }
  try {
    await git.readCommit({ ...base(repo), oid: commit });
  } catch {
    throw unknownRevision(rev, repo, 'names something that is not a commit');
  }
  return commit;
}

/**
 * The project folder as commit `rev` holds it. Throws GitError `not-a-repo` outside a repository and
 * `not-found` for an unknown revision or one in which the project folder does not exist.
 */
export async function revisionSource(projectDir: string, rev: string): Promise<RevisionSource> {
  const repo = await openRepo(projectDir);
  const commit = await resolveRevision(repo, rev);
  const { commit: c } = await git.readCommit({ ...base(repo), oid: commit });
  const under = projectPrefix(repo, projectDir);
  const files = new Map<string, string>();
  for (const [p, entry] of await flattenTree(repo, c.tree)) {
    // a submodule has no blob, a symbolic link is not followed (it could lead outside); .choreo/ is local state
    if (entry.mode === GITLINK || entry.mode === SYMLINK || !p.startsWith(under)) continue;
    const rel = p.slice(under.length);
    if (!isChoreoPath(rel)) files.set(rel, entry.oid);
  }
  if (!files.size) {
    throw new GitError('not-found', `The project folder ${under ? under.slice(0, -1) : '(the repository root)'} holds no files in revision "${rev}" (${commit.slice(0, 12)}).`, {
      hint: 'Pick a revision made after the project was added (`choreo git log`).',
    });
  }
  return { commit, subject: c.message.split('\n')[0] ?? '', files: blobMapFs(repo, files, `revision ${commit.slice(0, 12)}`) };
}
