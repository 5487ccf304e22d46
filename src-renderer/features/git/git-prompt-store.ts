// Forms the Git panel asks for (identity, credentials, a branch name, a stash message): one at a time,
// `ask` resolves with the values typed, or null when the user cancels.
import { create } from 'zustand';

export interface PromptField {
  id: string;
  label: string;
  type?: 'text' | 'password' | 'checkbox';
  placeholder?: string;
  value?: string;
  /** Checkbox default. */
  checked?: boolean;
  /** Returns the problem with a value, shown under the field; the form cannot be sent while there is one. */
  validate?: (value: string) => string | undefined;
}

export interface PromptRequest {
  title: string;
  message: string;
  /** Monospace secondary line, e.g. the remote URL. */
  detail?: string;
  fields: PromptField[];
  submitLabel: string;
}

export type PromptValues = Record<string, string | boolean>;

interface Pending extends PromptRequest {
  id: number;
  resolve(values: PromptValues | null): void;
}

export interface GitPromptState {
  queue: Pending[];
  ask(request: PromptRequest): Promise<PromptValues | null>;
  answer(values: PromptValues | null): void;
}

let nextId = 1;

export const useGitPrompt = create<GitPromptState>()((set, get) => ({
  queue: [],
  ask: (request) => new Promise((resolve) => set((s) => ({ queue: [...s.queue, { ...request, id: nextId++, resolve }] }))),
  answer: (values) => {
    const [head, ...rest] = get().queue;
    if (!head) return;
    set({ queue: rest });
    head.resolve(values);
  },
}));

/** The values a form starts with. */
export function initialValues(fields: readonly PromptField[]): PromptValues {
  const v: PromptValues = {};
  for (const f of fields) v[f.id] = f.type === 'checkbox' ? (f.checked ?? false) : (f.value ?? '');
  return v;
}

/** The first problem per field, for the values typed so far. */
export function fieldProblems(fields: readonly PromptField[], values: PromptValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    if (f.type === 'checkbox' || !f.validate) continue;
    const p = f.validate(String(values[f.id] ?? ''));
    if (p) out[f.id] = p;
  }
  return out;
}
