import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { manualClock, sequentialUids } from '../store/clock.js';
import { createApiStore, type MemoryApiStore } from '../store/store.js';
import { INDEX_SUFFIX, type SnapshotIndexFile } from './snapshot-index.js';
import { snapshotLine } from './snapshot-line.js';
import { readSnapshot, snapshotsDir, storeInventory, writeSnapshot } from './snapshot-store.js';
import { ANY_OBJECT, testCrd } from '../../testing/crd-yaml.js';

const tmp: string[] = [];
afterEach(() => {
  for (const d of tmp.splice(0)) rmSync(d, { recursive: true, force: true });
});

const crd = testCrd({ kind: 'Item', plural: 'items', properties: { spec: ANY_OBJECT } });
const item = (name: string, spec: Record<string, unknown>): KrmObject => ({ apiVersion: 'example.com/v1alpha1', kind: 'Item', metadata: { name, namespace: 'default' }, spec });
const apply = (store: MemoryApiStore, o: KrmObject) => store.apply(o, { fieldManager: 'inputfileloader' });

/** A project folder with a store of `count` items and their first snapshot. */
async function firstSnapshot(count: number): Promise<{ dir: string; store: MemoryApiStore; id: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'choreo-reuse-'));
  tmp.push(dir);
  const store = createApiStore({ clock: manualClock('2024-10-01T15:00:00Z', 1000), newUid: sequentialUids() });
  store.registerApi(crd);
  apply(store, crd);
  for (let i = 0; i < count; i++) apply(store, item(`item-${i}`, { value: i, text: 'x'.repeat(i % 50) }));
  return { dir, store, id: (await writeSnapshot(dir, store, { mode: 'once' }, { noGit: true })).id };
}

const file = (dir: string, id: string) => path.join(snapshotsDir(dir), `${id}.ndjson.gz`);
const indexOf = (dir: string, id: string) => JSON.parse(readFileSync(path.join(snapshotsDir(dir), `${id}${INDEX_SUFFIX}`), 'utf8')) as SnapshotIndexFile;

/** The gzip members of a snapshot's segments, as base64 texts. */
function members(dir: string, id: string): string[] {
  const bytes = readFileSync(file(dir, id));
  return indexOf(dir, id).segments!.map(([offset, length]) => bytes.subarray(offset, offset + length).toString('base64'));
}

/** The object lines of a snapshot file, read whole (every member inflated, as any gunzip reads it). */
const objectLines = (dir: string, id: string) => gunzipSync(readFileSync(file(dir, id))).toString('utf8').split('\n').slice(1);

/** What the store's objects are as snapshot lines. */
const storeLines = (store: MemoryApiStore) => [...storeInventory(store).objects.map((o) => JSON.stringify(o)), ''];

describe('segments taken from the base snapshot', () => {
  it('a snapshot with one object changed, one added and one deleted compresses only their segments and copies the rest', async () => {
    const { dir, store, id: first } = await firstSnapshot(3000);
    apply(store, item('item-1500', { value: -1 }));
    apply(store, item('item-1500b', { value: -2 }));
    store.delete('items.example.com', 'default', 'item-2700');
    const second = (await writeSnapshot(dir, store, { mode: 'once' }, { noGit: true })).id;
    const before = new Set(members(dir, first));
    const after = members(dir, second);
    const copied = after.filter((m) => before.has(m)).length;
    expect(after.length).toBeGreaterThan(50);
    // the segments of item-1500 (and the one it comes before) and of item-2700: the others are the base's
    expect(copied).toBeGreaterThanOrEqual(after.length - 4);
    expect(copied).toBeLessThan(after.length);
    expect(objectLines(dir, second)).toEqual(storeLines(store));
    const read = await readSnapshot(dir, second);
    expect(read.objects.map((o) => o.metadata.name)).toContain('item-1500b');
    expect(read.objects.find((o) => o.metadata.name === 'item-1500')?.spec).toEqual({ value: -1 });
  });

  it('compresses a segment anew when the base file does not hold what its index says', async () => {
    const { dir, store, id: first } = await firstSnapshot(2000);
    // zeros over the middle segment; the gzip trailer of the next one bent
    const index = indexOf(dir, first);
    const bytes = readFileSync(file(dir, first));
    const [offset, length] = index.segments![Math.floor(index.segments!.length / 2)]!;
    bytes.fill(0, offset, offset + length);
    const [o2, l2] = index.segments![Math.floor(index.segments!.length / 2) + 1]!;
    bytes[o2 + l2 - 5]! ^= 0xff;
    writeFileSync(file(dir, first), bytes);
    apply(store, item('item-3', { value: 3333 }));
    const second = (await writeSnapshot(dir, store, { mode: 'once' }, { noGit: true })).id;
    expect(objectLines(dir, second)).toEqual(storeLines(store));
  });

  it('compresses a segment anew when the index of the base lies about its lines', async () => {
    const { dir, store, id: first } = await firstSnapshot(2000);
    // item-10 changes; the base's index is made to claim that new line (its hash and length) for item-10,
    // while the base's file holds the old one: only the member's own trailer (CRC-32, size) can tell
    apply(store, item('item-10', { value: 10, text: 'y'.repeat(10) }));
    const index = indexOf(dir, first);
    const at = index.names.indexOf('item-10');
    const changed = snapshotLine(store.peek('items.example.com', 'default', 'item-10')!).entry;
    index.lineBytes[at] = changed.bytes;
    index.hashes = index.hashes.slice(0, at * 16) + changed.hash + index.hashes.slice((at + 1) * 16);
    writeFileSync(path.join(snapshotsDir(dir), `${first}${INDEX_SUFFIX}`), JSON.stringify(index));
    const second = (await writeSnapshot(dir, store, { mode: 'once' }, { noGit: true })).id;
    expect(objectLines(dir, second)).toEqual(storeLines(store));
    expect((await readSnapshot(dir, second)).objects.find((o) => o.metadata.name === 'item-10')?.spec).toEqual({ value: 10, text: 'y'.repeat(10) });
  });
});
