// Persistence of the store in `<project>/.choreo/db/` (engine.md §3.2, design.md §4): one file per
// API, `<group>/<plural>.ndjson` (core group: `core/`), one object per line sorted by
// namespace/name, written atomically and only for APIs that changed. One file per API instead of
// one per object keeps a 100,000-object store to a few hundred file writes.
import { createReadStream, promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { writeChunksAtomic, writeFileAtomic } from './atomic-write.js';
import { MemoryApiStore, sortedKeys, type ApiBucket } from './store.js';
import type { StoreOptions } from './types.js';

export function bucketFile(dbDir: string, b: ApiBucket): string {
  return path.join(dbDir, b.api.group || 'core', `${b.api.resource}.ndjson`);
}

const APIS_FILE = 'apis.ndjson';

export async function saveStore(store: MemoryApiStore, dbDir: string): Promise<void> {
  const byKey = new Map([...store.removedBuckets, ...store.allBuckets().map((b) => [b.key, b] as const)]);
  store.removedBuckets.clear();
  if (store.apisDirty) {
    store.apisDirty = false;
    const regs = store.allBuckets().filter((b) => !b.builtin).map((b) => JSON.stringify({ choreoAPI: b.api.choreoAPI, crd: b.crd }));
    await writeFileAtomic(path.join(dbDir, APIS_FILE), regs.join('\n') + '\n');
  }
  for (const key of [...store.dirty]) {
    const b = byKey.get(key);
    store.dirty.delete(key);
    if (!b) continue;
    const file = bucketFile(dbDir, b);
    if (b.objects.size === 0) {
      await fs.rm(file, { force: true });
      continue;
    }
    await writeChunksAtomic(file, chunksOf(b));
  }
}

/** One JSON line per object, ~1,000 objects per chunk. */
function* chunksOf(b: ApiBucket): Iterable<string> {
  const keys = [...sortedKeys(b)];
  for (let i = 0; i < keys.length; i += 1000) {
    let chunk = '';
    for (const k of keys.slice(i, i + 1000)) chunk += JSON.stringify(b.objects.get(k)) + '\n';
    yield chunk;
  }
}

async function readNdjson(file: string): Promise<KrmObject[]> {
  const out: KrmObject[] = [];
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    n++;
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as KrmObject);
    } catch (e) {
      throw new Error(`${file}:${n}: corrupt store file (${(e as Error).message}); remove the .choreo/db folder to start fresh`);
    }
  }
  return out;
}

async function listDbFiles(dbDir: string): Promise<string[]> {
  const out: string[] = [];
  let groups: string[];
  try {
    groups = await fs.readdir(dbDir);
  } catch {
    return out;
  }
  for (const g of groups.sort()) {
    const dir = path.join(dbDir, g);
    const st = await fs.stat(dir).catch(() => undefined);
    if (!st?.isDirectory()) continue;
    for (const f of (await fs.readdir(dir)).sort()) if (f.endsWith('.ndjson')) out.push(path.join(dir, f));
  }
  return out;
}

/**
 * Opens the persisted store: registers the built-in APIs, then the APIs of the stored CRD objects,
 * then restores every stored object whose API is known. Objects of unknown APIs stay on disk.
 */
export async function openApiStore(dbDir: string, opts: Omit<StoreOptions, 'dbDir'> = {}): Promise<MemoryApiStore> {
  const store = new MemoryApiStore({ ...opts, dbDir });
  const files = await listDbFiles(dbDir);
  const regs = await fs.readFile(path.join(dbDir, APIS_FILE), 'utf8').catch(() => '');
  for (const line of regs.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const r = JSON.parse(line) as { choreoAPI?: boolean; crd: KrmObject };
      store.registerApi(r.crd, { choreoAPI: r.choreoAPI });
    } catch {
      // a registration that no longer parses is skipped; its CRD object (if any) follows below
    }
  }
  const crdFile = path.join(dbDir, 'apiextensions.k8s.io', 'customresourcedefinitions.ndjson');
  if (files.includes(crdFile)) {
    for (const crd of await readNdjson(crdFile)) {
      try {
        store.registerApi(crd);
      } catch {
        // a CRD that no longer registers is still restored as an object below
      }
    }
  }
  for (const f of files) for (const o of await readNdjson(f)) store.restore(o);
  store.apisDirty = false;
  return store;
}
