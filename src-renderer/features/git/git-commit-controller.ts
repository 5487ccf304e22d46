// Committing: what stops a commit (no changes, no message, a conflict), unsaved editor buffers that
// would be left out, nothing staged (offer to stage everything first, as VS Code and GitHub Desktop do),
// amending (the box takes the last message), the author prompt on first commit, and (a setting) the plan of
// what is staged shown before the commit goes through.
import { invoke } from '../../api';
import { useDialog } from '../../kit/dialog';
import { notify } from '../../state/notices';
import { saveAll } from '../editor/editor-controller';
import { dirtyPaths, useEditor } from '../editor/editor-store';
import { loadLog } from './git-history-controller';
import { changeRows } from './git-changes-controller';
import { commitBlocker, needsStageAll } from './git-model';
import { applyStatus, refreshAll } from './git-refresh';
import { needsRepo, run, withIdentity } from './git-runner';
import { patchGit, useGit } from './git-store';
import { useSettings } from '../../state/settings';
import { planStagedForCommit, showPlan } from '../plan/plan-controller';
import { commitPlanQuestion } from '../plan/plan-model';

// Not blocked by an action in flight: Ctrl+Enter right after staging waits for the stage to finish.
export function commitDisabledReason(): string | undefined {
  const s = useGit.getState();
  return needsRepo() ?? commitBlocker(s.status, s.message, s.amend);
}

/** Resolves when no git action is in flight. */
function whenIdle(): Promise<void> {
  if (!useGit.getState().busy) return Promise.resolve();
  return new Promise((resolve) => {
    const off = useGit.subscribe((s) => {
      if (!s.busy) {
        off();
        resolve();
      }
    });
  });
}

export async function commit(): Promise<void> {
  await whenIdle();
  const reason = commitDisabledReason();
  if (reason) return notify('info', reason);
  if (!(await unsavedEditsSettled())) return;
  if (needsStageAll(useGit.getState().status, useGit.getState().amend) && !(await stageAllFirst())) return;
  if (useSettings.getState().planBeforeCommit && !(await planApproved())) return;
  const { message, amend } = useGit.getState();
  const res = await run(amend ? 'Amend' : 'Commit', () => withIdentity(() => invoke('git.commit', { message, ...(amend ? { amend: true } : {}) })));
  if (!res) return;
  patchGit({ message: '', amend: false });
  notify('info', `${amend ? 'Amended' : 'Committed'} ${res.oid.slice(0, 7)} on ${res.branch ?? 'a detached HEAD'}: ${res.summary}`);
  await refreshAll();
  if (!useGit.getState().log.loaded) await loadLog();
}

/**
 * Unsaved editor buffers are not in the commit: say so before committing. "Save All" saves and stops
 * (the saved files then show as unstaged changes to stage); "Commit anyway" goes on. True = go on.
 */
async function unsavedEditsSettled(): Promise<boolean> {
  const dirty = dirtyPaths(useEditor.getState());
  if (!dirty.length) return true;
  const choice = await useDialog.getState().ask({
    title: `${dirty.length} file${dirty.length === 1 ? ' has' : 's have'} unsaved changes`,
    message: 'Unsaved edits are not part of the commit. Save them first and stage what you want to include, or commit what is staged now.',
    detail: dirty.slice(0, 8).join('\n') + (dirty.length > 8 ? `\n… and ${dirty.length - 8} more` : ''),
    choices: [
      { id: 'cancel', label: 'Cancel' },
      { id: 'anyway', label: 'Commit anyway' },
      { id: 'save', label: 'Save All', primary: true },
    ],
    cancel: 'cancel',
  });
  if (choice === 'save') await saveAll();
  return choice === 'anyway';
}

/** The git panel's busy label while plan-before-commit plans. */
export const PLANNING_COMMIT = 'Planning the commit';

/**
 * Plan before commit (a setting): plans what is staged and shows what it would change against the last run,
 * then Commit or Cancel ("Show Plan" cancels and opens the whole plan in the Plan panel). True = go on.
 */
async function planApproved(): Promise<boolean> {
  patchGit({ busy: PLANNING_COMMIT });
  let slot;
  try {
    slot = await planStagedForCommit();
  } finally {
    patchGit({ busy: null });
  }
  const q = commitPlanQuestion(slot);
  const amend = useGit.getState().amend;
  const choice = await useDialog.getState().ask({
    title: q.title,
    message: q.message,
    ...(q.detail ? { detail: q.detail } : {}),
    choices: [
      { id: 'cancel', label: 'Cancel' },
      { id: 'show', label: 'Show Plan' },
      { id: 'commit', label: q.ok ? (amend ? 'Amend' : 'Commit') : amend ? 'Amend Anyway' : 'Commit Anyway', primary: q.ok, danger: !q.ok },
    ],
    cancel: 'cancel',
  });
  if (choice === 'show') void showPlan('staged');
  return choice === 'commit';
}

/**
 * Nothing is staged: ask whether to stage every change (untracked files included) and commit them. True
 * when everything is staged now and the commit can go on.
 */
async function stageAllFirst(): Promise<boolean> {
  const paths = changeRows('unstaged').map((r) => r.path);
  const choice = await useDialog.getState().ask({
    title: 'There are no staged changes',
    message: `${paths.length === 1 ? 'Stage the changed file and commit it' : `Stage all ${paths.length} changed files and commit them`}? To commit only some changes, stage those first (+ on a file, or lines in its diff).`,
    detail: paths.slice(0, 8).join('\n') + (paths.length > 8 ? `\n… and ${paths.length - 8} more` : ''),
    choices: [
      { id: 'cancel', label: 'Cancel' },
      { id: 'stage', label: 'Stage All and Commit', primary: true },
    ],
    cancel: 'cancel',
  });
  if (choice !== 'stage') return false;
  const st = await run('Stage', () => invoke('git.stage', { paths }));
  if (!st) return false;
  applyStatus(st);
  return true;
}

/** Amend on: the box gets the last commit's message when it is empty (as in other git tools). */
export async function setAmend(amend: boolean): Promise<void> {
  patchGit({ amend });
  if (!amend || useGit.getState().message.trim()) return;
  if (!useGit.getState().log.loaded) await loadLog();
  const last = useGit.getState().log.entries[0];
  if (last && !useGit.getState().message.trim()) patchGit({ message: last.message.replace(/\n+$/, '') });
}
