// The db's chunk files: a large API is split into chunks and a save rewrites only the chunks whose objects
// changed (the others are the previous generation's files, hard-linked: the same inode); reopening gives
// back every object, whatever chunking the saves went through.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { manualClock, sequentialUids } from './clock.js';
import { committedDir } from './generations.js';
import { openApiStore } from './open.js';
import { chunkCount, chunkOf, CHUNK_OBJECTS } from './persist.js';
import { createApiStore, type MemoryApiStore } from './store.js';
import { testCrd } from '../../testing/crd-yaml.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const crd = testCrd({ kind: 'Item', plural: 'items', versions: ['v1'], properties: { spec: '{type: object, properties: {value: {type: integer}}}' } });
const API = { group: 'example.com', version: 'v1', kind: 'Item' };
const item = (i: number, value = i): KrmObject => ({ apiVersion: 'example.com/v1', kind: 'Item', metadata: { name: `item-${i}`, namespace: 'default' }, spec: { value } });

async function storeWith(n: number): Promise<{ store: MemoryApiStore; dbDir: string }> {
  const dbDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'choreo-chunks-')), 'db');
  dirs.push(path.dirname(dbDir));
  const store = createApiStore({ clock: manualClock('2026-12-07T12:00:00Z'), newUid: sequentialUids(), dbDir });
  store.registerApi(crd);
  for (let i = 0; i < n; i++) store.apply(item(i), { fieldManager: 'test' });
  await store.save();
  return { store, dbDir };
}

/** The API's files in the committed generation: name → inode. */
async function itemFiles(dbDir: string): Promise<Map<string, number>> {
  const dir = path.join(await committedDir(dbDir), 'example.com');
  return new Map(readdirSync(dir).map((f) => [f, statSync(path.join(dir, f)).ino]));
}

describe('db chunk files', () => {
  it('chunk counts are powers of two with at most CHUNK_OBJECTS objects on average', () => {
    expect(chunkCount(1)).toBe(1);
    expect(chunkCount(CHUNK_OBJECTS)).toBe(1);
    expect(chunkCount(CHUNK_OBJECTS + 1)).toBe(2);
    expect(chunkCount(10 * CHUNK_OBJECTS)).toBe(16);
  });

  it('a save after one change rewrites the one chunk holding it; reopening gives every object back', async () => {
    const n = 3 * CHUNK_OBJECTS;
    const { store, dbDir } = await storeWith(n);
    const before = await itemFiles(dbDir);
    const k = chunkCount(n);
    expect([...before.keys()].sort()).toEqual(Array.from({ length: k }, (_, i) => `items.${i}of${k}.ndjson`).sort());
    // each chunk is sorted by namespace/name and holds the objects that hash to it
    const chunk0 = readFileSync(path.join(await committedDir(dbDir), 'example.com', `items.0of${k}.ndjson`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as KrmObject);
    const names = chunk0.map((o) => `default/${o.metadata.name}`);
    expect(names).toEqual([...names].sort());
    expect(names.every((key) => chunkOf(key, k) === 0)).toBe(true);

    store.apply(item(7, 700), { fieldManager: 'test' });
    await store.save();
    const after = await itemFiles(dbDir);
    const changed = [...after].filter(([f, ino]) => before.get(f) !== ino).map(([f]) => f);
    expect(changed).toEqual([`items.${chunkOf('default/item-7', k)}of${k}.ndjson`]);

    const reopened = await openApiStore(dbDir);
    expect(reopened.list(API)).toHaveLength(n);
    expect(reopened.get(API, 'default', 'item-7').spec).toEqual({ value: 700 });
    expect(reopened.list(API, { showManagedFields: true })).toEqual(store.list(API, { showManagedFields: true }));
  });

  it('when deletes bring the count below a chunking boundary the old chunk files go', async () => {
    const { store, dbDir } = await storeWith(CHUNK_OBJECTS + 5);
    expect([...(await itemFiles(dbDir)).keys()].sort()).toEqual(['items.0of2.ndjson', 'items.1of2.ndjson']);
    for (let i = 0; i < 10; i++) store.delete(API, 'default', `item-${i}`);
    await store.save();
    expect([...(await itemFiles(dbDir)).keys()]).toEqual(['items.ndjson']);
    const reopened = await openApiStore(dbDir);
    expect(reopened.list(API).map((o) => o.metadata.name)).toEqual(store.list(API).map((o) => o.metadata.name));
    expect(reopened.list(API)).toHaveLength(CHUNK_OBJECTS - 5);
  });
});
