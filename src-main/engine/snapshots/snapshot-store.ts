// Immutable, content-addressed snapshots in `<project>/.choreo/snapshots/` (engine.md §7.1): one
// `<id>.ndjson.gz` (a header line, then one object per line; written in segments, so any size fits in bounded
// memory) and a small `<id>.meta.json` header that `run list` reads. id = sha-256 of the content (its header
// line and its objects' line hashes).
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { isTempName, TEMP_SUFFIX, writeFileAtomic } from '../files/atomic-write.js';
import { MemoryApiStore } from '../store/store.js';
import type { ApiResource, ApiStore, Clock } from '../store/types.js';
import { baseVerdicts, noteNewest, openBase } from './base-verdicts.js';
import { fnv1a } from '../files/content-chunks.js';
import { reusedSegments, type ReusedSegments } from './reused-segments.js';
import { gitInfo } from './git-info.js';
import type { GitInfo, SnapshotInfo, SnapshotMeta } from './types.js';
import { INDEX_SUFFIX, writeIndexFile, type IndexEntry, type Segment } from './snapshot-index.js';
import { snapshotLine } from './snapshot-line.js';
import { FORMAT, listSnapshots, snapshotsDir, type SnapshotHeader } from './snapshot-files.js';

// The read side (listing, resolving and reading snapshots) is ./snapshot-files.ts, so that `run list` and
// `run diff` load neither the store nor the writer; re-exported here for the engine's own callers.
export { FORMAT, goTimeString, listSnapshots, readSnapshot, readSnapshotOf, resolveSnapshot, snapshotsDir } from './snapshot-files.js';

/** Suffix of the field provenance stored beside a snapshot (engine/provenance/provenance-store.ts). */
export const PROVENANCE_SUFFIX = '.provenance.json';

function apiRecord(a: ApiResource): ApiResource {
  return { resource: a.resource, group: a.group, version: a.version, kind: a.kind, listKind: a.listKind, namespaced: a.namespaced, categories: [...a.categories], choreoAPI: a.choreoAPI };
}

