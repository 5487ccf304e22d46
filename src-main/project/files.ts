// File access for the open project: the explorer tree, reads and atomic writes with conflict
// detection. Every path is project-relative and goes through confinePath first.
import { createHash } from 'node:crypto';
import { promises as fs, type Dirent } from 'node:fs';
import { basename, join } from 'node:path';
import type { ChoreoRole, FileContent, FileNode } from '../../src-shared/ipc/contract.js';
import type { z } from 'zod';
import { ProjectError } from './errors.js';
import { NotRegularFileError, readRegularFile, specialFileKind, writeFileAtomic, isTempName, chooseFolders, DEFAULT_FOLDERS, type ProjectFolders } from '../engine/index.js';
import { confinePath, isInside } from './confine.js';
import { CHOREO_DIR } from '../../src-shared/project/choreo-dir.js';
import { MAX_EDITOR_FILE_BYTES } from '../../src-shared/ipc/limits.js';

export type Role = z.infer<typeof ChoreoRole>;

/** Folders never shown or watched: version control, dependencies and our own caches. */
export const SKIPPED_DIRS = new Set(['.git', 'node_modules', CHOREO_DIR]);
/** Editors hold files in memory; anything larger is not a Choreo source. The same limit applies to saving. */
export const MAX_READ_BYTES = MAX_EDITOR_FILE_BYTES;
/** Keeps a huge folder (a mistaken home directory) from freezing the explorer. */
export const MAX_TREE_NODES = 20_000;

/** Called after each successful write, e.g. so the watcher does not report our own writes. */
export type WriteListener = (projectPath: string, hash: string) => void;

