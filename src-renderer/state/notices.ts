// Short messages for the user (save failed, file reloaded…), shown in the status bar and as a toast.
import { create } from 'zustand';

export type NoticeLevel = 'info' | 'warning' | 'error';

/** A button on the notice that fixes what it says (e.g. "Restart prod mode"); pressing it dismisses the notice. */
export interface NoticeAction {
  label: string;
  run(): void | Promise<void>;
}

export interface NoticeOptions {
  /**
   * The cause the notice is about (e.g. `prod.input:in/a.yaml`): a newer notice with the same key replaces
   * it, and clearNotices(key) removes it once the cause is fixed, so no stale error stays on screen.
   */
  key?: string;
  action?: NoticeAction;
}

export interface Notice extends NoticeOptions {
  id: number;
  level: NoticeLevel;
  message: string;
}

export interface NoticesState {
  notices: Notice[];
  push(level: NoticeLevel, message: string, opts?: NoticeOptions): number;
  dismiss(id: number): void;
  /** Removes the notices about `key` (its cause is fixed). */
  clear(key: string): void;
}

let nextId = 1;
/** Only the latest few are kept: this is not a log. */
const KEEP = 4;

export const useNotices = create<NoticesState>()((set) => ({
  notices: [],
  push: (level, message, opts = {}) => {
    const id = nextId++;
    set((s) => ({
      notices: [...s.notices.filter((n) => opts.key === undefined || n.key !== opts.key), { id, level, message, ...opts }].slice(-KEEP),
    }));
    return id;
  },
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  clear: (key) => set((s) => (s.notices.some((n) => n.key === key) ? { notices: s.notices.filter((n) => n.key !== key) } : s)),
}));

/** Shows a notice; for controllers outside React (components use useNotices). */
export function notify(level: NoticeLevel, message: string, opts?: NoticeOptions): void {
  useNotices.getState().push(level, message, opts);
}

/** Removes the notices about a cause that is fixed (see NoticeOptions.key). */
export function clearNotices(key: string): void {
  useNotices.getState().clear(key);
}
