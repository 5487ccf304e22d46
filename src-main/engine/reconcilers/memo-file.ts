// Where the reconcile memo (reconcile-memo.ts) lives between runs: `.choreo/reconcile-memo.json` names, per
// reconciler, content-addressed chunks in `.choreo/reconcile-memo/` (files/content-chunks.ts), each holding the
// entries of a run of objects with its own small tables of API references and provenance records. A rerun
// with one input changed writes the one or two chunks holding changed entries and the small memo file, not
// every entry again (issue 11). The memo holds facts ("these reads made this reconcile a no-op"), true whatever
// the store holds, so it need not be committed together with the db: a missing, stale or unreadable file or
// chunk only costs a full run.
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';
import { isTempName, writeFileAtomic } from '../files/atomic-write.js';
import { contentRuns, putChunk, readChunk, sweepChunks } from '../files/content-chunks.js';
import { MEMO_FORMAT, MemoBook, remapEntry, type EntryOut, type LoadedMemo, type MemoChunk, type MemoTables, type RecordOf, type StoredEntry } from './reconcile-memo.js';

/** The memo file on disk: the engine that wrote it and, per reconciler, its key and chunks. */
interface MemoManifest {
  format: number;
  engine: string;
  reconcilers: Record<string, { key: string; chunks: string[] }>;
}

/** One chunk file: entries by `namespace/name`, whose indexes point into the chunk's own tables. */
type ChunkFile = MemoTables & { entries: Record<string, StoredEntry> };

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

const chunkDir = (root: string) => path.join(root, CHOREO_PATHS.reconcileMemoChunks);

/** The memo the last run left in `root`'s `.choreo/` (an empty one when there is none, or it cannot be read). */
export async function readMemoBook(root: string): Promise<MemoBook> {
  try {
    const manifest = JSON.parse(await fs.readFile(path.join(root, CHOREO_PATHS.reconcileMemo), 'utf8')) as MemoManifest;
    if (manifest?.format !== MEMO_FORMAT || manifest.engine !== ENGINE || typeof manifest.reconcilers !== 'object') return new MemoBook(undefined);
    const loaded: LoadedMemo = {};
    for (const [name, { key, chunks }] of Object.entries(manifest.reconcilers)) {
      const read: MemoChunk[] = [];
      for (const c of chunks) {
        const text = await readChunk(chunkDir(root), c);
        if (text === undefined) return new MemoBook(undefined);
        const chunk = JSON.parse(text) as ChunkFile;
        if (!Array.isArray(chunk.refs) || !Array.isArray(chunk.records) || typeof chunk.entries !== 'object') return new MemoBook(undefined);
        read.push({ name: c, ...chunk });
      }
      loaded[name] = { key, chunks: read };
    }
    return new MemoBook(loaded);
  } catch {
    return new MemoBook(undefined); // absent or damaged: the run reconciles everything
  }
}

/**
 * Writes the memo for the next run: the chunks not already there, then the memo file (atomically: a kill
 * leaves the old file with its chunks, or the new one with its chunks), then removes the chunks it no longer
 * names. A run of entries that is exactly a chunk read at the start keeps that chunk without encoding it
 * again. A run once holds the project's runner (runner/status.ts), so temp files found now are a killed run's.
 */
export async function writeMemoBook(root: string, book: MemoBook, recordOf: RecordOf | undefined): Promise<void> {
  const file = path.join(root, CHOREO_PATHS.reconcileMemo);
  const dir = chunkDir(root);
  const prefix = `.${path.basename(file)}`;
  for (const n of await fs.readdir(path.dirname(file)).catch(() => [] as string[])) {
    if (n.startsWith(prefix) && isTempName(n)) await fs.rm(path.join(path.dirname(file), n), { force: true });
  }
  await fs.mkdir(dir, { recursive: true });
  const manifest: MemoManifest = { format: MEMO_FORMAT, engine: ENGINE, reconcilers: {} };
  const named = new Set<string>();
  for (const [name, { key, entries }] of Object.entries(book.serialize(recordOf))) {
    const chunks: string[] = [];
    // by key, not in the order this run reconciled (a reconcile that ran again moves to the end of that)
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const run of contentRuns(entries, (e) => e[0])) {
      const kept = keptChunk(run);
      const c = kept ?? (await putChunk(dir, JSON.stringify(chunkOf(run)), '.memo-chunk'));
      chunks.push(c);
      named.add(c);
    }
    manifest.reconcilers[name] = { key, chunks };
  }
  await writeFileAtomic(file, JSON.stringify(manifest));
  await sweepChunks(dir, named);
}

/** The chunk a run of entries is exactly (every entry kept from it, and all of its entries), if any. */
function keptChunk(run: Array<[string, EntryOut]>): string | undefined {
  const c = run[0]![1].chunk;
  if (!c || !run.every(([, e]) => e.chunk === c) || Object.keys(c.entries).length !== run.length) return undefined;
  return c.name;
}

/** A run of entries with tables of just the references and records they use, in the order they use them. */
function chunkOf(run: Array<[string, EntryOut]>): ChunkFile {
  const chunk: ChunkFile = { refs: [], records: [], entries: {} };
  const refs = new ChunkTable(chunk.refs);
  const records = new ChunkTable(chunk.records);
  for (const [k, { entry, tables }] of run) {
    chunk.entries[k] = remapEntry(
      entry,
      (i) => refs.indexOf(tables.refs, i),
      (i) => records.indexOf(tables.records, i),
    );
  }
  return chunk;
}

/**
 * One table of a chunk being built: values interned by value (entries kept from different chunks hold equal
 * references as different objects), so a chunk's text depends on its entries only. The entries of a run
 * mostly index one and the same source table (this run's), so each source index is looked up once per chunk
 * (`slots`), not rendered as JSON for every read of every entry.
 */
class ChunkTable {
  private readonly byJson = new Map<string, number>();
  private readonly slots = new Map<readonly unknown[], number[]>();
  constructor(private readonly table: unknown[]) {}

  /** The chunk's index of `source[i]`. */
  indexOf(source: readonly unknown[], i: number): number {
    let slots = this.slots.get(source);
    if (!slots) this.slots.set(source, (slots = []));
    const known = slots[i];
    if (known !== undefined) return known;
    const v = source[i];
    const k = jsonOf(v);
    let j = this.byJson.get(k);
    if (j === undefined) this.byJson.set(k, (j = this.table.push(v) - 1));
    slots[i] = j;
    return j;
  }
}

const jsonTexts = new WeakMap<object, string>();
function jsonOf(v: unknown): string {
  if (typeof v !== 'object' || v === null) return JSON.stringify(v);
  let t = jsonTexts.get(v);
  if (t === undefined) jsonTexts.set(v, (t = JSON.stringify(v)));
  return t;
}
