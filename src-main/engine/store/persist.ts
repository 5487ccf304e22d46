// Persistence of the store in `<project>/.choreo/db/` (engine.md §3.2, design.md §4): one file per
// API, `<group>/<plural>.ndjson` (core group: `core/`), one object per line sorted by
// namespace/name, written only for APIs that changed, in a new generation that one rename commits
// (generations.ts). One file per API instead of
// one per object keeps a 100,000-object store to a few hundred file writes.
//
// An API with more than CHUNK_OBJECTS objects is split into K chunk files `<plural>.<i>of<K>.ndjson` (K a
// power of two; an object's chunk is a hash of its namespace/name), and a save rewrites only the chunks
// holding an object that changed: with one input edited in a 10,000-object project, a run writes two
// chunks of ~600 objects instead of two files of 10,000 (issue 11: unchanged objects are not rewritten).
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { writeChunksAtomic, writeFileAtomic } from '../files/atomic-write.js';
import { commitGeneration, withStoreLock } from './generations.js';
// Types only: store.ts loads this module to save, so a value import back would make a cycle.
import type { ApiBucket, MemoryApiStore } from './store.js';
import type { SaveOptions } from './types.js';
import { phase } from '../runner/phase-times.js';

export const APIS_FILE = 'apis.ndjson';

/**
 * Saves the changed APIs as a new generation of the db (generations.ts): all of the save becomes visible
 * at once, or none of it. Only what changed is written; the rest is linked from the previous generation.
 */
export async function saveStore(store: MemoryApiStore, dbDir: string, options: SaveOptions = {}): Promise<void> {
  await withStoreLock(dbDir, async () => {
    const attachments = (await options.prepare?.({})) ?? [];
    phase('persist.db');
    const byKey = new Map([...store.removedBuckets, ...store.allBuckets().map((b) => [b.key, b] as const)]);
    const keys = [...store.dirty];
    const apisDirty = store.apisDirty;
    await commitGeneration(
      dbDir,
      async ({ dir }) => {
        if (apisDirty) {
          const regs = store.allBuckets().filter((b) => !b.builtin).map((b) => JSON.stringify({ choreoAPI: b.api.choreoAPI, crd: b.crd }));
          await writeFileAtomic(path.join(dir, APIS_FILE), regs.join('\n') + '\n');
        }
        for (const key of keys) {
          const b = byKey.get(key);
          if (b) await writeBucket(dir, b, store.dirtyKeys.get(key));
        }
        phase('persist.commit');
      },
      attachments,
    );
    // Forgotten only once committed: a failed save is retried in full by the next one.
    for (const key of keys) {
      store.dirty.delete(key);
      store.dirtyKeys.delete(key);
      store.removedBuckets.delete(key);
    }
    if (apisDirty) store.apisDirty = false;
  });
}

/** Objects per chunk file of an API, at most (on average half to all of it). */
export const CHUNK_OBJECTS = 1000;

/** The number of chunk files for `n` objects: a power of two, so it changes only when the count doubles. */
export function chunkCount(n: number): number {
  let k = 1;
  while (k * CHUNK_OBJECTS < n) k *= 2;
  return k;
}

/** The chunk of an object's key (FNV-1a: stable across runs and platforms). */
export function chunkOf(key: string, k: number): number {
  if (k === 1) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % k;
}

/** The file of chunk `i` of `k` of an API (one chunk: the plain `<plural>.ndjson`). */
function chunkFile(groupDir: string, resource: string, i: number, k: number): string {
  return path.join(groupDir, k === 1 ? `${resource}.ndjson` : `${resource}.${i}of${k}.ndjson`);
}

/** The files of an API in a group folder (any chunking), by name. */
async function bucketFiles(groupDir: string, resource: string): Promise<string[]> {
  const names = await fs.readdir(groupDir).catch(() => [] as string[]);
  const chunked = new RegExp(`^${resource.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d+of\\d+\\.ndjson$`);
  return names.filter((f) => f === `${resource}.ndjson` || chunked.test(f));
}

