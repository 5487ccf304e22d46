// What `run diff` of two consecutive snapshots would read objects for, worked out when the second is written
// (issue 11 item 4). The diff pairs objects by identity and calls a pair equal when their lines hash the same;
// a pair whose lines differ it parses, to tell a changed object from the same object with other managedFields
// or its keys in another order. The writer has its own objects at hand, so it compares each such pair with
// the snapshot listed before it (its base) and stores, in its index, which of them are the same object
// (snapshot-index.ts BaseVerdicts). `run diff` of the base and this snapshot then reads neither file: for a
// 1% change of 10,000 objects, ~3 MB of segments inflated per side. The diff still reads objects for -a (the
// field-level details) and -m (managedFields count), and for any other pair of snapshots.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { deepEqual } from '../apply/equal.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { strip } from './diff-items.js';
import { openStoredIndex, type IndexedSnapshot } from './indexed-snapshot.js';
import { snapshotsDir } from './snapshot-files.js';
import { LINE_HASH_DIGITS, lineHashesText, type BaseVerdicts, type IndexEntry } from './snapshot-index.js';
import type { SnapshotInfo } from './types.js';

/**
 * The id of the snapshot written last, in the snapshots folder: the base of the next one. A hint, so that a
 * run does not read every snapshot's header to find the newest (a project keeps hundreds): when it names a
 * snapshot that is gone or was never committed, or not the one listed last, the next snapshot gets no
 * verdicts or verdicts no diff uses, never wrong ones.
 */
const NEWEST = '.newest';

/**
 * Notes snapshot `id` as the base of the next one (see NEWEST), through the one atomic writer as every file
 * we write; a hint that cannot be written is no error.
 */
export async function noteNewest(projectDir: string, id: string): Promise<void> {
  await writeFileAtomic(path.join(snapshotsDir(projectDir), NEWEST), id).catch(() => undefined);
}

/** The header of the snapshot NEWEST names, if it is listed. */
async function newestWritten(projectDir: string): Promise<SnapshotInfo | undefined> {
  const dir = snapshotsDir(projectDir);
  const id = await fs.readFile(path.join(dir, NEWEST), 'utf8').catch(() => '');
  if (!/^[0-9a-f]{16}$/.test(id)) return undefined;
  const info = JSON.parse(await fs.readFile(path.join(dir, `${id}.meta.json`), 'utf8').catch(() => 'null')) as SnapshotInfo | null;
  return info?.id === id && Number.isSafeInteger(info.objectCount) ? info : undefined;
}

/**
 * The base of the snapshot about to be written (the one written last, see NEWEST) through its index;
 * undefined when there is none or it cannot be read (derived data: never an error).
 */
export async function openBase(projectDir: string): Promise<IndexedSnapshot | undefined> {
  try {
    const info = await newestWritten(projectDir);
    return info && (await openStoredIndex(projectDir, info));
  } catch {
    return undefined;
  }
}

/**
 * Objects whose lines differ from the base, at most, for the writer to compare them: a run that changed more
 * would pay a diff's reading at every run; its diff reads them instead, as before verdicts.
 */
export const MAX_COMPARED = 1000;

const identity = (apiVersion: string, kind: string, namespace: string, name: string) => `${apiVersion}\u0000${kind}\u0000${namespace}\u0000${name}`;

/**
 * The verdicts of a snapshot being written (its index entries and objects, in order) against its base (openBase);
 * undefined when there is none, or more than MAX_COMPARED lines differ. Derived data: a base that cannot be
 * read gives no verdicts, never an error.
 */
export async function baseVerdicts(base: IndexedSnapshot | undefined, entries: readonly IndexEntry[], objects: readonly KrmObject[]): Promise<BaseVerdicts | undefined> {
  try {
    if (!base) return undefined;
    const baseIdentity = (j: number) => {
      const [apiVersion, kind] = base.kinds[base.kindOf[j]!]!;
      return identity(apiVersion, kind, base.namespaces[j]!, base.names[j]!);
    };
    // compared field by field while the positions agree: no identity text per object
    const sameIdentity = (j: number, e: IndexEntry) => {
      const kind = base.kinds[base.kindOf[j]!]!;
      return base.names[j] === e.name && base.namespaces[j] === e.namespace && kind[1] === e.kind && kind[0] === e.apiVersion;
    };
    const hashes = lineHashesText(base);
    // pairs [base position, position] whose lines differ; both list their objects in the store's order, so
    // (as the diff does) objects pair by position while the identities agree, through a map from there on
    const differ: [number, number][] = [];
    let at: Map<string, number> | undefined;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (!at && (i >= base.count || !sameIdentity(i, e))) {
        at = new Map();
        for (let j = i; j < base.count; j++) at.set(baseIdentity(j), j);
      }
      const j = at ? at.get(identity(e.apiVersion, e.kind, e.namespace, e.name)) : i;
      if (j === undefined || hashes.startsWith(e.hash, j * LINE_HASH_DIGITS)) continue;
      if (differ.push([j, i]) > MAX_COMPARED) return undefined;
    }
    const before = await base.objectsAt(differ.map(([j]) => j));
    // compared as the diff compares objects read from snapshot lines: the line's JSON, not the store's object
    const sameAsBase = differ.filter(([j, i]) => deepEqual(strip(before.get(j)!, false), strip(JSON.parse(JSON.stringify(objects[i])) as KrmObject, false))).map(([, i]) => i);
    return { base: base.id, sameAsBase };
  } catch {
    return undefined;
  }
}
