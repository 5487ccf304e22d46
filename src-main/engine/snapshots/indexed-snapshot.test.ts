import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { manualClock, sequentialUids } from '../store/clock.js';
import { createApiStore, type MemoryApiStore } from '../store/store.js';
import { MAX_COMPARED } from './base-verdicts.js';
import { diffIndexedSnapshots, diffSnapshots } from './diff.js';
import { openIndexedSnapshot, type IndexedSnapshot } from './indexed-snapshot.js';
import { INDEX_FORMAT, INDEX_SUFFIX, type SnapshotIndexFile } from './snapshot-index.js';
import { deleteSnapshot, listSnapshots, readSnapshot, snapshotsDir, writeSnapshot } from './snapshot-store.js';
import type { DiffOptions, SnapshotInfo } from './types.js';
import { ANY_OBJECT, testCrd } from '../../testing/crd-yaml.js';

const tmp: string[] = [];
afterEach(() => {
  for (const d of tmp.splice(0)) rmSync(d, { recursive: true, force: true });
});

const crd = testCrd({ kind: 'Item', plural: 'items', properties: { spec: ANY_OBJECT } });

const item = (name: string, spec: Record<string, unknown>): KrmObject => ({ apiVersion: 'example.com/v1alpha1', kind: 'Item', metadata: { name, namespace: 'default' }, spec });

/** Two snapshots: 40 items, then one changed, one deleted, one added, one with other managed fields, one in another key order. */
async function twoSnapshots(count = 40): Promise<{ dir: string; store: MemoryApiStore; infos: SnapshotInfo[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'choreo-idx-'));
  tmp.push(dir);
  const store = createApiStore({ clock: manualClock('2024-10-01T15:00:00Z', 1000), newUid: sequentialUids() });
  store.registerApi(crd);
  store.apply(crd, { fieldManager: 'inputfileloader' });
  for (let i = 0; i < count; i++) store.apply(item(`item-${i}`, { value: i, tags: ['a', 'b'] }), { fieldManager: 'inputfileloader' });
  await writeSnapshot(dir, store, { mode: 'once' }, { noGit: true });
  store.apply(item('item-3', { value: 333, tags: ['a', 'b'] }), { fieldManager: 'inputfileloader' });
  store.delete('items.example.com', 'default', 'item-4');
  store.apply(item('item-new', { value: -1 }), { fieldManager: 'inputfileloader' });
  // only managedFields change: equal unless -m
  const five = store.peek('items.example.com', 'default', 'item-5')!;
  store.restore({ ...five, metadata: { ...five.metadata, managedFields: [...(five.metadata.managedFields ?? []), { manager: 'other', operation: 'Apply', apiVersion: 'example.com/v1alpha1', time: '2024-10-01T15:00:00Z', fieldsType: 'FieldsV1', fieldsV1: {} }] } });
  // the same object with its keys in another order: another line, the same object
  const seven = store.peek('items.example.com', 'default', 'item-7')!;
  store.restore({ spec: { tags: ['a', 'b'], value: 7 }, metadata: seven.metadata, kind: seven.kind, apiVersion: seven.apiVersion });
  await writeSnapshot(dir, store, { mode: 'once' }, { noGit: true });
  return { dir, store, infos: await listSnapshots(dir) };
}

const OPTIONS: DiffOptions[] = [{}, { details: true }, { keepManagedFields: true }, { includeChoreoApis: true }, { details: true, keepManagedFields: true, includeChoreoApis: true }];

/** The objects' positions each snapshot was asked to parse. */
function spied(s: IndexedSnapshot, asked: number[]): IndexedSnapshot {
  return { ...s, objectsAt: (positions) => (asked.push(...positions), s.objectsAt(positions)) };
}

