// The gzip members (segments) of the snapshot written before this one that the new snapshot can take as they
// are (issue 11: snapshotting must not redo the work of unchanged objects). A rerun with one input changed
// serialises every object again (its lines are hashed for the index and the snapshot's id), but compresses
// only the segments whose lines changed: a segment holding the same lines as one of the base's is copied
// from the base's file. Snapshots stay immutable and self-contained: the copy is a copy of bytes, no snapshot
// refers to another's file.
//
// Segments are cut where the objects' identities say (snapshot-store.ts), so an object that changed, came or
// went changes the segment that holds it and leaves the others as they were.
//
// What is taken is checked twice: the base's index must give the same line hashes and lengths for the
// segment's objects, and the member's gzip trailer (CRC-32 and size of its text) must be the text's. An index
// that does not match its file (derived data, edited or torn) therefore makes a segment compressed anew,
// never copies other bytes.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { LINE_HASH_DIGITS, lineHashesText, type IndexEntry, type IndexTable } from './snapshot-index.js';
import { snapshotsDir } from './snapshot-files.js';

/** Finds, for a segment about to be written, the base's member holding exactly its text. */
export interface ReusedSegments {
  /**
   * The base's gzip member whose text is `text`: the lines of `entries[first..end)`, each followed by a
   * newline; undefined when the base has no such segment.
   */
  member(entries: readonly IndexEntry[], first: number, end: number, text: string): Buffer | undefined;
}

/** Bytes of the gzip trailer: CRC-32, then the text's size modulo 2^32, both little-endian. */
const TRAILER = 8;

/**
 * The segments of snapshot `base` (opened through its index) that a new snapshot can reuse; undefined when
 * its file cannot be read or its index has no segments. The file is read once, whole (1.6 MB at 10,000
 * objects): one read costs less than one per member.
 */
export async function reusedSegments(projectDir: string, base: (IndexTable & { id: string }) | undefined): Promise<ReusedSegments | undefined> {
  const segments = base?.segments;
  const lineBytes = base?.lineBytes;
  if (!base || !segments?.length || !lineBytes) return undefined;
  const bytes = await fs.readFile(path.join(snapshotsDir(projectDir), `${base.id}.ndjson.gz`)).catch(() => undefined);
  if (!bytes) return undefined;
  const hashes = lineHashesText(base);
  // the base's segments by the line hash of their first object
  const byFirstLine = new Map<string, number>();
  segments.forEach((s, k) => byFirstLine.set(hashes.slice(s.firstObject * LINE_HASH_DIGITS, (s.firstObject + 1) * LINE_HASH_DIGITS), k));
  return {
    member(entries, first, end, text) {
      const k = byFirstLine.get(entries[first]!.hash);
      if (k === undefined) return undefined;
      const seg = segments[k]!;
      const count = (segments[k + 1]?.firstObject ?? base.count) - seg.firstObject;
      if (count !== end - first || seg.offset + seg.length > bytes.length || seg.length < TRAILER) return undefined;
      let size = 0;
      for (let i = 0; i < count; i++) {
        const e = entries[first + i]!;
        if (lineBytes[seg.firstObject + i] !== e.bytes || !hashes.startsWith(e.hash, (seg.firstObject + i) * LINE_HASH_DIGITS)) return undefined;
        size += e.bytes + 1;
      }
      const member = bytes.subarray(seg.offset, seg.offset + seg.length);
      const trailer = seg.length - TRAILER;
      if (member.readUInt32LE(trailer) !== crc32(text) || member.readUInt32LE(trailer + 4) !== size % 2 ** 32) return undefined;
      return member;
    },
  };
}
