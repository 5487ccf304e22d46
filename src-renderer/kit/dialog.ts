// The one modal dialog at a time (conflict prompt, unsaved changes, open folder). `ask` returns the id
// of the choice the user made; Escape gives the `cancel` choice.
import { create } from 'zustand';

export interface DialogChoice {
  id: string;
  label: string;
  primary?: boolean;
  danger?: boolean;
}

export interface DialogRequest {
  title: string;
  message: string;
  /** Secondary text, e.g. the file path. */
  detail?: string;
  choices: DialogChoice[];
  /** The choice id Escape and the close button give. */
  cancel: string;
}

interface Pending extends DialogRequest {
  id: number;
  resolve(choice: string): void;
}

export interface DialogState {
  queue: Pending[];
  ask(request: DialogRequest): Promise<string>;
  answer(choice: string): void;
}

let nextId = 1;

export const useDialog = create<DialogState>()((set, get) => ({
  queue: [],
  ask: (request) =>
    new Promise<string>((resolve) => {
      set((s) => ({ queue: [...s.queue, { ...request, id: nextId++, resolve }] }));
    }),
  answer: (choice) => {
    const [head, ...rest] = get().queue;
    if (!head) return;
    set({ queue: rest });
    head.resolve(choice);
  },
}));
