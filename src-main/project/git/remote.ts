// Remotes: list/add, fetch, pull (fast-forward, or a merge that reports conflicts per file) and push,
// over HTTPS with progress events and stored credentials. Every failure becomes a typed GitError with
// the next step (enter a token, pull first, check the network, use HTTPS…).
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { authCallbacks, type AuthState, type CredentialStore, type Credentials } from './auth.js';
import { clearMergeState } from './commit.js';
import { GitError, toGitError, uncommittedChanges } from './errors.js';
import { requireIdentity } from './identity.js';
import { assertWritable } from './mode.js';
import { checkRemoteUrl, redactUrl } from './remote-url.js';
import { base, type Repo } from './repo.js';
import { dirtyPaths, headInfo, status } from './status.js';
import { checkoutKeepingChanges } from './safe-checkout.js';
import { changedPaths, treeOf } from './tree.js';

export type RemoteOp = 'clone' | 'fetch' | 'pull' | 'push';

export interface GitProgress {
  op: RemoteOp;
  /** isomorphic-git's phase text ("Counting objects", "Receiving objects", "Analyzing workdir"…). */
  phase: string;
  loaded: number;
  total?: number;
}

export interface RemoteOptions {
  /** Remote name (default: the branch's upstream remote, else `origin`). */
  remote?: string;
  /** Credentials typed by the user for this call; stored encrypted after a successful call when `remember`. */
  credentials?: Credentials & { remember?: boolean };
  credentialStore?: CredentialStore;
  onProgress?: (p: GitProgress) => void;
  /** Server messages ("remote: …" lines). */
  onMessage?: (line: string) => void;
}

export interface RemoteInfo {
  name: string;
  /** URL without user info. */
  url: string;
}

export interface FetchResult {
  remote: string;
  url: string;
}

export type PullKind = 'up-to-date' | 'fast-forward' | 'merge' | 'conflicts';

export interface PullResult {
  kind: PullKind;
  head: string | null;
  /** Files left with conflict markers (kind = conflicts): resolve, stage, commit. */
  conflicts: string[];
}

export interface PushResult {
  remote: string;
  branch: string;
  remoteRef: string;
  head: string;
}

export async function listRemotes(repo: Repo): Promise<RemoteInfo[]> {
  return (await git.listRemotes({ ...base(repo) })).map((r) => ({ name: r.remote, url: redactUrl(r.url) }));
}

export async function addRemote(repo: Repo, name: string, url: string): Promise<void> {
  const checked = checkRemoteUrl(url);
  const parsed = new URL(checked);
  if (parsed.username || parsed.password) {
    throw new GitError('invalid', 'Remote URLs must not contain a username or token.', { hint: 'Add the plain URL; the app asks for credentials when the host needs them.' });
  }
  try {
    await git.addRemote({ ...base(repo), remote: name, url: checked });
  } catch (err) {
    throw toGitError(err, { op: 'Add remote' });
  }
}

