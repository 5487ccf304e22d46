// Atomic file writes: temp file in the same folder, fsync, rename (design.md §4), so a crash never
// leaves a half-written db or snapshot file.
import { promises as fs } from 'node:fs';
import path from 'node:path';

let counter = 0;

/**
 * Ends every temp file name we write (the project writer, project/atomic-write.ts, uses the same): the
 * watcher, the file tree and `git status` leave such files out, and cleaners recognise them.
 */
export const TEMP_SUFFIX = '.choreo-tmp';

export function isTempName(name: string): boolean {
  return name.endsWith(TEMP_SUFFIX);
}

/**
 * Creates the temp file for `file`: `.<name>.choreo-tmp`, the same name in every run (the fault suite kills a
 * command at the Nth write of a path, so paths must repeat), or a unique name when that one is taken
 * (another writer, or a leftover of a killed one, which the store removes under its lock).
 */
async function openTemp(file: string): Promise<{ tmp: string; fh: fs.FileHandle }> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const base = path.join(path.dirname(file), `.${path.basename(file)}`);
  for (const tmp of [`${base}${TEMP_SUFFIX}`, `${base}.${process.pid}.${++counter}${TEMP_SUFFIX}`]) {
    try {
      return { tmp, fh: await fs.open(tmp, 'wx') };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const tmp = `${base}.${process.pid}.${++counter}.${Date.now()}${TEMP_SUFFIX}`;
  return { tmp, fh: await fs.open(tmp, 'w') };
}

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await writeChunksAtomic(file, [data]);
}

/** Like writeFileAtomic, for content produced in pieces (no single huge string in memory). */
export async function writeChunksAtomic(file: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
  const { tmp, fh } = await openTemp(file);
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
}