export function hashContent(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The explorer role of each of a project's folders (`crds` names the APIs folder, whatever it is called). */
function folderRoles(folders: ProjectFolders): [folder: string, role: Role][] {
  return [
    [folders.apis, 'crds'],
    [folders.input, 'in'],
    [folders.reconcilers, 'reconcilers'],
    [folders.libraries, 'libs'],
    [folders.refs, 'refs'],
  ];
}

/**
 * The role of a project-relative path: that of the project folder it is in (default folders unless
 * given), the innermost one when folders nest (`--apis defs --input defs/in`).
 */
export function roleOf(projectPath: string, folders: ProjectFolders = DEFAULT_FOLDERS): Role {
  let best: [folder: string, role: Role] | undefined;
  for (const [folder, role] of folderRoles(folders)) {
    const inside = projectPath === folder || projectPath.startsWith(folder + '/');
    if (inside && (!best || folder.length > best[0].length)) best = [folder, role];
  }
  return best?.[1] ?? 'other';
}

export async function readProjectFile(root: string, path: string): Promise<FileContent> {
  const file = confinePath(root, path);
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (err) {
    throw fsError(err, path);
  }
  if (stat.isDirectory()) throw new ProjectError('io', `"${path}" is a folder, not a file.`, path);
  const special = specialFileKind(stat);
  if (special) throw fsError(new NotRegularFileError(path, special), path);
  if (stat.size > MAX_READ_BYTES) {
    throw new ProjectError('io', `"${path}" is ${Math.round(stat.size / 1e6)} MB, too large to open in the editor (the limit for opening and saving is ${MAX_READ_BYTES / 1024 / 1024} MB).`, path);
  }
  try {
    const content = await readRegularFile(file, 'utf8');
    return { path, content, hash: hashContent(content) };
  } catch (err) {
    throw fsError(err, path);
  }
}

/** The editor reads files up to MAX_READ_BYTES; it must not write one it could not open again. */
export function refuseTooLarge(path: string, content: string): void {
  const bytes = Buffer.byteLength(content);
  if (bytes > MAX_READ_BYTES) {
    throw new ProjectError('invalid-request', `"${path}" would be ${Math.round(bytes / 1e6)} MB; the editor opens and saves files up to ${MAX_READ_BYTES / 1024 / 1024} MB. Nothing was written. Edit such a file outside the app.`, path);
  }
}

/**
 * Writes a project file atomically. With `expectedHash`, refuses (code `conflict`) when the file on
 * disk no longer has that content, so an external change is never silently overwritten.
 * Missing parent folders are created (inside the project only).
 */
export async function writeProjectFile(
  root: string,
  path: string,
  content: string,
  expectedHash?: string,
  onWritten?: WriteListener,
): Promise<{ hash: string }> {
  const file = confinePath(root, path);
  refuseTooLarge(path, content);
  if (expectedHash !== undefined) {
    let current: string | undefined;
    try {
      current = hashContent(await readRegularFile(file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError(err, path);
    }
    if (current === undefined) {
      throw new ProjectError('conflict', `"${path}" was deleted on disk since you opened it. Save again without the check to recreate it, or close the editor.`, path);
    }
    if (current !== expectedHash) {
      throw new ProjectError('conflict', `"${path}" changed on disk since you opened it. Reload it, or overwrite the version on disk.`, path);
    }
  }
  try {
    await fs.mkdir(join(file, '..'), { recursive: true });
    await writeFileAtomic(file, content, { syncFolder: true });
  } catch (err) {
    throw fsError(err, path);
  }
  const hash = hashContent(content);
  onWritten?.(path, hash);
  return { hash };
}

/**
 * The explorer tree: folders first, then files, each sorted by name; skipped folders left out. Roles
 * follow the folders the engine reads (`folders`: `server start --apis …`; an earlier project's `apis/`
 * is its APIs folder when it has no `crds/`).
 */
export async function buildTree(root: string, folders: Partial<ProjectFolders> = {}): Promise<FileNode> {
  const budget = { left: MAX_TREE_NODES };
  const children = await listDir(root, root, '', budget, (top) => chooseFolders(folders, new Set(top.filter((e) => e.isDirectory()).map((e) => e.name))));
  return { name: basename(root) || root, path: '', kind: 'dir', role: 'other', children };
}

async function listDir(
  root: string,
  dir: string,
  prefix: string,
  budget: { left: number },
  foldersOf: ProjectFolders | ((top: Dirent[]) => ProjectFolders),
): Promise<FileNode[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return []; // unreadable folder: shown empty rather than failing the whole tree
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const folders = typeof foldersOf === 'function' ? foldersOf(entries) : foldersOf;
  const dirs: FileNode[] = [];
  const files: FileNode[] = [];
  for (const entry of entries) {
    if (budget.left <= 0) break;
    if (isTempName(entry.name)) continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    const abs = join(dir, entry.name);
    let kind: 'file' | 'dir' | undefined = entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : undefined;
    if (entry.isSymbolicLink()) kind = await symlinkKind(root, abs);
    if (kind === undefined) continue;
    if (kind === 'dir' && SKIPPED_DIRS.has(entry.name)) continue;
    budget.left--;
    if (kind === 'dir') {
      // Symlinked folders are listed but not descended into: that could loop.
      const children = entry.isSymbolicLink() ? [] : await listDir(root, abs, path, budget, folders);
      dirs.push({ name: entry.name, path, kind, role: roleOf(path, folders), children });
    } else {
      files.push({ name: entry.name, path, kind, role: roleOf(path, folders) });
    }
  }
  return [...dirs, ...files];
}

/** Links that point outside the project are hidden, as the renderer could not open them anyway. */
async function symlinkKind(root: string, abs: string): Promise<'file' | 'dir' | undefined> {
  try {
    const real = await fs.realpath(abs);
    if (!isInside(root, real)) return undefined;
    const stat = await fs.stat(real);
    return stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/** Turns a Node file-system error into a ProjectError that names the project path. */
export function fsError(err: unknown, path: string): Error {
  if (err instanceof ProjectError) return err;
  if (err instanceof NotRegularFileError) return new ProjectError('io', NotRegularFileError.explain(`"${path}"`, err.what), path);
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return new ProjectError('not-found', `"${path}" does not exist in the project.`, path);
    case 'EACCES':
    case 'EPERM':
      return new ProjectError('io', `No permission to access "${path}". Check the file's permissions.`, path);
    case 'EISDIR':
      return new ProjectError('io', `"${path}" is a folder, not a file.`, path);
    case 'ENOTDIR':
      return new ProjectError('io', `A part of "${path}" is a file, not a folder.`, path);
    case 'ENOSPC':
      return new ProjectError('io', `The disk is full; "${path}" was not written.`, path);
    default:
      return new ProjectError('io', `Could not access "${path}": ${e.message ?? String(err)}`, path);
  }
}
