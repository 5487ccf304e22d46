import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir.js';
import { DEFAULT_WINDOW_STATE, loadWindowState, sanitizeWindowState, saveWindowState } from './window-state.js';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('window state', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  it('round-trips through the app data folder', async () => {
    await saveWindowState(tmp.dir, { x: 100, y: 80, width: 1200, height: 800, maximized: true });
    expect(await loadWindowState(tmp.dir, screen)).toEqual({ x: 100, y: 80, width: 1200, height: 800, maximized: true });
  });

  it('falls back to the defaults when nothing (or garbage) was saved', async () => {
    expect(await loadWindowState(join(tmp.dir, 'none'), screen)).toEqual(DEFAULT_WINDOW_STATE);
    expect(sanitizeWindowState('junk', screen)).toEqual(DEFAULT_WINDOW_STATE);
    expect(sanitizeWindowState({ width: 'wide', height: Number.NaN }, screen)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('keeps the minimum size and drops a position that is off every display', () => {
    expect(sanitizeWindowState({ x: 5000, y: 10, width: 300, height: 200 }, screen)).toEqual({ width: 960, height: 600, maximized: false });
    expect(sanitizeWindowState({ x: 2000, y: 100, width: 1000, height: 700 }, [...screen, { x: 1920, y: 0, width: 1920, height: 1080 }])).toMatchObject({ x: 2000, y: 100 });
  });
});
