import { readdirSync, writeFileSync } from 'node:fs';
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
    expect(await again.list()).toEqual([
      { root: '/p/one', name: 'one', openedAt: '2026-01-03T00:00:00.000Z' },
      { root: '/p/two', name: 'two', openedAt: '2026-01-02T00:00:00.000Z' },
    ]);
    expect(readdirSync(join(tmp.dir, 'app'))).toEqual(['recent-projects.json']);
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
