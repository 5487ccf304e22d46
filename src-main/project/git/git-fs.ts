// The file system handed to isomorphic-git. isomorphic-git writes `.git/index`, refs and loose objects
// with a plain writeFile, so a crash at the wrong moment left a 0-byte ref (the next commit became a root
// commit, orphaning history), a 0-byte object that `git add` never rewrote (it only checks existence)
// or a torn index. This wrapper makes every write into the git directory follow git's own lock-file
// protocol — create `<file>.lock` exclusively, write, fsync, rename over `<file>`, fsync the folder — so
// a reader (us or the git program) sees the old or the new file, never a part, and a concurrent git
// process is kept out. Loose objects that exist but are empty or do not inflate are removed when
// isomorphic-git asks whether they exist, so writing the object again repairs it.
import { createHash, randomBytes } from 'node:crypto';
import nodeFs, { promises as fsp } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { GitError } from './errors.js';

/** What isomorphic-git needs: an object whose enumerable `promises` holds the fs functions it calls. */
export interface GitFs {
  promises: typeof fsp;
}

/** How long a write waits for a lock held by someone else before it reports it (ms). */
const LOCK_WAIT_MS = 2_000;

const LOOSE_OBJECT = /[/\\]objects[/\\][0-9a-f]{2}[/\\][0-9a-f]{38}$/;

export function isLooseObjectPath(file: string): boolean {
  return LOOSE_OBJECT.test(file);
}

/** True when the bytes of a loose object inflate to `<type> <size>\0<size bytes>`. */
export function isValidLooseObject(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  try {
    const raw = inflateSync(bytes);
    const nul = raw.indexOf(0);
    const m = nul > 0 ? /^(blob|tree|commit|tag) (\d+)$/.exec(raw.toString('latin1', 0, nul)) : null;
    return m !== null && Number(m[2]) === raw.length - nul - 1;
  } catch {
    return false;
  }
}

/** A file of the git directory is locked: another git program is writing it, or one was killed. */
export function lockedError(lockFile: string): GitError {
  return new GitError('locked', `${lockFile} exists: another git program is writing this repository, or one was interrupted.`, {
    hint: 'If no git program is running, run `choreo git repair` (it removes stale lock files and keeps their content aside).',
    files: [lockFile],
  });
}

/**
 * Replaces `file` through `<file>.lock` (git's lock-file protocol). The lock is created exclusively;
 * while someone else holds it we wait up to LOCK_WAIT_MS, then report it as a typed `locked` error.
 */
