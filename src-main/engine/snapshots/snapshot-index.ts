// The index of a snapshot: `<project>/.choreo/snapshots/<id>.index.json`, per object its identity, a hash of
// its line in the snapshot and the line's length, and where each segment of the snapshot file starts, so that
// `run diff` compares two snapshots by their indexes, and reads (decompressing only the segments that hold
// them) only the objects whose lines differ (engine.md §7.2; issue 11 item 4). The file holds columns (format
// 3), read as a few arrays. The index is derived data: `run once` writes it with the snapshot, and a snapshot
// without one (written before indexes existed, or with an index of format 1) gets it built on its first diff
// (indexed-snapshot.ts). A missing or unreadable index is never an error, only a slower diff.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import type { ApiResource } from '../store/types.js';

/** One object of a snapshot: where it is (its position among the objects) and what it is. */
export interface IndexEntry {
  apiVersion: string;
  kind: string;
  /** '' for a cluster-scoped object (or one written without a namespace). */
  namespace: string;
  name: string;
  /** Hash of the object's line (snapshot-line.ts): 96 bits of sha-1, 16 base64 digits. */
  hash: string;
  /** UTF-8 bytes of the object's line, without its newline. */
  bytes: number;
}

/**
 * One gzip member of a snapshot file (snapshot-store.ts writes the objects as a series of members, each
 * holding whole lines): its byte range in the file and the position of its first object. One member is
 * decompressed on its own, so reading a few objects costs a few members, not the whole file.
 */
export interface Segment {
  offset: number;
  length: number;
  firstObject: number;
}

/**
 * What the writer found comparing a snapshot with the one listed before it, its base (./base-verdicts.ts): of
 * the objects whose line differs from the base's object of the same identity, the ones that are the same
 * object as `run diff` compares them (managedFields aside). A diff of the two then reads no objects.
 */
export interface BaseVerdicts {
  /** Id of the base snapshot. */
  base: string;
  /** Positions (in this snapshot) of objects whose lines differ from the base's but which are equal to them. */
  sameAsBase: number[];
}

/** What the writer hands over: the entries in the snapshot's order, and the segments when the file has them. */
export interface SnapshotIndex {
  apiResources: ApiResource[];
  entries: IndexEntry[];
  /** In file order; absent for snapshots written as one gzip stream (they are read from the start). */
  segments?: Segment[];
  /** Absent when there was no base, or too much changed to compare when writing. */
  verdicts?: BaseVerdicts;
}

/**
 * An index as read, one column per field (object i is position i of each): the diff compares two of them
 * column by column, so reading the index of a 10,000-object snapshot makes a few arrays, not an object (or a
 * row array with four strings) per entry — which cost most of the diff's time and its garbage collections.
 */
export interface IndexTable {
  apiResources: ApiResource[];
  /** Every [apiVersion, kind] of the snapshot once. */
  kinds: [string, string][];
  /** Number of objects. */
  count: number;
  /** Each object's kind: a position in `kinds`. */
  kindOf: Uint32Array;
  /** Each object's namespace ('' for none). */
  namespaces: string[];
  names: string[];
  /** Each object's line hash: 96 bits, three int32 per object (compared, never shown). */
  hashes: Int32Array;
  /** Each object's line length in UTF-8 bytes (no newline); absent in indexes of format 2. */
  lineBytes?: number[];
  /** In file order; absent for snapshots written as one gzip stream. */
  segments?: Segment[];
  /** Absent in indexes written before them, and when the writer had no base to compare with. */
  verdicts?: BaseVerdicts;
}

/**
 * The content of an index file (format 3): columns, not one entry per object. Kinds and namespaces come in
 * runs (the store lists objects API by API), so they are run-length coded; the hashes are one base64 text
 * (16 digits per object, which is the base64 of their 12 bytes laid end to end).
 */
export interface SnapshotIndexFile {
  format: typeof INDEX_FORMAT;
  apiResources: ApiResource[];
  /** Every [apiVersion, kind] of the snapshot once; `kindRuns` name them by position. */
  kinds: [string, string][];
  count: number;
  /** [kind position, run length, kind position, run length, …] over the objects in order. */
  kindRuns: number[];
  /** Every namespace once ('' included when used). */
  namespaceTable: string[];
  /** [namespace position, run length, …] over the objects in order. */
  namespaceRuns: number[];
  names: string[];
  /** The line hashes, laid end to end, in base64. */
  hashes: string;
  /** Each object's line length in UTF-8 bytes (no newline). */
  lineBytes: number[];
  /** [offset, length, firstObject] of each segment, in file order. */
  segments?: [number, number, number][];
  /** BaseVerdicts.base and .sameAsBase (added to format 3 later: readers before them ignore them). */
  base?: string;
  sameAsBase?: number[];
}

