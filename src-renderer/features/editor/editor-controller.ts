// The editor's controller: what happens when the user opens, saves, reloads or closes a file, or the disk
// changes under an open buffer; unsaved edits are backed up and the open tabs remembered per project. It
// talks to the host through the api client and keeps the editor store and the text models in step.
// Components call these functions (through commands); they never call the client themselves. Opening
// a folder is the project controller's job (features/project/project-controller.ts).
import type { EventPayload } from '../../../src-shared/ipc/contract';
import { invoke } from '../../api';
import { useDialog } from '../../kit/dialog';
import { errorCode, errorMessage } from '../../kit/ipc-errors';
import { useLayout } from '../../state/layout';
import { notify } from '../../state/notices';
import { useProject } from '../../state/project';
import { backupAction, storageBackups, type BackupStore } from './backups';
import { decideOnDiskChange, type DiskState } from './disk-sync';
import { useEditor } from './editor-store';
import { languageForPath } from './language';
import { openEditorsKey, parseOpenEditors, serializeOpenEditors } from './open-editors';
import type { TextModels } from './text-models';

/** True while a project is being swapped in: tab changes then are not the user's. */
let restoringSession = false;
let models: TextModels;
let storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = null;

export interface EditorOptions {
  /** The editor's text models (Monaco in the app, in-memory in tests). */
  models: TextModels;
  /** Where unsaved-edit backups and the open tabs go (null: nowhere). */
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
}


let backupStore: BackupStore | null = null;
function backups(): BackupStore | null {
  const storage = safeStorage();
  if (!storage) return null;
  backupStore ??= storageBackups(storage);
  return backupStore;
}

const backupTimers = new Map<string, ReturnType<typeof setTimeout>>();

/** Model edits: track dirtiness now, copy unsaved text to the backup store shortly after typing stops. */
function onBufferEdited(path: string, dirty: boolean): void {
  useEditor.getState().setDirty(path, dirty);
  clearTimeout(backupTimers.get(path));
  backupTimers.set(
    path,
    setTimeout(() => {
      backupTimers.delete(path);
      const root = useProject.getState().info?.root;
      const buf = useEditor.getState().buffers[path];
      const text = models.getText(path);
      if (!root) return;
      if (buf?.dirty && text !== undefined) backups()?.put(root, path, { baseHash: buf.savedHash, content: text, savedAt: new Date().toISOString() });
      else backups()?.remove(root, path);
    }, 400),
  );
}

/** The buffer is clean or gone: its backup is no longer needed. */
function dropBackup(path: string): void {
  clearTimeout(backupTimers.get(path));
  backupTimers.delete(path);
  const root = useProject.getState().info?.root;
  if (root) backups()?.remove(root, path);
}

/** The text of an open buffer, unsaved edits included (undefined when the file has no tab). */
export function bufferText(path: string): string | undefined {
  return models?.getText(path);
}

/** Takes the text models and storage; remembers the open tabs from now on. Returns the stop function. */
export function startEditor(options: EditorOptions): () => void {
  models = options.models;
  storage = options.storage;
  backupStore = null;
  return persistOpenEditors();
}

/**
 * Swaps the project under the editor: closes every buffer, lets `switchProject` put the new project in
 * place, then reopens that project's last tabs and backed-up edits. Tab changes meanwhile are not the
 * user's, so they are not remembered.
 */
export async function switchProjectBuffers(root: string, switchProject: () => Promise<void>): Promise<void> {
  restoringSession = true;
  try {
    useEditor.getState().closeAll();
    models.disposeAll();
    await switchProject();
    await restoreSession(root);
  } finally {
    restoringSession = false;
  }
}

/** Close Folder: drops every buffer and model, leaving the project's remembered tabs for its next open. */
export function closeProjectBuffers(): void {
  restoringSession = true;
  try {
    useEditor.getState().closeAll();
    models.disposeAll();
  } finally {
    restoringSession = false;
  }
}

/** After missed watcher events (a reconnect): checks every open buffer against the disk. Unsaved edits stay. */
export async function resyncBuffers(): Promise<void> {
  for (const path of [...useEditor.getState().order]) await syncWithDisk({ path, kind: 'changed' });
}

