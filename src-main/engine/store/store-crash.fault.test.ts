// Fault suite, issue 18 item 5: `choreo run once` killed at each write of its save. Afterwards the store,
// the newest snapshot and last-run.json must all be of the old run or all of the new one, and opening the
// store must leave no temp files or stray generations behind.
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { findPackageRoot } from '../../host/package-root.js';
import { bundledCli, hasStrace, sampleWrites, type Cli } from '../../testing/kill-at-write.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { listSnapshots, readSnapshot } from '../snapshots/snapshot-store.js';
import { openApiStore } from './open.js';

const MAX_POINTS = 8;
const INPUT = path.join('in', 'studio.example.com.greeters.world.yaml');

let tmp: ReturnType<typeof makeTempDir>;
let template: string;
let cli: Cli;
let copies = 0;

function copy(): string {
  const dir = path.join(tmp.dir, `case-${++copies}`);
  cpSync(template, dir, { recursive: true });
  // the new run greets someone else
  const file = path.join(dir, INPUT);
  writeFileSync(file, readFileSync(file, 'utf8').replace('name: world\n  language', 'name: fault suite\n  language'));
  return dir;
}

/** Messages by name → spec text: what a run produced, without times and uids. */
function messages(objects: KrmObject[]): string {
  return objects
    .filter((o) => o.kind === 'Message')
    .map((o) => `${o.metadata.name}=${JSON.stringify(o.spec)}`)
    .sort()
    .join('\n');
}

/** Files under .choreo that a finished commit never leaves: temp files and generations beyond current + previous. */
function strays(dir: string, afterKill: boolean): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (!afterKill && (e.name.endsWith('tmp') || e.name.endsWith('.lock'))) out.push(r);
      if (e.isDirectory()) walk(path.join(d, e.name), r);
    }
  };
  walk(path.join(dir, '.choreo'), '');
  const db = path.join(dir, '.choreo', 'db');
  const current = JSON.parse(readFileSync(path.join(db, 'CURRENT'), 'utf8')) as { generation: string; previous?: string };
  for (const g of readdirSync(db)) if (/^gen-/.test(g) && g !== current.generation && g !== current.previous) out.push(`db/${g}`);
  return out;
}

/**
 * The run the store, the newest snapshot and last-run.json belong to; they must agree. Right after a kill
 * (`afterKill`) the killed process's lock and snapshot temp file may remain: the next run takes the lock
 * over (file-lock.ts) and removes the temp files under it, which the check after it proves.
 */
async function committedRun(dir: string, afterKill = false): Promise<string> {
  const store = await openApiStore(path.join(dir, '.choreo', 'db'));
  const api = store.apis().find((a) => a.kind === 'Message')!;
  const db = messages(store.list(api));
  const latest = (await listSnapshots(dir))[0]!;
  expect(messages((await readSnapshot(dir, latest.id)).objects), 'newest snapshot = store').toBe(db);
  const lastRun = JSON.parse(readFileSync(path.join(dir, '.choreo', 'last-run.json'), 'utf8')) as { snapshotId: string };
  expect(lastRun.snapshotId, 'last-run.json names the newest snapshot').toBe(latest.id);
  expect(strays(dir, afterKill), 'leftovers after open').toEqual([]);
  return db;
}

describe.skipIf(!hasStrace() && process.env.CI !== 'true')('store commits killed at each write()', () => {
  beforeAll(async () => {
    tmp = makeTempDir('choreo-store-crash-');
    template = path.join(tmp.dir, 'template');
    cpSync(path.join(findPackageRoot(), 'examples', 'hello-world'), template, { recursive: true });
    cli = await bundledCli();
    const first = await cli.run(['run', 'once', '.'], { cwd: template });
    expect(first.code, first.stderr).toBe(0);
  });
  afterAll(() => {
    cli?.dispose();
    tmp?.cleanup();
  });

  it('choreo run once: store, newest snapshot and last-run.json are all old or all new after a kill at any write', async () => {
    const before = await committedRun(copy());
    const clean = copy();
    const writes = await cli.traceWrites(['run', 'once', '.'], { cwd: clean, under: [path.join(clean, '.choreo') + path.sep] });
    const after = await committedRun(clean);
    expect(after).not.toBe(before);
    const points = sampleWrites(writes, MAX_POINTS);
    expect(points.length).toBeGreaterThan(3);
    for (const point of points) {
      const dir = copy();
      const at = { file: path.join(dir, path.relative(clean, point.file)), nth: point.nth };
      const where = `${path.relative(dir, at.file)} write #${at.nth}`;
      const killed = await cli.run(['run', 'once', '.'], { cwd: dir, killAt: at });
      expect(killed.signal, `not killed at ${where}: ${killed.stderr}`).toBe('SIGKILL');
      expect([before, after], `state after a kill at ${where}`).toContain(await committedRun(dir, true));
      const again = await cli.run(['run', 'once', '.'], { cwd: dir });
      expect(again.code, `run once after a kill at ${where}: ${again.stderr}`).toBe(0);
      expect(await committedRun(dir), `after running again (kill at ${where})`).toBe(after);
    }
  });
});
