// Handlers of the git channels (src-shared/ipc/channels/git.ts): a thin layer over src-main/project/git
// that finds the repository of the open project, turns GitErrors into typed HostErrors, streams progress
// and tells the renderer when the repository changed.
import { homedir } from 'node:os';
import path from 'node:path';
import type { gitChannels } from '../../../src-shared/ipc/channels/git.js';
import type { ErrorCode } from '../../../src-shared/ipc/contract.js';
import { CredentialStore } from '../../project/git/auth.js';
import { checkoutBranch, createBranch, deleteBranch, listBranches } from '../../project/git/branches.js';
import { cloneRepo } from '../../project/git/clone.js';
import { commit } from '../../project/git/commit.js';
import { diffFile } from '../../project/git/diff.js';
import { GitError, type GitErrorCode } from '../../project/git/errors.js';
import { resolveIdentity, writeAppIdentity } from '../../project/git/identity.js';
import { initRepo } from '../../project/git/init.js';
import { log } from '../../project/git/log.js';
import { abortMerge } from '../../project/git/merge-abort.js';
import { readMarker } from '../../project/git/mode.js';
import { stageLines } from '../../project/git/partial-stage.js';
import { addRemote, fetchRemote, listRemotes, pull, push, pushRemote, type GitProgress } from '../../project/git/remote.js';
import { checkRemoteUrl, credentialKey } from '../../project/git/remote-url.js';
import { findRepo, openRepo, type Repo } from '../../project/git/repo.js';
import { commitFileDiff, showCommit } from '../../project/git/show.js';
import { discard, stage, unstage } from '../../project/git/stage.js';
import { stashApply, stashDrop, stashList, stashPush } from '../../project/git/stash.js';
import { status } from '../../project/git/status.js';
import { tracking } from '../../project/git/tracking.js';
import { applyWorkspace } from '../../project/workspace.js';
import { HostError, type HandlerGroup, type HostContext } from '../handlers.js';

type Handlers = HandlerGroup<typeof gitChannels>;
type StatusResponse = Awaited<ReturnType<Handlers['git.status']>>;

const CODE: Record<GitErrorCode, ErrorCode> = {
  'not-a-repo': 'not-a-repo',
  'identity-required': 'identity-required',
  'auth-required': 'auth-required',
  'auth-failed': 'auth-required',
  'non-fast-forward': 'conflict',
  unreachable: 'unavailable',
  'unknown-remote': 'not-found',
  'ssh-unsupported': 'invalid-request',
  'uncommitted-changes': 'uncommitted-changes',
  'read-only': 'read-only',
  'already-pushed': 'conflict',
  'nothing-to-commit': 'invalid-request',
  unmerged: 'conflict',
  'not-found': 'not-found',
  invalid: 'invalid-request',
  'path-escape': 'path-escape',
  locked: 'conflict',
  damaged: 'io',
  stale: 'conflict',
  internal: 'internal',
};

/** Runs a git operation; a GitError reaches the renderer as a typed HostError (message includes the next step). */
async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof GitError) throw new HostError(CODE[err.code], err.message, err.files?.[0]);
    throw err;
  }
}

const repoOf = (ctx: HostContext): Promise<Repo> => openRepo(ctx.projectRoot());
const credentials = (ctx: HostContext) => new CredentialStore(ctx.appDataDir, ctx.encryptor);
const progress = (ctx: HostContext) => (p: GitProgress) => ctx.emit('git.progress', p);
const changed = (ctx: HostContext, op: string) => ctx.emit('git.changed', { op });

async function statusOf(root: string): Promise<StatusResponse> {
  const repo = await findRepo(root);
  if (!repo) return { isRepo: false };
  const st = await status(repo);
  const marker = await readMarker(repo.gitdir);
  const prefix = path.relative(repo.dir, root).split(path.sep).join('/');
  return {
    isRepo: true,
    repoRoot: repo.dir,
    projectPrefix: prefix,
    branch: st.branch,
    head: st.head,
    merging: st.merging,
    entries: st.entries,
    workspace: marker ? { url: marker.url, ref: marker.ref, commit: marker.commit, branch: marker.branch, readOnly: marker.branch === null } : null,
    tracking: await tracking(repo, st.branch),
    remote: await pushRemote(repo, st.branch),
  };
}

function absoluteDir(dir: string): string {
  const d = dir === '~' || dir.startsWith('~/') ? path.join(homedir(), dir.slice(1)) : dir;
  if (!path.isAbsolute(d)) throw new HostError('invalid-request', `"${dir}" is not an absolute folder path.`);
  return d;
}