/**
 * Reopens the tabs the project had last time (in their order, with the active one), plus any file
 * whose unsaved edits were backed up, with those edits.
 */
async function restoreSession(root: string): Promise<void> {
  const session = parseOpenEditors(safeStorage()?.getItem(openEditorsKey(root)) ?? null);
  const backedUp = Object.keys(backups()?.get(root) ?? {});
  const paths = [...session.order, ...backedUp.filter((p) => !session.order.includes(p))];
  let restored = 0;
  for (const path of paths) {
    const outcome = await openFileQuietly(path, { onlyIfBackup: !session.order.includes(path) });
    if (outcome === 'restored') restored++;
  }
  if (session.active && useEditor.getState().buffers[session.active]) useEditor.getState().activate(session.active);
  if (restored) {
    notify('warning', `Restored unsaved changes in ${restored} file${restored > 1 ? 's' : ''} from your last session. Save to keep them, or Reload from Disk to drop them.`);
  }
}

type OpenOutcome = 'opened' | 'restored' | 'skipped' | 'failed';

/** Reads a file into a new tab, applying a stored backup of unsaved edits if there is one. */
async function loadIntoTab(path: string, opts: { onlyIfBackup?: boolean; quiet?: boolean }): Promise<OpenOutcome> {
  try {
    const file = await invoke('file.read', { path });
    const root = useProject.getState().info?.root;
    const backup = root ? backups()?.get(root)[path] : undefined;
    const action = backup ? backupAction(backup, file) : undefined;
    if (action === 'discard') dropBackup(path);
    const restoring = !!backup && (action === 'restore' || action === 'restore-conflict');
    if (opts.onlyIfBackup && !restoring) return 'skipped';
    const language = languageForPath(path);
    models.create(path, file.content, language, (dirty) => onBufferEdited(path, dirty));
    useEditor.getState().open({ path, language, savedHash: file.hash });
    if (restoring) {
      models.replaceText(path, backup.content);
      if (action === 'restore-conflict') useEditor.getState().setConflict(path, 'changed-on-disk');
      return 'restored';
    }
    return 'opened';
  } catch (err) {
    const root = useProject.getState().info?.root;
    if (errorCode(err) === 'not-found' && root && backups()?.get(root)[path]) {
      // The file is gone; the backup stays so the edits are not lost.
      notify('warning', `${path} had unsaved changes but no longer exists on disk; its backup is kept.`);
    } else if (!opts.quiet) {
      notify('error', `Could not open ${path}: ${errorMessage(err)}`);
    }
    return 'failed';
  }
}

/** Session restore: a file that vanished since last time is skipped without an error. */
function openFileQuietly(path: string, opts: { onlyIfBackup: boolean }): Promise<OpenOutcome> {
  return loadIntoTab(path, { ...opts, quiet: true });
}

/** Opens a file in a tab (or activates its tab), optionally moving the cursor there. */
export async function openFile(path: string, position?: { line: number; column: number }): Promise<boolean> {
  if (!useEditor.getState().buffers[path]) {
    const outcome = await loadIntoTab(path, {});
    if (outcome === 'failed' || outcome === 'skipped') return false;
  } else {
    useEditor.getState().activate(path);
  }
  // Opening a file means "show me the editor": over a main view, and out of a maximised panel (a jump
  // from the Problems list must land where the user can see it).
  const layout = useLayout.getState();
  if (layout.mainView) layout.showMainView(null);
  if (position && layout.panelVisible && layout.panelMaximized) layout.toggleMaximizePanel();
  if (position) revealRequest = { path, ...position, seq: ++revealSeq };
  revealListeners.forEach((l) => l());
  return true;
}

/**
 * Opens files in tabs without showing them (the active tab stays): a rename across files edits them there,
 * where the user sees the unsaved changes. Returns the paths that are open afterwards.
 */
export async function openInBackground(paths: string[]): Promise<string[]> {
  const active = useEditor.getState().active;
  const open: string[] = [];
  for (const path of [...new Set(paths)]) {
    if (useEditor.getState().buffers[path] || (await loadIntoTab(path, {})) !== 'failed') open.push(path);
  }
  if (active) useEditor.getState().activate(active);
  return open;
}

