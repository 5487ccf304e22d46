// File operations of the explorer: create, rename/move, delete and restore. Nothing is ever
// overwritten, and a delete moves the entry into a project-local trash (`.choreo/trash/<id>/`) so it
// can be undone. Every path is confined to the project root; the entry itself is not followed when
// it is a symbolic link (renaming a link renames the link), but a link that leads outside the
// project is refused like any other escape.
import { randomBytes } from 'node:crypto';
import { promises as fs, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TrashEntry } from '../../src-shared/ipc/channels/files.js';
import { ProjectError } from './errors.js';
import { TEMP_SUFFIX, ensureChoreoDir } from '../engine/index.js';
import { confinePath, isInside } from './confine.js';
import { fsError, hashContent, refuseTooLarge } from './files.js';
import { CHOREO_DIR, CHOREO_PATHS } from '../../src-shared/project/choreo-dir.js';

export type EntryKind = 'file' | 'dir';

/** Inside one trash folder: the entry's metadata, and the entry under its original path. */
const TRASH_META = 'entry.json';
const TRASH_FILES = 'files';
/** Top-level folders these operations never touch: tool state, not user files. */
const PROTECTED = new Set(['.git', CHOREO_DIR]);

/** A project path resolved for an operation on the entry itself. */
interface Entry {
  /** Normalised project path (`a/b.yaml`). */
  path: string;
  /** Absolute path: the real parent folder plus the entry's own name (not followed if a link). */
  abs: string;
}

/**
 * Resolves `projectPath` for an operation on the entry itself: the parent folder goes through
 * confinePath (so `..`, absolute paths and escaping links on the way are refused), the last segment is
 * kept as is. An existing entry that is a link leading outside the project is refused too.
 */
export async function confineEntry(root: string, projectPath: string): Promise<Entry> {
  const segments = projectPath.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
  // confinePath refuses '..', absolute paths and NUL bytes with a path-escape error naming the path.
  confinePath(root, projectPath);
  if (segments.length === 0) throw new ProjectError('invalid-request', 'This operation needs a file or folder inside the project, not the project folder itself.', projectPath);
  if (PROTECTED.has(segments[0])) {
    throw new ProjectError('invalid-request', `"${projectPath}" is managed by git or Choreo Studio and cannot be changed from the explorer.`, projectPath);
  }
  const name = segments[segments.length - 1];
  if (name.endsWith(TEMP_SUFFIX)) throw new ProjectError('invalid-request', `Names ending in "${TEMP_SUFFIX}" are reserved for temporary files; choose another name.`, projectPath);
  const parent = confinePath(root, segments.slice(0, -1).join('/') || '.');
  const abs = join(parent, name);
  const stat = await lstatOrUndefined(abs, projectPath);
  if (stat?.isSymbolicLink()) {
    let real: string | undefined;
    try {
      real = await fs.realpath(abs);
    } catch {
      real = undefined; // a dangling link: harmless to move or delete
    }
    if (real !== undefined && !isInside(root, real)) {
      throw new ProjectError('path-escape', `Refused path "${projectPath}": it is a symbolic link that leads outside the project. Change it in a terminal if you mean to.`, projectPath);
    }
  }
  return { path: segments.join('/'), abs };
}