/** Every object of the store with managed fields, in a stable order. */
export function storeInventory(store: ApiStore): { apiResources: ApiResource[]; objects: KrmObject[] } {
  const apis = store.apis();
  const sorted = [...apis].sort((a, b) => {
    const ka = `${a.group}/${a.version}/${a.kind}`;
    const kb = `${b.group}/${b.version}/${b.kind}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const objects: KrmObject[] = [];
  // The in-memory store hands out its stored objects without copies: they are only serialised.
  const read = store instanceof MemoryApiStore ? (a: ApiResource) => store.storedObjects(a) : (a: ApiResource) => store.list(a, { showManagedFields: true });
  for (const a of sorted) for (const o of read(a)) objects.push(o);
  return { apiResources: apis.map(apiRecord), objects };
}

export interface WriteSnapshotOptions {
  clock?: Clock;
  /** Skip the git lookup (tests, non-git folders). */
  noGit?: boolean;
  /**
   * The project's git state, looked up by the caller (gitInfo) when its run started: the lookup is a git
   * process, which then runs while the project loads and reconciles instead of delaying the snapshot.
   * Default: looked up here.
   */
  git?: Promise<GitInfo | undefined>;
}

/**
 * Uncompressed size of a segment (one gzip member) of a snapshot file, on average. A diff inflates a whole
 * segment per changed object: 16 KB halves what a 1% change of 10,000 objects inflates (6 → 3 MB per side)
 * for a file 18% larger than with 32 KB segments.
 */
const SEGMENT_BYTES = 16 * 1024;
/** A segment is closed at this size whatever its objects say (a run without a cut, ~2% of segments). */
const MAX_SEGMENT_BYTES = 4 * SEGMENT_BYTES;

/**
 * Whether the segment ends after the object of `e`, the segment's text now `size` long. The object decides
 * alone (content-defined cuts, as content-chunks.ts cuts runs): the segment ends after it with a chance of its
 * line's share of SEGMENT_BYTES, drawn from the hash of its identity, so segments hold SEGMENT_BYTES on
 * average whatever the objects' sizes. A changed, added or removed object then changes the segment holding it
 * and leaves every other as it was, and the next snapshot compresses that one while it copies the others
 * from its base (./reused-segments.ts); cuts at a running byte count would shift every later segment.
 */
function endsSegment(e: IndexEntry, size: number): boolean {
  if (size >= MAX_SEGMENT_BYTES) return true;
  return mixed(fnv1a(`${e.apiVersion}\u0000${e.kind}\u0000${e.namespace}\u0000${e.name}`)) < (e.bytes / SEGMENT_BYTES) * 2 ** 32;
}

/**
 * The bits of a 32-bit hash mixed (MurmurHash3's finaliser): FNV-1a of names that differ in their last
 * characters (item-1, item-2, …) clusters in its high bits, which made runs of 500 objects without a cut.
 */
function mixed(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Compressed bytes gathered before one write to the file. */
const WRITE_BYTES = 1024 * 1024;

/**
 * Writes header + objects (snapshotLine) into a temp file of the snapshots folder while hashing them. The file
 * is a series of gzip members (one valid gzip file, which any gunzip reads whole): the header line, then
 * segments of whole object lines of SEGMENT_BYTES each on average (endsSegment), whose places go into the index,
 * so a diff decompresses only the segments holding the objects it must read (indexed-snapshot.ts). Memory
 * stays bounded: segments are compressed as they fill (synchronously: one call per segment costs less than a
 * stream's machinery), or taken from the base (`reuse`) when it has the same one, and written a megabyte at a
 * time. Returns the content hash and the snapshot's index.
 */
async function streamSnapshot(dir: string, header: SnapshotHeader, objects: KrmObject[], reuse: ReusedSegments | undefined): Promise<{ tmp: string; hash: string; entries: IndexEntry[]; segments: Segment[] }> {
  await fs.mkdir(dir, { recursive: true });
  // One name in every run (the fault suite kills at the Nth write of a path); snapshots are written under
  // the store's lock, which also removes a leftover of a killed write — else a unique name.
  let tmp = path.join(dir, `.snapshot${TEMP_SUFFIX}`);
  const hash = createHash('sha256');
  const fh = await fs.open(tmp, 'wx').catch(async (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
    tmp = path.join(dir, `.snapshot.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}${TEMP_SUFFIX}`);
    return fs.open(tmp, 'w');
  });
  const entries: IndexEntry[] = [];
  const segments: Segment[] = [];
  let offset = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const write = async () => {
    if (pending.length) await fh.write(Buffer.concat(pending, pendingBytes));
    pending = [];
    pendingBytes = 0;
  };
  /** Adds one segment; firstObject -1: the header. */
  const add = async (text: string, firstObject: number, end = firstObject) => {
    // the content's hash from the objects' line hashes (made for the index anyway), not their text again
    if (firstObject < 0) hash.update(text);
    else {
      let lines = '';
      for (let i = firstObject; i < end; i++) lines += entries[i]!.hash;
      hash.update(lines);
    }
    const member = (firstObject >= 0 ? reuse?.member(entries, firstObject, end, text) : undefined) ?? gzipSync(text, { level: 1 });
    if (firstObject >= 0) segments.push({ offset, length: member.length, firstObject });
    offset += member.length;
    pending.push(member);
    pendingBytes += member.length;
    if (pendingBytes >= WRITE_BYTES) await write();
  };
  try {
    try {
      await add(JSON.stringify(header) + '\n', -1);
      let text = '';
      let first = 0;
      for (let i = 0; i < objects.length; i++) {
        const { line, entry } = snapshotLine(objects[i]!);
        entries.push(entry);
        text += line + '\n';
        if (endsSegment(entry, text.length)) {
          await add(text, first, i + 1);
          text = '';
          first = i + 1;
        }
      }
      if (text) await add(text, first, objects.length);
      await write();
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  return { tmp, hash: hash.digest('hex'), entries, segments };
}

/** Writes the snapshot of a store after a run and returns its header. */
export async function writeSnapshot(projectDir: string, store: ApiStore, meta: SnapshotMeta, opts: WriteSnapshotOptions = {}): Promise<SnapshotInfo> {
  const { info, metaFile, metaJson } = await writeSnapshotData(projectDir, store, meta, opts);
  await writeFileAtomic(metaFile, metaJson);
  return info;
}

/**
 * Writes the snapshot's data file but not its header (`<id>.meta.json`, which is what makes a snapshot
 * listed): the caller commits the header together with the store (run-once.ts), so a kill never leaves a
 * snapshot without its store or a store without its snapshot.
 */
export async function writeSnapshotData(
  projectDir: string,
  store: ApiStore,
  meta: SnapshotMeta,
  opts: WriteSnapshotOptions = {},
): Promise<{ info: SnapshotInfo; metaFile: string; metaJson: string }> {
  const createdAt = (opts.clock ?? store.clock).now().toISOString();
  const git = opts.noGit ? undefined : await (opts.git ?? gitInfo(projectDir));
  const { apiResources, objects } = storeInventory(store);
  const header: SnapshotHeader = {
    format: FORMAT,
    createdAt,
    mode: meta.mode,
    runId: meta.runId ?? '',
    ...(meta.summary !== undefined ? { summary: meta.summary } : {}),
    ...(meta.success !== undefined ? { success: meta.success } : {}),
    ...(git ? { git } : {}),
    objectCount: objects.length,
    ...(meta.revision !== undefined ? { revision: meta.revision } : {}),
    apiResources,
    ...(meta.result !== undefined ? { result: meta.result } : {}),
  };
  const dir = snapshotsDir(projectDir);
  // the snapshot written before this one: its unchanged segments are copied, its objects compared (verdicts)
  const base = await openBase(projectDir);
  const { tmp, hash, entries, segments } = await streamSnapshot(dir, header, objects, await reusedSegments(projectDir, base));
  const id = hash.slice(0, 16);
  const file = path.join(dir, `${id}.ndjson.gz`);
  // content-addressed: an identical snapshot already on disk is kept as it is
  if (await fs.stat(file).catch(() => undefined)) await fs.rm(tmp, { force: true });
  else await fs.rename(tmp, file);
  // what a diff with the snapshot before this one would read objects for, decided now (./base-verdicts.ts)
  const verdicts = await baseVerdicts(base, entries, objects);
  await writeIndexFile(dir, id, { apiResources, entries, segments, ...(verdicts ? { verdicts } : {}) });
  await noteNewest(projectDir, id);
  const info: SnapshotInfo = {
    id,
    createdAt,
    mode: header.mode,
    runId: header.runId || id,
    ...(header.summary !== undefined ? { summary: header.summary } : {}),
    ...(header.success !== undefined ? { success: header.success } : {}),
    ...(git ? { git } : {}),
    objectCount: objects.length,
    ...(meta.revision !== undefined ? { revision: meta.revision } : {}),
  };
  return { info, metaFile: path.join(dir, `${id}.meta.json`), metaJson: JSON.stringify(info, null, 2) + '\n' };
}

/** Removes temp files of snapshot writes that a kill interrupted. Call it under the store's lock. */
export async function removeSnapshotTemps(projectDir: string): Promise<void> {
  const dir = snapshotsDir(projectDir);
  for (const n of await fs.readdir(dir).catch(() => [] as string[])) {
    if (n.startsWith('.') && (isTempName(n) || n.endsWith('.tmp'))) await fs.rm(path.join(dir, n), { force: true });
  }
}

/** Removes one snapshot (a missing id is not an error, engine.md §7.1). */
export async function deleteSnapshot(projectDir: string, id: string): Promise<void> {
  const base = path.join(snapshotsDir(projectDir), id);
  // the header goes first so that a half-deleted snapshot is never listed
  await fs.rm(`${base}.meta.json`, { force: true });
  await fs.rm(`${base}.ndjson.gz`, { force: true });
  await fs.rm(`${base}.json.gz`, { force: true });
  await fs.rm(`${base}.json`, { force: true });
  await fs.rm(`${base}${PROVENANCE_SUFFIX}`, { force: true });
  await fs.rm(`${base}${INDEX_SUFFIX}`, { force: true });
}

/** Keeps the newest `keep` snapshots and removes the rest; returns the removed ids. */
export async function pruneSnapshots(projectDir: string, keep: number): Promise<string[]> {
  const old = (await listSnapshots(projectDir)).slice(Math.max(0, keep));
  for (const s of old) await deleteSnapshot(projectDir, s.id);
  return old.map((s) => s.id);
}

