// A snapshot seen through its index (snapshot-index.ts): identities and line hashes of every object, and the
// objects themselves parsed only when asked for. `run diff` opens both snapshots this way, so it parses only
// the objects that changed. A snapshot without an index (written before indexes existed) is read once,
// completely, and its index is written for the next time.
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createGunzip, gunzip } from 'node:zlib';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import type { ApiResource } from '../store/types.js';
import { indexEntry, readIndexFile, writeIndexFile, type IndexEntry } from './snapshot-index.js';
import { StoreError } from '../store/errors.js';
import { FORMAT, readSnapshotOf, snapshotsDir } from './snapshot-store.js';
import type { SnapshotInfo } from './types.js';

export interface IndexedSnapshot {
  id: string;
  apiResources: ApiResource[];
  /** Every object's identity and line hash, in the snapshot's order. */
  entries: IndexEntry[];
  /** The objects at these positions of `entries`, each parsed once. */
  objectsAt(positions: readonly number[]): Promise<Map<number, KrmObject>>;
}

const gunzipAsync = promisify(gunzip);

/** Calls `fn` with every line of `text` after the first (the header), numbered from 0. */
function forEachObjectLine(text: Buffer, fn: (i: number, start: number, end: number) => void): void {
  let start = text.indexOf(10) + 1;
  if (start === 0) return;
  let i = 0;
  while (start < text.length) {
    let end = text.indexOf(10, start);
    if (end < 0) end = text.length;
    if (end > start) fn(i++, start, end);
    start = end + 1;
  }
}

/**
 * Parses the object lines at `wanted` positions of a snapshot file, decompressing it as a stream (no copy of
 * the whole text) and stopping after the last one wanted.
 */
async function parseLinesAt(file: string, wanted: Set<number>): Promise<Map<number, KrmObject>> {
  const out = new Map<number, KrmObject>();
  const input = createReadStream(file).pipe(createGunzip({ chunkSize: 256 * 1024 }));
  let next = -1; // the line being read: the header is -1, objects count from 0 (empty lines do not count)
  let carry: Buffer | undefined;
  const last = Math.max(...wanted);
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
        if (carry !== undefined || nl > start) {
          if (wanted.has(next)) {
            const text = carry ? Buffer.concat([carry, chunk.subarray(start, nl)]) : chunk.subarray(start, nl);
            out.set(next, JSON.parse(text.toString('utf8')) as KrmObject);
          }
          if (++next > last) return out;
        }
        carry = undefined;
        start = nl + 1;
      }
      if (start < chunk.length) carry = carry ? Buffer.concat([carry, chunk.subarray(start)]) : Buffer.from(chunk.subarray(start));
    }
    if (carry && wanted.has(next)) out.set(next, JSON.parse(carry.toString('utf8')) as KrmObject);
    return out;
  } finally {
    input.destroy();
  }
}

/** The header line of a snapshot file; throws as readSnapshot does when it is not one. */
function headerOf(text: Buffer, info: SnapshotInfo, file: string): { apiResources?: ApiResource[] } {
  const end = text.indexOf(10);
  let header: { format?: string; apiResources?: ApiResource[] } | undefined;
  try {
    header = JSON.parse(text.toString('utf8', 0, end < 0 ? text.length : end)) as typeof header;
  } catch {
    header = undefined;
  }
  if (header?.format !== FORMAT) throw new StoreError('Internal', `snapshot ${info.id} is unreadable (${file}); delete it`);
  return header;
}

/** All objects kept in memory: nothing is parsed twice. */
function inMemory(info: SnapshotInfo, apiResources: ApiResource[], objects: KrmObject[], entries: IndexEntry[]): IndexedSnapshot {
  return {
    id: info.id,
    apiResources,
    entries,
    objectsAt: (positions) => Promise.resolve(new Map(positions.map((p) => [p, objects[p]!]))),
  };
}

/**
 * Opens a snapshot listed by listSnapshots through its index; builds (and stores) the index when there is none.
 * Throws StoreError as readSnapshot does for a snapshot that cannot be read.
 */
export async function openIndexedSnapshot(projectDir: string, info: SnapshotInfo): Promise<IndexedSnapshot> {
  const dir = snapshotsDir(projectDir);
  const ndjson = path.join(dir, `${info.id}.ndjson.gz`);
  const hasNdjson = !!(await fs.stat(ndjson).catch(() => undefined));
  const stored = await readIndexFile(dir, info.id, info.objectCount);
  if (stored) {
    return {
      id: info.id,
      apiResources: stored.apiResources,
      entries: stored.entries,
      async objectsAt(positions) {
        const out = new Map<number, KrmObject>();
        if (positions.length === 0) return out;
        if (!hasNdjson) {
          const objects = (await readSnapshotOf(projectDir, info)).objects;
          for (const p of positions) out.set(p, objects[p]!);
          return out;
        }
        return parseLinesAt(ndjson, new Set(positions));
      },
    };
  }
  let built: IndexedSnapshot;
  if (hasNdjson) {
    // one pass over the file: every line parsed once, hashed as it is stored
    const text = await gunzipAsync(await fs.readFile(ndjson));
    const header = headerOf(text, info, ndjson);
    const objects: KrmObject[] = [];
    const entries: IndexEntry[] = [];
    forEachObjectLine(text, (_i, start, end) => {
      const line = text.toString('utf8', start, end);
      const o = JSON.parse(line) as KrmObject;
      objects.push(o);
      entries.push(indexEntry(o, line));
    });
    built = inMemory(info, header.apiResources ?? [], objects, entries);
  } else {
    // snapshots written before the streaming format: one JSON document, no lines to hash
    const snap = await readSnapshotOf(projectDir, info);
    built = inMemory(info, snap.apiResources, snap.objects, snap.objects.map((o) => indexEntry(o, JSON.stringify(o))));
  }
  // derived data: a snapshots folder we cannot write to only makes the next diff slower
  if (built.entries.length === info.objectCount) await writeIndexFile(dir, info.id, built.apiResources, built.entries).catch(() => undefined);
  return built;
}