/** Creates a file with `content`, atomically and without ever replacing an existing entry. */
export async function createFile(root: string, path: string, content = ''): Promise<{ path: string; hash: string }> {
  refuseTooLarge(path, content);
  const entry = await confineEntry(root, path);
  await refuseExisting(entry);
  try {
    await fs.mkdir(dirname(entry.abs), { recursive: true });
  } catch (err) {
    throw fsError(err, path);
  }
  // Write a temp file, then hard-link it into place: link() fails with EEXIST instead of replacing,
  // so a file that appears meanwhile is never overwritten and nobody sees a half-written file.
  const temp = join(dirname(entry.abs), `.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  try {
    await fs.writeFile(temp, content, { flag: 'wx' });
    try {
      await fs.link(temp, entry.abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw existsError(entry.path);
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
      // No hard links on this file system (FAT, some network shares): exclusive create instead.
      await fs.writeFile(entry.abs, content, { flag: 'wx' });
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw existsError(entry.path);
    throw fsError(err, path);
  } finally {
    await fs.rm(temp, { force: true });
  }
  return { path: entry.path, hash: hashContent(content) };
}

/** Creates a folder and any missing parents; refuses when the path exists. */
export async function createDir(root: string, path: string): Promise<{ path: string }> {
  const entry = await confineEntry(root, path);
  await refuseExisting(entry);
  try {
    await fs.mkdir(dirname(entry.abs), { recursive: true });
    await fs.mkdir(entry.abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw existsError(entry.path);
    throw fsError(err, path);
  }
  return { path: entry.path };
}

/** Renames or moves a file or folder. Missing parent folders of the target are created. */
export async function renameEntry(root: string, from: string, to: string): Promise<{ from: string; to: string; kind: EntryKind }> {
  const source = await confineEntry(root, from);
  const target = await confineEntry(root, to);
  const stat = await lstatOrUndefined(source.abs, from);
  if (!stat) throw new ProjectError('not-found', `"${source.path}" does not exist in the project (it may have been moved or deleted).`, source.path);
  const kind = kindOf(stat);
  if (source.path === target.path) return { from: source.path, to: target.path, kind };
  if (kind === 'dir' && (target.path + '/').startsWith(source.path + '/')) {
    throw new ProjectError('invalid-request', `Cannot move the folder "${source.path}" into itself ("${target.path}").`, target.path);
  }
  const existing = await lstatOrUndefined(target.abs, to);
  // A case-only rename (a.yaml -> A.yaml) on a case-insensitive disk finds the source itself.
  if (existing && !(existing.ino === stat.ino && existing.dev === stat.dev)) throw existsError(target.path);
  try {
    await fs.mkdir(dirname(target.abs), { recursive: true });
    await fs.rename(source.abs, target.abs);
  } catch (err) {
    throw fsError(err, source.path);
  }
  return { from: source.path, to: target.path, kind };
}

/** Moves a file or folder into the trash; the returned entry names it for `restoreEntry`. */
export async function deleteEntry(root: string, path: string, now: Date = new Date()): Promise<TrashEntry> {
  const entry = await confineEntry(root, path);
  const stat = await lstatOrUndefined(entry.abs, path);
  if (!stat) throw new ProjectError('not-found', `"${entry.path}" does not exist in the project (it may already be deleted).`, entry.path);
  const id = `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  await ensureChoreoDir(root);
  const trash = join(root, CHOREO_PATHS.trash, id);
  const record: TrashEntry = { id, path: entry.path, kind: kindOf(stat), deletedAt: now.toISOString() };
  const stored = join(trash, TRASH_FILES, ...entry.path.split('/'));
  try {
    await fs.mkdir(dirname(stored), { recursive: true });
    // The metadata goes first: a trash folder is never left without the record of where it came from.
    await fs.writeFile(join(trash, TRASH_META), JSON.stringify(record, null, 2) + '\n');
    await moveAcrossDevices(entry.abs, stored);
  } catch (err) {
    await fs.rm(trash, { recursive: true, force: true }).catch(() => {});
    throw fsError(err, entry.path);
  }
  return record;
}

/** Puts a trashed entry back at its old place (or `to`), refusing to overwrite what is there now. */
export async function restoreEntry(root: string, id: string, to?: string): Promise<{ path: string; kind: EntryKind }> {
  const record = await readTrashRecord(root, id);
  const target = await confineEntry(root, to ?? record.path);
  await refuseExisting(target, `Restoring would overwrite "${target.path}", which exists again. Rename or move it first, or restore to another path.`);
  const trash = join(root, CHOREO_PATHS.trash, id);
  const stored = join(trash, TRASH_FILES, ...record.path.split('/'));
  try {
    await fs.mkdir(dirname(target.abs), { recursive: true });
    await moveAcrossDevices(stored, target.abs);
  } catch (err) {
    throw fsError(err, target.path);
  }
  await fs.rm(trash, { recursive: true, force: true });
  return { path: target.path, kind: record.kind };
}

/** The trash, newest first. Folders without a readable record are left out (and left alone). */
export async function listTrash(root: string): Promise<TrashEntry[]> {
  let ids: string[];
  try {
    ids = await fs.readdir(join(root, CHOREO_PATHS.trash));
  } catch {
    return [];
  }
  const out: TrashEntry[] = [];
  for (const id of ids) {
    try {
      out.push(await readTrashRecord(root, id));
    } catch {
      // not one of ours
    }
  }
  return out.sort((a, b) => b.deletedAt.localeCompare(a.deletedAt) || b.id.localeCompare(a.id));
}

async function readTrashRecord(root: string, id: string): Promise<TrashEntry> {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new ProjectError('invalid-request', `"${id}" is not a trash entry id.`, id);
  let raw: string;
  try {
    raw = await fs.readFile(join(root, CHOREO_PATHS.trash, id, TRASH_META), 'utf8');
  } catch {
    throw new ProjectError('not-found', `The trash has no entry "${id}" (it was restored or emptied).`, id);
  }
  const damaged = (why: string) => new ProjectError('io', `The trash entry "${id}" is damaged (${join(CHOREO_PATHS.trash, id, TRASH_META)}): ${why}. Its files are left where they are.`, id);
  let record: TrashEntry;
  try {
    record = JSON.parse(raw) as TrashEntry;
  } catch {
    throw damaged('its record is not JSON');
  }
  if (typeof record.path !== 'string' || (record.kind !== 'file' && record.kind !== 'dir')) throw damaged('its record has no path or kind');
  // A record is a file in the project, so anyone who can write one could forge it: the entry it names
  // must be a project path, and its stored copy must be inside this trash folder (no `..`, no link out).
  try {
    confinePath(root, record.path);
    const trashFolder = confinePath(root, `${CHOREO_PATHS.trash}/${id}`);
    if (!isInside(trashFolder, confinePath(root, `${CHOREO_PATHS.trash}/${id}/${TRASH_FILES}/${record.path}`))) throw damaged('its stored copy is outside it');
  } catch (err) {
    if (err instanceof ProjectError && err.code === 'path-escape') throw damaged(`it names a path outside the project ("${record.path}")`);
    throw err;
  }
  return { ...record, id };
}

/** rename(), or copy + remove when the two places are on different devices (a mount inside the project). */
async function moveAcrossDevices(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await fs.cp(from, to, { recursive: true, errorOnExist: true, force: false, verbatimSymlinks: true, preserveTimestamps: true });
    await fs.rm(from, { recursive: true, force: true });
  }
}

async function refuseExisting(entry: Entry, message?: string): Promise<void> {
  if (await lstatOrUndefined(entry.abs, entry.path)) {
    throw new ProjectError('conflict', message ?? existsError(entry.path).message, entry.path);
  }
}

function existsError(path: string): ProjectError {
  return new ProjectError('conflict', `"${path}" already exists. Choose another name, or rename or delete the existing one first.`, path);
}

async function lstatOrUndefined(abs: string, path: string): Promise<Stats | undefined> {
  try {
    return await fs.lstat(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw fsError(err, path);
  }
}

function kindOf(stat: Stats): EntryKind {
  return stat.isDirectory() ? 'dir' : 'file';
}
