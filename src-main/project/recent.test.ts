import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECENT, RecentProjects } from './recent.js';
import { resolveAppDataDir } from './settings.js';
import { makeTempDir } from '../testing/temp-dir.js';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => (tmp = makeTempDir()));
afterEach(() => tmp.cleanup());

describe('RecentProjects', () => {
  it('keeps the most recent first, without duplicates, persisted atomically', async () => {
    const recent = new RecentProjects(join(tmp.dir, 'app'));
    expect(await recent.list()).toEqual([]);
    await recent.add('/p/one', new Date('2026-01-01T00:00:00Z'));
    await recent.add('/p/two', new Date('2026-01-02T00:00:00Z'));
    await recent.add('/p/one', new Date('2026-01-03T00:00:00Z'));
    const again = new RecentProjects(join(tmp.dir, 'app'));
    // Neither folder exists on this machine: both are listed, marked missing.
    expect(await again.list()).toEqual([
      { root: '/p/one', name: 'one', openedAt: '2026-01-03T00:00:00.000Z', missing: true },
      { root: '/p/two', name: 'two', openedAt: '2026-01-02T00:00:00.000Z', missing: true },
    ]);
    expect(readdirSync(join(tmp.dir, 'app'))).toEqual(['recent-projects.json']);
  });

  it('marks a folder that is gone (or is a file now) as missing, and never trusts a stored mark', async () => {
    const recent = new RecentProjects(join(tmp.dir, 'app'));
    const here = join(tmp.dir, 'here');
    const gone = join(tmp.dir, 'gone');
    const file = join(tmp.dir, 'file');
    mkdirSync(here);
    mkdirSync(gone);
    writeFileSync(file, 'not a folder');
    for (const root of [file, gone, here]) await recent.add(root);
    rmSync(gone, { recursive: true });
    expect((await recent.list()).map((r) => [r.name, r.missing ?? false])).toEqual([['here', false], ['gone', true], ['file', true]]);
    const saved = JSON.parse(readFileSync(join(tmp.dir, 'app', 'recent-projects.json'), 'utf8')) as object[];
    expect(saved.every((r) => !('missing' in r))).toBe(true);
    // A hand-edited mark on a folder that exists is ignored.
    writeFileSync(join(tmp.dir, 'app', 'recent-projects.json'), JSON.stringify([{ root: here, name: 'here', openedAt: '2026-01-01T00:00:00Z', missing: true }]));
    expect(await recent.list()).toEqual([{ root: here, name: 'here', openedAt: '2026-01-01T00:00:00Z' }]);
  });

  it('removes an entry (missing or not) and leaves the folder alone', async () => {
    const recent = new RecentProjects(join(tmp.dir, 'app'));
    const keep = join(tmp.dir, 'keep');
    const drop = join(tmp.dir, 'drop');
    mkdirSync(keep);
    mkdirSync(drop);
    await recent.add(keep);
    await recent.add(drop);
    expect((await recent.remove(drop)).map((r) => r.root)).toEqual([keep]);
    expect(statSync(drop).isDirectory()).toBe(true);
    expect((await new RecentProjects(join(tmp.dir, 'app')).list()).map((r) => r.root)).toEqual([keep]);
    // Removing what is not listed changes nothing.
    expect((await recent.remove('/not/listed')).map((r) => r.root)).toEqual([keep]);
  });

  it('caps the list and survives a corrupt file', async () => {
    const recent = new RecentProjects(tmp.dir);
    for (let i = 0; i < MAX_RECENT + 3; i++) await recent.add(`/p/${i}`);
    expect((await recent.list()).length).toBe(MAX_RECENT);
    writeFileSync(join(tmp.dir, 'recent-projects.json'), '{not json');
    expect(await recent.list()).toEqual([]);
  });
});

describe('resolveAppDataDir', () => {
  it('prefers CHOREO_STUDIO_HOME, then the given folder, then XDG_CONFIG_HOME', () => {
    expect(resolveAppDataDir('/electron/userData', { CHOREO_STUDIO_HOME: '/custom' })).toBe('/custom');
    expect(resolveAppDataDir('/electron/userData', {})).toBe('/electron/userData');
    expect(resolveAppDataDir(undefined, { XDG_CONFIG_HOME: '/xdg' })).toBe('/xdg/choreo-studio');
  });
});
