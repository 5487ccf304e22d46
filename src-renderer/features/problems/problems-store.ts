// Problems found in open files (YAML syntax and schema errors from the editor's language services;
// later also run and Starlark errors). Each one points at a place, so the Problems panel can open it.
import { create } from 'zustand';

export type ProblemSeverity = 'error' | 'warning' | 'info';

export interface Problem {
  path: string;
  line: number;
  column: number;
  severity: ProblemSeverity;
  message: string;
  source?: string;
}

export interface ProblemsState {
  items: Problem[];
  setItems(items: Problem[]): void;
}

export const useProblems = create<ProblemsState>()((set) => ({
  items: [],
  setItems: (items) => set({ items }),
}));

const severityRank: Record<ProblemSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then by file and position. */
export function sortProblems(items: Problem[]): Problem[] {
  return [...items].sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] ||
      a.path.localeCompare(b.path) ||
      a.line - b.line ||
      a.column - b.column,
  );
}

export function problemCounts(items: Problem[]): Record<ProblemSeverity, number> {
  const c = { error: 0, warning: 0, info: 0 };
  for (const p of items) c[p.severity]++;
  return c;
}
