// Atomic commits of the persisted store (issue 18 item 5). A save used to rewrite the changed API files of
// `.choreo/db/` one by one, then write the snapshot, then last-run.json: a kill in between left a db mixing
// two runs, or a db newer than the last snapshot, and temp files nobody removed. Now:
//
//   .choreo/db/CURRENT          {"generation": "gen-000007", "previous": "gen-000006", "attachments": [...]}
//   .choreo/db/gen-000007/      one complete store: apis.ndjson, <group>/<plural>.ndjson, attach/<n>
//
// A save builds the next generation beside the current one (unchanged files are hard links, so a save still
// costs only the files that changed), then switches CURRENT with one atomic rename: that rename is the
// commit. Files that must change together with the store (the run's snapshot header, last-run.json) are
// *attachments*: their content is stored in the generation and copied to their place after the switch;
// opening the store copies them again when a kill came between (roll forward). Readers take no lock: the
// previous generation is kept until the next save, so a reader that started on it can finish. Writers hold
// the store's cross-process lock; leftovers of killed saves (unreferenced generations, temp files) are
// removed under it, at the next save or open.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isTempName, TEMP_SUFFIX, writeChunksAtomic, writeFileAtomic } from '../files/atomic-write.js';
import { withFileLock } from './file-lock.js';
import { attachmentPieces, type Attachment } from './types.js';


interface CurrentFile {
  generation: string;
  previous?: string;
  /** Where each attachment goes, and its copy inside the generation (`attach/<n>`). */
  attachments?: { file: string; stored: string }[];
}

const CURRENT = 'CURRENT';
const GENERATION = /^gen-(\d{6,})$/;
const ATTACH_DIR = 'attach';

async function readCurrent(dbDir: string): Promise<CurrentFile | undefined> {
  try {
    const c = JSON.parse(await fs.readFile(path.join(dbDir, CURRENT), 'utf8')) as CurrentFile;
    return typeof c.generation === 'string' && GENERATION.test(c.generation) ? c : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The folder holding the committed store: the current generation, or the db folder itself for a store
 * written before generations (its files sit directly in it).
 */
export async function committedDir(dbDir: string): Promise<string> {
  const c = await readCurrent(dbDir);
  return c ? path.join(dbDir, c.generation) : dbDir;
}

/** Runs `fn` while holding the store's cross-process lock. */
export function withStoreLock<T>(dbDir: string, fn: () => Promise<T>): Promise<T> {
  return withFileLock(path.join(dbDir, 'store'), fn, { timeoutMs: 10 * 60_000 });
}

/** Every file below `dir`, relative, `/`-separated. */
async function filesBelow(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => [])) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (!rel && (GENERATION.test(e.name) || e.name === ATTACH_DIR)) continue;
      out.push(...(await filesBelow(dir, r)));
    } else if (e.isFile() && !(rel === '' && (e.name === CURRENT || e.name.endsWith('.lock'))) && !isTempName(e.name)) {
      out.push(r);
    }
  }
  return out;
}

export interface GenerationWriter {
  /** The new generation's folder: write changed files here (atomically); unchanged ones are already linked. */
  dir: string;
}

/**
 * Commits a new generation: links every file of the committed one into a new folder, lets `write` replace
 * or remove the files that changed, stores the attachments, switches CURRENT, then copies the attachments
 * to their places. Must run under withStoreLock.
 */
export async function commitGeneration(dbDir: string, write: (g: GenerationWriter) => Promise<void>, attachments: Attachment[] = []): Promise<void> {
  await removeLeftovers(dbDir);
  const current = await readCurrent(dbDir);
  const from = current ? path.join(dbDir, current.generation) : dbDir;
  const n = current ? Number(GENERATION.exec(current.generation)![1]) + 1 : 1;
  const name = `gen-${String(n).padStart(6, '0')}`;
  const dir = path.join(dbDir, name);
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  for (const rel of await filesBelow(from)) {
    if (rel.startsWith(`${ATTACH_DIR}/`)) continue;
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.link(path.join(from, rel), path.join(dir, rel));
  }
  await write({ dir });
  const stored: { file: string; stored: string }[] = [];
  for (const [i, a] of attachments.entries()) {
    const rel = `${ATTACH_DIR}/${i}`;
    await writeChunksAtomic(path.join(dir, rel), attachmentPieces(a));
    stored.push({ file: a.file, stored: rel });
  }
  await syncTree(dir);
  // The commit: one atomic rename.
  await writeFileAtomic(path.join(dbDir, CURRENT), JSON.stringify({ generation: name, ...(current ? { previous: current.generation } : {}), attachments: stored } satisfies CurrentFile) + '\n');
  await placeAttachments(dbDir, attachments);
  // The generation before the previous one can go; so can the files of a store written before generations.
  await removeLeftovers(dbDir);
}

/**
 * Copies the committed generation's attachments to their places where they differ (roll forward after a kill).
 * Under the lock. `committed`: the attachments the caller just committed, in order — written without reading
 * back their stored copies or what is in their places (last-run.json of a large run is ~100 MB).
 */
