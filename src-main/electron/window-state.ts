// The main window's size, position and maximised state, kept between launches in the app data folder
// (design.md §4). Restored only when it still fits a connected display, so a window never opens off
// screen after a monitor was unplugged.
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from '../project/settings.js';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1400, height: 900, maximized: false };
const MIN = { width: 960, height: 600 };

export function windowStateFile(appDataDir: string): string {
  return join(appDataDir, 'window-state.json');
}

/** A saved state made safe: numbers only, at least the minimum size, on a visible display or centred. */
export function sanitizeWindowState(raw: unknown, displays: Rect[]): WindowState {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : undefined);
  const width = Math.max(MIN.width, num(r.width) ?? DEFAULT_WINDOW_STATE.width);
  const height = Math.max(MIN.height, num(r.height) ?? DEFAULT_WINDOW_STATE.height);
  const state: WindowState = { width, height, maximized: r.maximized === true };
  const x = num(r.x);
  const y = num(r.y);
  if (x !== undefined && y !== undefined && displays.some((d) => overlapsEnough({ x, y, width, height }, d))) {
    state.x = x;
    state.y = y;
  }
  return state;
}

/** At least 100×50 px of the window's top edge (where the title bar is) lie on the display. */
function overlapsEnough(win: Rect, display: Rect): boolean {
  const left = Math.max(win.x, display.x);
  const right = Math.min(win.x + win.width, display.x + display.width);
  const top = Math.max(win.y, display.y);
  const bottom = Math.min(win.y + 50, display.y + display.height);
  return right - left >= 100 && bottom - top >= 50;
}

export async function loadWindowState(appDataDir: string, displays: Rect[]): Promise<WindowState> {
  return sanitizeWindowState(await readJsonFile<unknown>(windowStateFile(appDataDir), {}), displays);
}

export async function saveWindowState(appDataDir: string, state: WindowState): Promise<void> {
  await writeJsonFile(windowStateFile(appDataDir), state);
}
