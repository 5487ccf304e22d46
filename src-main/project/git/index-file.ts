// A reader for git's index file (.git/index, versions 2 and 3). status needs the stat data and blob ids
// of every tracked file in one pass; isomorphic-git does not expose its index reader.
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { GitError } from './errors.js';

export interface IndexEntry {
  path: string;
  oid: string;
  mode: number;
  /** 0 for a normal entry; 1 base, 2 ours, 3 theirs while a merge conflict is unresolved. */
  stage: number;
  ctimeSeconds: number;
  mtimeSeconds: number;
  ino: number;
  size: number;
}

export interface IndexFile {
  entries: IndexEntry[];
  /** mtime of the index file itself, in seconds: files modified in that same second are "racy" and get hashed. */
  mtimeSeconds: number;
}

export class UnsupportedIndexError extends Error {}

/** The index is cut short or its checksum does not match (a write was interrupted, or a disk fault). */
export function damagedIndexError(gitdir: string, why: string): GitError {
  return new GitError('damaged', `The git index (${path.join(gitdir, 'index')}) is damaged: ${why}.`, {
    hint: 'Run `choreo git repair`: it rebuilds the index from what can still be read and from HEAD; your files are not touched.',
  });
}

/** Parses the index; an empty index when the file does not exist (new repository). */
export async function readIndexFile(gitdir: string): Promise<IndexFile> {
  const file = path.join(gitdir, 'index');
  let buf: Buffer;
  let mtimeSeconds = 0;
  try {
    [buf, mtimeSeconds] = await Promise.all([fsp.readFile(file), fsp.stat(file).then((s) => Math.floor(s.mtimeMs / 1000))]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], mtimeSeconds: 0 };
    throw err;
  }
  if (buf.length < 12 + 20 || buf.toString('latin1', 0, 4) !== 'DIRC') throw damagedIndexError(gitdir, buf.length === 0 ? 'the file is empty' : 'it does not start like an index file');
  // git ends the index with the SHA-1 of everything before it; a torn write fails this check.
  // (All zeros: written with index.skipHash, no checksum to compare.)
  const trailer = buf.subarray(buf.length - 20);
  const sum = createHash('sha1').update(buf.subarray(0, buf.length - 20)).digest();
  if (!trailer.every((b) => b === 0) && !sum.equals(trailer)) throw damagedIndexError(gitdir, 'its checksum does not match (the file was cut short or changed)');
  try {
    return { entries: parseIndex(buf), mtimeSeconds };
  } catch (err) {
    if (err instanceof RangeError) throw damagedIndexError(gitdir, 'an entry runs past the end of the file');
    throw err;
  }
}

/**
 * Parses the entries of an index. With `salvage`, stops quietly at the first entry that does not fit
 * (a file cut short) and returns those before it: the repair keeps whatever can still be read.
 */
export function parseIndex(buf: Buffer, options: { salvage?: boolean } = {}): IndexEntry[] {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') throw new UnsupportedIndexError('not a git index file');
  const version = buf.readUInt32BE(4);
  if (version !== 2 && version !== 3) throw new UnsupportedIndexError(`index version ${version} is not supported`);
  const count = buf.readUInt32BE(8);
  const entries: IndexEntry[] = [];
  let off = 12;
  for (let i = 0; i < count; i++) {
    const start = off;
    if (options.salvage && off + 62 > buf.length) break;
    const flags = buf.readUInt16BE(off + 60);
    let pathStart = off + 62;
    if (version === 3 && flags & 0x4000) pathStart += 2; // extended flags
    const nameLen = flags & 0xfff;
    const pathEnd = nameLen < 0xfff ? pathStart + nameLen : buf.indexOf(0, pathStart);
    if (pathEnd < 0 || pathEnd > buf.length) {
      if (options.salvage) break;
      throw new RangeError('index entry past the end of the file');
    }
    entries[i] = {
      ctimeSeconds: buf.readUInt32BE(off),
      mtimeSeconds: buf.readUInt32BE(off + 8),
      ino: buf.readUInt32BE(off + 20),
      mode: buf.readUInt32BE(off + 24),
      size: buf.readUInt32BE(off + 36),
      oid: buf.toString('hex', off + 40, off + 60),
      stage: (flags >> 12) & 3,
      path: buf.toString('utf8', pathStart, pathEnd),
    };
    // Entries are NUL-padded to a multiple of 8 bytes (at least one NUL).
    const len = pathEnd - start;
    off = start + ((len + 8) & ~7);
  }
  return entries;
}
