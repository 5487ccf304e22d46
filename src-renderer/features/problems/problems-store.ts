// The one Problems list: what the editor's language services find in open files (YAML syntax and schema
// errors, Starlark parser and resolver errors) and what the last run reported (load errors — bad YAML, an
// input that fails its CRD schema, a reconciler that does not parse — and run errors with their Starlark
// traceback). Each problem points at a place, so the Problems panel can open it.
import { create } from 'zustand';

export type ProblemSeverity = 'error' | 'warning' | 'info';

/** One frame of a run error's traceback (outermost first); no path for a builtin. */
export interface ProblemFrame {
  fn: string;
  path?: string;
  line?: number;
  column?: number;
}

export interface Problem {
  /** Project-relative file, or '' for a problem of the run as a whole (no place known). */
  path: string;
  line: number;
  column: number;
  severity: ProblemSeverity;
  message: string;
  /** Who found it: 'yaml', 'starlark' (editor), 'load' or 'run' (the last run). */
  source?: string;
  /** A run error's reconciler and resource, in words. */
  context?: string;
  frames?: ProblemFrame[];
  /** Another place worth a link: the input object a failing reconcile was about. */
  related?: { label: string; path: string; line: number };
}

export interface ProblemsState {
  /** From the editor's markers (open files). */
  editor: Problem[];
  /** From the last run (kept until the next run). */
  run: Problem[];
  /** Both, the list every view shows. */
  items: Problem[];
  setEditorProblems(items: Problem[]): void;
  setRunProblems(items: Problem[]): void;
}

export const useProblems = create<ProblemsState>()((set) => ({
  editor: [],
  run: [],
  items: [],
  setEditorProblems: (editor) => set((s) => ({ editor, items: [...editor, ...s.run] })),
  setRunProblems: (run) => set((s) => ({ run, items: [...s.editor, ...run] })),
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

export interface ProblemGroup {
  /** '' for problems without a file. */
  path: string;
  items: Problem[];
  counts: Record<ProblemSeverity, number>;
}

/**
 * Problems grouped by file, as VS Code lists them: files with errors first, then by path; problems without
 * a file last; inside a file errors first, then by line (as VS Code). `query` keeps problems whose message,
 * file or context contain it.
 */
export function groupProblems(items: Problem[], query = ''): ProblemGroup[] {
  const q = query.trim().toLowerCase();
  const kept = q ? items.filter((p) => `${p.message} ${p.path} ${p.context ?? ''} ${p.source ?? ''}`.toLowerCase().includes(q)) : items;
  const byPath = new Map<string, Problem[]>();
  for (const p of kept) {
    let list = byPath.get(p.path);
    if (!list) byPath.set(p.path, (list = []));
    list.push(p);
  }
  const groups = [...byPath].map(([path, list]) => ({
    path,
    items: [...list].sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || a.line - b.line || a.column - b.column),
    counts: problemCounts(list),
  }));
  return groups.sort((a, b) => (a.path === '' ? 1 : 0) - (b.path === '' ? 1 : 0) || (a.counts.error ? 0 : 1) - (b.counts.error ? 0 : 1) || a.path.localeCompare(b.path));
}
