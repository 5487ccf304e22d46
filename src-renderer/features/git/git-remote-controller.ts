// The remote: push, pull (conflicts stop it with an Abort action), fetch, stored credentials, aborting a
// merge, and cloning a repository (which then opens as the project).
import type { Request } from '../../../src-shared/ipc/contract';
import { invoke } from '../../api';
import { errorMessage } from '../../kit/ipc-errors';
import { notify } from '../../state/notices';
import { openProject } from '../project/project-controller';
import { askCredentials, remoteUrl } from './git-prompts';
import { refreshAll } from './git-refresh';
import { gitViewVisible, run, withCredentials } from './git-runner';
import { patchGit, useGit } from './git-store';

type RemoteChannel = 'git.push' | 'git.pull' | 'git.fetch';

async function remoteOp<C extends RemoteChannel>(op: string, channel: C) {
  useGit.setState({ progress: null });
  return run(op, () =>
    withCredentials(op, (credentials) => invoke(channel, (credentials ? { credentials } : {}) as Request<C>)),
  );
}

export async function push(): Promise<void> {
  const res = await remoteOp('Push', 'git.push');
  if (res) notify('info', `Pushed ${res.branch} to ${res.remote} (${res.head.slice(0, 7)}).`);
  await refreshAll();
}

/** Pushes a branch that has no upstream yet and makes the remote branch its upstream (Publish branch). */
export async function publish(): Promise<void> {
  const res = await remoteOp('Publish', 'git.push');
  if (res) notify('info', `Published ${res.branch} to ${res.remote}; it now tracks ${res.remote}/${res.remoteRef.replace(/^refs\/heads\//, '')}.`);
  await refreshAll();
}

export async function pull(): Promise<void> {
  const res = await remoteOp('Pull', 'git.pull');
  await refreshAll();
  if (!res) return;
  if (res.kind === 'conflicts') {
    const files = `${res.conflicts.length} file${res.conflicts.length === 1 ? '' : 's'} (${res.conflicts.slice(0, 3).join(', ')}${res.conflicts.length > 3 ? '…' : ''})`;
    const msg = `Pull stopped on conflicts in ${files}. Resolve the markers, stage the files and commit, or abort the merge.`;
    patchGit({ error: { op: 'Pull', headline: 'Merge conflicts.', code: 'conflict', message: msg, actions: [{ command: 'git.mergeAbort', label: 'Abort merge' }] } });
    if (!gitViewVisible()) notify('warning', msg);
  } else {
    notify('info', res.kind === 'up-to-date' ? 'Already up to date.' : res.kind === 'fast-forward' ? 'Pulled (fast-forward).' : 'Pulled and merged.');
  }
}

export async function fetchRemote(): Promise<void> {
  const res = await remoteOp('Fetch', 'git.fetch');
  if (res) notify('info', `Fetched ${res.remote}.`);
  await refreshAll();
}

/** Stores credentials for the remote without running anything (the error banner's "Enter credentials"). */
export async function enterCredentials(): Promise<void> {
  const url = await remoteUrl();
  if (!url) return notify('warning', 'This repository has no remote yet.');
  const c = await askCredentials('The remote');
  if (!c) return;
  try {
    const res = await invoke('git.credentials.set', { url, username: c.username, token: c.token });
    patchGit({ error: null });
    notify('info', `Credentials for ${res.host} saved (encrypted). Try the push or pull again.`);
  } catch (err) {
    notify('error', `Could not save the credentials: ${errorMessage(err)}`);
  }
}

export async function mergeAbort(): Promise<void> {
  const res = await run('Abort merge', () => invoke('git.merge.abort', {}));
  if (res) notify('info', res.backup ? `Merge aborted. Files you had edited are backed up in ${res.backup}` : 'Merge aborted.');
  await refreshAll();
}

/**
 * Clones a repository and opens it: into `dir` (user mode), or, with a reference, into an app workspace
 * pinned to it (choreo mode: read-only unless a branch is given). False when it failed (the error is shown).
 */
export async function cloneRepository(input: { url: string; dir: string; ref?: string; branch?: string }): Promise<boolean> {
  const url = input.url.trim();
  const ref = input.ref?.trim();
  const root = await run('Clone', async () => {
    if (ref) {
      const branch = input.branch?.trim();
      const info = await withCredentials('Clone', (credentials) =>
        invoke('git.workspace.apply', { url, ref, directory: '.', ...(branch ? { branch } : {}), ...(credentials ? { credentials } : {}) }),
      );
      for (const w of info.warnings) notify('warning', w);
      return info.projectRoot;
    }
    const res = await withCredentials('Clone', (credentials) => invoke('git.clone', { url, dir: input.dir.trim(), ...(credentials ? { credentials } : {}) }));
    return res.root;
  });
  if (!root) return false;
  patchGit({ error: null });
  return openProject(root);
}
