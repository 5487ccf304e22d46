// Old and new text of one file for the diff editor: working tree against the index (unstaged changes),
// index against HEAD (staged changes) or working tree against HEAD (everything).
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { readIndexFile } from './index-file.js';
import { base, repoPath, type Repo } from './repo.js';
import { flattenTree, treeOf } from './tree.js';

export type DiffBase = 'index' | 'head';
export type DiffSide = 'index' | 'workdir';

export interface FileDiff {
  path: string;
  /** Text of the old side; null when the file does not exist there. */
  oldText: string | null;
  /** Text of the new side; null when the file does not exist there. */
  newText: string | null;
  /** Either side holds binary data (the texts are then null-free placeholders). */
  binary: boolean;
  /** git blob ids of the two sides (null where the file does not exist): a partial stage names what it saw. */
  oldId: string | null;
  newId: string | null;
}

export interface DiffRequest {
  path: string;
  /** What to compare against: the index (default for unstaged changes) or HEAD. */
  against: DiffBase;
  /** The new side: the working tree (default) or the index (staged changes; needs against = head). */
  side?: DiffSide;
}

/** git's id of a blob with this content (`git hash-object`). */
export function blobId(content: Uint8Array): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

function isBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8000).includes(0);
}

export async function readBlob(repo: Repo, oid: string): Promise<Buffer> {
  const { blob } = await git.readBlob({ ...base(repo), oid });
  return Buffer.from(blob);
}

/** The stage-0 index entry oid of a path. */
export async function indexOid(repo: Repo, filepath: string): Promise<string | undefined> {
  const { entries } = await readIndexFile(repo.gitdir);
  return entries.find((e) => e.path === filepath && e.stage === 0)?.oid;
}

export async function headOid(repo: Repo, filepath: string): Promise<string | undefined> {
  return (await flattenTree(repo, await treeOf(repo, 'HEAD'))).get(filepath)?.oid;
}

export async function diffFile(repo: Repo, req: DiffRequest): Promise<FileDiff> {
  const p = repoPath(repo, req.path);
  const side = req.side ?? 'workdir';
  const oldOid = req.against === 'head' ? await headOid(repo, p) : await indexOid(repo, p);
  const oldBuf = oldOid ? await readBlob(repo, oldOid) : null;
  let newBuf: Buffer | null;
  let newOid: string | null;
  if (side === 'index') {
    newOid = (await indexOid(repo, p)) ?? null;
    newBuf = newOid ? await readBlob(repo, newOid) : null;
  } else {
    newBuf = await fsp.readFile(path.join(repo.dir, p)).catch(() => null);
    newOid = newBuf ? blobId(newBuf) : null;
  }
  return sidesDiff(p, oldBuf, newBuf, oldOid ?? null, newOid);
}

export function sidesDiff(p: string, oldBuf: Buffer | null, newBuf: Buffer | null, oldId: string | null, newId: string | null): FileDiff {
  const binary = (oldBuf !== null && isBinary(oldBuf)) || (newBuf !== null && isBinary(newBuf));
  const text = (b: Buffer | null) => (b === null ? null : binary ? `(binary, ${b.length} bytes)` : b.toString('utf8'));
  return { path: p, oldText: text(oldBuf), newText: text(newBuf), binary, oldId, newId };
}