/** The upstream of `branch`: remote name and the branch name on the remote. */
export async function upstreamOf(repo: Repo, branch: string): Promise<{ remote: string; merge: string; configured: boolean }> {
  const remote = await git.getConfig({ ...base(repo), path: `branch.${branch}.remote` }).catch(() => undefined);
  const merge = await git.getConfig({ ...base(repo), path: `branch.${branch}.merge` }).catch(() => undefined);
  return {
    remote: typeof remote === 'string' && remote ? remote : 'origin',
    merge: typeof merge === 'string' && merge ? merge.replace(/^refs\/heads\//, '') : branch,
    configured: typeof remote === 'string' && Boolean(remote),
  };
}

/**
 * The remote Push uses for `branch`: its upstream's, else `origin`, else the repository's only remote;
 * null when there is none (the UI then offers to add one instead of Publish).
 */
export async function pushRemote(repo: Repo, branch: string | null): Promise<string | null> {
  if (branch) {
    const up = await upstreamOf(repo, branch);
    if (up.configured) return up.remote;
  }
  const names = (await git.listRemotes({ ...base(repo) })).map((r) => r.remote);
  return names.includes('origin') ? 'origin' : names.length === 1 ? names[0]! : null;
}

async function resolveRemoteUrl(repo: Repo, remote: string): Promise<string> {
  const remotes = await git.listRemotes({ ...base(repo) });
  const found = remotes.find((r) => r.remote === remote);
  if (!found) {
    const known = remotes.map((r) => r.remote);
    throw new GitError('unknown-remote', `There is no remote named "${remote}"${known.length ? ` (remotes: ${known.join(', ')})` : ' (this repository has no remotes)'}.`, {
      hint: known.length ? `Use one of: ${known.join(', ')}.` : 'Add a remote with its HTTPS URL first.',
    });
  }
  return checkRemoteUrl(found.url);
}

function currentBranchOrThrow(branch: string | null, op: string): string {
  if (!branch) {
    throw new GitError('invalid', `${op} needs a branch, but HEAD is detached.`, { hint: 'Check out a branch (or create one here) first.' });
  }
  return branch;
}

function remoteError(err: unknown, state: AuthState, op: string, url: string): GitError {
  const e = err as { code?: string; data?: { statusCode?: number } };
  const shown = redactUrl(url);
  if (state.failed || (state.offered && e?.code === 'HttpError' && (e.data?.statusCode === 401 || e.data?.statusCode === 403))) {
    return new GitError('auth-failed', `${op} failed: ${new URL(url).host} refused the username/token (HTTP 401/403) for ${shown}.`, {
      hint: 'Enter the username and a valid access token again (for push, the token needs write access).',
      cause: err,
    });
  }
  if (e?.code === 'UserCanceledError' || (e?.code === 'HttpError' && (e.data?.statusCode === 401 || e.data?.statusCode === 403) && !state.offered)) {
    return new GitError('auth-required', `${op}: ${new URL(url).host} asks for credentials for ${shown}.`, {
      hint: 'Enter your username and an access token; they are stored encrypted on this computer.',
      cause: err,
    });
  }
  return toGitError(err, { op, url: shown });
}

async function remember(opts: RemoteOptions, url: string): Promise<void> {
  if (opts.credentials?.remember !== false && opts.credentials && opts.credentialStore) await opts.credentialStore.set(url, opts.credentials);
}

function progress(op: RemoteOp, opts: RemoteOptions) {
  return {
    onProgress: opts.onProgress ? (p: { phase: string; loaded: number; total?: number }) => opts.onProgress!({ op, phase: p.phase, loaded: p.loaded, ...(p.total ? { total: p.total } : {}) }) : undefined,
    onMessage: opts.onMessage ? (m: string) => opts.onMessage!(m.trimEnd()) : undefined,
  };
}

export async function fetchRemote(repo: Repo, opts: RemoteOptions = {}): Promise<FetchResult> {
  const { branch } = await headInfo(repo);
  const remote = opts.remote ?? (branch ? (await upstreamOf(repo, branch)).remote : 'origin');
  const url = await resolveRemoteUrl(repo, remote);
  const auth = authCallbacks(url, opts.credentialStore, opts.credentials);
  try {
    await git.fetch({ ...base(repo), http, remote, tags: true, prune: true, onAuth: auth.onAuth, onAuthFailure: auth.onAuthFailure, ...progress('fetch', opts) });
  } catch (err) {
    throw remoteError(err, auth.state, 'Fetch', url);
  }
  await remember(opts, url);
  return { remote, url: redactUrl(url) };
}

export async function pull(repo: Repo, opts: RemoteOptions & { appDataDir: string }): Promise<PullResult> {
  await assertWritable(repo, 'Pull');
  const before = await status(repo);
  const branch = currentBranchOrThrow(before.branch, 'Pull');
  if (before.merging) throw new GitError('unmerged', 'A merge is in progress.', { hint: 'Resolve the conflicts, stage the files and commit before pulling again.' });
  const up = await upstreamOf(repo, branch);
  const remote = opts.remote ?? up.remote;
  const url = await resolveRemoteUrl(repo, remote);
  const auth = authCallbacks(url, opts.credentialStore, opts.credentials);
  try {
    await git.fetch({ ...base(repo), http, remote, ref: up.merge, singleBranch: true, tags: true, onAuth: auth.onAuth, onAuthFailure: auth.onAuthFailure, ...progress('pull', opts) });
  } catch (err) {
    throw remoteError(err, auth.state, 'Pull', url);
  }
  await remember(opts, url);
  const remoteRef = `refs/remotes/${remote}/${up.merge}`;
  const theirs = await git.resolveRef({ ...base(repo), ref: remoteRef }).catch(() => undefined);
  if (!theirs) throw new GitError('not-found', `The remote "${remote}" has no branch "${up.merge}".`, { hint: 'Push the branch first, or pick another upstream.' });
  const ours = before.head;
  if (ours === theirs || (ours && (await git.isDescendent({ ...base(repo), oid: ours, ancestor: theirs, depth: -1 })))) {
    return { kind: 'up-to-date', head: ours, conflicts: [] };
  }
  const incoming = await changedPaths(repo, ours ? await treeOf(repo, ours) : undefined, await treeOf(repo, theirs));
  const incomingSet = new Set(incoming);
  const fastForward = !ours || (await git.isDescendent({ ...base(repo), oid: theirs, ancestor: ours, depth: -1 }));
  const inTheWay = dirtyPaths(before, true).filter((p) => incomingSet.has(p));
  if (inTheWay.length) throw uncommittedChanges('Pull', inTheWay);

  if (fastForward) {
    await git.writeRef({ ...base(repo), ref: `refs/heads/${branch}`, value: theirs, force: true });
    try {
      await checkoutKeepingChanges(repo, branch, before, incomingSet, { onProgress: progress('pull', opts).onProgress });
    } catch (err) {
      if (ours) await git.writeRef({ ...base(repo), ref: `refs/heads/${branch}`, value: ours, force: true });
      throw toGitError(err, { op: 'Pull' });
    }
    return { kind: 'fast-forward', head: theirs, conflicts: [] };
  }

  // A real merge rewrites every tracked file when it has to write conflict markers: refuse any local change.
  const tracked = dirtyPaths(before, false);
  if (tracked.length) throw uncommittedChanges('Pull (merge)', tracked);
  const author = await requireIdentity(repo, opts.appDataDir);
  const who = { ...author, timestamp: Math.floor(Date.now() / 1000), timezoneOffset: new Date().getTimezoneOffset() };
  const message = `Merge branch '${up.merge}' of ${redactUrl(url)} into ${branch}`;
  try {
    const res = await git.merge({ ...base(repo), ours: branch, theirs: remoteRef, abortOnConflict: false, author: who, committer: who, message });
    await git.checkout({ ...base(repo), ref: branch });
    return { kind: 'merge', head: res.oid ?? null, conflicts: [] };
  } catch (err) {
    const e = err as { code?: string; data?: { filepaths?: string[] } };
    if (e?.code === 'MergeConflictError') {
      await fsp.writeFile(path.join(repo.gitdir, 'MERGE_HEAD'), theirs + '\n');
      await fsp.writeFile(path.join(repo.gitdir, 'MERGE_MSG'), message + '\n');
      return { kind: 'conflicts', head: ours, conflicts: [...(e.data?.filepaths ?? [])].sort() };
    }
    if (e?.code === 'MergeNotSupportedError') {
      await clearMergeState(repo);
      throw new GitError('internal', 'Pull cannot merge these changes automatically (a file was added on both sides, or a folder replaced a file).', {
        hint: 'Commit your work, then merge with the git command line (git pull) and reopen the project.',
        cause: err,
      });
    }
    throw toGitError(err, { op: 'Pull' });
  }
}

export async function push(repo: Repo, opts: RemoteOptions = {}): Promise<PushResult> {
  await assertWritable(repo, 'Push');
  const st = await status(repo);
  const branch = currentBranchOrThrow(st.branch, 'Push');
  if (!st.head) throw new GitError('nothing-to-commit', 'There is nothing to push yet.', { hint: 'Make a first commit.' });
  const up = await upstreamOf(repo, branch);
  const remote = opts.remote ?? (up.configured ? up.remote : ((await pushRemote(repo, branch)) ?? up.remote));
  const url = await resolveRemoteUrl(repo, remote);
  const remoteBranch = up.configured ? up.merge : branch;
  const auth = authCallbacks(url, opts.credentialStore, opts.credentials);
  // isomorphic-git reports no progress for small pushes: bracket the call so the UI always sees it.
  opts.onProgress?.({ op: 'push', phase: `Pushing ${branch} to ${remote}`, loaded: 0 });
  let res;
  try {
    res = await git.push({
      ...base(repo), http, remote, ref: branch, remoteRef: remoteBranch,
      onAuth: auth.onAuth, onAuthFailure: auth.onAuthFailure, ...progress('push', opts),
    });
  } catch (err) {
    throw remoteError(err, auth.state, 'Push', url);
  }
  const refResult = res.refs?.[`refs/heads/${remoteBranch}`];
  if (!res.ok || (refResult && !refResult.ok)) {
    const why = refResult?.error ?? res.error ?? 'rejected';
    if (/fast-forward|fetch first|non-fast/i.test(why)) {
      throw new GitError('non-fast-forward', `Push rejected by ${redactUrl(url)}: the remote branch "${remoteBranch}" has commits that you do not have.`, {
        hint: 'Pull first (and resolve conflicts if any), then push again.',
      });
    }
    throw new GitError('internal', `Push to ${redactUrl(url)} was refused: ${why}.`, { hint: 'Check your access rights to the repository.' });
  }
  await remember(opts, url);
  opts.onProgress?.({ op: 'push', phase: 'Done', loaded: 1, total: 1 });
  // Record the remote-tracking ref (amend checks it) and the upstream for later pulls.
  await git.writeRef({ ...base(repo), ref: `refs/remotes/${remote}/${remoteBranch}`, value: st.head, force: true });
  if (!up.configured) {
    await git.setConfig({ ...base(repo), path: `branch.${branch}.remote`, value: remote });
    await git.setConfig({ ...base(repo), path: `branch.${branch}.merge`, value: `refs/heads/${remoteBranch}` });
  }
  return { remote, branch, remoteRef: `refs/heads/${remoteBranch}`, head: st.head };
}
