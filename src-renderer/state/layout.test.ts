import { beforeEach, describe, expect, it } from 'vitest';
import { defaultLayout, parseLayout, pickPersisted, SIDEBAR_MAX, SIDEBAR_MIN, useLayout } from './layout';

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
    expect(useLayout.getState().sidebarWidth).toBe(SIDEBAR_MIN);
    useLayout.getState().setSidebarWidth(5000);
    expect(useLayout.getState().sidebarWidth).toBe(SIDEBAR_MAX);
  });
  it('round-trips the persisted part and survives malformed storage', () => {
    useLayout.getState().showPanel('problems');
    const saved = JSON.stringify(pickPersisted(useLayout.getState()));
    expect(parseLayout(saved).panelTab).toBe('problems');
    expect(parseLayout('{not json')).toEqual(defaultLayout);
    expect(parseLayout(JSON.stringify({ panelTab: 'bogus', sidebarWidth: 'wide', panelHeight: 10 }))).toMatchObject({
      panelTab: 'run',
      sidebarWidth: defaultLayout.sidebarWidth,
      panelHeight: 90,
    });
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
