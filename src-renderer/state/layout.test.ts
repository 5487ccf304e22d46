import { beforeEach, describe, expect, it } from 'vitest';
import { defaultLayout, parseLayout, pickPersisted, SIDEBAR_DEFAULTS, SIDEBAR_MAX, SIDEBAR_MIN, sidebarWidthOf, useLayout } from './layout';

describe('layout store', () => {
  beforeEach(() => useLayout.getState().restore({ ...defaultLayout }));

  it('toggles the panel and un-maximises it when hiding', () => {
    const s = useLayout.getState();
    s.toggleMaximizePanel();
    expect(useLayout.getState().panelMaximized).toBe(true);
    s.togglePanel();
    expect(useLayout.getState()).toMatchObject({ panelVisible: false, panelMaximized: false });
    s.togglePanel();
    expect(useLayout.getState().panelVisible).toBe(true);
  });
  it('clicking the active side view hides the side bar; another view shows it', () => {
    const s = useLayout.getState();
    s.setSideView('files');
    expect(useLayout.getState().sidebarVisible).toBe(false);
    s.setSideView('git');
    expect(useLayout.getState()).toMatchObject({ sidebarVisible: true, sideView: 'git' });
  });
  it('clamps the side bar width', () => {
    useLayout.getState().setSidebarWidth(5);
    expect(sidebarWidthOf(useLayout.getState(), 'files')).toBe(SIDEBAR_MIN);
    useLayout.getState().setSidebarWidth(5000);
    expect(sidebarWidthOf(useLayout.getState(), 'files')).toBe(SIDEBAR_MAX);
  });
  it('keeps a width per side view', () => {
    useLayout.getState().setSidebarWidth(400);
    useLayout.getState().setSideView('git');
    expect(sidebarWidthOf(useLayout.getState(), 'git')).toBe(SIDEBAR_DEFAULTS.git);
    useLayout.getState().setSidebarWidth(250);
    expect(useLayout.getState().sidebarWidths).toEqual({ files: 400, git: 250 });
  });
  it('opens, shows and closes main-area view tabs', () => {
    const s = useLayout.getState();
    s.showMainView('resources');
    s.showMainView('environments');
    expect(useLayout.getState()).toMatchObject({ mainViews: ['resources', 'environments'], mainView: 'environments' });
    s.showMainView(null);
    expect(useLayout.getState()).toMatchObject({ mainViews: ['resources', 'environments'], mainView: null });
    s.showMainView('environments');
    s.closeMainView('environments');
    expect(useLayout.getState()).toMatchObject({ mainViews: ['resources'], mainView: 'resources' });
    s.closeMainView('resources');
    expect(useLayout.getState()).toMatchObject({ mainViews: [], mainView: null });
  });
  it('grows the panel for an error, never shrinks it', () => {
    useLayout.getState().ensurePanelHeight(360);
    expect(useLayout.getState().panelHeight).toBe(360);
    useLayout.getState().ensurePanelHeight(200);
    expect(useLayout.getState().panelHeight).toBe(360);
  });
  it('round-trips the persisted part and survives malformed storage', () => {
    useLayout.getState().showPanel('problems');
    const saved = JSON.stringify(pickPersisted(useLayout.getState()));
    expect(parseLayout(saved).panelTab).toBe('problems');
    expect(parseLayout('{not json')).toEqual(defaultLayout);
    expect(parseLayout(JSON.stringify({ panelTab: 'bogus', sidebarWidth: 'wide', panelHeight: 10 }))).toMatchObject({
      panelTab: 'run',
      sidebarWidths: {},
      panelHeight: 90,
    });
    // Per-view widths, main views and splits survive; junk in them does not.
    useLayout.getState().showMainView('resources');
    useLayout.getState().setSplit('resources.yaml', 420);
    const again = parseLayout(JSON.stringify(pickPersisted(useLayout.getState())));
    expect(again).toMatchObject({ mainViews: ['resources'], mainView: 'resources', splits: { 'resources.yaml': 420 } });
    expect(parseLayout(JSON.stringify({ mainViews: ['ok', 7, '../x'], mainView: 'gone', splits: { a: 'wide', b: 3 }, sidebarWidths: { git: 9999, bogus: 300 } }))).toMatchObject({
      mainViews: ['ok'],
      mainView: null,
      splits: { b: 3 },
      sidebarWidths: { git: SIDEBAR_MAX },
    });
    // The one width of older versions becomes the explorer's.
    expect(parseLayout(JSON.stringify({ sidebarWidth: 333 })).sidebarWidths).toEqual({ files: 333 });
  });
});

describe('palette', () => {
  it('re-opens fresh on every open, even when switching modes', () => {
    const s = useLayout.getState();
    s.openPalette('commands');
    const first = useLayout.getState().paletteSeq;
    s.openPalette('files');
    expect(useLayout.getState()).toMatchObject({ paletteOpen: true, paletteMode: 'files', paletteSeq: first + 1 });
    s.closePalette();
    expect(useLayout.getState().paletteOpen).toBe(false);
  });
});
