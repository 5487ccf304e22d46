// Atomic file replacement: readers (the engine, git, other editors) see either the old or the new
// content, never a half-written file, and a crash mid-write leaves the original intact.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isTempName, TEMP_SUFFIX } from '../engine/store/atomic-write.js';

/** Marks our temp files so the watcher, the file tree and `git status` can ignore them. */
export { TEMP_SUFFIX };

export function isTempFile(name: string): boolean {
  return isTempName(name);
}

/**
 * Writes `content` to `file` through a temp file in the same folder (same file system, so rename is
 * atomic), fsyncs it, keeps the existing file's mode, renames it over the target and fsyncs the folder.
 * The temp file is removed if anything fails.
 */
export async function atomicWriteFile(file: string, content: string | Uint8Array): Promise<void> {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  let mode: number | undefined;
  try {
    mode = (await fs.stat(file)).mode & 0o7777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const handle = await fs.open(temp, 'wx', mode ?? 0o666);
  try {
    try {
      await handle.writeFile(content);
      // The umask applies at creation; set the original mode explicitly so an executable stays one.
      if (mode !== undefined) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

/** Makes the rename durable; not every platform can open a folder for fsync, so failures are ignored. */
async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows and some file systems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}
