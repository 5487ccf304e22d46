import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WriteRecord } from '../../../src-shared/insight/provenance.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { snapshotsDir } from '../snapshots/snapshot-store.js';
import { readProvenance, writeProvenance } from './provenance-store.js';

let tmp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => tmp?.cleanup());

const record = (i: number): WriteRecord => ({
  reconciler: 'r',
  via: 'client_create',
  trigger: { apiVersion: 'example.com/v1', kind: 'Item', namespace: 'default', name: `item-${i}` },
  callStack: [{ file: 'reconcilers/r.star', line: 3, col: 5 }],
  fields: { '.spec.value': { file: 'reconcilers/r.star', line: 7, col: 9 } },
});

describe('provenance store', () => {
  it('writes, in pieces, the text JSON.stringify gives for the whole records document', async () => {
    tmp = makeTempDir('choreo-prov-');
    mkdirSync(snapshotsDir(tmp.dir), { recursive: true });
    const entries: [string, WriteRecord[]][] = Array.from({ length: 2500 }, (_, i) => [`example.com|Child|default|item-${i}`, [record(i)]]);
    await writeProvenance(tmp.dir, 'abc', entries);
    const text = readFileSync(path.join(snapshotsDir(tmp.dir), 'abc.provenance.json'), 'utf8');
    const whole = { format: 'choreo-provenance/1', objects: Object.fromEntries(entries) };
    expect(text).toBe(JSON.stringify(whole));
    expect(await readProvenance(tmp.dir, 'abc')).toEqual(whole);
    await writeProvenance(tmp.dir, 'empty', []);
    expect(await readProvenance(tmp.dir, 'empty')).toEqual({ format: 'choreo-provenance/1', objects: {} });
  });
});
