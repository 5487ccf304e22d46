// Window layout: side view, side bar and bottom panel sizes, the active panel tab, the main-area view tabs
// (Resources, Environments…), the sizes of splits inside views, overlays.
// Persisted per project (ui.md: "Panels and sizes persist per project").
import { create } from 'zustand';

export const SIDE_VIEWS = ['files', 'search', 'git', 'runs', 'debug'] as const;
export type SideView = (typeof SIDE_VIEWS)[number];

/** Each side view has its own width; these are the widths it starts with. */
export const SIDEBAR_DEFAULTS: Record<SideView, number> = { files: 280, search: 320, git: 300, runs: 300, debug: 320 };

export const PANEL_TABS = ['run', 'conditions', 'snapshots', 'plan', 'deps', 'problems', 'history', 'debug'] as const;
export type PanelTab = (typeof PANEL_TABS)[number];

export interface PersistedLayout {
  sideView: SideView;
  sidebarVisible: boolean;
  /** Width of each side view the user resized (the others use SIDEBAR_DEFAULTS). */
  sidebarWidths: Partial<Record<SideView, number>>;
  panelVisible: boolean;
  panelHeight: number;
  panelTab: PanelTab;
  panelMaximized: boolean;
  /** Main-area view tabs that are open (ids of app/views.tsx's mainViews), in tab order. */
  mainViews: string[];
  /** The main view shown instead of the editor, or null for the editor. */
  mainView: string | null;
  /** Sizes (px) of the splits inside views, by the name each view gives its split. */
  splits: Record<string, number>;
}

export interface LayoutState extends PersistedLayout {
  paletteOpen: boolean;
  /** Pre-filled palette mode: commands (`>`) or files. */
  paletteMode: 'commands' | 'files';
  /** Bumped on every open, so the palette starts fresh even when switching modes while open. */
  paletteSeq: number;
  /** The Open Folder dialog (over an open project; the welcome screen has the same form inline). */
  openFolderOpen: boolean;
  setOpenFolder(open: boolean): void;
  setSideView(view: SideView): void;
  toggleSidebar(): void;
  /** Resizes the side bar of the side view shown now. */
  setSidebarWidth(px: number): void;
  /** Opens (or shows) a main-area view tab; null shows the editor. */
  showMainView(id: string | null): void;
  closeMainView(id: string): void;
  /** Grows the panel to at least `px` (a failed run makes room for its error); never shrinks it. */
  ensurePanelHeight(px: number): void;
  setSplit(name: string, px: number): void;
  togglePanel(): void;
  showPanel(tab?: PanelTab): void;
  setPanelHeight(px: number): void;
  toggleMaximizePanel(): void;
  openPalette(mode: 'commands' | 'files'): void;
  closePalette(): void;
  restore(layout: PersistedLayout): void;
}

export const SIDEBAR_MIN = 170;
export const SIDEBAR_MAX = 560;
export const PANEL_MIN = 90;

export const defaultLayout: PersistedLayout = {
  sideView: 'files',
  sidebarVisible: true,
  sidebarWidths: {},
  panelVisible: true,
  panelHeight: 220,
  panelTab: 'run',
  panelMaximized: false,
  mainViews: [],
  mainView: null,
  splits: {},
};

/** The width of a side view's bar. */
export function sidebarWidthOf(s: Pick<PersistedLayout, 'sidebarWidths'>, view: SideView): number {
  return s.sidebarWidths[view] ?? SIDEBAR_DEFAULTS[view];
}

export function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.round(n)));
}