// The editor component reads this to move the cursor after openFile(path, position).
let revealSeq = 0;
let revealRequest: { path: string; line: number; column: number; seq: number } | null = null;
const revealListeners = new Set<() => void>();
export function takeRevealRequest(path: string) {
  if (revealRequest?.path !== path) return null;
  const r = revealRequest;
  revealRequest = null;
  return r;
}
export function onRevealRequest(l: () => void): () => void {
  revealListeners.add(l);
  return () => revealListeners.delete(l);
}

/** Saves a buffer. `force` overwrites whatever is on disk (the conflict prompt's Overwrite). */
export async function saveFile(path = useEditor.getState().active, force = false): Promise<boolean> {
  if (!path) return false;
  const buf = useEditor.getState().buffers[path];
  const text = models.getText(path);
  if (!buf || text === undefined || buf.saving) return false;
  if (buf.conflict === 'deleted' && !force) {
    // Saving a deleted file recreates it: that is what the user asked for.
    force = true;
  }
  useEditor.getState().setSaving(path, true);
  try {
    const { hash } = await invoke('file.write', {
      path,
      content: text,
      ...(force ? {} : { expectedHash: buf.savedHash }),
    });
    // Only what we sent is saved; later keystrokes keep the buffer dirty.
    if (models.getText(path) === text) {
      models.markSavedVersion(path);
      useEditor.getState().markSaved(path, hash);
      dropBackup(path);
    } else {
      useEditor.getState().markSaved(path, hash);
      useEditor.getState().setDirty(path, true);
    }
    return true;
  } catch (err) {
    useEditor.getState().setSaving(path, false);
    if (errorCode(err) === 'conflict') {
      useEditor.getState().setConflict(path, 'save-rejected');
      void resolveConflict(path, 'save-rejected');
    } else {
      notify('error', `Could not save ${path}: ${errorMessage(err)}`);
    }
    return false;
  }
}

export async function saveAll(): Promise<void> {
  const { order, buffers } = useEditor.getState();
  for (const p of order) if (buffers[p]?.dirty) await saveFile(p);
}

/** Loads the disk's content into the buffer, dropping unsaved edits (they stay reachable with Undo). */
export async function reloadFromDisk(path = useEditor.getState().active): Promise<void> {
  if (!path) return;
  try {
    const file = await invoke('file.read', { path });
    models.replaceWithDisk(path, file.content);
    useEditor.getState().markSaved(path, file.hash);
    dropBackup(path);
  } catch (err) {
    if (errorCode(err) === 'not-found') {
      useEditor.getState().setConflict(path, 'deleted');
      notify('warning', `${path} no longer exists on disk.`);
    } else notify('error', `Could not reload ${path}: ${errorMessage(err)}`);
  }
}

const prompting = new Set<string>();

/** Asks what to do about a buffer that disagrees with the disk. */
async function resolveConflict(path: string, kind: 'save-rejected' | 'changed-on-disk'): Promise<void> {
  if (prompting.has(path)) return;
  prompting.add(path);
  try {
    const choice = await useDialog.getState().ask({
      title: kind === 'save-rejected' ? 'The file changed on disk' : 'The file changed on disk while you were editing',
      message:
        kind === 'save-rejected'
          ? 'Another program changed this file after you opened it, so your save was not written.'
          : 'Another program changed this file, and you have unsaved edits here.',
      detail: path,
      choices: [
        { id: 'overwrite', label: 'Overwrite with my version', danger: true },
        { id: 'reload', label: 'Reload from disk' },
        { id: 'later', label: 'Compare later', primary: true },
      ],
      cancel: 'later',
    });
    if (!useEditor.getState().buffers[path]) return;
    if (choice === 'overwrite') await saveFile(path, true);
    else if (choice === 'reload') await reloadFromDisk(path);
    else {
      useEditor.getState().setConflict(path, kind);
      notify('warning', `${path}: kept your version; it differs from the disk. Save overwrites, "Reload from Disk" discards.`);
    }
  } finally {
    prompting.delete(path);
  }
}

