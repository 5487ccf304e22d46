// Immutable, content-addressed snapshots in `<project>/.choreo/snapshots/` (engine.md §7.1): one
// `<id>.json.gz` with everything and a small `<id>.meta.json` header that `run list` reads.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { rfc3339 } from '../../../src-shared/krm/condition.js';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { StoreError } from '../store/errors.js';
import { MemoryApiStore } from '../store/store.js';
import type { ApiResource, ApiStore, Clock } from '../store/types.js';
import { gitInfo } from './git-info.js';
import type { Snapshot, SnapshotInfo, SnapshotMeta } from './types.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export function snapshotsDir(projectDir: string): string {
  return path.join(projectDir, '.choreo', 'snapshots');
}

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
}

/** Writes the snapshot of a store after a run and returns its header. */
export async function writeSnapshot(projectDir: string, store: ApiStore, meta: SnapshotMeta, opts: WriteSnapshotOptions = {}): Promise<SnapshotInfo> {
  const createdAt = (opts.clock ?? store.clock).now().toISOString();
  const git = opts.noGit ? undefined : await gitInfo(projectDir);
  const { apiResources, objects } = storeInventory(store);
  const body: Omit<Snapshot, 'id'> = {
    createdAt,
    mode: meta.mode,
    runId: meta.runId ?? '',
    ...(meta.summary !== undefined ? { summary: meta.summary } : {}),
    ...(meta.success !== undefined ? { success: meta.success } : {}),
    ...(git ? { git } : {}),
    objectCount: objects.length,
    apiResources,
    objects,
    ...(meta.result !== undefined ? { result: meta.result } : {}),
  };
  const text = JSON.stringify(body);
  const id = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const info: SnapshotInfo = {
    id,
    createdAt,
    mode: body.mode,
    runId: body.runId || id,
    ...(body.summary !== undefined ? { summary: body.summary } : {}),
    ...(body.success !== undefined ? { success: body.success } : {}),
    ...(git ? { git } : {}),
    objectCount: objects.length,
  };
  const dir = snapshotsDir(projectDir);
  const file = path.join(dir, `${id}.json.gz`);
  // content-addressed: an identical snapshot already on disk is not written again. gzip level 1:
  // snapshot JSON shrinks about 10x for a few percent of the time it takes to build it.
  if (!(await fs.stat(file).catch(() => undefined))) await writeFileAtomic(file, await gzipAsync(text, { level: 1 }));
  await writeFileAtomic(path.join(dir, `${id}.meta.json`), JSON.stringify(info, null, 2) + '\n');
  return info;
}

/** All snapshot headers, newest first. */
export async function listSnapshots(projectDir: string): Promise<SnapshotInfo[]> {
  const dir = snapshotsDir(projectDir);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const out: SnapshotInfo[] = [];
  for (const n of names) {
    if (!n.endsWith('.meta.json')) continue;
    try {
      out.push(JSON.parse(await fs.readFile(path.join(dir, n), 'utf8')) as SnapshotInfo);
    } catch {
      // a torn or foreign file is skipped; snapshots are written atomically
    }
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
}

/**
 * Reads a snapshot by id (or unique id prefix), `latest` or `previous`. Throws StoreError NotFound
 * (`latest snapshot not available`, `id not found`).
 */
export async function readSnapshot(projectDir: string, ref: string): Promise<Snapshot> {
  const list = await listSnapshots(projectDir);
  let info: SnapshotInfo | undefined;
  if (ref === 'latest') {
    info = list[0];
    if (!info) throw new StoreError('NotFound', 'latest snapshot not available');
  } else if (ref === 'previous') {
    info = list[1];
    if (!info) throw new StoreError('NotFound', 'previous snapshot not available');
  } else {
    const matches = list.filter((s) => s.id.startsWith(ref));
    if (matches.length > 1) throw new StoreError('InvalidArgument', `snapshot id ${ref} is ambiguous (${matches.length} snapshots start with it)`);
    info = matches[0];
    if (!info) throw new StoreError('NotFound', `id not found: ${ref}`);
  }
  const base = path.join(snapshotsDir(projectDir), info.id);
  const gz = await fs.readFile(`${base}.json.gz`).catch(() => undefined);
  const text = gz ? (await gunzipAsync(gz)).toString('utf8') : await fs.readFile(`${base}.json`, 'utf8');
  const body = JSON.parse(text) as Omit<Snapshot, 'id'>;
  return { ...body, id: info.id, runId: body.runId || info.id };
}

/** Removes one snapshot (a missing id is not an error, engine.md §7.1). */
export async function deleteSnapshot(projectDir: string, id: string): Promise<void> {
  const base = path.join(snapshotsDir(projectDir), id);
  // the header goes first so that a half-deleted snapshot is never listed
  await fs.rm(`${base}.meta.json`, { force: true });
  await fs.rm(`${base}.json.gz`, { force: true });
  await fs.rm(`${base}.json`, { force: true });
}

/** Keeps the newest `keep` snapshots and removes the rest; returns the removed ids. */
export async function pruneSnapshots(projectDir: string, keep: number): Promise<string[]> {
  const old = (await listSnapshots(projectDir)).slice(Math.max(0, keep));
  for (const s of old) await deleteSnapshot(projectDir, s.id);
  return old.map((s) => s.id);
}

/** Go `time.Time.String()`-like rendering used by `run list` (UTC): `2024-11-12 12:01:37 +0000 UTC`. */
export function goTimeString(iso: string): string {
  const s = rfc3339(new Date(iso));
  return `${s.slice(0, 10)} ${s.slice(11, 19)} +0000 UTC`;
}
