// Persistence of the store in `<project>/.choreo/db/` (engine.md §3.2, design.md §4): one file per
// API, `<group>/<plural>.ndjson` (core group: `core/`), one object per line sorted by
// namespace/name, written only for APIs that changed, in a new generation that one rename commits
// (generations.ts). One file per API instead of
// one per object keeps a 100,000-object store to a few hundred file writes.
import { createReadStream, promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { writeChunksAtomic, writeFileAtomic } from './atomic-write.js';
import { commitGeneration, committedDir, recoverStore, withStoreLock } from './generations.js';
import { MemoryApiStore, sortedKeys, type ApiBucket } from './store.js';
import type { SaveOptions, StoreOptions } from './types.js';

export function bucketFile(dbDir: string, b: ApiBucket): string {
  return path.join(dbDir, b.api.group || 'core', `${b.api.resource}.ndjson`);
}

const APIS_FILE = 'apis.ndjson';

/**
 * Saves the changed APIs as a new generation of the db (generations.ts): all of the save becomes visible
 * at once, or none of it. Only what changed is written; the rest is linked from the previous generation.
 */
export async function saveStore(store: MemoryApiStore, dbDir: string, options: SaveOptions = {}): Promise<void> {
  await withStoreLock(dbDir, async () => {
    const attachments = (await options.prepare?.()) ?? [];
    const byKey = new Map([...store.removedBuckets, ...store.allBuckets().map((b) => [b.key, b] as const)]);
    const keys = [...store.dirty];
    const apisDirty = store.apisDirty;
    await commitGeneration(
      dbDir,
      async ({ dir }) => {
        if (apisDirty) {
          const regs = store.allBuckets().filter((b) => !b.builtin).map((b) => JSON.stringify({ choreoAPI: b.api.choreoAPI, crd: b.crd }));
          await writeFileAtomic(path.join(dir, APIS_FILE), regs.join('\n') + '\n');
        }
        for (const key of keys) {
          const b = byKey.get(key);
          if (!b) continue;
          const file = bucketFile(dir, b);
          if (b.objects.size === 0) await fs.rm(file, { force: true });
          else await writeChunksAtomic(file, chunksOf(b));
        }
      },
      attachments,
    );
    // Forgotten only once committed: a failed save is retried in full by the next one.
    for (const key of keys) {
      store.dirty.delete(key);
      store.removedBuckets.delete(key);
    }
    if (apisDirty) store.apisDirty = false;
  });
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

/**
 * The file's text; '' when it does not exist. In a generation whose folder has vanished (removed by two
 * saves of another process while we read) the ENOENT propagates, so the caller reads again.
 */
async function readIfExists(file: string, inGeneration: boolean): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if (inGeneration && !(await fs.stat(path.dirname(file)).catch(() => undefined))) throw err;
    return '';
  }
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
    if (/^gen-\d+$/.test(g) || g === 'attach') continue;
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
  await recoverStore(dbDir);
  try {
    return await readCommitted(dbDir, opts);
  } catch (err) {
    // Two saves of another process went by while we read (the generation we started on is gone): again.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return readCommitted(dbDir, opts);
  }
}

async function readCommitted(dbDir: string, opts: Omit<StoreOptions, 'dbDir'>): Promise<MemoryApiStore> {
  const store = new MemoryApiStore({ ...opts, dbDir });
  const dir = await committedDir(dbDir);
  const files = await listDbFiles(dir);
  const regs = await readIfExists(path.join(dir, APIS_FILE), dir !== dbDir);
  for (const line of regs.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const r = JSON.parse(line) as { choreoAPI?: boolean; crd: KrmObject };
      store.registerApi(r.crd, { choreoAPI: r.choreoAPI });
    } catch {
      // a registration that no longer parses is skipped; its CRD object (if any) follows below
    }
  }
  const crdFile = path.join(dir, 'apiextensions.k8s.io', 'customresourcedefinitions.ndjson');
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
