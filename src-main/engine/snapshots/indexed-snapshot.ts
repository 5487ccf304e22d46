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
import { indexTable, readIndexFile, writeIndexFile, type IndexEntry, type IndexTable, type Segment } from './snapshot-index.js';
import { StoreError } from '../store/errors.js';
import { FORMAT, readSnapshotOf, snapshotsDir } from './snapshot-files.js';
import type { SnapshotInfo } from './types.js';

/** Every object's identity and line hash (the index's columns, in the snapshot's order), and the objects on demand. */
export interface IndexedSnapshot extends IndexTable {
  id: string;
  /** The objects at these positions, each parsed once. */
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
 * Where each line of a segment of `count` objects from `first` starts, from the index's line lengths (no scan
 * of the text); undefined when they do not add up to the segment's text.
 */
function startsFromLengths(lineBytes: readonly number[], first: number, count: number, textLength: number): number[] | undefined {
  const starts = new Array<number>(count);
  let at = 0;
  for (let i = 0; i < count; i++) {
    starts[i] = at;
    at += lineBytes[first + i]! + 1;
  }
  return at === textLength ? starts : undefined;
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
async function parseSegmentsAt(bytes: Buffer, file: string, segments: Segment[], table: IndexTable, wanted: readonly number[]): Promise<Map<number, KrmObject>> {
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
  const order = [...bySegment.keys()].sort((x, y) => x - y);
  for (const at of order) {
    const seg = segments[at]!;
    if (seg.offset + seg.length > bytes.length) throw new Error(`snapshot segment at ${seg.offset} is past the end of ${file}`);
  }
  const member = (at: number) => bytes.subarray(segments[at]!.offset, segments[at]!.offset + segments[at]!.length);
  const objectsIn = (at: number) => (segments[at + 1]?.firstObject ?? table.count) - segments[at]!.firstObject;
  // Each wanted segment's text: [buffer, start, length]
  let texts: [Buffer, number, number][];
  const lineBytes = table.lineBytes;
  if (lineBytes) {
    // The wanted members end to end are one multi-member gzip text, inflated by one call (checksums checked)
    // into one buffer of the size their lines add up to: a call per segment spent more on its set-up (a zlib
    // stream object each) than on inflating.
    const lengths = order.map((at) => {
      let n = 0;
      for (let i = segments[at]!.firstObject, end = i + objectsIn(at); i < end; i++) n += lineBytes[i]! + 1;
      return n;
    });
    const total = lengths.reduce((x, y) => x + y, 0);
    const all = gunzipSync(order.length === 1 ? member(order[0]!) : Buffer.concat(order.map(member)), { chunkSize: Math.max(64, total) });
    if (all.length !== total) throw new Error(`the snapshot segments of ${file} do not hold the text their index says`);
    let base = 0;
    texts = lengths.map((n) => [all, (base += n) - n, n]);
  } else {
    texts = order.map((at) => {
      const text = gunzipSync(member(at), { chunkSize: INFLATE_CHUNK });
      return [text, 0, text.length];
    });
  }
  order.forEach((at, k) => {
    const seg = segments[at]!;
    const count = objectsIn(at);
    const [text, base, length] = texts[k]!;
    // line starts from the index's line lengths (indexes of format 2: by scanning for newlines); only the
    // wanted lines become strings
    const starts = lineBytes ? startsFromLengths(lineBytes, seg.firstObject, count, length) : lineStarts(text);
    if (starts?.length !== count) throw new Error(`snapshot segment at ${seg.offset} does not hold the ${count} objects the index says`);
    for (const p of bySegment.get(at)!) {
      const start = starts[p - seg.firstObject]!;
      const end = (starts[p - seg.firstObject + 1] ?? length + 1) - 1;
      const o = JSON.parse(text.toString('utf8', base + start, base + end)) as KrmObject;
      const kind = table.kinds[table.kindOf[p]!];
      if (!o || !kind || o.apiVersion !== kind[0] || o.kind !== kind[1] || (o.metadata?.namespace ?? '') !== table.namespaces[p] || (o.metadata?.name ?? '') !== table.names[p]) {
        throw new Error(`snapshot segment at ${seg.offset} does not hold object ${p} of the index`);
      }
      out.set(p, o);
    }
  });
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
    ...indexTable({ apiResources, entries }),
    objectsAt: (positions) => Promise.resolve(new Map(positions.map((p) => [p, objects[p]!]))),
  };
}

/**
 * A snapshot through the index stored beside it; undefined when it has none (or one that does not fit it).
 * Its file is read only when objects are asked for: a diff decided by the index alone reads none.
 */
export async function openStoredIndex(projectDir: string, info: SnapshotInfo): Promise<IndexedSnapshot | undefined> {
  const dir = snapshotsDir(projectDir);
  const ndjson = path.join(dir, `${info.id}.ndjson.gz`);
  const stored = await readIndexFile(dir, info.id, info.objectCount);
  if (!stored) return undefined;
  // undefined: no such file (a snapshot of the one-document format before it)
  let bytes: Promise<Buffer | undefined> | undefined;
  return {
    ...stored,
    id: info.id,
    async objectsAt(positions) {
      let out = new Map<number, KrmObject>();
      if (positions.length === 0) return out;
      const file = await (bytes ??= fs.readFile(ndjson).catch(() => undefined));
      if (!file) {
        const objects = (await readSnapshotOf(projectDir, info)).objects;
        for (const p of positions) if (objects[p]) out.set(p, objects[p]);
      } else if (stored.segments) {
        // an index that does not match its file (derived data, edited or torn): the slow way, from the start
        out = await parseSegmentsAt(file, ndjson, stored.segments, stored, positions).catch(() => parseLinesAt(ndjson, new Set(positions)));
      } else out = await parseLinesAt(ndjson, new Set(positions));
      // a file cut short (gunzip stops quietly at bytes that are not gzip) lacks objects its index lists
      if (positions.some((p) => !out.has(p))) throw new StoreError('Internal', `snapshot ${info.id} is unreadable (${ndjson}): it holds fewer objects than its header says; delete it`);
      return out;
    },
  };
}

/**
 * Opens a snapshot listed by listSnapshots through its index; builds (and stores) the index when there is none.
 * Throws StoreError as readSnapshot does for a snapshot that cannot be read.
 */
export async function openIndexedSnapshot(projectDir: string, info: SnapshotInfo): Promise<IndexedSnapshot> {
  const stored = await openStoredIndex(projectDir, info);
  if (stored) return stored;
  const dir = snapshotsDir(projectDir);
  const ndjson = path.join(dir, `${info.id}.ndjson.gz`);
  const bytes = await fs.readFile(ndjson).catch(() => undefined);
  // no index: every line is read and hashed as run once does (node:crypto, loaded only here)
  const { snapshotLine } = await import('./snapshot-line.js');
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