/** Format 2 (one [kind, namespace, name, hash] row per object): still read, never written. */
interface SnapshotIndexFileV2 {
  format: typeof INDEX_FORMAT_V2;
  apiResources: ApiResource[];
  kinds: [string, string][];
  objects: [kind: number, namespace: string, name: string, hash: string][];
  segments?: [number, number, number][];
}

/** Version 3: columns. Version 2 (rows) is still read; version 1 is ignored (rebuilt on the next diff). */
export const INDEX_FORMAT = 'choreo-snapshot-index/3';
const INDEX_FORMAT_V2 = 'choreo-snapshot-index/2';
export const INDEX_SUFFIX = '.index.json';
/** Bytes of one line hash. */
const HASH_BYTES = 12;
/** Base64 digits of one line hash (IndexEntry.hash): 12 bytes, no padding. */
export const LINE_HASH_DIGITS = 16;

/**
 * The line hashes of a table as one base64 text, LINE_HASH_DIGITS per object (the index file's `hashes`):
 * object j's hash is compared with `text.startsWith(hash, j * LINE_HASH_DIGITS)`, no string made per object.
 */
export function lineHashesText(table: IndexTable): string {
  return Buffer.from(table.hashes.buffer, table.hashes.byteOffset, table.hashes.byteLength).toString('base64');
}

export function indexFile(snapshotsDir: string, id: string): string {
  return path.join(snapshotsDir, `${id}${INDEX_SUFFIX}`);
}

/** Positions of distinct values, and the [position, run length] runs of `values` over them. */
function runsOf(values: readonly string[]): { table: string[]; runs: number[] } {
  const table: string[] = [];
  const at = new Map<string, number>();
  const runs: number[] = [];
  for (const v of values) {
    let k = at.get(v);
    if (k === undefined) {
      at.set(v, (k = table.length));
      table.push(v);
    }
    if (runs.length && runs[runs.length - 2] === k) runs[runs.length - 1]!++;
    else runs.push(k, 1);
  }
  return { table, runs };
}

/** The content of the index file of `index`. */
export function indexFileBody(index: SnapshotIndex): SnapshotIndexFile {
  const { entries } = index;
  const kinds = runsOf(entries.map((e) => `${e.apiVersion}\u0000${e.kind}`));
  const namespaces = runsOf(entries.map((e) => e.namespace));
  return {
    format: INDEX_FORMAT,
    apiResources: index.apiResources,
    kinds: kinds.table.map((k) => k.split('\u0000') as [string, string]),
    count: entries.length,
    kindRuns: kinds.runs,
    namespaceTable: namespaces.table,
    namespaceRuns: namespaces.runs,
    names: entries.map((e) => e.name),
    hashes: entries.map((e) => e.hash).join(''),
    lineBytes: entries.map((e) => e.bytes),
    ...(index.segments ? { segments: index.segments.map((s) => [s.offset, s.length, s.firstObject]) } : {}),
    ...(index.verdicts ? { base: index.verdicts.base, sameAsBase: index.verdicts.sameAsBase } : {}),
  };
}

/** The table of an index held in memory (an index built while reading a whole snapshot). */
export function indexTable(index: SnapshotIndex): IndexTable {
  return tableOfFile(indexFileBody(index), index.entries.length)!;
}

/** Writes the index of snapshot `id` (atomically; the temp name repeats from run to run, see atomic-write.ts). */
export async function writeIndexFile(snapshotsDir: string, id: string, index: SnapshotIndex): Promise<void> {
  await writeFileAtomic(indexFile(snapshotsDir, id), JSON.stringify(indexFileBody(index)), { tempName: '.index' });
}

/** The index of snapshot `id` with `objectCount` objects; undefined when absent, torn, foreign or not matching. */
export async function readIndexFile(snapshotsDir: string, id: string, objectCount: number): Promise<IndexTable | undefined> {
  let body: SnapshotIndexFile | SnapshotIndexFileV2;
  try {
    body = JSON.parse(await fs.readFile(indexFile(snapshotsDir, id), 'utf8')) as SnapshotIndexFile | SnapshotIndexFileV2;
  } catch {
    return undefined;
  }
  if (body?.format === INDEX_FORMAT) return tableOfFile(body, objectCount);
  if (body?.format === INDEX_FORMAT_V2) return tableOfV2(body, objectCount);
  return undefined;
}

const isStringArray = (a: unknown, length: number): a is string[] => Array.isArray(a) && a.length === length && a.every((x) => typeof x === 'string');
const isKinds = (a: unknown): a is [string, string][] => Array.isArray(a) && a.every((k) => Array.isArray(k) && k.length === 2 && typeof k[0] === 'string' && typeof k[1] === 'string');

