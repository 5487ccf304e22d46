// One object as a line of a snapshot file, with its index entry (./snapshot-index.ts). Apart from the index's
// reader so that `run diff`, which only reads indexes, does not load node:crypto.
import { hash } from 'node:crypto';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import type { IndexEntry } from './snapshot-index.js';

/** 96 bits of sha-1, base64: a hash that tells objects apart, short enough to keep indexes small. */
function shortHash(text: string): string {
  return hash('sha1', text, 'base64').slice(0, 16);
}

/**
 * One object as a snapshot line (its JSON text) with its index entry. The hash is of the text: equal hashes mean
 * equal objects; different hashes almost always mean different objects (the same object with its keys in
 * another order, or with other managedFields, is the exception the diff checks on the parsed objects).
 */
export function snapshotLine(o: KrmObject): { line: string; entry: IndexEntry } {
  const line = JSON.stringify(o);
  const m = o.metadata ?? {};
  return {
    line,
    entry: { apiVersion: String(o.apiVersion ?? ''), kind: String(o.kind ?? ''), namespace: m.namespace ?? '', name: m.name ?? '', hash: shortHash(line), bytes: Buffer.byteLength(line) },
  };
}
