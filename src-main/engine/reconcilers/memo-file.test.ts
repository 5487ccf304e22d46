// The memo file and its chunks: a rerun that changes one entry writes one chunk (issue 11: unchanged entries
// are not rewritten), and what is read back is what was written.
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import type { ApiStore } from '../store/types.js';
import { readMemoBook, writeMemoBook } from './memo-file.js';
import { MemoBook, ReconcileTrace, type StoredEntry } from './reconcile-memo.js';

let tmp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => tmp?.cleanup());

/** A store whose only answer is its size (the one read the entries below made). */
const emptyStore = { size: () => 0 } as unknown as ApiStore;
const N = 5000;
const keys = Array.from({ length: N }, (_, i) => `default/item-${i}`);

/** A memo of N entries, each a size read and a print line. */
function book(): MemoBook {
  const entries = Object.fromEntries(keys.map((k) => [k, { r: [[3, '0']], p: [`reconciling ${k}`] } as StoredEntry]));
  return new MemoBook({ r: { key: 'code-1', chunks: [{ name: 'made-in-test', refs: [], records: [], entries }] } });
}

/** Every entry looked up (so it is kept); the prints each hit hands back. */
function lookAll(b: MemoBook): string[] {
  const m = b.memo('r', 'code-1');
  return keys.map((k) => m.lookup(emptyStore, k, false)?.prints[0] ?? 'miss');
}

function chunkTimes(dir: string): Map<string, number> {
  const d = path.join(dir, CHOREO_PATHS.reconcileMemoChunks);
  return new Map(readdirSync(d).map((n) => [n, statSync(path.join(d, n)).mtimeMs]));
}

describe('memo file', () => {
  it('reads back what was written; a second write with one entry changed writes one chunk and drops the old one', async () => {
    tmp = makeTempDir('choreo-memo-file-');
    const first = book();
    lookAll(first);
    await writeMemoBook(tmp.dir, first, undefined);
    const before = chunkTimes(tmp.dir);
    expect(before.size).toBeGreaterThan(2);

    const second = await readMemoBook(tmp.dir);
    expect(lookAll(second)).toEqual(keys.map((k) => `reconciling ${k}`));
    const trace = new ReconcileTrace();
    trace.reads.push({ op: 'size', fp: '0' });
    trace.prints.push('changed');
    second.memo('r', 'code-1').ran(keys[2500]!, trace, { kind: 'stop' });
    await writeMemoBook(tmp.dir, second, undefined);
    const after = chunkTimes(tmp.dir);
    const added = [...after.keys()].filter((n) => !before.has(n));
    const removed = [...before.keys()].filter((n) => !after.has(n));
    expect(added).toHaveLength(1);
    expect(removed).toHaveLength(1);
    for (const [n, t] of after) if (before.has(n)) expect(t, n).toBe(before.get(n));

    const third = await readMemoBook(tmp.dir);
    expect(lookAll(third)[2500]).toBe('changed');
  });

  it('a missing chunk or another reconciler key means no memo (a full run), not a wrong one', async () => {
    tmp = makeTempDir('choreo-memo-file-');
    const b = book();
    lookAll(b);
    await writeMemoBook(tmp.dir, b, undefined);
    expect(lookAll(await readMemoBook(tmp.dir)).filter((p) => p === 'miss')).toHaveLength(0);
    expect((await readMemoBook(tmp.dir)).memo('r', 'code-2').lookup(emptyStore, keys[0]!, false)).toBeUndefined();
    const d = path.join(tmp.dir, CHOREO_PATHS.reconcileMemoChunks);
    rmSync(path.join(d, readdirSync(d)[0]!));
    expect(lookAll(await readMemoBook(tmp.dir)).filter((p) => p === 'miss')).toHaveLength(N);
  });
});