/** Expands [position, run length, …] over `count` objects; undefined when the runs do not fit `size` positions and `count` objects. */
function expandRuns(runs: unknown, count: number, size: number): Uint32Array | undefined {
  if (!Array.isArray(runs) || runs.length % 2 !== 0) return undefined;
  const out = new Uint32Array(count);
  let at = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const value = runs[r] as unknown;
    const length = runs[r + 1] as unknown;
    if (!Number.isInteger(value) || (value as number) < 0 || (value as number) >= size || !Number.isInteger(length) || (length as number) <= 0 || at + (length as number) > count) return undefined;
    out.fill(value as number, at, (at += length as number));
  }
  return at === count ? out : undefined;
}

/** The hashes of a base64 text of `count` hashes, as int32s (aligned for the view). */
function hashColumn(base64: unknown, count: number): Int32Array | undefined {
  if (typeof base64 !== 'string' || base64.length !== (count * HASH_BYTES * 4) / 3) return undefined;
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== count * HASH_BYTES) return undefined;
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
  return new Int32Array(aligned.buffer, aligned.byteOffset, (count * HASH_BYTES) / 4);
}

function tableOfFile(body: SnapshotIndexFile, count: number): IndexTable | undefined {
  if (body.count !== count || !Array.isArray(body.apiResources) || !isKinds(body.kinds) || !isStringArray(body.namespaceTable, body.namespaceTable?.length ?? -1)) return undefined;
  if (!isStringArray(body.names, count) || !Array.isArray(body.lineBytes) || body.lineBytes.length !== count || !body.lineBytes.every((n) => Number.isSafeInteger(n) && n >= 0)) return undefined;
  const kindOf = expandRuns(body.kindRuns, count, body.kinds.length);
  const namespaceOf = expandRuns(body.namespaceRuns, count, body.namespaceTable.length);
  const hashes = hashColumn(body.hashes, count);
  const segments = body.segments === undefined ? undefined : readSegments(body.segments, count);
  if (!kindOf || !namespaceOf || !hashes || (body.segments !== undefined && !segments)) return undefined;
  const namespaces = new Array<string>(count);
  for (let i = 0; i < count; i++) namespaces[i] = body.namespaceTable[namespaceOf[i]!]!;
  const verdicts = readVerdicts(body.base, body.sameAsBase, count);
  return { apiResources: body.apiResources, kinds: body.kinds, count, kindOf, namespaces, names: body.names, hashes, lineBytes: body.lineBytes, ...(segments ? { segments } : {}), ...(verdicts ? { verdicts } : {}) };
}

/** The verdicts of an index, or undefined when absent or not what the writer writes (then the diff reads objects). */
function readVerdicts(base: unknown, sameAsBase: unknown, count: number): BaseVerdicts | undefined {
  if (typeof base !== 'string' || !Array.isArray(sameAsBase)) return undefined;
  if (!sameAsBase.every((p) => Number.isInteger(p) && (p as number) >= 0 && (p as number) < count)) return undefined;
  return { base, sameAsBase: sameAsBase as number[] };
}

/** A format-2 index (rows) as a table; its hashes are format 3's, its lines' lengths unknown. */
function tableOfV2(body: SnapshotIndexFileV2, count: number): IndexTable | undefined {
  if (!Array.isArray(body.objects) || body.objects.length !== count || !Array.isArray(body.apiResources) || !isKinds(body.kinds)) return undefined;
  const kindOf = new Uint32Array(count);
  const namespaces = new Array<string>(count);
  const names = new Array<string>(count);
  const hashes: string[] = [];
  for (let i = 0; i < count; i++) {
    const o = body.objects[i];
    if (!Array.isArray(o) || o.length !== 4 || !Number.isInteger(o[0]) || o[0] < 0 || o[0] >= body.kinds.length || typeof o[1] !== 'string' || typeof o[2] !== 'string' || typeof o[3] !== 'string') return undefined;
    kindOf[i] = o[0];
    namespaces[i] = o[1];
    names[i] = o[2];
    hashes.push(o[3]);
  }
  const hashCol = hashColumn(hashes.join(''), count);
  const segments = body.segments === undefined ? undefined : readSegments(body.segments, count);
  if (!hashCol || (body.segments !== undefined && !segments)) return undefined;
  return { apiResources: body.apiResources, kinds: body.kinds, count, kindOf, namespaces, names, hashes: hashCol, ...(segments ? { segments } : {}) };
}

/** Segments that cover objects 0..count-1 in order, or undefined. */
function readSegments(raw: unknown, count: number): Segment[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out: Segment[] = [];
  for (const s of raw) {
    if (!Array.isArray(s) || s.length !== 3 || !s.every((x) => Number.isSafeInteger(x) && x >= 0)) return undefined;
    const [offset, length, firstObject] = s as [number, number, number];
    const prev = out[out.length - 1];
    if (prev ? firstObject <= prev.firstObject || offset !== prev.offset + prev.length : firstObject !== 0) return undefined;
    out.push({ offset, length, firstObject });
  }
  if (count > 0 && out.length === 0) return undefined;
  return out;
}
