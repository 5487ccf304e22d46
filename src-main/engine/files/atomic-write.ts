// The one atomic file writer (design.md §4): every file the app, the CLI or the engine writes — project
// files from the editor, settings, secrets, the store, snapshots, delivery state — goes through a temp
// file in the same folder (same file system, so the rename is atomic), is fsynced, and is renamed over the
// target. Readers (the engine, git, other editors) see the old or the new content, never a half-written
// file, and a process killed at any point leaves the original intact.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /**
   * Also fsync the folder after the rename, so the new name survives a power cut. Files a user wrote
   * (the editor, settings, secrets) ask for it; the store and snapshots do not, as they write many files
   * per run and recover a lost generation on the next start.
   */
  syncFolder?: boolean;
  /**
   * The temp file's name (before the suffix) for a target whose name changes every run, such as a file
   * named after its snapshot: temp paths must repeat from run to run (see openTemp). Default `.<name>`.
   */
  tempName?: string;
}

/**
 * Ends every temp file name we write: the watcher, the file tree and `git status` leave such files out,
 * and cleaners recognise them.
 */
export const TEMP_SUFFIX = '.choreo-tmp';

export function isTempName(name: string): boolean {
  return name.endsWith(TEMP_SUFFIX);
}

let counter = 0;

/**
 * Creates the temp file for `file`: `.<name>.choreo-tmp`, the same name in every run (the fault suite kills a
 * command at the Nth write of a path, so paths must repeat), or a unique name when that one is taken
 * (another writer, or a leftover of a killed one, which the store removes under its lock). The temp file
 * gets the target's mode, so an executable stays one (the umask applies at creation, hence the chmod).
 */
async function openTemp(file: string, tempName?: string): Promise<{ tmp: string; fh: fs.FileHandle }> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  let mode: number | undefined;
  try {
    mode = (await fs.stat(file)).mode & 0o7777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const base = path.join(dir, tempName ?? `.${path.basename(file)}`);
  const open = async (tmp: string, flags: string) => {
    const fh = await fs.open(tmp, flags, mode ?? 0o666);
    if (mode !== undefined) await fh.chmod(mode);
    return { tmp, fh };
  };
  for (const tmp of [`${base}${TEMP_SUFFIX}`, `${base}.${process.pid}.${++counter}${TEMP_SUFFIX}`]) {
    try {
      return await open(tmp, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return open(`${base}.${process.pid}.${++counter}.${Date.now()}${TEMP_SUFFIX}`, 'w');
}

export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  await writeChunksAtomic(file, [data], options);
}

/** Like writeFileAtomic, for content produced in pieces (no single huge string in memory). */
export async function writeChunksAtomic(file: string, chunks: Iterable<string | Uint8Array>, options: AtomicWriteOptions = {}): Promise<void> {
  const { tmp, fh } = await openTemp(file, options.tempName);
  try {
    try {
      for (const c of chunks) await (typeof c === 'string' ? fh.write(c) : fh.write(c));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  if (options.syncFolder) await syncFolder(path.dirname(file));
}

/** Makes the rename durable; not every platform can open a folder for fsync, so failures are ignored. */
async function syncFolder(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows and some file systems refuse fsync on a folder; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}
