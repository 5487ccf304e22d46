// Content-addressed chunk files, for state that is rewritten after every run but mostly unchanged: the reconcile
// memo and field provenance (issue 11: persisting must not rewrite unchanged objects). A large document is
// cut into runs of entries, each run is stored as `<dir>/<sha-1 of its text>.json`, and a small manifest lists
// the runs' names. A run whose text is already there is not written again, so a rerun with one input changed
// writes the one or two runs holding what changed, plus the manifest.
//
// Runs end where the entries' *keys* say (content-defined chunking, as rsync or backup tools cut files): after
// an entry whose key hashes to 0 modulo the average run length. Inserting or removing an entry then changes
// only the run that holds it; cutting at fixed counts would shift every later run.
//
// Crash safety: each chunk is written atomically (one temp name per folder, so a kill-at-write test finds the
// same path in every run) before the manifest that names it, and chunks are removed only when no manifest in
// the folder names them. A kill at any write leaves the old manifest with all its chunks, or the new one with
// all of its chunks.
import { hash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isTempName, writeFileAtomic } from './atomic-write.js';

/** Entries per run on average (a power of two); a run is cut at 4× this whatever the keys say. */
export const AVERAGE_RUN = 1024;

/** FNV-1a of a string (stable across runs and platforms), as an unsigned 32-bit number. */
export function fnv1a(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Splits `items` (in their order) into runs whose ends depend on the keys only. */
export function* contentRuns<T>(items: Iterable<T>, keyOf: (item: T) => string, average = AVERAGE_RUN): Generator<T[]> {
  let run: T[] = [];
  const max = 4 * average;
  for (const item of items) {
    run.push(item);
    if ((fnv1a(keyOf(item)) & (average - 1)) === 0 || run.length >= max) {
      yield run;
      run = [];
    }
  }
  if (run.length > 0) yield run;
}

/** The file name a chunk of this text has. */
export function chunkName(text: string): string {
  return `${hash('sha1', text, 'hex')}.json`;
}

/**
 * Stores `text` as a chunk in `dir` unless a chunk of the same text is there already; returns its name.
 * `tempName` is the temp file's fixed name (atomic-write.ts).
 */
export async function putChunk(dir: string, text: string, tempName: string): Promise<string> {
  const name = chunkName(text);
  const file = path.join(dir, name);
  try {
    await fs.access(file);
  } catch {
    await writeFileAtomic(file, text, { tempName });
  }
  return name;
}

/** A chunk's text; undefined when it is missing. */
export async function readChunk(dir: string, name: string): Promise<string | undefined> {
  if (!/^[0-9a-f]{40}\.json$/.test(name)) return undefined; // a manifest names chunks of this folder only
  try {
    return await fs.readFile(path.join(dir, name), 'utf8');
  } catch {
    return undefined;
  }
}

/** Removes the chunks of `dir` no manifest names any more, and temp files killed writers left. */
export async function sweepChunks(dir: string, referenced: ReadonlySet<string>): Promise<void> {
  for (const n of await fs.readdir(dir).catch(() => [] as string[])) {
    if ((/^[0-9a-f]{40}\.json$/.test(n) && !referenced.has(n)) || isTempName(n)) await fs.rm(path.join(dir, n), { force: true });
  }
}
