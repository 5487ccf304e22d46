// The host side of browser mode's folder browser (project.folders): lists the sub-folders of one folder
// below the browse root, one level at a time, so a user without a native dialog can find a project.
// Confinement: every path is resolved to its real path (symbolic links followed) and must stay inside the
// browse root; the app data folder (secrets and their key) and system trees are refused even there
// (folder-rules.ts). Files are never listed, nothing is read but folder names and what they contain at
// their top level (to mark Choreo projects and git work trees).
import type { Dirent } from 'node:fs';
import { promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MAX_FOLDER_ENTRIES, type FolderEntry, type FolderKind, type FolderListing } from '../../src-shared/ipc/channels/folder-browser.js';
import { LEGACY_APIS_FOLDER, DEFAULT_FOLDERS } from '../engine/index.js';
import { isInside } from './confine.js';
import { ProjectError } from './errors.js';
import { forbiddenBrowseFolder } from './folder-rules.js';

export interface FolderBrowserOptions {
  /** The folder nothing above which is listed (the user's home by default; `server start --browse-root`). */
  root: string;
  /** The app data folder: refused even when it is inside the root. */
  appDataDir: string;
}

/** Folders whose contents are checked at once when marking the entries (a home folder has a few hundred). */
const KIND_CHECK_CONCURRENCY = 16;

const collator = new Intl.Collator(undefined, {
  numeric: true,
  sensitivity: 'base',
});

/**
 * Lists the sub-folders of `path` (absolute; default: the root). Throws a ProjectError: `path-escape`
 * outside the root or in a refused folder, `not-found` for a missing path or a file, `io` when unreadable.
 */
export async function listFolders(options: FolderBrowserOptions, path?: string): Promise<FolderListing> {
  const root = await realRoot(options.root);
  const shown = path ?? root;
  const dir = await realFolder(resolve(shown), shown);
  if (!isInside(root, dir)) {
    throw new ProjectError(
      'path-escape',
      `"${shown}" is outside the folders this server lets you browse (${root}). Type the folder's path in the Open field instead, or start the server with --browse-root.`,
      shown,
    );
  }
  const refused = await forbiddenBrowseFolder(dir, options.appDataDir);
  if (refused) throw new ProjectError('path-escape', `"${shown}" cannot be browsed: ${refused}.`, shown);

  let dirents: Dirent[];
  try {
    dirents = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new ProjectError('io', `Cannot read the folder "${dir}": ${(err as Error).message}`, dir);
  }
  const candidates = dirents.filter((d) => d.isDirectory() || d.isSymbolicLink()).sort((a, b) => collator.compare(a.name, b.name));
  const entries: FolderEntry[] = [];
  let truncated = false;
  // Symbolic links are followed only to folders that stay inside the root and are not refused.
  for (let i = 0; i < candidates.length; i += KIND_CHECK_CONCURRENCY) {
    const batch = await Promise.all(candidates.slice(i, i + KIND_CHECK_CONCURRENCY).map((d) => entryOf(dir, d, root, options.appDataDir)));
    for (const e of batch) {
      if (!e) continue;
      if (entries.length === MAX_FOLDER_ENTRIES) {
        truncated = true;
        break;
      }
      entries.push(e);
    }
    if (truncated) break;
  }
  return {
    root,
    path: dir,
    parent: dir === root ? null : dirname(dir),
    kind: await folderKind(dir),
    entries,
    truncated,
  };
}

async function realRoot(root: string): Promise<string> {
  try {
    const real = await fs.realpath(resolve(root));
    if (!(await fs.stat(real)).isDirectory()) throw new Error('it is not a folder');
    return real;
  } catch (err) {
    throw new ProjectError('unavailable', `The folder browser's root "${root}" cannot be used (${(err as Error).message}); start the server with --browse-root DIR.`, root);
  }
}

/** The real path of a folder the user asked for, with a readable error when it is missing or a file. */
async function realFolder(absolute: string, shown: string): Promise<string> {
  let real: string;
  try {
    real = await fs.realpath(absolute);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ProjectError('not-found', `The folder "${shown}" does not exist.`, shown);
    throw new ProjectError('io', `Cannot open "${shown}": ${(err as Error).message}`, shown);
  }
  const st = await fs.stat(real).catch(() => null);
  if (!st?.isDirectory()) throw new ProjectError('not-found', `"${shown}" is a file, not a folder.`, shown);
  return real;
}

async function entryOf(dir: string, d: Dirent, root: string, appDataDir: string): Promise<FolderEntry | null> {
  let path = join(dir, d.name);
  if (d.isSymbolicLink()) {
    const real = await fs.realpath(path).catch(() => null);
    if (!real || !isInside(root, real)) return null;
    const st = await fs.stat(real).catch(() => null);
    if (!st?.isDirectory()) return null;
    path = real;
  }
  if (await forbiddenBrowseFolder(path, appDataDir)) return null;
  return {
    name: d.name,
    path,
    kind: await folderKind(path),
    hidden: d.name.startsWith('.'),
  };
}

/** A Choreo project has its APIs folder (crds/, or apis/ in earlier projects) and in/ or reconcilers/. */
async function folderKind(dir: string): Promise<FolderKind> {
  let names: Set<string>;
  try {
    names = new Set((await fs.readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name));
  } catch {
    return 'folder'; // unreadable: listed, and says so when opened
  }
  const apis = names.has(DEFAULT_FOLDERS.apis) || names.has(LEGACY_APIS_FOLDER);
  if (apis && (names.has(DEFAULT_FOLDERS.input) || names.has(DEFAULT_FOLDERS.reconcilers))) return 'choreo';
  return names.has('.git') ? 'git' : 'folder';
}
