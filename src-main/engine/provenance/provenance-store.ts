// Field provenance beside its snapshot: `.choreo/snapshots/<id>.provenance.json` (issue 13). Written with
// the snapshot, before its header commits it (run-once.ts persistRun), and removed with it.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ProvenanceRecords, WriteRecord } from '../../../src-shared/insight/provenance.js';
import { writeChunksAtomic } from '../files/atomic-write.js';
import { PROVENANCE_SUFFIX, snapshotsDir } from '../snapshots/snapshot-store.js';

const PROVENANCE_FORMAT: ProvenanceRecords['format'] = 'choreo-provenance/1';

function provenanceFile(projectDir: string, snapshotId: string): string {
  return path.join(snapshotsDir(projectDir), `${snapshotId}${PROVENANCE_SUFFIX}`);
}

/**
 * Writes the records of each object (ProvenanceRecorder.entries) as one ProvenanceRecords JSON document — the
 * text JSON.stringify would give — in pieces of 1,000 objects, so a large run never holds it as one string.
 */
export async function writeProvenance(projectDir: string, snapshotId: string, entries: Iterable<[string, WriteRecord[]]>): Promise<void> {
  await writeChunksAtomic(provenanceFile(projectDir, snapshotId), provenanceChunks(entries), { tempName: '.provenance' });
}

function* provenanceChunks(entries: Iterable<[string, WriteRecord[]]>): Generator<string> {
  let chunk = `{"format":${JSON.stringify(PROVENANCE_FORMAT)},"objects":{`;
  let n = 0;
  for (const [key, records] of entries) {
    chunk += `${n > 0 ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(records)}`;
    if (++n % 1000 === 0) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}}}`;
}

/** The provenance of a snapshot; undefined when the run recorded none (older snapshots, prod runs). */
export async function readProvenance(projectDir: string, snapshotId: string): Promise<ProvenanceRecords | undefined> {
  let text: string;
  try {
    text = await fs.readFile(provenanceFile(projectDir, snapshotId), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as ProvenanceRecords;
    return parsed.format === PROVENANCE_FORMAT ? parsed : undefined;
  } catch {
    return undefined; // written atomically: a torn file is foreign; treat as absent
  }
}
