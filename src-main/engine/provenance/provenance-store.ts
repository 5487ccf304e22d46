// Field provenance beside its snapshot: `.choreo/snapshots/<id>.provenance.json` (issue 13). Written with
// the snapshot, before its header commits it (run-once.ts persistRun), and removed with it.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ProvenanceRecords } from '../../../src-shared/insight/provenance.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { PROVENANCE_SUFFIX, snapshotsDir } from '../snapshots/snapshot-store.js';

function provenanceFile(projectDir: string, snapshotId: string): string {
  return path.join(snapshotsDir(projectDir), `${snapshotId}${PROVENANCE_SUFFIX}`);
}

export async function writeProvenance(projectDir: string, snapshotId: string, records: ProvenanceRecords): Promise<void> {
  await writeFileAtomic(provenanceFile(projectDir, snapshotId), JSON.stringify(records), { tempName: '.provenance' });
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
    return parsed.format === 'choreo-provenance/1' ? parsed : undefined;
  } catch {
    return undefined; // written atomically: a torn file is foreign; treat as absent
  }
}
