// Reading the snapshots of `<project>/.choreo/snapshots/` (written by ./snapshot-store.ts): the list of their
// headers (`<id>.meta.json`), a snapshot named by id, id prefix, `latest` or `previous`, and its objects. Kept
// apart from the writer so that `run list` and `run diff` load neither the store nor the writer's modules.
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createGunzip, gunzip } from 'node:zlib';
import { rfc3339 } from '../../../src-shared/krm/condition.js';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';
import { StoreError } from '../store/errors.js';
import type { Snapshot, SnapshotInfo } from './types.js';

/** First line of a snapshot file; every following line is one object. */
export interface SnapshotHeader extends Omit<Snapshot, 'id' | 'objects'> {
  format: typeof FORMAT;
}

/** The header's `format` of a snapshot file (`<id>.ndjson.gz`). */
export const FORMAT = 'choreo-snapshot/1';

const gunzipAsync = promisify(gunzip);

export function snapshotsDir(projectDir: string): string {
  return path.join(projectDir, CHOREO_PATHS.snapshots);
}

/** All snapshot headers, newest first. The headers are read in parallel: a project may keep many snapshots. */
export async function listSnapshots(projectDir: string): Promise<SnapshotInfo[]> {
  const dir = snapshotsDir(projectDir);
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.meta.json'));
  // a torn or foreign file is skipped; snapshots are written atomically
  const read = await Promise.all(names.map((n) => fs.readFile(path.join(dir, n), 'utf8').then((text) => JSON.parse(text) as SnapshotInfo, () => undefined).catch(() => undefined)));
  const out = read.filter((s): s is SnapshotInfo => s !== undefined);
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
}

/**
 * Reads a snapshot by id (or unique id prefix), `latest` or `previous`. Throws StoreError NotFound
 * (`latest snapshot not available`, `id not found`).
 */
export async function readSnapshot(projectDir: string, ref: string): Promise<Snapshot> {
  return readSnapshotOf(projectDir, await resolveSnapshot(projectDir, ref));
}

/** The header of the snapshot `ref` names (as readSnapshot takes it); throws StoreError as readSnapshot does. */
export async function resolveSnapshot(projectDir: string, ref: string): Promise<SnapshotInfo> {
  return resolveSnapshotIn(await listSnapshots(projectDir), ref);
}

/** resolveSnapshot on a list listSnapshots returned (newest first): one listing serves several lookups. */
export function resolveSnapshotIn(list: readonly SnapshotInfo[], ref: string): SnapshotInfo {
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
  return info;
}

/** Reads the snapshot of a header listSnapshots returned. */
export async function readSnapshotOf(projectDir: string, info: SnapshotInfo): Promise<Snapshot> {
  const base = path.join(snapshotsDir(projectDir), info.id);
  if (await fs.stat(`${base}.ndjson.gz`).catch(() => undefined)) return readNdjsonSnapshot(`${base}.ndjson.gz`, info.id);
  // snapshots written before the streaming format: one JSON document
  const gz = await fs.readFile(`${base}.json.gz`).catch(() => undefined);
  const text = gz ? (await gunzipAsync(gz)).toString('utf8') : await fs.readFile(`${base}.json`, 'utf8');
  const body = JSON.parse(text) as Omit<Snapshot, 'id'>;
  return { ...body, id: info.id, runId: body.runId || info.id };
}

async function readNdjsonSnapshot(file: string, id: string): Promise<Snapshot> {
  // loaded here: `run diff` reads through indexes and never needs it
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let header: SnapshotHeader | undefined;
  const objects: KrmObject[] = [];
  for await (const line of lines) {
    if (line === '') continue;
    if (!header) header = JSON.parse(line) as SnapshotHeader;
    else objects.push(JSON.parse(line) as KrmObject);
  }
  if (!header || header.format !== FORMAT) throw new StoreError('Internal', `snapshot ${id} is unreadable (${file}); delete it`);
  const { format: _f, ...rest } = header;
  return { ...rest, id, runId: rest.runId || id, objects };
}

/** Go `time.Time.String()`-like rendering used by `run list` (UTC): `2024-11-12 12:01:37 +0000 UTC`. */
export function goTimeString(iso: string): string {
  const s = rfc3339(new Date(iso));
  return `${s.slice(0, 10)} ${s.slice(11, 19)} +0000 UTC`;
}
