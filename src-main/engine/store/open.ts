// Opening a store persisted in `.choreo/db` (the writing side is ./persist.ts, which the store calls to save).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { committedDir, recoverStore } from './generations.js';
import { APIS_FILE, listDbFiles, readNdjson } from './persist.js';
import { MemoryApiStore } from './store.js';
import type { StoreOptions } from './types.js';

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
  // the CRD objects' file (or its chunks, persist.ts)
  const crdDir = path.join(dir, 'apiextensions.k8s.io');
  const crdFiles = files.filter((f) => path.dirname(f) === crdDir && path.basename(f).startsWith('customresourcedefinitions.'));
  for (const crdFile of crdFiles) {
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
