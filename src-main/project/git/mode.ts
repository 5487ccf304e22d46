// Choreo mode: a workspace cloned at an immutable reference. Without a branch it is read-only; the
// marker lives inside the git directory, so it travels with the clone and is never committed.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { GitError } from './errors.js';
import { assertHealthy } from './repair.js';
import type { Repo } from './repo.js';

export interface WorkspaceMarker {
  url: string;
  /** The reference the workspace was applied at (hash or tag). */
  ref: string;
  /** The commit `ref` resolved to. */
  commit: string;
  /** Branch to work on; null = read-only. */
  branch: string | null;
  /** Folder of the project inside the repository ('.' for the root). */
  directory: string;
  appliedAt: string;
}

const MARKER = 'choreo-workspace.json';

export async function readMarker(gitdir: string): Promise<WorkspaceMarker | undefined> {
  try {
    return JSON.parse(await fsp.readFile(path.join(gitdir, MARKER), 'utf8')) as WorkspaceMarker;
  } catch {
    return undefined;
  }
}

export async function writeMarker(gitdir: string, marker: WorkspaceMarker): Promise<void> {
  await fsp.writeFile(path.join(gitdir, MARKER), JSON.stringify(marker, null, 2) + '\n');
}

/** Refuses `op` in a read-only workspace, saying how to get a writable one, and in a damaged repository. */
export async function assertWritable(repo: Repo, op: string): Promise<void> {
  await assertHealthy(repo);
  const m = await readMarker(repo.gitdir);
  if (m && m.branch === null) {
    throw new GitError('read-only', `${op} is not possible: this workspace is pinned to ${m.ref} (${m.commit.slice(0, 7)}) and is read-only.`, {
      hint: `Apply it again with a branch to work on: choreo server apply ${m.url} ${m.directory} ${m.ref} BRANCH.`,
    });
  }
}
