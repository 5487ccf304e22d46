// Choreo mode: clone a repository at an immutable reference (commit hash or tag) into an app-managed
// workspace under the app data folder, optionally on a branch to work on. Without a branch the
// workspace is read-only (commit/push/stage… are refused with a message saying how to get a branch).
import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import type { CredentialStore, Credentials } from './git/auth.js';
import { cloneRepo, resolveImmutableRef } from './git/clone.js';
import { GitError, toGitError, uncommittedChanges } from './git/errors.js';
import { writeMarker, readMarker } from './git/mode.js';
import { fetchRemote, type GitProgress } from './git/remote.js';
import { checkRemoteUrl, redactUrl } from './git/remote-url.js';
import { base, findRepo, type Repo } from './git/repo.js';
import { dirtyPaths, status } from './git/status.js';
import { WORKSPACES_FOLDER } from './folder-rules.js';

export interface ApplyWorkspaceRequest {
  url: string;
  /** Folder of the project inside the repository ('.' for its root). */
  directory: string;
  /** Commit hash or tag. */
  ref: string;
  /** Branch to work on (created at `ref` unless the remote has it); omitted = read-only. */
  branch?: string;
  appDataDir: string;
  credentials?: Credentials & { remember?: boolean };
  credentialStore?: CredentialStore;
  onProgress?: (p: GitProgress) => void;
}

export interface WorkspaceInfo {
  url: string;
  ref: string;
  /** The workspace clone. */
  workspace: string;
  /** The project folder to open (workspace + directory). */
  projectRoot: string;
  commit: string;
  branch: string | null;
  readOnly: boolean;
  /** Non-fatal problems, e.g. offline with an existing clone. */
  warnings: string[];
}

/** `<appData>/workspaces/<url with "/" and ":" replaced by "-">` (engine.md §9.1 naming). */
export function workspaceDir(appDataDir: string, url: string): string {
  return path.join(appDataDir, WORKSPACES_FOLDER, redactUrl(url).replace(/\/+$/, '').replace(/[/:]/g, '-'));
}

function checkDirectory(directory: string): string {
  const d = path.posix.normalize((directory || '.').replace(/\\/g, '/'));
  if (d.startsWith('..') || path.posix.isAbsolute(d)) throw new GitError('invalid', `DIR "${directory}" must be a folder inside the repository.`);
  return d === '' ? '.' : d;
}

export async function applyWorkspace(req: ApplyWorkspaceRequest): Promise<WorkspaceInfo> {
  const url = checkRemoteUrl(req.url);
  const directory = checkDirectory(req.directory);
  const dir = workspaceDir(req.appDataDir, url);
  const warnings: string[] = [];
  const remoteOpts = { credentials: req.credentials, credentialStore: req.credentialStore, onProgress: req.onProgress };

  let fresh = false;
  let repo: Repo | undefined = existsSync(path.join(dir, '.git')) ? await findRepo(dir) : undefined;
  if (repo) {
    const origin = await git.getConfig({ ...base(repo), path: 'remote.origin.url' }).catch(() => undefined);
    if (typeof origin !== 'string' || redactUrl(origin) !== redactUrl(url)) {
      throw new GitError('invalid', `The workspace ${dir} belongs to another repository (${origin ?? 'none'}).`, { hint: 'Move it away and apply again.' });
    }
    try {
      await fetchRemote(repo, { ...remoteOpts, remote: 'origin' });
    } catch (err) {
      if (!(err instanceof GitError) || err.code !== 'unreachable') throw err;
      warnings.push(`offline: could not fetch the latest updates of ${redactUrl(url)}; using the existing clone.`);
    }
  } else {
    await fsp.mkdir(path.dirname(dir), { recursive: true });
    repo = await cloneRepo(url, dir, { ...remoteOpts, noCheckout: true });
    fresh = true; // nothing is checked out yet: the empty index is not "uncommitted changes"
  }

  const { commit } = await resolveImmutableRef(repo, req.ref);
  const before = await readMarker(repo.gitdir);
  const dirty = fresh ? [] : dirtyPaths(await status(repo), false);
  const sameTarget = before && before.commit === commit && before.branch === (req.branch ?? null);
  if (dirty.length && !sameTarget) throw uncommittedChanges(`Applying ${req.ref}${req.branch ? ` on ${req.branch}` : ''}`, dirty);

  try {
    if (sameTarget && dirty.length) {
      warnings.push(`kept your uncommitted changes in ${dirty.length} file(s); the workspace already is at ${req.ref}.`);
    } else if (!req.branch) {
      await git.checkout({ ...base(repo), ref: commit, force: true });
    } else {
      const branch = req.branch;
      const local = await git.resolveRef({ ...base(repo), ref: `refs/heads/${branch}` }).catch(() => undefined);
      const remote = await git.resolveRef({ ...base(repo), ref: `refs/remotes/origin/${branch}` }).catch(() => undefined);
      if (!local) {
        await git.branch({ ...base(repo), ref: branch, object: remote ?? commit });
      } else if (remote && local !== remote && (await git.isDescendent({ ...base(repo), oid: remote, ancestor: local, depth: -1 }))) {
        await git.writeRef({ ...base(repo), ref: `refs/heads/${branch}`, value: remote, force: true }); // fast-forward only: local commits are kept
      }
      await git.setConfig({ ...base(repo), path: `branch.${branch}.remote`, value: 'origin' });
      await git.setConfig({ ...base(repo), path: `branch.${branch}.merge`, value: `refs/heads/${branch}` });
      await git.checkout({ ...base(repo), ref: branch, force: true });
    }
  } catch (err) {
    throw toGitError(err, { op: `Checkout of ${req.ref}` });
  }

  await writeMarker(repo.gitdir, { url: redactUrl(url), ref: req.ref, commit, branch: req.branch ?? null, directory, appliedAt: new Date().toISOString() });
  const projectRoot = directory === '.' ? dir : path.join(dir, ...directory.split('/'));
  if (!existsSync(projectRoot)) {
    throw new GitError('not-found', `The repository has no folder "${directory}" at ${req.ref}.`, { hint: 'Check DIR (the project folder inside the repository).' });
  }
  const head = await git.resolveRef({ ...base(repo), ref: 'HEAD' });
  return { url: redactUrl(url), ref: req.ref, workspace: dir, projectRoot, commit: head, branch: req.branch ?? null, readOnly: !req.branch, warnings };
}
