// Field provenance beside its snapshot (issue 13): `.choreo/snapshots/<id>.provenance.json` is a manifest
// naming content-addressed chunks in `.choreo/snapshots/provenance/` (files/content-chunks.ts), each holding
// the records of a run of objects. Consecutive snapshots share the chunks of objects whose provenance did not
// change, so a rerun with one input changed writes one or two chunks instead of every object's records again
// (issue 11). Written with the snapshot, before its header commits it (run-once.ts persistRun); the manifest
// is removed with the snapshot and a chunk when no manifest names it any more (at the next write).
// A snapshot written before chunking has the whole document in its `.provenance.json`; it is still read.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ProvenanceRecords, WriteRecord } from '../../../src-shared/insight/provenance.js';
import { contentRuns, putChunk, readChunk, sweepChunks } from '../files/content-chunks.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { PROVENANCE_SUFFIX, snapshotsDir } from '../snapshots/snapshot-store.js';

/** What `<id>.provenance.json` holds now: the chunks of the records, in the order of the objects. */
interface ProvenanceManifest {
  format: typeof MANIFEST_FORMAT;
  chunks: string[];
}

const RECORDS_FORMAT: ProvenanceRecords['format'] = 'choreo-provenance/1';
const MANIFEST_FORMAT = 'choreo-provenance-chunks/1';
/** The chunk folder's name inside the snapshots folder. */
const CHUNKS = 'provenance';

function provenanceFile(projectDir: string, snapshotId: string): string {
  return path.join(snapshotsDir(projectDir), `${snapshotId}${PROVENANCE_SUFFIX}`);
}

function chunksDir(projectDir: string): string {
  return path.join(snapshotsDir(projectDir), CHUNKS);
}

/**
 * Writes the records of each object (ProvenanceRecorder.entries): the chunks not already there, then the
 * manifest; then removes the chunks no snapshot's manifest names any more. Each chunk's text is the JSON
 * object `{key: records, …}` of its run of objects.
 */
export async function writeProvenance(projectDir: string, snapshotId: string, entries: Iterable<[string, WriteRecord[]]>): Promise<void> {
  const dir = chunksDir(projectDir);
  await fs.mkdir(dir, { recursive: true });
  const chunks: string[] = [];
  const shared = new WeakMap<object, string>();
  for (const run of contentRuns(entries, (e) => e[0])) {
    let text = '{';
    for (let i = 0; i < run.length; i++) {
      const [key, records] = run[i]!;
      text += `${i > 0 ? ',' : ''}${JSON.stringify(key)}:[`;
      for (let k = 0; k < records.length; k++) text += `${k > 0 ? ',' : ''}${recordText(records[k]!, shared)}`;
      text += ']';
    }
    chunks.push(await putChunk(dir, `${text}}`, '.provenance-chunk'));
  }
  const manifest: ProvenanceManifest = { format: MANIFEST_FORMAT, chunks };
  await writeFileAtomic(provenanceFile(projectDir, snapshotId), JSON.stringify(manifest), { tempName: '.provenance' });
  await sweepChunks(dir, await referencedChunks(projectDir));
}

/**
 * A record's JSON text: JSON.stringify(record) for a record with WriteRecord's keys in their order (as the
 * recorder and the reconcile memo make them), the same data in that order for any other. The records of a
 * run share their call stacks and fields (one object per shape, a handful per run: recorder.ts), whose texts
 * are made once, in `shared`: at 10,000 objects their fields were most of the text serialised.
 */
function recordText(r: WriteRecord, shared: WeakMap<object, string>): string {
  const part = (o: object) => {
    let t = shared.get(o);
    if (t === undefined) shared.set(o, (t = JSON.stringify(o)));
    return t;
  };
  const appliedAt = r.appliedAt ? `,"appliedAt":${part(r.appliedAt)}` : '';
  return `{"reconciler":${JSON.stringify(r.reconciler)},"via":${JSON.stringify(r.via)},"trigger":${JSON.stringify(r.trigger)},"callStack":${part(r.callStack)}${appliedAt},"fields":${part(r.fields)}}`;
}

/**
 * The chunks some manifest in the snapshots folder names. Every manifest counts, listed snapshot or not: a
 * snapshot whose header a kill kept from its place is listed at the next open of the store.
 */
async function referencedChunks(projectDir: string): Promise<Set<string>> {
  const dir = snapshotsDir(projectDir);
  const out = new Set<string>();
  for (const n of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!n.endsWith(PROVENANCE_SUFFIX) || n.startsWith('.')) continue;
    const manifest = await readManifest(path.join(dir, n));
    for (const c of manifest?.chunks ?? []) out.add(c);
  }
  return out;
}

/** A chunked manifest; undefined for a whole document of an older snapshot (recognised by its size) or junk. */
async function readManifest(file: string): Promise<ProvenanceManifest | undefined> {
  try {
    // a manifest names ~1 chunk per 1,000 objects; a file this large is an older whole document
    if ((await fs.stat(file)).size > 4 << 20) return undefined;
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as ProvenanceManifest;
    return parsed?.format === MANIFEST_FORMAT && Array.isArray(parsed.chunks) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The provenance of a snapshot; undefined when the run recorded none (older snapshots, prod runs). */
export async function readProvenance(projectDir: string, snapshotId: string): Promise<ProvenanceRecords | undefined> {
  let text: string;
  try {
    text = await fs.readFile(provenanceFile(projectDir, snapshotId), 'utf8');
  } catch {
    return undefined;
  }
  let parsed: ProvenanceRecords | ProvenanceManifest;
  try {
    parsed = JSON.parse(text) as ProvenanceRecords | ProvenanceManifest;
  } catch {
    return undefined; // written atomically: a torn file is foreign; treat as absent
  }
  if (parsed?.format === RECORDS_FORMAT) return parsed as ProvenanceRecords;
  if (parsed?.format !== MANIFEST_FORMAT || !Array.isArray(parsed.chunks)) return undefined;
  const objects: ProvenanceRecords['objects'] = {};
  for (const name of parsed.chunks) {
    const chunk = await readChunk(chunksDir(projectDir), String(name));
    if (chunk === undefined) return undefined; // removed by hand: the snapshot has no provenance then
    try {
      Object.assign(objects, JSON.parse(chunk) as ProvenanceRecords['objects']);
    } catch {
      return undefined;
    }
  }
  return { format: RECORDS_FORMAT, objects };
}
