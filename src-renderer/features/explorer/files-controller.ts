// The explorer's file operations: new file/folder, rename/move, delete to the project trash and
// restore, copy path, reveal. Each one is a command (palette, context menu and keys call the same
// thing). Open tabs follow a rename (unsaved edits included) and are marked when their file is deleted.
import type { TrashEntry } from '../../../src-shared/ipc/channels/files';
import { commands, type Command } from '../../kit/commands';
import { errorCode, errorMessage } from '../../kit/ipc-errors';
import { invoke } from '../../api';
import { openFile } from '../editor/editor-controller';
import { refreshTree } from '../project/project-controller';
import { useDialog } from '../../kit/dialog';
import { useEditor } from '../editor/editor-store';
import { useLayout } from '../../state/layout';
import { useNotices } from '../../state/notices';
import { useProject } from '../../state/project';
import { storageBackups } from '../editor/backups';
import * as models from '../editor/models';
import { useFileOps, type Selection } from './files-store';
import { baseName, isSameOrInside, normaliseTyped, parentOf, renamePlan, targetFolder } from './path-ops';

const notify = (level: 'info' | 'warning' | 'error', message: string) => useNotices.getState().push(level, message);
const needsProject = () => (useProject.getState().status === 'open' ? undefined : 'Open a project folder first.');

/** What a file command acts on: the explorer's selection, else the active editor's file. */
export function currentTarget(): Selection | null {
  const sel = useFileOps.getState().selection;
  if (sel && sel.path) return sel;
  const active = useEditor.getState().active;
  return active ? { path: active, kind: 'file' } : null;
}
const needsTarget = () => needsProject() ?? (currentTarget() ? undefined : 'Select a file or folder in the Explorer first.');

function showExplorer(): void {
  useLayout.setState({ sideView: 'files', sidebarVisible: true });
}

/** Opens the inline "new file/folder" field in the explorer, inside `parent` (default: next to the selection). */
export function startNew(kind: 'file' | 'dir', parent?: string): void {
  showExplorer();
  const folder = parent ?? targetFolder(useFileOps.getState().selection);
  useFileOps.getState().setEditing({ mode: 'new', kind, parent: folder });
}

export function startRename(target: Selection | null = currentTarget()): void {
  if (!target) return;
  showExplorer();
  useFileOps.getState().select(target);
  useFileOps.getState().setEditing({ mode: 'rename', path: target.path, kind: target.kind });
}

/** Creates what the user typed; returns an error message to show in the field, or undefined when done. */
export async function submitNew(kind: 'file' | 'dir', typed: string): Promise<string | undefined> {
  const path = normaliseTyped(typed);
  const editing = useFileOps.getState().editing;
  try {
    if (kind === 'file') await invoke('file.create', { path });
    else await invoke('dir.create', { path });
  } catch (err) {
    return errorMessage(err);
  }
  // Close the field we submitted, not one the user opened meanwhile (a quick Ctrl+Alt+N).
  if (useFileOps.getState().editing === editing) useFileOps.getState().setEditing(null);
  useFileOps.getState().select({ path, kind });
  await refreshTree();
  if (kind === 'file') await openFile(path);
  return undefined;
}

/** Renames/moves `from` to the typed path; returns an error message, or undefined when done. */
export async function submitRename(from: string, typed: string): Promise<string | undefined> {
  const to = normaliseTyped(typed);
  if (to === from) {
    useFileOps.getState().setEditing(null);
    return undefined;
  }
  let kind: 'file' | 'dir';
  try {
    ({ kind } = await invoke('file.rename', { from, to }));
  } catch (err) {
    return errorMessage(err);
  }
  useFileOps.getState().setEditing(null);
  useFileOps.getState().select({ path: to, kind });
  await followRename(from, to);
  await refreshTree();
  notify('info', `Renamed ${from} to ${to}.`);
  return undefined;
}

/** Drag and drop: asks first (a stray drag must not move files silently), then moves like a rename. */
export async function moveWithConfirm(from: string, to: string): Promise<void> {
  const choice = await useDialog.getState().ask({
    title: `Move "${baseName(from)}"?`,
    message: `Move it into ${parentOf(to) ? `"${parentOf(to)}/"` : 'the project root'}. Open tabs follow it; move it back the same way to undo.`,
    detail: `${from} → ${to}`,
    choices: [
      { id: 'cancel', label: 'Cancel' },
      { id: 'move', label: 'Move', primary: true },
    ],
    cancel: 'cancel',
  });
  if (choice !== 'move') return;
  const err = await submitRename(from, to);
  if (err) notify('error', `Could not move ${from}: ${err}`);
}

/**
 * Moves the open tabs of `from` (a file, or everything under a folder) to their new paths, in place:
 * same tab position, same active tab, unsaved edits carried over (the file on disk holds the saved text).
 */
