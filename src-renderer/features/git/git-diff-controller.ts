// The diff of one changed file, shown over the editor: which one is open, loading it (a newer request
// wins), closing it, and jumping to the file itself.
import { invoke } from '../../api';
import { errorMessage } from '../../kit/ipc-errors';
import { notify } from '../../state/notices';
import { openFile } from '../editor/editor-controller';
import { diffRequestOf, projectPathOf, type ChangeArea } from './git-model';
import { patchGit, useGit } from './git-store';

let diffSeq = 0;

/** Loads the diff of a change into the store (the diff editor shows it); a newer request wins. */
export async function loadDiff(sel: { path: string; area: ChangeArea }): Promise<void> {
  const seq = ++diffSeq;
  patchGit({ selection: sel });
  try {
    const d = await invoke('git.diff', diffRequestOf(sel));
    if (seq !== diffSeq) return;
    patchGit({
      diff: { ...sel, oldText: d.oldText ?? '', newText: d.newText ?? '', binary: d.binary, added: d.oldText === null, deleted: d.newText === null },
    });
  } catch (err) {
    if (seq === diffSeq) {
      patchGit({ diff: null, selection: null });
      notify('error', `Could not show the diff of ${sel.path}: ${errorMessage(err)}`);
    }
  }
}

/** Shows the diff of a changed file over the editor. */
export function openDiff(row: { path: string; area: ChangeArea }): void {
  void loadDiff({ path: row.path, area: row.area });
}

export function closeDiff(): void {
  diffSeq++;
  patchGit({ selection: null, diff: null });
}

/** Opens the working-tree file of a change in the editor (when it lies inside the project folder). */
export async function openChangedFile(path: string): Promise<void> {
  const st = useGit.getState().status;
  const rel = st?.isRepo ? projectPathOf(path, st.projectPrefix) : path;
  if (rel === null) return notify('warning', `${path} is outside the project folder, so it cannot be opened here.`);
  closeDiff();
  await openFile(rel);
}
