// Open editor buffers: which files are open (tab order), which one is active, and per file whether it
// is dirty, saving, or in conflict with the disk. The text itself lives in Monaco models
// (features/editor/models.ts), which also keep each tab's undo history.
import { create } from 'zustand';

export type ConflictKind =
  /** The file changed on disk while the buffer had unsaved edits. */
  | 'changed-on-disk'
  /** The file was deleted on disk while open. */
  | 'deleted'
  /** A save was refused because the file changed since we read it. */
  | 'save-rejected';

export interface Buffer {
  path: string;
  language: string;
  /** sha-256 of the content last read from or written to disk. */
  savedHash: string;
  dirty: boolean;
  saving: boolean;
  conflict: ConflictKind | null;
}

export interface EditorState {
  buffers: Record<string, Buffer>;
  /** Tab order. */
  order: string[];
  active: string | null;
  /** Cursor of the active editor (1-based), for the status bar. */
  cursor: { line: number; column: number } | null;
  open(buffer: Omit<Buffer, 'dirty' | 'saving' | 'conflict'>): void;
  activate(path: string): void;
  /** Removes the tab; the neighbour to the right (else left) becomes active. */
  close(path: string): void;
  closeAll(): void;
  setDirty(path: string, dirty: boolean): void;
  setSaving(path: string, saving: boolean): void;
  markSaved(path: string, hash: string): void;
  setConflict(path: string, conflict: ConflictKind | null): void;
  setCursor(cursor: { line: number; column: number } | null): void;
  moveTab(path: string, toIndex: number): void;
}

export const useEditor = create<EditorState>()((set) => ({
  buffers: {},
  order: [],
  active: null,
  cursor: null,
  open: (b) =>
    set((s) => {
      if (s.buffers[b.path]) return { active: b.path };
      return {
        buffers: { ...s.buffers, [b.path]: { ...b, dirty: false, saving: false, conflict: null } },
        order: [...s.order, b.path],
        active: b.path,
      };
    }),
  activate: (path) => set((s) => (s.buffers[path] ? { active: path } : {})),
  close: (path) =>
    set((s) => {
      const i = s.order.indexOf(path);
      if (i < 0) return {};
      const order = s.order.filter((p) => p !== path);
      const { [path]: _gone, ...buffers } = s.buffers;
      const active = s.active === path ? (order[i] ?? order[i - 1] ?? null) : s.active;
      return { order, buffers, active };
    }),
  closeAll: () => set({ buffers: {}, order: [], active: null, cursor: null }),
  setDirty: (path, dirty) => set((s) => patch(s, path, { dirty })),
  setSaving: (path, saving) => set((s) => patch(s, path, { saving })),
  markSaved: (path, hash) => set((s) => patch(s, path, { savedHash: hash, dirty: false, saving: false, conflict: null })),
  setConflict: (path, conflict) => set((s) => patch(s, path, { conflict })),
  setCursor: (cursor) => set({ cursor }),
  moveTab: (path, toIndex) =>
    set((s) => {
      if (!s.order.includes(path)) return {};
      const order = s.order.filter((p) => p !== path);
      order.splice(Math.max(0, Math.min(toIndex, order.length)), 0, path);
      return { order };
    }),
}));

function patch(s: EditorState, path: string, p: Partial<Buffer>): Partial<EditorState> {
  const b = s.buffers[path];
  if (!b) return {};
  return { buffers: { ...s.buffers, [path]: { ...b, ...p } } };
}

/** The tab `step` places from the active one, wrapping around (Next/Previous Editor). */
export function neighbourTab(s: Pick<EditorState, 'order' | 'active'>, step: number): string | null {
  if (!s.order.length) return null;
  const i = s.active ? s.order.indexOf(s.active) : -1;
  const n = s.order.length;
  return s.order[(((i + step) % n) + n) % n];
}

/** Paths of buffers with unsaved edits (window close, status bar). */
export function dirtyPaths(s: Pick<EditorState, 'buffers' | 'order'>): string[] {
  return s.order.filter((p) => s.buffers[p]?.dirty);
}