async function placeAttachments(dbDir: string, committed?: Attachment[]): Promise<void> {
  const c = await readCurrent(dbDir);
  for (const [i, a] of (c?.attachments ?? []).entries()) {
    const dest = path.resolve(dbDir, a.file);
    const known = committed?.[i];
    if (known && path.resolve(dbDir, known.file) === dest) {
      await placeFile(dbDir, dest, () => attachmentPieces(known), path.join(dbDir, c!.generation, a.stored));
      continue;
    }
    const content = await fs.readFile(path.join(dbDir, c!.generation, a.stored), 'utf8').catch(() => undefined);
    if (content === undefined) continue;
    const there = await fs.readFile(dest, 'utf8').catch(() => undefined);
    if (there !== content) await placeFile(dbDir, dest, () => [content]);
  }
}

/**
 * Puts an attachment in its place through one temp file of the db folder (the same path in every run, which
 * the fault suite needs; safe because attachments are only placed under the store's lock), renamed over
 * `dest`. The temp file is a hard link to the generation's stored copy (`stored`) where one can be made:
 * last-run.json of a large run is ~100 MB, and writing and syncing it a second time cost as much as the
 * first. Nothing ever writes into a stored or placed file (every writer renames a new file over it), so the
 * two names sharing one file is safe; the stored copy is already synced. Written out when linking fails.
 */
async function placeFile(dbDir: string, dest: string, pieces: () => Iterable<string>, stored?: string): Promise<void> {
  const tmp = path.join(dbDir, `.attachment${TEMP_SUFFIX}`);
  await fs.mkdir(path.dirname(dest), { recursive: true });
  if (stored && (await linkOver(stored, tmp))) {
    await fs.rename(tmp, dest);
    return;
  }
  const fh = await fs.open(tmp, 'w');
  try {
    for (const piece of pieces()) await fh.write(piece);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, dest);
}

/** Makes `link` a hard link to `target` (replacing a leftover); false where the file system cannot. */
async function linkOver(target: string, link: string): Promise<boolean> {
  await fs.rm(link, { force: true });
  try {
    await fs.link(target, link);
    return true;
  } catch {
    return false;
  }
}

/** Generations other than the current and previous one, legacy files once generations exist, and temp files. */
async function leftovers(dbDir: string): Promise<string[]> {
  const c = await readCurrent(dbDir);
  const keep = new Set([CURRENT, ...(c ? [c.generation] : []), ...(c?.previous ? [c.previous] : [])]);
  const out: string[] = [];
  for (const e of await fs.readdir(dbDir, { withFileTypes: true }).catch(() => [])) {
    if (keep.has(e.name) || e.name.endsWith('.lock')) continue;
    if (GENERATION.test(e.name) || isTempName(e.name) || c) out.push(e.name);
  }
  for (const g of [...keep].filter((k) => k !== CURRENT)) {
    for (const rel of await filesBelowAll(path.join(dbDir, g))) if (isTempName(path.basename(rel))) out.push(path.join(g, rel));
  }
  return out;
}

async function filesBelowAll(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => [])) {
    const r = rel ? path.join(rel, e.name) : e.name;
    if (e.isDirectory()) out.push(...(await filesBelowAll(dir, r)));
    else out.push(r);
  }
  return out;
}

async function removeLeftovers(dbDir: string): Promise<void> {
  for (const rel of await leftovers(dbDir)) await fs.rm(path.join(dbDir, rel), { recursive: true, force: true });
}

/** True when an attachment of the committed generation is missing from its place or differs. */
async function attachmentsPending(dbDir: string): Promise<boolean> {
  const c = await readCurrent(dbDir);
  for (const a of c?.attachments ?? []) {
    // placed as a link to its stored copy (placeFile): in place without reading it (~100 MB for a large run)
    if (await sameFile(path.join(dbDir, c!.generation, a.stored), path.resolve(dbDir, a.file))) continue;
    const content = await fs.readFile(path.join(dbDir, c!.generation, a.stored), 'utf8').catch(() => undefined);
    if (content !== undefined && content !== (await fs.readFile(path.resolve(dbDir, a.file), 'utf8').catch(() => undefined))) return true;
  }
  return false;
}

/** True when both names are links to one file. */
async function sameFile(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([fs.stat(a).catch(() => undefined), fs.stat(b).catch(() => undefined)]);
  return !!sa && !!sb && sa.ino !== 0 && sa.ino === sb.ino && sa.dev === sb.dev;
}

/**
 * At open: finishes a commit that a kill interrupted after the switch (attachments), and removes what
 * killed saves left behind. Checked without the lock; the lock is taken (and CURRENT read again under it,
 * so an older commit never overwrites a newer one's files) only when there is something to do.
 */
export async function recoverStore(dbDir: string): Promise<void> {
  if (!(await attachmentsPending(dbDir)) && !(await leftovers(dbDir)).length) return;
  await withStoreLock(dbDir, async () => {
    await placeAttachments(dbDir);
    await removeLeftovers(dbDir);
  });
}

/** fsync of every folder of the new generation, so the links and renames in it are durable before the switch. */
async function syncTree(dir: string): Promise<void> {
  const dirs = [dir, ...(await filesBelowAll(dir)).map((r) => path.dirname(path.join(dir, r)))];
  for (const d of new Set(dirs)) {
    const h = await fs.open(d, 'r').catch(() => undefined);
    await h?.sync().catch(() => undefined);
    await h?.close();
  }
}
