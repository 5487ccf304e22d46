// Where the reconcile memo (reconcile-memo.ts) lives between runs: `.choreo/reconcile-memo.json`. It holds
// facts ("these reads made this reconcile a no-op"), true whatever the store holds, so it need not be
// committed together with the db: a missing, stale or unreadable file only costs a full run.
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';
import { isTempName, writeFileAtomic } from '../files/atomic-write.js';
import { MEMO_FORMAT, MemoBook, type MemoFile, type RecordOf } from './reconcile-memo.js';

/**
 * Which engine code wrote a memo: the size and modification time of the file that holds this module (in the
 * prebuilt bundle, its chunk, which every build or upgrade rewrites). An entry says "this code read the same
 * and changed nothing", so a memo written by other engine code proves nothing and is dropped: without this, an
 * upgrade that changes what a reconcile does could skip it once on the old code's word.
 */
function engineIdentity(): string {
  try {
    const st = statSync(fileURLToPath(import.meta.url));
    return `${st.size}:${Math.trunc(st.mtimeMs)}`;
  } catch {
    return 'unknown'; // not a file URL (an unusual loader): memos are still keyed by their format
  }
}
const ENGINE = engineIdentity();

/** The memo file on disk: the memo and the engine that wrote it. */
type StoredMemoFile = MemoFile & { engine?: string };

/** The memo the last run left in `root`'s `.choreo/` (an empty one when there is none, or it cannot be read). */
export async function readMemoBook(root: string): Promise<MemoBook> {
  let file: MemoFile | undefined;
  try {
    const parsed = JSON.parse(await fs.readFile(path.join(root, CHOREO_PATHS.reconcileMemo), 'utf8')) as StoredMemoFile;
    if (parsed?.format === MEMO_FORMAT && parsed.engine === ENGINE && Array.isArray(parsed.refs) && Array.isArray(parsed.records) && typeof parsed.reconcilers === 'object') file = parsed;
  } catch {
    // absent or damaged: the run reconciles everything
  }
  return new MemoBook(file);
}

/**
 * Writes the memo for the next run (atomically: a kill leaves the old file or the new one). A run once holds
 * the project's runner (runner/status.ts), so temp files of the memo found now are a killed run's: removed.
 */
export async function writeMemoBook(root: string, book: MemoBook, recordOf: RecordOf | undefined): Promise<void> {
  const file = path.join(root, CHOREO_PATHS.reconcileMemo);
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}`;
  for (const n of await fs.readdir(dir).catch(() => [] as string[])) {
    if (n.startsWith(prefix) && isTempName(n)) await fs.rm(path.join(dir, n), { force: true });
  }
  const stored: StoredMemoFile = { ...book.serialize(recordOf), engine: ENGINE };
  await writeFileAtomic(file, JSON.stringify(stored));
}
