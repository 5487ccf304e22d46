// The project controller: connecting to the host, opening a folder (typed, picked or recent), keeping the
// file tree current as the watcher reports changes, and catching up after a reconnect. The layout is
// remembered per project. Buffers are the editor controller's: a project switch goes through it, and
// watcher events are handed to it.
import type { EventPayload } from '../../../src-shared/ipc/contract';
import { getApiClient, invoke } from '../../api';
import { commands } from '../../kit/commands';
import { errorCode, errorMessage } from '../../kit/ipc-errors';
import { layoutStorageKey, parseLayout, pickPersisted, useLayout } from '../../state/layout';
import { notify } from '../../state/notices';
import { useProject } from '../../state/project';
import { closeProjectBuffers, confirmDiscardAll, openFile, resyncBuffers, startEditor, switchProjectBuffers, syncWithDisk } from '../editor/editor-controller';
import type { TextModels } from '../editor/text-models';

export interface WorkspaceOptions {
  /** The editor's text models (Monaco in the app, in-memory in tests). */
  models: TextModels;
  /** Where layout and unsaved-edit backups go; defaults to localStorage when there is one. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
}

let storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = null;

/** Connects to the host, loads what it already has open, and follows its events. Returns a disconnect function. */
export async function startWorkspace(options: WorkspaceOptions): Promise<() => void> {
  const client = getApiClient();
  storage = options.storage !== undefined ? options.storage : defaultStorage();
  const project = useProject.getState();
  project.setStatus('connecting');
  try {
    project.setApp(await client.invoke('app.info', {}));
  } catch (err) {
    project.setStatus('auth-failed', errorMessage(err));
    return () => {};
  }
  const stopEditor = startEditor({ models: options.models, storage });
  const offs = [
    client.on('file.changed', (p) => {
      refreshTreeSoon();
      void syncWithDisk(p);
    }),
    // Another window (or the Electron menu) opened a project. Our own opens are adopted from the reply.
    client.on('project.opened', (info) => {
      const s = useProject.getState();
      if (s.status !== 'opening' && s.info?.root !== info.root) void adoptProject(info);
    }),
  ];
  const [current, recent] = await Promise.all([
    client.invoke('project.current', {}).catch(() => null),
    client.invoke('project.recent', {}).catch(() => []),
  ]);
  useProject.getState().setRecent(recent);
  if (current) await adoptProject(current);
  else useProject.getState().setProject(null);
  const unsubLayout = persistLayout();
  return () => {
    offs.forEach((off) => off());
    unsubLayout();
    stopEditor();
  };
}

/**
 * After the connection comes back (the server restarted, or the network blinked): make sure the host
 * has our project open again, then check the tree and every open buffer against the disk, since
 * watcher events were missed meanwhile. Unsaved edits stay.
 */
export async function resyncAfterReconnect(): Promise<void> {
  const ours = useProject.getState().info;
  if (!ours) return;
  const current = await invoke('project.current', {})
    .catch(() => null);
  if (current?.root !== ours.root) {
    try {
      await invoke('project.open', { root: ours.root });
    } catch (err) {
      notify('error', `The server came back without this project and could not reopen it: ${errorMessage(err)}`);
      return;
    }
  }
  await refreshTree();
  await resyncBuffers();
}

/** Opens a folder on the host; errors show where the user typed the path. */
export async function openProject(root: string): Promise<boolean> {
  const trimmed = root.trim();
  if (!trimmed) {
    useProject.getState().setError('Type the path of a project folder first.');
    return false;
  }
  if (!(await confirmDiscardAll('Open another folder'))) return false;
  const prev = useProject.getState().status;
  useProject.getState().setStatus('opening', null);
  try {
    const info = await invoke('project.open', { root: trimmed });
    await adoptProject(info);
    return true;
  } catch (err) {
    useProject.getState().setStatus(prev === 'opening' ? 'no-project' : prev, errorMessage(err));
    return false;
  }
}

/**
 * Close Folder: back to the welcome screen. Unsaved edits ask first (save, discard or cancel); the
 * host closes its watcher, and the folder stays in the recent list.
 */
export async function closeProject(): Promise<boolean> {
  if (!useProject.getState().info) return false;
  if (!(await confirmDiscardAll('Close Folder'))) return false;
  try {
    await invoke('project.close', {});
  } catch (err) {
    notify('error', `Could not close the folder: ${errorMessage(err)}`);
    return false;
  }
  closeProjectBuffers();
  useProject.getState().setProject(null);
  if (typeof document !== 'undefined') document.title = 'Choreo Studio';
  invoke('project.recent', {})
    .then((r) => useProject.getState().setRecent(r))
    .catch(() => {});
  return true;
}

/**
 * "Create a Choreo project" in an empty folder: the host writes the starter files, the explorer lists
 * them and the input opens, ready for a first run. Returns whether it worked (errors are shown).
 */
export async function createChoreoProject(): Promise<boolean> {
  try {
    const { files } = await invoke('project.scaffold', {});
    await refreshTree();
    // The engine's watcher may not see crds/ appear in a folder that had none: reload the schemas, so the
    // input opens knowing its kind (through the command, as the run feature owns the schemas).
    await commands.execute('run.refreshSchemas');
    const input = files.find((f) => f.startsWith('in/'));
    if (input) await openFile(input);
    notify('info', `Created a Choreo project: ${files.length} files. Press F5 (Run once) to run it.`);
    return true;
  } catch (err) {
    notify('error', `Could not create the Choreo project: ${errorMessage(err)}`);
    return false;
  }
}

/** Browse… : the native picker where there is one; in browser mode the host says `unavailable`. */
export async function pickFolder(): Promise<{ root: string | null; unavailable: boolean }> {
  try {
    const { root } = await invoke('project.pickFolder', {});
    return { root, unavailable: false };
  } catch (err) {
    if (errorCode(err) === 'unavailable') return { root: null, unavailable: true };
    notify('error', `Could not show the folder picker: ${errorMessage(err)}`);
    return { root: null, unavailable: false };
  }
}

async function adoptProject(info: NonNullable<EventPayload<'project.opened'>>): Promise<void> {
  await switchProjectBuffers(info.root, async () => {
    useProject.getState().setProject(info);
    useLayout.getState().restore(parseLayout(storage?.getItem(layoutStorageKey(info.root)) ?? null));
    if (typeof document !== 'undefined') document.title = `${info.name} — Choreo Studio`;
    await refreshTree();
  });
  invoke('project.recent', {})
    .then((r) => useProject.getState().setRecent(r))
    .catch(() => {});
}

/** Drops a folder from the recent list (the folder stays on disk). */
export async function removeRecent(root: string): Promise<void> {
  try {
    useProject.getState().setRecent(await invoke('project.recent.remove', { root }));
  } catch (err) {
    notify('error', `Could not remove ${root} from the recent list: ${errorMessage(err)}`);
  }
}

export async function refreshTree(): Promise<void> {
  try {
    useProject.getState().setTree(await invoke('project.tree', {}));
  } catch (err) {
    notify('error', `Could not list the project files: ${errorMessage(err)}`);
  }
}

let treeTimer: ReturnType<typeof setTimeout> | undefined;
/** Many watcher events arrive together (a git checkout); list the tree once after they settle. */
function refreshTreeSoon(): void {
  clearTimeout(treeTimer);
  treeTimer = setTimeout(() => void refreshTree(), 120);
}

function defaultStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Saves the layout per project whenever it changes. */
function persistLayout(): () => void {
  return useLayout.subscribe((s) => {
    const root = useProject.getState().info?.root;
    if (!root) return;
    storage?.setItem(layoutStorageKey(root), JSON.stringify(pickPersisted(s)));
  });
}
