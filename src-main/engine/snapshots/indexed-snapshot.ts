// A snapshot seen through its index (snapshot-index.ts): identities and line hashes of every object, and the
// objects themselves parsed only when asked for. `run diff` opens both snapshots this way, so it parses only
// the objects that changed, and decompresses only the segments of the file that hold them. A snapshot without an index (written before indexes existed) is read
// once, completely, and its index is written for the next time.
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createGunzip, gunzip, gunzipSync } from 'node:zlib';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import type { ApiResource } from '../store/types.js';
import { indexRows, readIndexFile, snapshotLine, writeIndexFile, type IndexEntry, type IndexRow, type Segment } from './snapshot-index.js';
import { StoreError } from '../store/errors.js';
import { FORMAT, readSnapshotOf, snapshotsDir } from './snapshot-files.js';
import type { SnapshotInfo } from './types.js';

export interface IndexedSnapshot {
  id: string;
  apiResources: ApiResource[];
  /** Every [apiVersion, kind] of the snapshot once; rows name them by position. */
  kinds: [string, string][];
  /** Every object's [kind, namespace, name, line hash], in the snapshot's order. */
  rows: IndexRow[];
  /** The objects at these positions of `rows`, each parsed once. */
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

/** Where each line of `text` starts (the text of a segment: whole lines, each ending in a newline). */
function lineStarts(text: Buffer): number[] {
  const starts: number[] = [];
  for (let at = 0; at < text.length; at = text.indexOf(10, at) + 1 || text.length) starts.push(at);
  return starts;
}

/**
 * Output chunk of one inflate call: above a segment's size (~32 KB of text), so a segment's text comes out as
 * one buffer instead of 16 KB chunks joined by a copy.
 */
const INFLATE_CHUNK = 64 * 1024;

/**
 * Parses the objects at `wanted` positions of a segmented snapshot file: reads and decompresses only the
 * segments that hold them. The segments come from the index, which is derived data: a segment that does not
 * hold the lines it should is an error (the caller then reads the file from the start), never other objects.
 */
async function parseSegmentsAt(bytes: Buffer, file: string, segments: Segment[], kinds: [string, string][], rows: IndexRow[], wanted: readonly number[]): Promise<Map<number, KrmObject>> {
  const out = new Map<number, KrmObject>();
  // segment (by position in `segments`) → the wanted positions inside it
  const bySegment = new Map<number, number[]>();
  for (const p of wanted) {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid]!.firstObject <= p) lo = mid;
      else hi = mid - 1;
    }
    const list = bySegment.get(lo);
    if (list) list.push(p);
    else bySegment.set(lo, [p]);
  }
  for (const [at, positions] of bySegment) {
    const seg = segments[at]!;
    if (seg.offset + seg.length > bytes.length) throw new Error(`snapshot segment at ${seg.offset} is past the end of ${file}`);
    const count = (segments[at + 1]?.firstObject ?? rows.length) - seg.firstObject;
    const text = gunzipSync(bytes.subarray(seg.offset, seg.offset + seg.length), { chunkSize: INFLATE_CHUNK });
    // line starts, found by scanning for newlines: only the wanted lines become strings
    const starts = lineStarts(text);
    if (starts.length !== count) throw new Error(`snapshot segment at ${seg.offset} holds ${starts.length} objects, the index says ${count}`);
    for (const p of positions) {
      const start = starts[p - seg.firstObject]!;
      const o = JSON.parse(text.toString('utf8', start, (starts[p - seg.firstObject + 1] ?? text.length + 1) - 1)) as KrmObject;
      const r = rows[p];
      const kind = r && kinds[r[0]];
      if (!o || !r || !kind || o.apiVersion !== kind[0] || o.kind !== kind[1] || (o.metadata?.namespace ?? '') !== r[1] || (o.metadata?.name ?? '') !== r[2]) {
        throw new Error(`snapshot segment at ${seg.offset} does not hold object ${p} of the index`);
      }
      out.set(p, o);
    }
  }
  return out;
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
    ...indexRows(entries),
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
  // The compressed file (a tenth of the text) is read while the index is parsed; undefined: no such file
  // (a snapshot of the one-document format before it).
  const [bytes, stored] = await Promise.all([fs.readFile(ndjson).catch(() => undefined), readIndexFile(dir, info.id, info.objectCount)]);
  if (stored) {
    return {
      id: info.id,
      apiResources: stored.apiResources,
      kinds: stored.kinds,
      rows: stored.rows,
      async objectsAt(positions) {
        const out = new Map<number, KrmObject>();
        if (positions.length === 0) return out;
        if (!bytes) {
          const objects = (await readSnapshotOf(projectDir, info)).objects;
          for (const p of positions) out.set(p, objects[p]!);
          return out;
        }
        // an index that does not match its file (derived data, edited or torn): the slow way, from the start
        if (stored.segments) return parseSegmentsAt(bytes, ndjson, stored.segments, stored.kinds, stored.rows, positions).catch(() => parseLinesAt(ndjson, new Set(positions)));
        return parseLinesAt(ndjson, new Set(positions));
      },
    };
  }
  let built: IndexedSnapshot;
  let entries: IndexEntry[];
  if (bytes) {
    // one pass over the file: every line parsed once and hashed in its canonical form
    const text = await gunzipAsync(bytes);
    const header = headerOf(text, info, ndjson);
    const objects: KrmObject[] = [];
    entries = [];
    forEachObjectLine(text, (_i, start, end) => {
      const o = JSON.parse(text.toString('utf8', start, end)) as KrmObject;
      objects.push(o);
      entries.push(snapshotLine(o).entry);
    });
    built = inMemory(info, header.apiResources ?? [], objects, entries);
  } else {
    // snapshots written before the streaming format: one JSON document
    const snap = await readSnapshotOf(projectDir, info);
    entries = snap.objects.map((o) => snapshotLine(o).entry);
    built = inMemory(info, snap.apiResources, snap.objects, entries);
  }
  // derived data: a snapshots folder we cannot write to only makes the next diff slower
  if (entries.length === info.objectCount) await writeIndexFile(dir, info.id, { apiResources: built.apiResources, entries }).catch(() => undefined);
  return built;
}