export const gitHandlers: Handlers = {
  'git.status': (_req, ctx) => guard(() => statusOf(ctx.projectRoot())),
  'git.init': (_req, ctx) =>
    guard(async () => {
      await initRepo(ctx.projectRoot());
      changed(ctx, 'init');
      return statusOf(ctx.projectRoot());
    }),
  'git.diff': (req, ctx) =>
    guard(async () => {
      const repo = await repoOf(ctx);
      return req.commit ? commitFileDiff(repo, req.commit, req.path) : diffFile(repo, { path: req.path, against: req.against, side: req.side });
    }),
  'git.show': (req, ctx) => guard(async () => showCommit(await repoOf(ctx), req.oid)),
  'git.stage.lines': (req, ctx) =>
    guard(async () => {
      await stageLines(await repoOf(ctx), req);
      changed(ctx, req.action);
      return statusOf(ctx.projectRoot());
    }),
  'git.stage': (req, ctx) =>
    guard(async () => {
      await stage(await repoOf(ctx), req.paths);
      changed(ctx, 'stage');
      return statusOf(ctx.projectRoot());
    }),
  'git.unstage': (req, ctx) =>
    guard(async () => {
      await unstage(await repoOf(ctx), req.paths);
      changed(ctx, 'unstage');
      return statusOf(ctx.projectRoot());
    }),
  'git.discard': (req, ctx) =>
    guard(async () => {
      const res = await discard(await repoOf(ctx), req.path, { appDataDir: ctx.appDataDir, staged: req.staged });
      changed(ctx, 'discard');
      return res;
    }),
  'git.commit': (req, ctx) =>
    guard(async () => {
      const res = await commit(await repoOf(ctx), { message: req.message, amend: req.amend }, ctx.appDataDir);
      changed(ctx, 'commit');
      return res;
    }),
  'git.identity.get': (_req, ctx) =>
    guard(async () => {
      const found = await resolveIdentity(await findRepo(ctx.projectRoot()).catch(() => undefined), ctx.appDataDir);
      return { identity: found?.identity ?? null, source: found?.source ?? null };
    }),
  'git.identity.set': (req, ctx) =>
    guard(async () => {
      await writeAppIdentity(ctx.appDataDir, req);
      return { ok: true as const };
    }),
  'git.credentials.set': (req, ctx) =>
    guard(async () => {
      const url = checkRemoteUrl(req.url);
      await credentials(ctx).set(url, { username: req.username, token: req.token });
      return { host: credentialKey(url).slice(4) };
    }),
  'git.credentials.clear': (req, ctx) => guard(async () => ({ removed: await credentials(ctx).clear(checkRemoteUrl(req.url)) })),
  'git.remotes': (_req, ctx) => guard(async () => listRemotes(await repoOf(ctx))),
  'git.remote.add': (req, ctx) =>
    guard(async () => {
      const repo = await repoOf(ctx);
      await addRemote(repo, req.name, req.url);
      return listRemotes(repo);
    }),
  'git.fetch': (req, ctx) =>
    guard(async () => {
      const res = await fetchRemote(await repoOf(ctx), { remote: req.remote, credentials: req.credentials, credentialStore: credentials(ctx), onProgress: progress(ctx) });
      changed(ctx, 'fetch');
      return res;
    }),
  'git.pull': (req, ctx) =>
    guard(async () => {
      const res = await pull(await repoOf(ctx), {
        remote: req.remote, credentials: req.credentials, credentialStore: credentials(ctx), onProgress: progress(ctx), appDataDir: ctx.appDataDir,
      });
      changed(ctx, 'pull');
      return res;
    }),
  'git.push': (req, ctx) =>
    guard(async () => {
      const res = await push(await repoOf(ctx), { remote: req.remote, credentials: req.credentials, credentialStore: credentials(ctx), onProgress: progress(ctx) });
      changed(ctx, 'push');
      return res;
    }),
  'git.merge.abort': (_req, ctx) =>
    guard(async () => {
      const res = await abortMerge(await repoOf(ctx), ctx.appDataDir);
      changed(ctx, 'merge-abort');
      return res;
    }),
  'git.branches': (_req, ctx) => guard(async () => listBranches(await repoOf(ctx))),
  'git.branch.create': (req, ctx) =>
    guard(async () => {
      const repo = await repoOf(ctx);
      await createBranch(repo, req.name, { startPoint: req.startPoint, checkout: req.checkout });
      changed(ctx, 'branch');
      return listBranches(repo);
    }),
  'git.checkout': (req, ctx) =>
    guard(async () => {
      await checkoutBranch(await repoOf(ctx), req.name);
      changed(ctx, 'checkout');
      return statusOf(ctx.projectRoot());
    }),
  'git.branch.delete': (req, ctx) =>
    guard(async () => {
      const repo = await repoOf(ctx);
      await deleteBranch(repo, req.name, { force: req.force });
      changed(ctx, 'branch');
      return listBranches(repo);
    }),
  'git.stash.list': (_req, ctx) => guard(async () => stashList(await repoOf(ctx))),
  'git.stash.push': (req, ctx) =>
    guard(async () => {
      const repo = await repoOf(ctx);
      await stashPush(repo, ctx.appDataDir, req.message);
      changed(ctx, 'stash');
      return stashList(repo);
    }),
  'git.stash.apply': (req, ctx) =>
    guard(async () => {
      const repo = await repoOf(ctx);
      await stashApply(repo, ctx.appDataDir, req.index);
      changed(ctx, 'stash');
      return stashList(repo);
    }),
  'git.stash.pop': (req, ctx) =>
    guard(async () => {
      const repo = await repoOf(ctx);
      await stashApply(repo, ctx.appDataDir, req.index, { drop: true });
      changed(ctx, 'stash');
      return stashList(repo);
    }),
  'git.stash.drop': (req, ctx) =>
    guard(async () => {
      const repo = await repoOf(ctx);
      await stashDrop(repo, req.index);
      changed(ctx, 'stash');
      return stashList(repo);
    }),
  'git.log': (req, ctx) => guard(async () => log(await repoOf(ctx), { ref: req.ref, skip: req.skip, limit: req.limit })),
  'git.clone': (req, ctx) =>
    guard(async () => {
      const dir = absoluteDir(req.dir);
      const repo = await cloneRepo(req.url, dir, { credentials: req.credentials, credentialStore: credentials(ctx), onProgress: progress(ctx) });
      return { root: repo.dir };
    }),
  'git.workspace.apply': (req, ctx) =>
    guard(() =>
      applyWorkspace({
        url: req.url, directory: req.directory, ref: req.ref, branch: req.branch, appDataDir: ctx.appDataDir,
        credentials: req.credentials, credentialStore: credentials(ctx), onProgress: progress(ctx),
      }),
    ),
};