/**
 * Writes an API's objects into the generation folder `dir`, where the previous generation's files are linked:
 * only the chunks holding a key of `changed` (all of them when undefined, or when the chunk count moved).
 */
async function writeBucket(dir: string, b: ApiBucket, changed: Set<string> | undefined): Promise<void> {
  const groupDir = path.join(dir, b.api.group || 'core');
  const resource = b.api.resource;
  const present = await bucketFiles(groupDir, resource);
  if (b.objects.size === 0) {
    for (const f of present) await fs.rm(path.join(groupDir, f), { force: true });
    return;
  }
  const k = chunkCount(b.objects.size);
  const wanted = new Set(Array.from({ length: k }, (_, i) => path.basename(chunkFile(groupDir, resource, i, k))));
  // the files there are exactly this chunking's: only the changed chunks need writing
  const sameChunking = present.length > 0 && present.every((f) => wanted.has(f));
  const rewrite = new Set<number>();
  if (changed && sameChunking) for (const key of changed) rewrite.add(chunkOf(key, k));
  else for (let i = 0; i < k; i++) rewrite.add(i);
  for (const f of present) if (!wanted.has(f)) await fs.rm(path.join(groupDir, f), { force: true });
  if (rewrite.size === 0) return;
  // The objects now (stored objects are never changed, only replaced), rendered only as each file is written:
  // the text of a whole large API at once was ~130 MB at 100,000 objects.
  const objects = new Map<number, KrmObject[]>();
  for (const i of rewrite) objects.set(i, []);
  for (const key of b.sorted ?? [...b.objects.keys()].sort()) objects.get(chunkOf(key, k))?.push(b.objects.get(key)!);
  await fs.mkdir(groupDir, { recursive: true });
  const writes = [...objects].map(([i, chunk]) => () => {
    const file = chunkFile(groupDir, resource, i, k);
    return chunk.length === 0 ? fs.rm(file, { force: true }) : writeChunksAtomic(file, ndjsonPieces(chunk));
  });
  // a few files at a time: each write ends with an fsync, which then overlap (the first save of 100,000
  // objects writes 256 files)
  for (let start = 0; start < writes.length; start += PARALLEL_WRITES) {
    // all settled before a failure is passed on: nothing may still be writing once the store's lock is let go
    const failed = (await Promise.allSettled(writes.slice(start, start + PARALLEL_WRITES).map((w) => w()))).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

/** Chunk files written at the same time (libuv's file-system threads are 4 by default). */
const PARALLEL_WRITES = 4;

/** The objects' lines in pieces of 1,000 (no single huge string for a large chunk). */
function* ndjsonPieces(objects: KrmObject[]): Iterable<string> {
  for (let i = 0; i < objects.length; i += 1000) yield objects.slice(i, i + 1000).map((o) => JSON.stringify(o)).join('\n') + '\n';
}

export async function readNdjson(file: string): Promise<KrmObject[]> {
  const out: KrmObject[] = [];
  let n = 0;
  const parse = (line: string) => {
    n++;
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line) as KrmObject);
    } catch (e) {
      throw new Error(`${file}:${n}: corrupt store file (${(e as Error).message}); remove the .choreo/db folder to start fresh`);
    }
  };
  // Large chunks split into lines here, not readline: a line at a time through an async iterator cost
  // more than the JSON parsing itself (100,000 objects are 100,000 awaits).
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      parse(text.slice(start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest !== '') parse(rest);
  return out;
}

export async function listDbFiles(dbDir: string): Promise<string[]> {
  const out: string[] = [];
  let groups: string[];
  try {
    groups = await fs.readdir(dbDir);
  } catch {
    return out;
  }
  for (const g of groups.sort()) {
    if (/^gen-\d+$/.test(g) || g === 'attach') continue;
    const dir = path.join(dbDir, g);
    const st = await fs.stat(dir).catch(() => undefined);
    if (!st?.isDirectory()) continue;
    for (const f of (await fs.readdir(dir)).sort()) if (f.endsWith('.ndjson')) out.push(path.join(dir, f));
  }
  return out;
}
