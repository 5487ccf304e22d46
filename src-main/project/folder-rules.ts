// Which folders of the machine the app may open as a project, and which it may list in the browser-mode
// folder browser. Every file channel can read and write the whole open project, so the app data folder
// (encrypted secrets and their key, credentials) must never be inside one, and system folders are refused.
// The one place inside the app data folder that is a project location is the app's own clone workspace
// (`<appData>/workspaces/<repository>`, choreo mode): a clone there holds only what the remote holds.
import { promises as fs } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** The folder of the app data folder that holds choreo-mode clones (project/workspace.ts). */
export const WORKSPACES_FOLDER = 'workspaces';

/** System folders: opening one would hand every file channel the machine's configuration. */
export const SYSTEM_FOLDERS = ['/', '/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/proc', '/root', '/run', '/sbin', '/sys', '/usr', '/var', '/System', '/Library', '/private'];
/** Folders whose whole subtree is refused as well (opened, and listed by the folder browser). */
export const SYSTEM_TREES = ['/boot', '/dev', '/etc', '/proc', '/sys', '/System', '/private/etc'];

export function within(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Strictly below `parent` (not `parent` itself). */
function below(parent: string, child: string): boolean {
  return within(parent, child) && relative(parent, child) !== '';
}

async function realAppData(appDataDir: string): Promise<string> {
  return fs.realpath(appDataDir).catch(() => resolve(appDataDir));
}

function windowsSystemFolder(root: string): boolean {
  if (process.platform !== 'win32') return false;
  const win = root.replace(/\\/g, '/').toLowerCase();
  return /^[a-z]:\/?$/.test(win) || /^[a-z]:\/(windows|program files)/.test(win);
}

/**
 * Why `root` (a real path) must not be a project, or undefined: the app data folder, a folder inside it or
 * one that contains it (except a clone in the app's workspaces folder), and system folders.
 */
export async function forbiddenProjectFolder(root: string, appDataDir: string): Promise<string | undefined> {
  const appData = await realAppData(appDataDir);
  if (within(appData, root) && !below(join(appData, WORKSPACES_FOLDER), root)) {
    return `it is the app's data folder (${appData}) or inside it, where secrets and their key are kept`;
  }
  if (within(root, appData)) return `it contains the app's data folder (${appData}), where secrets and their key are kept`;
  if (windowsSystemFolder(root)) return 'it is a system folder';
  if (SYSTEM_FOLDERS.includes(root) || SYSTEM_TREES.some((t) => within(t, root))) return 'it is a system folder';
  return undefined;
}

/**
 * Why the folder browser must not list `dir` (a real path), or undefined. Browsing passes through `/` and
 * `/usr` to reach a project, so only the app data folder and the system trees (/etc, /proc, …) are refused.
 */
export async function forbiddenBrowseFolder(dir: string, appDataDir: string): Promise<string | undefined> {
  const appData = await realAppData(appDataDir);
  if (within(appData, dir)) return `it is the app's data folder (${appData}) or inside it`;
  if (SYSTEM_TREES.some((t) => within(t, dir))) return 'it is a system folder';
  return undefined;
}
