// Staging and unstaging chosen lines or blocks of the open diff (as GitHub Desktop and VS Code do): the
// diff editor reports what the user picked (a line's gutter handle, a block's button, or the changed lines
// a text selection covers); the host builds the new index content from the same line diff
// (src-shared/git/line-diff.ts) and refuses when the file changed since this diff was loaded.
import { allChanges, diffRows, isEmptySelection, type LineSelection } from '../../../src-shared/git/line-diff';
import { invoke } from '../../api';
import { loadDiff } from './git-diff-controller';
import { applyStatus } from './git-refresh';
import { run } from './git-runner';
import { patchGit, useGit } from './git-store';

/** Stage (unstaged diff) or unstage (staged diff): what choosing lines of the open diff does; null when it cannot. */
export function lineAction(): 'stage' | 'unstage' | null {
  const d = useGit.getState().diff;
  if (!d || d.binary || useGit.getState().status?.isRepo !== true) return null;
  return d.area === 'unstaged' ? 'stage' : d.area === 'staged' ? 'unstage' : null;
}

/** Why "Stage/Unstage Selected Lines" cannot run, or undefined. */
export function selectedLinesDisabledReason(): string | undefined {
  if (!useGit.getState().diff) return 'Open the diff of a changed file first (Source Control).';
  if (!lineAction()) return 'Lines can be staged from the diff of an unstaged or staged change.';
  if (useGit.getState().busy) return `Wait for "${useGit.getState().busy}" to finish.`;
  const sel = useGit.getState().lineSelection;
  if (!sel || isEmptySelection(sel)) return 'Select changed lines in the diff first.';
  return undefined;
}

/**
 * Stages (or, in a staged diff, unstages) chosen changed lines of the open diff. The host builds the new
 * index content from the same line diff, and refuses when the file changed since this diff was loaded.
 */
export async function stageChosenLines(lines: LineSelection): Promise<void> {
  const d = useGit.getState().diff;
  const action = lineAction();
  if (!d || !action || isEmptySelection(lines)) return;
  const st = await run(action === 'stage' ? 'Stage lines' : 'Unstage lines', () =>
    invoke('git.stage.lines', { path: d.path, action, lines, expect: { oldId: d.oldId, newId: d.newId } }),
  );
  patchGit({ lineSelection: null });
  if (st) applyStatus(st);
  // A refused stale request: show the file as it is now, so the next choice is made on it.
  else if (useGit.getState().selection) void loadDiff(useGit.getState().selection!);
}

/** Stages (or unstages) the lines the editor selection covers. */
export async function stageSelectedLines(): Promise<void> {
  const sel = useGit.getState().lineSelection;
  if (sel) await stageChosenLines(sel);
}

/** Every changed line of the open diff (the whole file, through the same path as a block). */
export function allChangedLines(): LineSelection | null {
  const d = useGit.getState().diff;
  return d ? allChanges(diffRows(d.oldText, d.newText)) : null;
}
