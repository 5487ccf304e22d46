// Reading the repository: status (the open diff follows it), branches, stashes and, when shown, the
// history. An answer that arrives after a newer request is dropped. Every action ends by calling these.
import { invoke } from '../../api';
import { errorCode, errorMessage } from '../../kit/ipc-errors';
import { useProject } from '../../state/project';
import { closeDiff, loadDiff } from './git-diff-controller';
import { loadLog } from './git-history-controller';
import { errorView, groupChanges, type ChangeArea, type GitStatus } from './git-model';
import { patchGit, useGit } from './git-store';

let statusSeq = 0;

/** Asks for the status; an answer that arrives after a newer one is dropped. */
export async function refreshStatus(): Promise<void> {
  if (useProject.getState().status !== 'open') return;
  const seq = ++statusSeq;
  try {
    const status = await invoke('git.status', {});
    if (seq === statusSeq) applyStatus(status);
  } catch (err) {
    if (seq === statusSeq && useProject.getState().status === 'open') patchGit({ error: errorView('Status', errorCode(err), errorMessage(err)) });
  }
}

/** Takes a status answer (from git.status or any action that returns one) and keeps the open diff in step. */
export function applyStatus(status: GitStatus): void {
  statusSeq++;
  patchGit({ status });
  const sel = useGit.getState().selection;
  if (!sel) return;
  if (!status.isRepo) return closeDiff();
  // A file of a past commit does not change with the working tree.
  if (sel.area === 'commit') return;
  const groups = groupChanges(status.entries);
  if (groups[sel.area].some((r) => r.path === sel.path)) return void loadDiff(sel);
  // Staging moves a file from one list to the other: the diff follows it.
  const other = (['unstaged', 'staged', 'conflicted'] as ChangeArea[]).find((a) => groups[a].some((r) => r.path === sel.path));
  if (other) void loadDiff({ path: sel.path, area: other });
  else closeDiff();
}

export async function refreshBranches(): Promise<void> {
  try {
    patchGit({ branches: await invoke('git.branches', {}) });
  } catch {
    // not a repository, or no commit yet: the switcher shows what it has
  }
}

export async function refreshStashes(): Promise<void> {
  try {
    patchGit({ stashes: await invoke('git.stash.list', {}) });
  } catch {
    patchGit({ stashes: [] });
  }
}

export async function refreshAll(): Promise<void> {
  await refreshStatus();
  if (!useGit.getState().status?.isRepo) return;
  await Promise.all([refreshBranches(), refreshStashes(), useGit.getState().log.loaded ? loadLog() : Promise.resolve()]);
}
