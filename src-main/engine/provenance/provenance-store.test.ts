import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WriteRecord } from '../../../src-shared/insight/provenance.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { snapshotsDir } from '../snapshots/snapshot-store.js';
import { readProvenance, writeProvenance } from './provenance-store.js';

let tmp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => tmp?.cleanup());

const record = (i: number, line = 7): WriteRecord => ({
  reconciler: 'r',
  via: 'client_create',
  trigger: { apiVersion: 'example.com/v1', kind: 'Item', namespace: 'default', name: `item-${i}` },
  callStack: [{ file: 'reconcilers/r.star', line: 3, col: 5 }],
  fields: { '.spec.value': { file: 'reconcilers/r.star', line, col: 9 } },
});

const entriesOf = (n: number, changed = -1): [string, WriteRecord[]][] => Array.from({ length: n }, (_, i) => [`example.com|Child|default|item-${i}`, [record(i, i === changed ? 8 : 7)]]);

/** The chunk files and their modification times. */
function chunks(dir: string): Map<string, number> {
  const d = path.join(snapshotsDir(dir), 'provenance');
  return new Map(readdirSync(d).map((n) => [n, statSync(path.join(d, n)).mtimeMs]));
}

describe('provenance store', () => {
  it('reads back the records document written, in the objects order', async () => {
    tmp = makeTempDir('choreo-prov-');
    mkdirSync(snapshotsDir(tmp.dir), { recursive: true });
    const entries = entriesOf(2500);
    await writeProvenance(tmp.dir, 'abc', entries);
    const read = await readProvenance(tmp.dir, 'abc');
    expect(read).toEqual({ format: 'choreo-provenance/1', objects: Object.fromEntries(entries) });
    expect(Object.keys(read!.objects)).toEqual(entries.map((e) => e[0]));
    await writeProvenance(tmp.dir, 'empty', []);
    expect(await readProvenance(tmp.dir, 'empty')).toEqual({ format: 'choreo-provenance/1', objects: {} });
  });

  it('a second snapshot with one object changed writes one chunk; chunks go when no snapshot names them', async () => {
    tmp = makeTempDir('choreo-prov-');
    mkdirSync(snapshotsDir(tmp.dir), { recursive: true });
    await writeProvenance(tmp.dir, 'one', entriesOf(10_000));
    const first = chunks(tmp.dir);
    expect(first.size).toBeGreaterThan(4);
    await writeProvenance(tmp.dir, 'two', entriesOf(10_000, 5000));
    const second = chunks(tmp.dir);
    const added = [...second.keys()].filter((n) => !first.has(n));
    expect(added).toHaveLength(1);
    for (const [n, mtime] of first) expect(second.get(n), n).toBe(mtime); // kept and not written again
    expect((await readProvenance(tmp.dir, 'two'))!.objects['example.com|Child|default|item-5000']![0]!.fields['.spec.value']!.line).toBe(8);
    expect((await readProvenance(tmp.dir, 'one'))!.objects['example.com|Child|default|item-5000']![0]!.fields['.spec.value']!.line).toBe(7);
    // the first snapshot goes: its one chunk of its own goes at the next write
    rmSync(path.join(snapshotsDir(tmp.dir), 'one.provenance.json'));
    await writeProvenance(tmp.dir, 'three', entriesOf(10_000, 5000));
    const named = (JSON.parse(readFileSync(path.join(snapshotsDir(tmp.dir), 'two.provenance.json'), 'utf8')) as { chunks: string[] }).chunks;
    expect(named.filter((n) => !first.has(n))).toEqual(added);
    expect([...chunks(tmp.dir).keys()].sort()).toEqual([...new Set(named)].sort());
  });

  it('writes each chunk as JSON.stringify writes its records, shared call stacks and fields included', async () => {
    tmp = makeTempDir('choreo-prov-');
    mkdirSync(snapshotsDir(tmp.dir), { recursive: true });
    // as the recorder makes them: one call stack and one fields object per shape, shared by its records
    const callStack = [{ file: 'reconcilers/r.star', line: 3, col: 5 }];
    const appliedAt = [{ file: 'reconcilers/r.star', line: 12, col: 3 }];
    const fields = { '.spec.value': { file: 'reconcilers/r.star', line: 7, col: 9 }, '.spec["a.b"]': { file: 'lib "x".star', line: 1, col: 1 } };
    const entries: [string, WriteRecord[]][] = Array.from({ length: 3000 }, (_, i) => [
      `example.com|Child|default|item-${i}`,
      [
        { reconciler: 'r', via: 'client_create', trigger: { apiVersion: 'example.com/v1', kind: 'Item', namespace: 'default', name: `item-${i}` }, callStack, ...(i % 2 ? { appliedAt } : {}), fields },
        ...(i % 3 ? [] : [{ reconciler: 'q', via: 'reconcile_result' as const, trigger: { apiVersion: 'example.com/v1', kind: 'Item', namespace: '', name: `é-${i}` }, callStack: [], fields: {} }]),
      ],
    ]);
    const dir = tmp.dir;
    await writeProvenance(dir, 'shared', entries);
    const named = (JSON.parse(readFileSync(path.join(snapshotsDir(dir), 'shared.provenance.json'), 'utf8')) as { chunks: string[] }).chunks;
    const texts = named.map((n) => readFileSync(path.join(snapshotsDir(dir), 'provenance', n), 'utf8'));
    let at = 0;
    for (const text of texts) {
      const keys = Object.keys(JSON.parse(text) as object);
      expect(text).toBe(JSON.stringify(Object.fromEntries(entries.slice(at, (at += keys.length)))));
    }
    expect(at).toBe(entries.length);
  });

  it('still reads a whole provenance document of an older snapshot; a missing chunk reads as no provenance', async () => {
    tmp = makeTempDir('choreo-prov-');
    mkdirSync(snapshotsDir(tmp.dir), { recursive: true });
    const whole = { format: 'choreo-provenance/1', objects: Object.fromEntries(entriesOf(3)) };
    writeFileSync(path.join(snapshotsDir(tmp.dir), 'old.provenance.json'), JSON.stringify(whole));
    expect(await readProvenance(tmp.dir, 'old')).toEqual(whole);
    await writeProvenance(tmp.dir, 'new', entriesOf(3));
    expect(await readProvenance(tmp.dir, 'old')).toEqual(whole);
    for (const n of chunks(tmp.dir).keys()) rmSync(path.join(snapshotsDir(tmp.dir), 'provenance', n));
    expect(await readProvenance(tmp.dir, 'new')).toBeUndefined();
  });
});
