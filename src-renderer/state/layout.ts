// Window layout: side view, side bar and bottom panel sizes, the active panel tab, overlays.
// Persisted per project (ui.md: "Panels and sizes persist per project").
import { create } from 'zustand';

export const SIDE_VIEWS = ['files', 'search', 'git', 'runs', 'environments', 'graph'] as const;
export type SideView = (typeof SIDE_VIEWS)[number];

export const PANEL_TABS = ['run', 'conditions', 'snapshots', 'deps', 'problems', 'history'] as const;
export type PanelTab = (typeof PANEL_TABS)[number];

export interface PersistedLayout {
  sideView: SideView;
  sidebarVisible: boolean;
  sidebarWidth: number;
  panelVisible: boolean;
  panelHeight: number;
  panelTab: PanelTab;
  panelMaximized: boolean;
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
  setSidebarWidth(px: number): void;
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
  sidebarWidth: 280,
  panelVisible: true,
  panelHeight: 220,
  panelTab: 'run',
  panelMaximized: false,
};

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
  setSidebarWidth: (px) => set({ sidebarWidth: clamp(px, SIDEBAR_MIN, SIDEBAR_MAX) }),
  togglePanel: () => set((s) => ({ panelVisible: !s.panelVisible, panelMaximized: s.panelVisible ? false : s.panelMaximized })),
  showPanel: (tab) => set((s) => ({ panelVisible: true, panelTab: tab ?? s.panelTab })),
  setPanelHeight: (px) => set({ panelHeight: Math.max(PANEL_MIN, Math.round(px)), panelMaximized: false }),
  toggleMaximizePanel: () => set((s) => ({ panelMaximized: !s.panelMaximized, panelVisible: true })),
  openPalette: (mode) => set((s) => ({ paletteOpen: true, paletteMode: mode, paletteSeq: s.paletteSeq + 1 })),
  closePalette: () => set({ paletteOpen: false }),
  restore: (layout) => set(layout),
}));

export function pickPersisted(s: PersistedLayout): PersistedLayout {
  const { sideView, sidebarVisible, sidebarWidth, panelVisible, panelHeight, panelTab, panelMaximized } = s;
  return { sideView, sidebarVisible, sidebarWidth, panelVisible, panelHeight, panelTab, panelMaximized };
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
  return {
    sideView: (SIDE_VIEWS as readonly unknown[]).includes(r.sideView) ? (r.sideView as SideView) : defaultLayout.sideView,
    sidebarVisible: bool(r.sidebarVisible, defaultLayout.sidebarVisible),
    sidebarWidth: clamp(num(r.sidebarWidth, defaultLayout.sidebarWidth), SIDEBAR_MIN, SIDEBAR_MAX),
    panelVisible: bool(r.panelVisible, defaultLayout.panelVisible),
    panelHeight: Math.max(PANEL_MIN, num(r.panelHeight, defaultLayout.panelHeight)),
    panelTab: (PANEL_TABS as readonly unknown[]).includes(r.panelTab) ? (r.panelTab as PanelTab) : defaultLayout.panelTab,
    panelMaximized: bool(r.panelMaximized, defaultLayout.panelMaximized),
  };
}

export function layoutStorageKey(projectRoot: string): string {
  return `choreo.layout:${projectRoot}`;
}
