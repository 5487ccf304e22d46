// Commands' disabled reasons read the project's status, the active editor tab and the git state. Buttons and the palette
// show those reasons, so they must re-render when that state changes: this tells the registry.
import { useEditor, type EditorState } from '../features/editor/editor-store';
import { useGit } from '../features/git/git-store';
import { commands } from '../kit/commands';
import { useProject } from '../state/project';

const activeDirty = (s: EditorState) => !!(s.active && s.buffers[s.active]?.dirty);

/** Follows the stores commands depend on; returns the function that stops following them. */
export function watchCommandContext(): () => void {
  const offEditor = useEditor.subscribe((s, prev) => {
    if (s.active !== prev.active || activeDirty(s) !== activeDirty(prev)) commands.contextChanged();
  });
  const offProject = useProject.subscribe((s, prev) => {
    if (s.status !== prev.status) commands.contextChanged();
  });
  // Git commands depend on the status, the action in flight and the lines chosen in the open diff.
  const offGit = useGit.subscribe((s, prev) => {
    if (s.status !== prev.status || s.busy !== prev.busy || s.diff !== prev.diff || s.lineSelection !== prev.lineSelection) commands.contextChanged();
  });
  return () => {
    offEditor();
    offProject();
    offGit();
  };
}
