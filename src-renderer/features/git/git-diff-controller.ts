// The diff of one file, shown over the editor: a change of the working tree (which one is open, loading
// it — a newer request wins —, closing it, jumping to the file itself) or a file of a past commit.
// Staging chosen lines of it is git-lines-controller's.
import { invoke } from '../../api';
import { errorMessage } from '../../kit/ipc-errors';
import { notify } from '../../state/notices';
import { openFile } from '../editor/editor-controller';
import { diffRequestOf, projectPathOf, type ChangeArea, type DiffSelection } from './git-model';
import { patchGit, useGit } from './git-store';

let diffSeq = 0;

/** Loads the diff of a change or of a file of a past commit into the store (the diff editor shows it); a newer request wins. */
export async function loadDiff(sel: DiffSelection): Promise<void> {
  const seq = ++diffSeq;
  const prev = useGit.getState().selection;
  const same = prev?.path === sel.path && prev.area === sel.area && prev.commit === sel.commit;
  patchGit(same ? { selection: sel } : { selection: sel, lineSelection: null });
  try {
    const d = await invoke('git.diff', diffRequestOf(sel));
    if (seq !== diffSeq) return;
    patchGit({
      diff: {
        ...sel,
        oldText: d.oldText ?? '',
        newText: d.newText ?? '',
        binary: d.binary,
        added: d.oldText === null,
        deleted: d.newText === null,
        oldId: d.oldId,
        newId: d.newId,
      },
    });
  } catch (err) {
    if (seq === diffSeq) {
      patchGit({ diff: null, selection: null, lineSelection: null });
      notify('error', `Could not show the diff of ${sel.path}: ${errorMessage(err)}`);
    }
  }
}

/** Shows the diff of a changed file over the editor. */
export function openDiff(row: { path: string; area: ChangeArea }): void {
  void loadDiff({ path: row.path, area: row.area });
}

/** Shows how a past commit changed one of its files (against the commit's first parent). */
export function openCommitDiff(commit: string, path: string): void {
  void loadDiff({ path, area: 'commit', commit });
}

export function closeDiff(): void {
  diffSeq++;
  patchGit({ selection: null, diff: null, lineSelection: null });
}

/** Opens the working-tree file of a change in the editor (when it lies inside the project folder). */
export async function openChangedFile(path: string): Promise<void> {
  const st = useGit.getState().status;
  const rel = st?.isRepo ? projectPathOf(path, st.projectPrefix) : path;
  if (rel === null) return notify('warning', `${path} is outside the project folder, so it cannot be opened here.`);
  closeDiff();
  await openFile(rel);
}