export async function followRename(from: string, to: string): Promise<void> {
  const plan = renamePlan(useEditor.getState().order, useEditor.getState().active, from, to);
  if (!plan.moves.length) return;
  for (const { from: oldPath, to: newPath, index } of plan.moves) {
    const buf = useEditor.getState().buffers[oldPath];
    const text = models.getText(oldPath);
    if (!(await openFile(newPath))) continue; // could not read it: keep the old tab, nothing is lost
    if (buf?.dirty && text !== undefined) models.replaceText(newPath, text);
    useEditor.getState().close(oldPath);
    models.disposeModel(oldPath);
    moveBackup(oldPath, newPath, buf?.dirty ? text : undefined);
    useEditor.getState().moveTab(newPath, index);
  }
  if (plan.active) useEditor.getState().activate(plan.active);
}

/**
 * The crash backup of unsaved edits moves with the tab: written under the new path first, then dropped
 * under the old one (which would otherwise come back as "no longer exists on disk" on every start).
 */
function moveBackup(oldPath: string, newPath: string, text: string | undefined): void {
  const root = useProject.getState().info?.root;
  if (!root || typeof localStorage === 'undefined') return;
  try {
    const store = storageBackups(localStorage);
    const baseHash = useEditor.getState().buffers[newPath]?.savedHash;
    if (text !== undefined && baseHash) store.put(root, newPath, { baseHash, content: text, savedAt: new Date().toISOString() });
    store.remove(root, oldPath);
  } catch {
    // storage full or disabled: the editor still holds the text
  }
}

/** Asks, then moves the entry to the project trash; the dialog says how to undo. */
export async function deleteWithConfirm(target: Selection | null = currentTarget()): Promise<void> {
  if (!target) return;
  const open = useEditor.getState().order.filter((p) => isSameOrInside(p, target.path));
  const unsaved = open.filter((p) => useEditor.getState().buffers[p]?.dirty);
  const choice = await useDialog.getState().ask({
    title: `Delete ${target.kind === 'dir' ? 'folder' : 'file'} "${baseName(target.path)}"?`,
    message:
      `It moves to the project trash (.choreo/trash). Undo with "Restore Last Deleted" (Ctrl/Cmd+Z in the Explorer, or from the command palette).` +
      (unsaved.length ? ` ${unsaved.length} open file${unsaved.length > 1 ? 's have' : ' has'} unsaved changes: they stay in the editor.` : ''),
    detail: target.path,
    // First (so Enter confirms) but not `primary`: the primary style would drown the danger colour.
    choices: [
      { id: 'delete', label: 'Move to Trash', danger: true },
      { id: 'cancel', label: 'Cancel' },
    ],
    cancel: 'cancel',
  });
  if (choice !== 'delete') return;
  let entry: TrashEntry;
  try {
    entry = await invoke('file.delete', { path: target.path });
  } catch (err) {
    notify('error', `Could not delete ${target.path}: ${errorMessage(err)}`);
    return;
  }
  useFileOps.getState().pushDeleted(entry);
  if (useFileOps.getState().selection?.path === target.path) useFileOps.getState().select(null);
  for (const p of open) useEditor.getState().setConflict(p, 'deleted');
  await refreshTree();
  notify('info', `Deleted ${target.path} (moved to the project trash). Restore Last Deleted brings it back.`);
}

/** Restores a trashed entry (default: the last one deleted in this session, else the newest in the trash). */
export async function restore(entry?: TrashEntry): Promise<void> {
  let target = entry ?? useFileOps.getState().deleted.at(-1);
  if (!target) {
    try {
      target = (await invoke('file.trashList', {}))[0];
    } catch (err) {
      notify('error', `Could not read the project trash: ${errorMessage(err)}`);
      return;
    }
  }
  if (!target) {
    notify('info', 'The project trash is empty: there is nothing to restore.');
    return;
  }
  let restored: { path: string; kind: 'file' | 'dir' };
  try {
    restored = await invoke('file.restore', { id: target.id });
  } catch (err) {
    if (errorCode(err) === 'not-found') useFileOps.getState().dropDeleted(target.id);
    notify('error', `Could not restore ${target.path}: ${errorMessage(err)}`);
    return;
  }
  useFileOps.getState().dropDeleted(target.id);
  useFileOps.getState().select({ path: restored.path, kind: restored.kind });
  await refreshTree();
  // Tabs marked deleted are in step with the disk again when their saved text came back.
  for (const p of useEditor.getState().order.filter((p) => isSameOrInside(p, restored.path))) {
    const buf = useEditor.getState().buffers[p];
    if (buf?.conflict !== 'deleted') continue;
    try {
      const file = await invoke('file.read', { path: p });
      if (file.hash === buf.savedHash) useEditor.getState().setConflict(p, null);
    } catch {
      // still gone: the mark stays
    }
  }
  notify('info', `Restored ${restored.path}.`);
}

