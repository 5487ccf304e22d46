// Cross-process locks for state files (issue 18 item 5). Two `choreo` processes (or the app and the CLI)
// that read-modify-write the same file — deployments, config, environments, settings, secrets, the
// history, the engine's store — would otherwise lose one of the two updates while both print success.
//
//   withFileLock(file, fn)        runs fn while holding `<file>.lock`; other processes wait for it
//   updateJsonFile(file, d, fn)   locked read-modify-write of a JSON file, written atomically
//
// The lock is a file created exclusively (O_EXCL) holding `pid host time`. A lock whose process is gone
// (same host, pid not alive) is stale and taken over, so a killed writer never blocks the next one; a
// lock from another host is only taken over once it is older than `staleMs`. Inside one process, callers
// of the same file queue on a promise instead of polling. Locks are not re-entrant: never take the same
// file's lock inside fn.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';

export interface FileLockOptions {
  /** Give up waiting after this long (default 30 s) with a LockTimeoutError naming the holder. */
  timeoutMs?: number;
  /** A lock held by another host counts as abandoned after this long (default 10 min). */
  staleMs?: number;
}

export class LockTimeoutError extends Error {
  constructor(
    readonly lockFile: string,
    holder: string,
  ) {
    super(`${lockFile} is held by ${holder}; waited too long for it. If no choreo program is running, delete ${lockFile} and try again.`);
    this.name = 'LockTimeoutError';
  }
}

const HOST = hostname();
/** In-process queues, one per lock file: the tail of each queue. */
const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` while this process holds the lock of `file` (`<file>.lock`). */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lockFile = `${path.resolve(file)}.lock`;
  const before = queues.get(lockFile) ?? Promise.resolve();
  const run = before.then(
    () => holding(lockFile, fn, options),
    () => holding(lockFile, fn, options),
  );
  const tail = run.catch(() => undefined);
  queues.set(lockFile, tail);
  try {
    return await run;
  } finally {
    if (queues.get(lockFile) === tail) queues.delete(lockFile);
  }
}

/**
 * Read-modify-write of a JSON file under its lock: `update` gets the current value (or `fallback` when
 * the file does not exist) and returns the new one (or mutates it and returns nothing). Written atomically.
 */
export async function updateJsonFile<T>(file: string, fallback: T, update: (current: T) => T | void | Promise<T | void>, options?: FileLockOptions): Promise<T> {
  return withFileLock(
    file,
    async () => {
      let current = fallback;
      try {
        current = JSON.parse(await fs.readFile(file, 'utf8')) as T;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file} is not valid JSON (${(err as Error).message}); move it away to start over`);
      }
      const next = (await update(current)) ?? current;
      await writeFileAtomic(file, JSON.stringify(next, null, 2) + '\n');
      return next;
    },
    options,
  );
}

async function holding<T>(lockFile: string, fn: () => Promise<T>, options: FileLockOptions): Promise<T> {
  await acquire(lockFile, options);
  try {
    return await fn();
  } finally {
    await fs.rm(lockFile, { force: true });
  }
}

async function acquire(lockFile: string, options: FileLockOptions): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const staleMs = options.staleMs ?? 10 * 60_000;
  const stamp = `${process.pid} ${HOST} ${Date.now()}\n`;
  for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
    try {
      await fs.writeFile(lockFile, stamp, { flag: 'wx' });
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        await fs.mkdir(path.dirname(lockFile), { recursive: true });
        continue;
      }
      if (code !== 'EEXIST') throw err;
    }
    const holder = await fs.readFile(lockFile, 'utf8').catch(() => undefined);
    if (holder === undefined) continue; // released between our two calls
    if (isStale(holder, staleMs) && (parse(holder) || (await olderThan(lockFile, 2_000)))) {
      await takeOver(lockFile, holder);
      continue;
    }
    if (Date.now() > deadline) throw new LockTimeoutError(lockFile, describe(holder));
    await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
  }
}

function parse(holder: string): { pid: number; host: string; since: number } | undefined {
  const m = /^(\d+) (\S+) (\d+)/.exec(holder);
  return m ? { pid: Number(m[1]), host: m[2]!, since: Number(m[3]) } : undefined;
}

function describe(holder: string): string {
  const h = parse(holder);
  return h ? `process ${h.pid} on ${h.host} since ${new Date(h.since).toISOString()}` : 'an unknown process';
}

/** True when `file` was last written more than `ms` ago (a missing file counts as old). */
async function olderThan(file: string, ms: number): Promise<boolean> {
  const st = await fs.stat(file).catch(() => undefined);
  return !st || Date.now() - st.mtimeMs > ms;
}

function isStale(holder: string, staleMs: number): boolean {
  const h = parse(holder);
  // A lock that names nobody was cut short by a crash between create and write — or is being written
  // right now: the caller takes it over only once it has not changed for a moment.
  if (!h) return true;
  if (h.host !== HOST) return Date.now() - h.since > staleMs;
  if (h.pid === process.pid) return false;
  try {
    process.kill(h.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes a stale lock without removing a fresh one that another process created meanwhile: the lock is
 * renamed aside (atomic), and put back if what was renamed is not the stale lock we saw.
 */
async function takeOver(lockFile: string, staleHolder: string): Promise<void> {
  const aside = `${lockFile}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(lockFile, aside);
  } catch {
    return; // gone already
  }
  const moved = await fs.readFile(aside, 'utf8').catch(() => staleHolder);
  if (moved !== staleHolder) {
    // We moved a live lock: give it back unless someone has taken the name since (then both wait it out).
    await fs.link(aside, lockFile).catch(() => undefined);
  }
  await fs.rm(aside, { force: true });
}