export async function writeThroughLock(file: string, data: string | Uint8Array, options: { mode?: number; encoding?: BufferEncoding } = {}): Promise<void> {
  const lock = `${file}.lock`;
  const handle = await openLock(lock, options.mode);
  try {
    try {
      await handle.writeFile(typeof data === 'string' ? Buffer.from(data, options.encoding ?? 'utf8') : data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(lock, file);
  } catch (err) {
    await fsp.rm(lock, { force: true });
    throw err;
  }
  await syncDir(path.dirname(file));
}

/**
 * Writes `file` through `temp` (created exclusively, fsynced) renamed into place. The temp name is fixed
 * by the caller from what is written, so every run of a command writes the same paths (the fault suite
 * kills at them); when a killed writer left that name behind, a random suffix is added.
 */
async function writeThroughTemp(file: string, temp: string, data: Uint8Array, mode: number): Promise<void> {
  await fsp.mkdir(path.dirname(temp), { recursive: true });
  await fsp.mkdir(path.dirname(file), { recursive: true });
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(temp, 'wx', mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    temp = `${temp}_${randomBytes(6).toString('hex')}`;
    handle = await fsp.open(temp, 'wx', mode);
  }
  try {
    try {
      await handle.writeFile(data);
      // the umask applies at creation: an executable must stay one
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, file);
  } catch (err) {
    await fsp.rm(temp, { force: true });
    throw err;
  }
  await syncDir(path.dirname(file));
}

/** A loose object, as git writes it: a `tmp_obj_*` file of its folder renamed into place, read-only. */
export async function writeLooseObject(file: string, data: Uint8Array): Promise<void> {
  await writeThroughTemp(file, path.join(path.dirname(file), `${TEMP_OBJECT_PREFIX}${path.basename(file)}`), data, 0o444);
}

/**
 * A working-tree file (checkout, stash, merge): through a temp file inside the git directory, so the temp
 * never shows in `git status`, and a killed checkout leaves every file either old or new, never torn.
 */
export async function writeWorktreeFile(gitdir: string, file: string, data: Uint8Array, mode: number): Promise<void> {
  const temp = path.join(gitdir, WORKTREE_TEMP_DIR, createHash('sha1').update(path.relative(gitdir, file)).digest('hex'));
  try {
    await writeThroughTemp(file, temp, data, mode);
  } catch (err) {
    // The git directory is on another file system (a `.git` file pointing elsewhere): rename cannot
    // cross it, so write in place as isomorphic-git would.
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await fsp.writeFile(file, data, { mode });
  }
}

/** Folder of the git directory holding working-tree temp files; `choreo git repair` empties it. */
export const WORKTREE_TEMP_DIR = 'choreo-tmp';

/** git's own prefix for object temp files: `git prune` and `choreo git repair` remove stale ones. */
export const TEMP_OBJECT_PREFIX = 'tmp_obj_';

async function openLock(lock: string, mode: number | undefined): Promise<fsp.FileHandle> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    try {
      return await fsp.open(lock, 'wx', mode ?? 0o666);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        await fsp.mkdir(path.dirname(lock), { recursive: true });
        continue;
      }
      if (code !== 'EEXIST') throw err;
      if (Date.now() > deadline) throw lockedError(lock);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r').catch(() => undefined);
  try {
    await handle?.sync();
  } catch {
    // some file systems refuse fsync on a folder; the rename itself is still atomic
  } finally {
    await handle?.close();
  }
}

function notFound(file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOENT: no such file or directory, stat '${file}'`), { code: 'ENOENT', errno: -2, syscall: 'stat', path: file });
}

/**
 * The fs for one git directory: writes inside `gitdir` go through the lock-file protocol (objects through
 * their temp file), writes to the working tree through a temp file in the git directory. `stat` of a damaged loose object removes it
 * and answers "not found", so isomorphic-git writes the object again.
 */
export function crashSafeGitFs(gitdir: string): GitFs & typeof nodeFs {
  const root = path.resolve(gitdir) + path.sep;
  const inGitdir = (file: unknown) => typeof file === 'string' && path.resolve(file).startsWith(root);
  const promises: typeof fsp = Object.create(fsp);
  promises.writeFile = (async (file: unknown, data: unknown, options?: unknown) => {
    if (typeof file !== 'string' || (typeof data !== 'string' && !(data instanceof Uint8Array))) {
      return fsp.writeFile(file as string, data as string, options as nodeFs.WriteFileOptions);
    }
    const opts = typeof options === 'string' ? { encoding: options as BufferEncoding } : ((options ?? {}) as { mode?: number; encoding?: BufferEncoding });
    const bytes = typeof data === 'string' ? Buffer.from(data, opts.encoding ?? 'utf8') : data;
    // isomorphic-git asks for 0o777 for executables and relies on the umask: keep git's two modes.
    if (!inGitdir(file)) return writeWorktreeFile(gitdir, file, bytes, (opts.mode ?? 0) & 0o111 ? 0o755 : 0o644);
    if (isLooseObjectPath(file)) return writeLooseObject(file, bytes);
    return writeThroughLock(file, bytes, { mode: opts.mode });
  }) as typeof fsp.writeFile;
  promises.stat = (async (file: nodeFs.PathLike, opts?: nodeFs.StatOptions) => {
    const st = await fsp.stat(file, opts as nodeFs.StatOptions & { bigint?: false });
    if (typeof file === 'string' && inGitdir(file) && isLooseObjectPath(file) && st.isFile() && !(await looseObjectIsSound(file, st.size))) {
      // A damaged object is worth nothing (no reader can use it); removing it lets the write that is
      // asking repair it, which is the only way its content can come back.
      await fsp.rm(file, { force: true });
      throw notFound(file);
    }
    return st;
  }) as typeof fsp.stat;
  // isomorphic-git looks for an enumerable `promises` property; the rest of node's fs stays available.
  return Object.create(nodeFs, { promises: { value: promises, enumerable: true } }) as GitFs & typeof nodeFs;
}

/** Objects above this size are only checked for emptiness when isomorphic-git probes them (reading is costly). */
const VERIFY_LIMIT = 4 * 1024 * 1024;

async function looseObjectIsSound(file: string, size: number): Promise<boolean> {
  if (size === 0) return false;
  if (size > VERIFY_LIMIT) return true;
  const bytes = await fsp.readFile(file).catch(() => undefined);
  return bytes === undefined || isValidLooseObject(bytes);
}