/** Lets the user pick one of the newest trash entries. */
export async function restoreFromTrash(): Promise<void> {
  let list: TrashEntry[];
  try {
    list = await invoke('file.trashList', {});
  } catch (err) {
    notify('error', `Could not read the project trash: ${errorMessage(err)}`);
    return;
  }
  if (!list.length) {
    notify('info', 'The project trash is empty: there is nothing to restore.');
    return;
  }
  const shown = list.slice(0, 6);
  const choice = await useDialog.getState().ask({
    title: 'Restore from the project trash',
    message: `Pick an entry to put back where it was (newest first${list.length > shown.length ? `; ${list.length - shown.length} older not shown` : ''}).`,
    detail: '.choreo/trash',
    choices: [...shown.map((e) => ({ id: e.id, label: `${e.path} · ${new Date(e.deletedAt).toLocaleString()}` })), { id: 'cancel', label: 'Cancel' }],
    cancel: 'cancel',
  });
  const picked = shown.find((e) => e.id === choice);
  if (picked) await restore(picked);
}

export async function copyPath(target: Selection | null, absolute: boolean): Promise<void> {
  if (!target) return;
  const root = useProject.getState().info?.root ?? '';
  const sep = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const text = absolute ? (target.path ? root.replace(/[\\/]+$/, '') + sep + target.path.split('/').join(sep) : root) : target.path;
  try {
    await navigator.clipboard.writeText(text);
    notify('info', `Copied ${text}`);
  } catch {
    notify('warning', `The clipboard is not available here; the path is ${text}`);
  }
}

/** Shows the explorer with the entry selected and its folders open. */
export function reveal(target: Selection | null = currentTarget()): void {
  if (!target) return;
  showExplorer();
  useFileOps.getState().select(target);
  revealListeners.forEach((l) => l(target.path));
}
const revealListeners = new Set<(path: string) => void>();
export function onReveal(listener: (path: string) => void): () => void {
  revealListeners.add(listener);
  return () => revealListeners.delete(listener);
}

/** The file commands, for app-commands.ts. F2/Delete are handled by the explorer itself (they would steal keys from the editor). */
export function fileCommands(): Command[] {
  return [
    { id: 'files.newFile', title: 'New File…', category: 'File', shortcut: 'Mod+Alt+N', disabledReason: needsProject, run: () => startNew('file') },
    { id: 'files.newFolder', title: 'New Folder…', category: 'File', disabledReason: needsProject, run: () => startNew('dir') },
    { id: 'files.rename', title: 'Rename… (F2 in the Explorer)', category: 'File', disabledReason: needsTarget, run: () => startRename() },
    { id: 'files.delete', title: 'Delete (move to project trash) (Del in the Explorer)', category: 'File', disabledReason: needsTarget, run: () => deleteWithConfirm() },
    { id: 'files.restoreLast', title: 'Restore Last Deleted', category: 'File', disabledReason: needsProject, run: () => restore() },
    { id: 'files.restoreFromTrash', title: 'Restore from Trash…', category: 'File', disabledReason: needsProject, run: () => restoreFromTrash() },
    { id: 'files.copyPath', title: 'Copy Path', category: 'File', disabledReason: needsTarget, run: () => copyPath(currentTarget(), true) },
    { id: 'files.copyRelativePath', title: 'Copy Relative Path', category: 'File', disabledReason: needsTarget, run: () => copyPath(currentTarget(), false) },
    { id: 'files.reveal', title: 'Reveal in Explorer', category: 'File', disabledReason: needsTarget, run: () => reveal() },
  ];
}

/** Keys of the explorer tree: F2 rename, Delete (Cmd+Backspace on a Mac) delete, Ctrl/Cmd+Z restore, Shift+F10 menu. True when handled. */
export function handleExplorerKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }, target: Selection | null): boolean {
  if (useFileOps.getState().editing) return false;
  const mod = e.ctrlKey || e.metaKey;
  if (e.key === 'F2' && target && target.path) startRename(target);
  else if ((e.key === 'Delete' || (e.key === 'Backspace' && e.metaKey)) && target && target.path) void deleteWithConfirm(target);
  else if (mod && !e.shiftKey && e.key.toLowerCase() === 'z') void restore();
  else if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) {
    // The context menu from the keyboard, at the focused row (or the top of the tree).
    const row = target ? document.querySelector<HTMLElement>(`[data-path="${CSS.escape(target.path)}"]`) : null;
    const box = (row ?? document.querySelector<HTMLElement>('[data-testid="explorer-tree"]'))?.getBoundingClientRect();
    useFileOps.getState().openMenu(box ? box.left + 24 : 40, box ? box.top + (row ? box.height : 8) : 80, target && target.path ? target : null);
  } else return false;
  return true;
}

/** Runs a file command by id (context menu entries use the same commands as the palette). */
export function runFileCommand(id: string): void {
  void commands.execute(id);
}

export { parentOf };
