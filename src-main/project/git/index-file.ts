// A reader for git's index file (.git/index, versions 2 and 3). status needs the stat data and blob ids
// of every tracked file in one pass; isomorphic-git does not expose its index reader.
import { promises as fsp } from 'node:fs';
import path from 'node:path';

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
  return { entries: parseIndex(buf), mtimeSeconds };
}

export function parseIndex(buf: Buffer): IndexEntry[] {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') throw new UnsupportedIndexError('not a git index file');
  const version = buf.readUInt32BE(4);
  if (version !== 2 && version !== 3) throw new UnsupportedIndexError(`index version ${version} is not supported`);
  const count = buf.readUInt32BE(8);
  const entries: IndexEntry[] = new Array(count);
  let off = 12;
  for (let i = 0; i < count; i++) {
    const start = off;
    const flags = buf.readUInt16BE(off + 60);
    let pathStart = off + 62;
    if (version === 3 && flags & 0x4000) pathStart += 2; // extended flags
    const nameLen = flags & 0xfff;
    const pathEnd = nameLen < 0xfff ? pathStart + nameLen : buf.indexOf(0, pathStart);
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
