// The working tree's changes: stage, unstage (one file or all), discard (after asking; the host keeps a
// backup), and turning a folder into a repository.
import { invoke } from '../../api';
import { useDialog } from '../../kit/dialog';
import { notify } from '../../state/notices';
import { fileName, groupChanges, projectPathOf, type ChangeArea, type ChangeRow, type GitStatus } from './git-model';
import { applyStatus, refreshAll, refreshStatus } from './git-refresh';
import { run } from './git-runner';
import { useGit } from './git-store';

export async function stage(paths: string[]): Promise<void> {
  if (!paths.length) return;
  const st = await run('Stage', () => invoke('git.stage', { paths }));
  if (st) applyStatus(st);
}

export async function unstage(paths: string[]): Promise<void> {
  if (!paths.length) return;
  const st = await run('Unstage', () => invoke('git.unstage', { paths }));
  if (st) applyStatus(st);
}

/** The changes listed in one area (unstaged, staged, conflicted). */
export function changeRows(area: ChangeArea): ChangeRow[] {
  const st = useGit.getState().status;
  return st?.isRepo ? groupChanges(st.entries)[area] : [];
}

export const stageAll = () => stage(changeRows('unstaged').map((r) => r.path));
export const unstageAll = () => unstage(changeRows('staged').map((r) => r.path));

/** Discards a file's changes after asking; the host keeps a backup and we say where. */
export async function discard(row: { path: string; area: ChangeArea }): Promise<void> {
  const entry = useGit.getState().status?.isRepo ? (useGit.getState().status as Extract<GitStatus, { isRepo: true }>).entries.find((e) => e.path === row.path) : undefined;
  const untracked = entry?.unstaged === 'untracked' && !entry.staged;
  const staged = row.area !== 'unstaged';
  const choice = await useDialog.getState().ask({
    title: untracked ? `Delete ${fileName(row.path)}?` : `Discard changes to ${fileName(row.path)}?`,
    message: untracked
      ? 'The file is not tracked by git, so discarding deletes it. A backup copy is kept in the app data folder.'
      : staged
        ? 'Both the staged and the unstaged changes go back to the last commit. A backup copy of the file is kept in the app data folder.'
        : 'The file goes back to its staged (or committed) content. A backup copy is kept in the app data folder.',
    detail: row.path,
    choices: [
      { id: 'cancel', label: 'Cancel' },
      { id: 'discard', label: untracked ? 'Delete file' : 'Discard changes', danger: true, primary: true },
    ],
    cancel: 'cancel',
  });
  if (choice !== 'discard') return;
  const res = await run('Discard', () => invoke('git.discard', { path: row.path, ...(staged ? { staged: true } : {}) }));
  if (!res) return;
  notify('info', res.backup ? `Discarded ${res.path}. Backup: ${res.backup}` : `Discarded ${res.path}.`);
  await refreshStatus();
}

/** The change row of a project file (unstaged first, else staged), if git sees a change in it. */
export function changeOfProjectFile(projectPath: string): ChangeRow | undefined {
  const st = useGit.getState().status;
  if (!st?.isRepo) return undefined;
  const groups = groupChanges(st.entries);
  const mine = (r: ChangeRow) => projectPathOf(r.path, st.projectPrefix) === projectPath;
  return groups.unstaged.find(mine) ?? groups.staged.find(mine);
}

export async function initRepo(): Promise<void> {
  const st = await run('Initialise repository', () => invoke('git.init', {}));
  if (!st) return;
  applyStatus(st);
  notify('info', 'Initialised a git repository (branch main) with a .gitignore for .choreo/.');
  await refreshAll();
}