/** A watcher event: a clean buffer follows the disk, a dirty one asks (see disk-sync.ts for the rules). */
export async function syncWithDisk(change: EventPayload<'file.changed'>): Promise<void> {
  const buf = useEditor.getState().buffers[change.path];
  if (!buf || buf.saving) return;
  if (change.kind !== 'deleted' && change.hash && change.hash === buf.savedHash) return;
  let disk: DiskState;
  if (change.kind === 'deleted') disk = { kind: 'deleted' };
  else {
    try {
      const f = await invoke('file.read', { path: change.path });
      disk = { kind: 'present', content: f.content, hash: f.hash };
    } catch (err) {
      if (errorCode(err) !== 'not-found') return;
      disk = { kind: 'deleted' };
    }
  }
  const now = useEditor.getState().buffers[change.path];
  const text = models.getText(change.path);
  if (!now || now.saving || text === undefined) return;
  const action = decideOnDiskChange({ dirty: now.dirty, savedHash: now.savedHash, text }, disk);
  switch (action) {
    case 'none':
      if (now.conflict === 'deleted') useEditor.getState().setConflict(change.path, null);
      return;
    case 'adopt':
      if (disk.kind === 'present') {
        models.markSavedVersion(change.path);
        useEditor.getState().markSaved(change.path, disk.hash);
        dropBackup(change.path);
      }
      return;
    case 'reload':
      if (disk.kind === 'present') {
        models.replaceWithDisk(change.path, disk.content);
        useEditor.getState().markSaved(change.path, disk.hash);
        dropBackup(change.path);
        notify('info', `Reloaded ${change.path}: it changed on disk.`);
      }
      return;
    case 'conflict':
      useEditor.getState().setConflict(change.path, 'changed-on-disk');
      void resolveConflict(change.path, 'changed-on-disk');
      return;
    case 'deleted':
      useEditor.getState().setConflict(change.path, 'deleted');
      notify('warning', `${change.path} was deleted on disk. Save to recreate it, or close the tab.`);
      return;
  }
}

/** Closes a tab, asking first when it has unsaved edits. */
export async function closeFile(path = useEditor.getState().active): Promise<void> {
  if (!path) return;
  const buf = useEditor.getState().buffers[path];
  if (!buf) return;
  if (buf.dirty) {
    const choice = await useDialog.getState().ask({
      title: 'Save changes before closing?',
      message: 'Your edits are lost if you close without saving.',
      detail: path,
      choices: [
        { id: 'discard', label: "Don't save", danger: true },
        { id: 'cancel', label: 'Cancel' },
        { id: 'save', label: 'Save', primary: true },
      ],
      cancel: 'cancel',
    });
    if (choice === 'cancel') return;
    if (choice === 'save' && !(await saveFile(path))) return;
  }
  useEditor.getState().close(path);
  models.dispose(path);
  dropBackup(path);
}

/** Before replacing the project: true when there is nothing unsaved or the user agrees to drop it. */
export async function confirmDiscardAll(action: string): Promise<boolean> {
  const { order, buffers } = useEditor.getState();
  const dirty = order.filter((p) => buffers[p]?.dirty);
  if (!dirty.length) return true;
  const choice = await useDialog.getState().ask({
    title: `${action}? ${dirty.length} file${dirty.length > 1 ? 's have' : ' has'} unsaved changes`,
    message: 'Save them first, or discard them.',
    detail: dirty.join('\n'),
    choices: [
      { id: 'discard', label: 'Discard changes', danger: true },
      { id: 'cancel', label: 'Cancel' },
      { id: 'save', label: 'Save all', primary: true },
    ],
    cancel: 'cancel',
  });
  if (choice === 'cancel') return false;
  if (choice === 'save') await saveAll();
  else dirty.forEach(dropBackup);
  return true;
}

function safeStorage() {
  return storage;
}

/** Remembers the open tabs per project (not while a project is being swapped in). */
function persistOpenEditors(): () => void {
  return useEditor.subscribe((s, prev) => {
    if (restoringSession || (s.order === prev.order && s.active === prev.active)) return;
    const root = useProject.getState().info?.root;
    if (root) safeStorage()?.setItem(openEditorsKey(root), serializeOpenEditors(s));
  });
}
