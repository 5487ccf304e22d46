// The index of a snapshot: `<project>/.choreo/snapshots/<id>.index.json`, one small entry per object — its
// identity and a hash of its line in the snapshot — so that `run diff` compares two snapshots by their
// indexes and parses only the objects whose lines differ (engine.md §7.2; issue 11 item 4). The index is
// derived data: `run once` writes it with the snapshot, and a snapshot without one (written before indexes
// existed) gets it built on its first diff (indexed-snapshot.ts). A missing or unreadable index is never an
// error, only a slower diff.
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
  /** lineHash of the object's JSON line: equal hashes mean equal objects. */
  hash: string;
}

/** The content of an index file. */
export interface SnapshotIndexFile {
  format: typeof INDEX_FORMAT;
  apiResources: ApiResource[];
  /** In the snapshot's object order: [apiVersion, kind, namespace, name, hash]. */
  objects: [string, string, string, string, string][];
}

export const INDEX_FORMAT = 'choreo-snapshot-index/1';
export const INDEX_SUFFIX = '.index.json';

/**
 * The hash of one object's JSON text (sha-1, base64). Same text, same object; different texts may still be
 * equal objects (key order), which the diff then checks on the parsed objects.
 */
export function lineHash(line: string): string {
  return hash('sha1', line, 'base64');
}

export function indexEntry(o: KrmObject, line: string): IndexEntry {
  const m = o.metadata ?? {};
  return { apiVersion: String(o.apiVersion ?? ''), kind: String(o.kind ?? ''), namespace: m.namespace ?? '', name: m.name ?? '', hash: lineHash(line) };
}

export function indexFile(snapshotsDir: string, id: string): string {
  return path.join(snapshotsDir, `${id}${INDEX_SUFFIX}`);
}

/** Writes the index of snapshot `id` (atomically; the temp name repeats from run to run, see atomic-write.ts). */
export async function writeIndexFile(snapshotsDir: string, id: string, apiResources: ApiResource[], entries: IndexEntry[]): Promise<void> {
  const body: SnapshotIndexFile = { format: INDEX_FORMAT, apiResources, objects: entries.map((e) => [e.apiVersion, e.kind, e.namespace, e.name, e.hash]) };
  await writeFileAtomic(indexFile(snapshotsDir, id), JSON.stringify(body), { tempName: '.index' });
}

/** The index of snapshot `id` with `objectCount` objects; undefined when absent, torn, foreign or not matching. */
export async function readIndexFile(snapshotsDir: string, id: string, objectCount: number): Promise<{ apiResources: ApiResource[]; entries: IndexEntry[] } | undefined> {
  let body: SnapshotIndexFile;
  try {
    body = JSON.parse(await fs.readFile(indexFile(snapshotsDir, id), 'utf8')) as SnapshotIndexFile;
  } catch {
    return undefined;
  }
  if (body?.format !== INDEX_FORMAT || !Array.isArray(body.objects) || body.objects.length !== objectCount || !Array.isArray(body.apiResources)) return undefined;
  const entries: IndexEntry[] = [];
  for (const o of body.objects) {
    if (!Array.isArray(o) || o.length !== 5 || !o.every((x) => typeof x === 'string')) return undefined;
    entries.push({ apiVersion: o[0], kind: o[1], namespace: o[2], name: o[3], hash: o[4] });
  }
  return { apiResources: body.apiResources, entries };
}