export const useLayout = create<LayoutState>()((set) => ({
  ...defaultLayout,
  paletteOpen: false,
  paletteMode: 'commands',
  paletteSeq: 0,
  openFolderOpen: false,
  setOpenFolder: (open) => set({ openFolderOpen: open }),
  // Clicking the active view again hides the side bar, as in VS Code.
  setSideView: (view) =>
    set((s) => (s.sideView === view && s.sidebarVisible ? { sidebarVisible: false } : { sideView: view, sidebarVisible: true })),
  toggleSidebar: () => set((s) => ({ sidebarVisible: !s.sidebarVisible })),
  setSidebarWidth: (px) => set((s) => ({ sidebarWidths: { ...s.sidebarWidths, [s.sideView]: clamp(px, SIDEBAR_MIN, SIDEBAR_MAX) } })),
  showMainView: (id) =>
    set((s) => ({ mainView: id, mainViews: id === null || s.mainViews.includes(id) ? s.mainViews : [...s.mainViews, id] })),
  closeMainView: (id) =>
    set((s) => {
      const i = s.mainViews.indexOf(id);
      if (i < 0) return {};
      const mainViews = s.mainViews.filter((v) => v !== id);
      // Closing the shown view shows its neighbour, else the editor.
      const mainView = s.mainView === id ? (mainViews[i] ?? mainViews[i - 1] ?? null) : s.mainView;
      return { mainViews, mainView };
    }),
  ensurePanelHeight: (px) => set((s) => (s.panelHeight >= px ? {} : { panelHeight: Math.max(PANEL_MIN, Math.round(px)) })),
  setSplit: (name, px) => set((s) => ({ splits: { ...s.splits, [name]: Math.round(px) } })),
  togglePanel: () => set((s) => ({ panelVisible: !s.panelVisible, panelMaximized: s.panelVisible ? false : s.panelMaximized })),
  showPanel: (tab) => set((s) => ({ panelVisible: true, panelTab: tab ?? s.panelTab })),
  setPanelHeight: (px) => set({ panelHeight: Math.max(PANEL_MIN, Math.round(px)), panelMaximized: false }),
  toggleMaximizePanel: () => set((s) => ({ panelMaximized: !s.panelMaximized, panelVisible: true })),
  openPalette: (mode) => set((s) => ({ paletteOpen: true, paletteMode: mode, paletteSeq: s.paletteSeq + 1 })),
  closePalette: () => set({ paletteOpen: false }),
  restore: (layout) => set(layout),
}));

export function pickPersisted(s: PersistedLayout): PersistedLayout {
  const { sideView, sidebarVisible, sidebarWidths, panelVisible, panelHeight, panelTab, panelMaximized, mainViews, mainView, splits } = s;
  return { sideView, sidebarVisible, sidebarWidths, panelVisible, panelHeight, panelTab, panelMaximized, mainViews, mainView, splits };
}

/** Reads a stored layout, keeping defaults for anything missing or malformed (old versions, hand edits). */
export function parseLayout(text: string | null): PersistedLayout {
  if (!text) return { ...defaultLayout };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ...defaultLayout };
  }
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  const bool = (v: unknown, d: boolean) => (typeof v === 'boolean' ? v : d);
  const record = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const sidebarWidths: PersistedLayout['sidebarWidths'] = {};
  for (const [view, px] of Object.entries(record(r.sidebarWidths))) {
    if ((SIDE_VIEWS as readonly string[]).includes(view) && typeof px === 'number' && Number.isFinite(px)) sidebarWidths[view as SideView] = clamp(px, SIDEBAR_MIN, SIDEBAR_MAX);
  }
  // Before widths were per view, one width served them all: it stays the explorer's.
  if (typeof r.sidebarWidth === 'number' && Number.isFinite(r.sidebarWidth) && sidebarWidths.files === undefined) sidebarWidths.files = clamp(r.sidebarWidth, SIDEBAR_MIN, SIDEBAR_MAX);
  const splits: Record<string, number> = {};
  for (const [name, px] of Object.entries(record(r.splits))) if (typeof px === 'number' && Number.isFinite(px) && px > 0) splits[name] = Math.round(px);
  // Main views are checked against the app's list when shown (state/ does not know the list).
  const mainViews = Array.isArray(r.mainViews) ? [...new Set(r.mainViews.filter((v): v is string => typeof v === 'string' && /^[a-z][\w.-]{0,63}$/.test(v)))] : [];
  return {
    sideView: (SIDE_VIEWS as readonly unknown[]).includes(r.sideView) ? (r.sideView as SideView) : defaultLayout.sideView,
    sidebarVisible: bool(r.sidebarVisible, defaultLayout.sidebarVisible),
    sidebarWidths,
    panelVisible: bool(r.panelVisible, defaultLayout.panelVisible),
    panelHeight: Math.max(PANEL_MIN, num(r.panelHeight, defaultLayout.panelHeight)),
    panelTab: (PANEL_TABS as readonly unknown[]).includes(r.panelTab) ? (r.panelTab as PanelTab) : defaultLayout.panelTab,
    panelMaximized: bool(r.panelMaximized, defaultLayout.panelMaximized),
    mainViews,
    mainView: typeof r.mainView === 'string' && mainViews.includes(r.mainView) ? r.mainView : null,
    splits,
  };
}

export function layoutStorageKey(projectRoot: string): string {
  return `choreo.layout:${projectRoot}`;
}
