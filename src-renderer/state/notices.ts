// Short messages for the user (save failed, file reloaded…), shown in the status bar and as a toast.
import { create } from 'zustand';

export type NoticeLevel = 'info' | 'warning' | 'error';

export interface Notice {
  id: number;
  level: NoticeLevel;
  message: string;
}

export interface NoticesState {
  notices: Notice[];
  push(level: NoticeLevel, message: string): number;
  dismiss(id: number): void;
}

let nextId = 1;
/** Only the latest few are kept: this is not a log. */
const KEEP = 4;

export const useNotices = create<NoticesState>()((set) => ({
  notices: [],
  push: (level, message) => {
    const id = nextId++;
    set((s) => ({ notices: [...s.notices, { id, level, message }].slice(-KEEP) }));
    return id;
  },
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));

/** Shows a notice; for controllers outside React (components use useNotices). */
export function notify(level: NoticeLevel, message: string): void {
  useNotices.getState().push(level, message);
}
