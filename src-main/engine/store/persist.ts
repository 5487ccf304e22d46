// Persistence of the store in `<project>/.choreo/db/` (engine.md §3.2, design.md §4): one file per
// API, `<group>/<plural>.ndjson` (core group: `core/`), one object per line sorted by
// namespace/name, written only for APIs that changed, in a new generation that one rename commits
// (generations.ts). One file per API instead of
// one per object keeps a 100,000-object store to a few hundred file writes.
import { createReadStream, promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { writeChunksAtomic, writeFileAtomic } from '../files/atomic-write.js';
import { commitGeneration, withStoreLock } from './generations.js';
// Types only: store.ts loads this module to save, so a value import back would make a cycle.
import type { ApiBucket, MemoryApiStore } from './store.js';
import type { SaveOptions } from './types.js';
import { phase } from '../runner/phase-times.js';

export function bucketFile(dbDir: string, b: ApiBucket): string {
  return path.join(dbDir, b.api.group || 'core', `${b.api.resource}.ndjson`);
}

export const APIS_FILE = 'apis.ndjson';

/**
 * Saves the changed APIs as a new generation of the db (generations.ts): all of the save becomes visible
 * at once, or none of it. Only what changed is written; the rest is linked from the previous generation.
 */
export async function saveStore(store: MemoryApiStore, dbDir: string, options: SaveOptions = {}): Promise<void> {
  await withStoreLock(dbDir, async () => {
    const attachments = (await options.prepare?.({})) ?? [];
    phase('persist.db');
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
        phase('persist.commit');
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
  const keys = b.sorted ?? [...b.objects.keys()].sort();
  for (let i = 0; i < keys.length; i += 1000) {
    let chunk = '';
    for (const k of keys.slice(i, i + 1000)) chunk += JSON.stringify(b.objects.get(k)) + '\n';
    yield chunk;
  }
}

export async function readNdjson(file: string): Promise<KrmObject[]> {
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

export async function listDbFiles(dbDir: string): Promise<string[]> {
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
