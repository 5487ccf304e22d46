// The index of a snapshot: `<project>/.choreo/snapshots/<id>.index.json`, one small entry per object — its
// identity and a hash of its line in the snapshot — and where each segment of the snapshot file starts, so
// that `run diff` compares two snapshots by their indexes, and reads (decompressing only the segments that
// hold them) only the objects whose lines differ (engine.md §7.2; issue 11 item 4). The index is derived
// data: `run once` writes it with the snapshot, and a snapshot without one (written before indexes existed,
// or with an index of an older format) gets it built on its first diff (indexed-snapshot.ts). A missing or
// unreadable index is never an error, only a slower diff.
import { hash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import type { ApiResource } from '../store/types.js';

/** One object of a snapshot: where it is (its position among the objects) and what it is. */
export interface IndexEntry {
  apiVersion: string;
  kind: string;
  /** '' for a cluster-scoped object (or one written without a namespace). */
  namespace: string;
  name: string;
  /** Hash of the object's line (snapshotLine). */
  hash: string;
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

/** What the writer hands over: the entries in the snapshot's order, and the segments when the file has them. */
export interface SnapshotIndex {
  apiResources: ApiResource[];
  entries: IndexEntry[];
  /** In file order; absent for snapshots written as one gzip stream (they are read from the start). */
  segments?: Segment[];
}

/** One object of an index as the file holds it: [kind (a position in `kinds`), namespace, name, hash]. */
export type IndexRow = [kind: number, namespace: string, name: string, hash: string];

/**
 * An index as read: the file's own tables, used as JSON.parse returns them. No object is made per entry, so
 * reading the index of a 10,000-object snapshot is one parse, and comparing two is comparing rows.
 */
export interface IndexTable {
  apiResources: ApiResource[];
  /** Every [apiVersion, kind] of the snapshot once. */
  kinds: [string, string][];
  /** In the snapshot's object order. */
  rows: IndexRow[];
  segments?: Segment[];
}

/** The content of an index file. */
export interface SnapshotIndexFile {
  format: typeof INDEX_FORMAT;
  apiResources: ApiResource[];
  /** Every [apiVersion, kind] of the snapshot once; objects name them by position. */
  kinds: [string, string][];
  /** In the snapshot's object order: [kind position, namespace, name, hash]. */
  objects: IndexRow[];
  /** [offset, length, firstObject] of each segment, in file order. */
  segments?: [number, number, number][];
}

/** Version 2: kinds table, segments, shorter hashes. Files of version 1 are ignored (rebuilt on the next diff). */
export const INDEX_FORMAT = 'choreo-snapshot-index/2';
export const INDEX_SUFFIX = '.index.json';

/** 96 bits of sha-1, base64: a hash that tells objects apart, short enough to keep indexes small. */
function shortHash(text: string): string {
  return hash('sha1', text, 'base64').slice(0, 16);
}

/**
 * One object as a snapshot line (its JSON text) with its index entry. The hash is of the text: equal hashes mean
 * equal objects; different hashes almost always mean different objects (the same object with its keys in
 * another order, or with other managedFields, is the exception the diff checks on the parsed objects).
 */
export function snapshotLine(o: KrmObject): { line: string; entry: IndexEntry } {
  const line = JSON.stringify(o);
  const m = o.metadata ?? {};
  return { line, entry: { apiVersion: String(o.apiVersion ?? ''), kind: String(o.kind ?? ''), namespace: m.namespace ?? '', name: m.name ?? '', hash: shortHash(line) } };
}

export function indexFile(snapshotsDir: string, id: string): string {
  return path.join(snapshotsDir, `${id}${INDEX_SUFFIX}`);
}

/** The kinds table and rows of `entries` (as an index file holds them). */
export function indexRows(entries: readonly IndexEntry[]): { kinds: [string, string][]; rows: IndexRow[] } {
  const kinds: [string, string][] = [];
  const kindAt = new Map<string, number>();
  const rows = entries.map((e): IndexRow => {
    const key = `${e.apiVersion}\u0000${e.kind}`;
    let k = kindAt.get(key);
    if (k === undefined) {
      kindAt.set(key, (k = kinds.length));
      kinds.push([e.apiVersion, e.kind]);
    }
    return [k, e.namespace, e.name, e.hash];
  });
  return { kinds, rows };
}

/** Writes the index of snapshot `id` (atomically; the temp name repeats from run to run, see atomic-write.ts). */
export async function writeIndexFile(snapshotsDir: string, id: string, index: SnapshotIndex): Promise<void> {
  const { kinds, rows } = indexRows(index.entries);
  const body: SnapshotIndexFile = {
    format: INDEX_FORMAT,
    apiResources: index.apiResources,
    kinds,
    objects: rows,
    ...(index.segments ? { segments: index.segments.map((s) => [s.offset, s.length, s.firstObject]) } : {}),
  };
  await writeFileAtomic(indexFile(snapshotsDir, id), JSON.stringify(body), { tempName: '.index' });
}

/** The index of snapshot `id` with `objectCount` objects; undefined when absent, torn, foreign or not matching. */
export async function readIndexFile(snapshotsDir: string, id: string, objectCount: number): Promise<IndexTable | undefined> {
  let body: SnapshotIndexFile;
  try {
    body = JSON.parse(await fs.readFile(indexFile(snapshotsDir, id), 'utf8')) as SnapshotIndexFile;
  } catch {
    return undefined;
  }
  if (body?.format !== INDEX_FORMAT || !Array.isArray(body.objects) || body.objects.length !== objectCount || !Array.isArray(body.apiResources) || !Array.isArray(body.kinds)) return undefined;
  const kinds = body.kinds;
  if (!kinds.every((k) => Array.isArray(k) && typeof k[0] === 'string' && typeof k[1] === 'string')) return undefined;
  const rows = body.objects;
  for (let i = 0; i < objectCount; i++) {
    const o = rows[i];
    if (!Array.isArray(o) || o.length !== 4 || !Number.isInteger(o[0]) || o[0] < 0 || o[0] >= kinds.length || typeof o[1] !== 'string' || typeof o[2] !== 'string' || typeof o[3] !== 'string') return undefined;
  }
  const segments = body.segments === undefined ? undefined : readSegments(body.segments, objectCount);
  if (body.segments !== undefined && !segments) return undefined;
  return { apiResources: body.apiResources, kinds, rows, ...(segments ? { segments } : {}) };
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