describe('indexed snapshots', () => {
  it('diff through the indexes gives what diffSnapshots gives, for every option', async () => {
    const { dir, infos } = await twoSnapshots();
    const [next, prev] = infos as [SnapshotInfo, SnapshotInfo];
    const full = [await readSnapshot(dir, prev.id), await readSnapshot(dir, next.id)] as const;
    for (const opts of OPTIONS) {
      const expected = diffSnapshots(full[0], full[1], opts);
      expect(await diffIndexedSnapshots(await openIndexedSnapshot(dir, prev), await openIndexedSnapshot(dir, next), opts)).toEqual(expected);
      expect(await diffIndexedSnapshots(null, await openIndexedSnapshot(dir, next), opts)).toEqual(diffSnapshots(null, full[1], opts));
    }
    const statuses = Object.fromEntries(diffSnapshots(full[0], full[1]).filter((i) => i.status !== 'equal').map((i) => [i.name, i.status]));
    expect(statuses).toEqual({ 'item-3': 'modified', 'item-4': 'deleted', 'item-new': 'added' });
  });

  it('parses only the objects whose lines changed', async () => {
    const { dir, infos } = await twoSnapshots();
    const [next, prev] = infos as [SnapshotInfo, SnapshotInfo];
    const askedPrev: number[] = [];
    const askedNext: number[] = [];
    // -m: the writer's verdicts (managedFields aside) do not answer, so the objects are read
    const items = await diffIndexedSnapshots(spied(await openIndexedSnapshot(dir, prev), askedPrev), spied(await openIndexedSnapshot(dir, next), askedNext), { keepManagedFields: true });
    expect(items.filter((i) => i.status === 'equal')).toHaveLength(37);
    // item-3 (changed), item-5 (managed fields), item-7 (key order): 3 of 41 objects, from each side
    expect(askedPrev).toHaveLength(3);
    expect(askedNext).toHaveLength(3);
  });

  it('diffs a snapshot with the one written before it from their indexes alone, through the verdicts its writer stored', async () => {
    const { dir, infos } = await twoSnapshots();
    const [next, prev] = infos as [SnapshotInfo, SnapshotInfo];
    const full = [await readSnapshot(dir, prev.id), await readSnapshot(dir, next.id)] as const;
    const index = JSON.parse(readFileSync(path.join(snapshotsDir(dir), `${next.id}${INDEX_SUFFIX}`), 'utf8')) as SnapshotIndexFile;
    // item-5 (other managed fields) and item-7 (keys in another order): other lines, the same objects
    expect(index.base).toBe(prev.id);
    expect(index.sameAsBase!.map((p) => index.names[p])).toEqual(['item-5', 'item-7']);
    expect((JSON.parse(readFileSync(path.join(snapshotsDir(dir), `${prev.id}${INDEX_SUFFIX}`), 'utf8')) as SnapshotIndexFile).base).toBeUndefined();
    // neither snapshot file is read: gone, the diff is still diffSnapshots'
    for (const id of [prev.id, next.id]) rmSync(path.join(snapshotsDir(dir), `${id}.ndjson.gz`));
    for (const opts of [{}, { includeChoreoApis: true }]) {
      expect(await diffIndexedSnapshots(await openIndexedSnapshot(dir, prev), await openIndexedSnapshot(dir, next), opts)).toEqual(diffSnapshots(full[0], full[1], opts));
    }
  });

  it('reads the objects when the snapshots are not a snapshot and its base, or the verdicts are spoiled', async () => {
    const { dir, store, infos } = await twoSnapshots();
    const [second, first] = infos as [SnapshotInfo, SnapshotInfo];
    store.apply(item('item-9', { value: 99 }), { fieldManager: 'inputfileloader' });
    await writeSnapshot(dir, store, { mode: 'once' }, { noGit: true });
    const third = (await listSnapshots(dir))[0]!;
    const full = await Promise.all([first, second, third].map((s) => readSnapshot(dir, s.id)));
    const asked: number[] = [];
    // the third against the first: its verdicts are against the second
    expect(await diffIndexedSnapshots(await openIndexedSnapshot(dir, first), spied(await openIndexedSnapshot(dir, third), asked))).toEqual(diffSnapshots(full[0]!, full[2]!));
    expect(asked.length).toBeGreaterThan(0);
    // verdicts naming positions past the end are not used
    const file = path.join(snapshotsDir(dir), `${third.id}${INDEX_SUFFIX}`);
    const index = JSON.parse(readFileSync(file, 'utf8')) as SnapshotIndexFile;
    expect(index.base).toBe(second.id);
    writeFileSync(file, JSON.stringify({ ...index, sameAsBase: [index.count] }));
    asked.length = 0;
    expect(await diffIndexedSnapshots(await openIndexedSnapshot(dir, second), spied(await openIndexedSnapshot(dir, third), asked))).toEqual(diffSnapshots(full[1]!, full[2]!));
    expect(asked).toHaveLength(1);
    // the note of the snapshot written last is gone (or names one that is gone): the next one gets no verdicts
    rmSync(path.join(snapshotsDir(dir), '.newest'));
    store.apply(item('item-10', { value: 1010 }), { fieldManager: 'inputfileloader' });
    await writeSnapshot(dir, store, { mode: 'once' }, { noGit: true });
    const fourth = (await listSnapshots(dir))[0]!;
    expect((JSON.parse(readFileSync(path.join(snapshotsDir(dir), `${fourth.id}${INDEX_SUFFIX}`), 'utf8')) as SnapshotIndexFile).base).toBeUndefined();
    expect(await diffIndexedSnapshots(await openIndexedSnapshot(dir, third), await openIndexedSnapshot(dir, fourth))).toEqual(diffSnapshots(full[2]!, await readSnapshot(dir, fourth.id)));
  });

  it('stores verdicts for at most MAX_COMPARED differing objects, and a diff past that reads the objects', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'choreo-idx-'));
    tmp.push(dir);
    const store = createApiStore({ clock: manualClock('2024-10-01T15:00:00Z', 1000), newUid: sequentialUids() });
    store.registerApi(crd);
    store.apply(crd, { fieldManager: 'inputfileloader' });
    const count = MAX_COMPARED + 10;
    for (let i = 0; i < count; i++) store.apply(item(`item-${i}`, { value: i, tags: ['a'] }), { fieldManager: 'inputfileloader' });
    await writeSnapshot(dir, store, { mode: 'once' }, { noGit: true });
    // the same objects with their spec keys in the other order: another line each, the same object
    const reorder = (i: number, keysFirst: 'tags' | 'value') => {
      const o = store.peek('items.example.com', 'default', `item-${i}`)!;
      const spec = keysFirst === 'tags' ? { tags: ['a'], value: i } : { value: i, tags: ['a'] };
      store.restore({ ...o, spec });
    };
    const indexOf = (id: string) => JSON.parse(readFileSync(path.join(snapshotsDir(dir), `${id}${INDEX_SUFFIX}`), 'utf8')) as SnapshotIndexFile;
    // exactly MAX_COMPARED lines differ: compared, all the same object
    for (let i = 0; i < MAX_COMPARED; i++) reorder(i, 'tags');
    await writeSnapshot(dir, store, { mode: 'once' }, { noGit: true });
    const [atLimit, first] = (await listSnapshots(dir)) as [SnapshotInfo, SnapshotInfo];
    expect(indexOf(atLimit.id).base).toBe(first.id);
    expect(indexOf(atLimit.id).sameAsBase).toHaveLength(MAX_COMPARED);
    // one more: MAX_COMPARED back in the first order and one more reordered; no verdicts, and the diff reads
    for (let i = 0; i <= MAX_COMPARED; i++) reorder(i, i < MAX_COMPARED ? 'value' : 'tags');
    await writeSnapshot(dir, store, { mode: 'once' }, { noGit: true });
    const past = (await listSnapshots(dir))[0]!;
    expect(indexOf(past.id).base).toBeUndefined();
    expect(indexOf(past.id).sameAsBase).toBeUndefined();
    const asked: number[] = [];
    const items = await diffIndexedSnapshots(await openIndexedSnapshot(dir, atLimit), spied(await openIndexedSnapshot(dir, past), asked));
    expect(items).toEqual(diffSnapshots(await readSnapshot(dir, atLimit.id), await readSnapshot(dir, past.id)));
    expect(items.every((i) => i.status === 'equal')).toBe(true);
    expect(asked).toHaveLength(MAX_COMPARED + 1);
  });

  it('reads only the segments of the snapshot file that hold the objects asked for', async () => {
    const { dir, store } = await twoSnapshots(3000);
    store.apply(item('item-1777', { value: -1, tags: ['c'] }), { fieldManager: 'inputfileloader' });
    await writeSnapshot(dir, store, { mode: 'once' }, { noGit: true });
    const [next, prev] = (await listSnapshots(dir)) as [SnapshotInfo, SnapshotInfo];
    const expected = diffSnapshots(await readSnapshot(dir, prev.id), await readSnapshot(dir, next.id), { details: true });
    const index = JSON.parse(readFileSync(path.join(snapshotsDir(dir), `${next.id}${INDEX_SUFFIX}`), 'utf8')) as { segments: [number, number, number][] };
    expect(index.segments.length).toBeGreaterThan(10);
    // spoil the last segment of both files (item-1777 is far from it): the diff never reads it
    for (const id of [prev.id, next.id]) {
      const file = path.join(snapshotsDir(dir), `${id}.ndjson.gz`);
      const bytes = readFileSync(file);
      const [offset, length] = (JSON.parse(readFileSync(path.join(snapshotsDir(dir), `${id}${INDEX_SUFFIX}`), 'utf8')) as typeof index).segments.at(-1)!;
      bytes.fill(0, offset, offset + length);
      writeFileSync(file, bytes);
    }
    expect(await diffIndexedSnapshots(await openIndexedSnapshot(dir, prev), await openIndexedSnapshot(dir, next), { details: true })).toEqual(expected);
  });

  it('reads the file from the start when the segments of its index do not match it', async () => {
    const { dir, infos } = await twoSnapshots(3000);
    const [next, prev] = infos as [SnapshotInfo, SnapshotInfo];
    const expected = diffSnapshots(await readSnapshot(dir, prev.id), await readSnapshot(dir, next.id), { details: true });
    const file = path.join(snapshotsDir(dir), `${next.id}${INDEX_SUFFIX}`);
    const index = JSON.parse(readFileSync(file, 'utf8')) as { segments: [number, number, number][] };
    // every segment claims one object more than it holds
    index.segments = index.segments.map(([o, l, first], i) => [o, l, i === 0 ? 0 : first + 1]);
    writeFileSync(file, JSON.stringify(index));
    expect(await diffIndexedSnapshots(await openIndexedSnapshot(dir, prev), await openIndexedSnapshot(dir, next), { details: true })).toEqual(expected);
  });

  it('reads the file from the start when the line lengths of its index do not match it', async () => {
    const { dir, infos } = await twoSnapshots(3000);
    const [next, prev] = infos as [SnapshotInfo, SnapshotInfo];
    const expected = diffSnapshots(await readSnapshot(dir, prev.id), await readSnapshot(dir, next.id), { details: true });
    const file = path.join(snapshotsDir(dir), `${next.id}${INDEX_SUFFIX}`);
    const index = JSON.parse(readFileSync(file, 'utf8')) as SnapshotIndexFile;
    // item-3 and its neighbours: lengths moved between lines, the segment's total unchanged
    const at = index.names.indexOf('item-3');
    index.lineBytes[at - 1]! += 7;
    index.lineBytes[at]! -= 7;
    writeFileSync(file, JSON.stringify(index));
    expect(await diffIndexedSnapshots(await openIndexedSnapshot(dir, prev), await openIndexedSnapshot(dir, next), { details: true })).toEqual(expected);
  });

  it('finds changed objects anywhere in a snapshot larger than one decompressed chunk', async () => {
    const { dir, store } = await twoSnapshots(3000);
    for (const i of [0, 999, 1000, 1777, 2999]) store.apply(item(`item-${i}`, { value: -i, tags: ['c'] }), { fieldManager: 'inputfileloader' });
    await writeSnapshot(dir, store, { mode: 'once' }, { noGit: true });
    const [next, prev] = (await listSnapshots(dir)) as [SnapshotInfo, SnapshotInfo];
    const expected = diffSnapshots(await readSnapshot(dir, prev.id), await readSnapshot(dir, next.id), { details: true });
    expect(expected.filter((i) => i.status === 'modified')).toHaveLength(5);
    expect(await diffIndexedSnapshots(await openIndexedSnapshot(dir, prev), await openIndexedSnapshot(dir, next), { details: true })).toEqual(expected);
  });

  it('builds and stores the index of a snapshot that has none, and still diffs old one-document snapshots', async () => {
    const { dir, infos } = await twoSnapshots();
    const [next, prev] = infos as [SnapshotInfo, SnapshotInfo];
    const sdir = snapshotsDir(dir);
    const expected = diffSnapshots(await readSnapshot(dir, prev.id), await readSnapshot(dir, next.id), { details: true });
    // the previous snapshot as written before indexes and streaming: one gzip'd JSON document, no index
    const legacy = await readSnapshot(dir, prev.id);
    const { id: _id, ...body } = legacy;
    rmSync(path.join(sdir, `${prev.id}.ndjson.gz`));
    rmSync(path.join(sdir, `${prev.id}${INDEX_SUFFIX}`));
    writeFileSync(path.join(sdir, `${prev.id}.json.gz`), gzipSync(JSON.stringify(body)));
    rmSync(path.join(sdir, `${next.id}${INDEX_SUFFIX}`));
    expect(await diffIndexedSnapshots(await openIndexedSnapshot(dir, prev), await openIndexedSnapshot(dir, next), { details: true })).toEqual(expected);
    expect(existsSync(path.join(sdir, `${prev.id}${INDEX_SUFFIX}`))).toBe(true);
    expect(existsSync(path.join(sdir, `${next.id}${INDEX_SUFFIX}`))).toBe(true);
    // the stored indexes serve the next diff
    expect(await diffIndexedSnapshots(await openIndexedSnapshot(dir, prev), await openIndexedSnapshot(dir, next), { details: true })).toEqual(expected);
  });

  it('reads an index of format 2 (one row per object) as written before columns, segments included', async () => {
    const { dir, infos } = await twoSnapshots(3000);
    const [next, prev] = infos as [SnapshotInfo, SnapshotInfo];
    const expected = diffSnapshots(await readSnapshot(dir, prev.id), await readSnapshot(dir, next.id), { details: true });
    for (const id of [prev.id, next.id]) {
      const file = path.join(snapshotsDir(dir), `${id}${INDEX_SUFFIX}`);
      const v3 = JSON.parse(readFileSync(file, 'utf8')) as SnapshotIndexFile;
      expect(v3.format).toBe(INDEX_FORMAT);
      // format 2 as run once wrote it: [kind, namespace, name, hash] per object
      const kinds = v3.kindRuns.flatMap((k, i) => (i % 2 ? [] : new Array<number>(v3.kindRuns[i + 1]!).fill(k)));
      const namespaces = v3.namespaceRuns.flatMap((n, i) => (i % 2 ? [] : new Array<string>(v3.namespaceRuns[i + 1]!).fill(v3.namespaceTable[n]!)));
      const objects = v3.names.map((name, i) => [kinds[i], namespaces[i], name, v3.hashes.slice(i * 16, i * 16 + 16)]);
      writeFileSync(file, JSON.stringify({ format: 'choreo-snapshot-index/2', apiResources: v3.apiResources, kinds: v3.kinds, objects, segments: v3.segments }));
      // its segments are used: spoiling the last one of the older snapshot (far from item-3…item-7) changes nothing
      if (id !== prev.id) continue;
      const snapshot = path.join(snapshotsDir(dir), `${id}.ndjson.gz`);
      const bytes = readFileSync(snapshot);
      const [offset, length] = v3.segments!.at(-1)!;
      bytes.fill(0, offset, offset + length);
      writeFileSync(snapshot, bytes);
    }
    const askedNext: number[] = [];
    expect(await diffIndexedSnapshots(await openIndexedSnapshot(dir, prev), spied(await openIndexedSnapshot(dir, next), askedNext), { details: true })).toEqual(expected);
    // item-3, item-5, item-7 and the added item-new: nothing else was parsed
    expect(askedNext).toHaveLength(4);
    // read as they are, not rebuilt
    for (const id of [prev.id, next.id]) expect(JSON.parse(readFileSync(path.join(snapshotsDir(dir), `${id}${INDEX_SUFFIX}`), 'utf8')).format).toBe('choreo-snapshot-index/2');
  });

  it('says a snapshot is unreadable when the segment holding a needed object is spoiled', async () => {
    const { dir, infos } = await twoSnapshots(3000);
    const [next, prev] = infos as [SnapshotInfo, SnapshotInfo];
    const index = JSON.parse(readFileSync(path.join(snapshotsDir(dir), `${next.id}${INDEX_SUFFIX}`), 'utf8')) as SnapshotIndexFile;
    // the last segment holds item-new, added: read with details
    const file = path.join(snapshotsDir(dir), `${next.id}.ndjson.gz`);
    const bytes = readFileSync(file);
    const [offset, length] = index.segments!.at(-1)!;
    bytes.fill(0, offset, offset + length);
    writeFileSync(file, bytes);
    await expect(diffIndexedSnapshots(await openIndexedSnapshot(dir, prev), await openIndexedSnapshot(dir, next), { details: true })).rejects.toThrow(`snapshot ${next.id} is unreadable`);
  });

  it('ignores a torn or foreign index and rebuilds it; deleting a snapshot deletes its index', async () => {
    const { dir, infos } = await twoSnapshots();
    const [next, prev] = infos as [SnapshotInfo, SnapshotInfo];
    const file = path.join(snapshotsDir(dir), `${next.id}${INDEX_SUFFIX}`);
    writeFileSync(file, '{"format":"choreo-snapshot-index/1","apiResources":[],"obj');
    const expected = diffSnapshots(await readSnapshot(dir, prev.id), await readSnapshot(dir, next.id));
    expect(await diffIndexedSnapshots(await openIndexedSnapshot(dir, prev), await openIndexedSnapshot(dir, next))).toEqual(expected);
    expect(JSON.parse(readFileSync(file, 'utf8')).names).toHaveLength(next.objectCount);
    await deleteSnapshot(dir, next.id);
    expect(existsSync(file)).toBe(false);
  });
});
