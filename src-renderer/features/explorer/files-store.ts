// What the explorer's file operations show right now: the selected entry, the inline editor (rename or
// new entry), the context menu, and this session's deletes (newest last) for "Restore Last Deleted".
import { create } from 'zustand';
import type { TrashEntry } from '../../../src-shared/ipc/channels/files';

export interface Selection {
  path: string;
  kind: 'file' | 'dir';
}

export type Editing =
  | { mode: 'rename'; path: string; kind: 'file' | 'dir' }
  | { mode: 'new'; kind: 'file' | 'dir'; parent: string };

export interface FileOpsState {
  selection: Selection | null;
  editing: Editing | null;
  menu: { x: number; y: number; target: Selection | null } | null;
  deleted: TrashEntry[];
  select(selection: Selection | null): void;
  setEditing(editing: Editing | null): void;
  openMenu(x: number, y: number, target: Selection | null): void;
  closeMenu(): void;
  pushDeleted(entry: TrashEntry): void;
  dropDeleted(id: string): void;
}

export const useFileOps = create<FileOpsState>()((set) => ({
  selection: null,
  editing: null,
  menu: null,
  deleted: [],
  select: (selection) => set({ selection }),
  setEditing: (editing) => set({ editing, menu: null }),
  openMenu: (x, y, target) => set({ menu: { x, y, target }, selection: target }),
  closeMenu: () => set({ menu: null }),
  pushDeleted: (entry) => set((s) => ({ deleted: [...s.deleted, entry] })),
  dropDeleted: (id) => set((s) => ({ deleted: s.deleted.filter((e) => e.id !== id) })),
}));
