// The Search side view's state: the query and its options, and the results of the last search
// (pages appended as the user asks for more).
import { create } from 'zustand';
import { toggled } from '../../kit/sets';
import type { SearchFileResult } from '../../../src-shared/ipc/channels/files';

export interface SearchOptions {
  regex: boolean;
  caseSensitive: boolean;
  wholeWord: boolean;
}

export interface SearchState extends SearchOptions {
  query: string;
  include: string;
  exclude: string;
  showFilters: boolean;
  status: 'idle' | 'searching' | 'done' | 'error';
  error: string | null;
  files: SearchFileResult[];
  matchCount: number;
  filesSearched: number;
  truncated: boolean;
  nextCursor: string | undefined;
  /** Files whose matches are folded away. */
  collapsed: ReadonlySet<string>;
  /** Bumped to move the keyboard focus into the query field. */
  focusSeq: number;
  set(patch: Partial<SearchState>): void;
  toggleCollapsed(path: string): void;
}

export const useSearch = create<SearchState>()((set) => ({
  query: '',
  include: '',
  exclude: '',
  showFilters: false,
  regex: false,
  caseSensitive: false,
  wholeWord: false,
  status: 'idle',
  error: null,
  files: [],
  matchCount: 0,
  filesSearched: 0,
  truncated: false,
  nextCursor: undefined,
  collapsed: new Set(),
  focusSeq: 0,
  set: (patch) => set(patch),
  toggleCollapsed: (path) => set((s) => ({ collapsed: toggled(s.collapsed, path) })),
}));

/** Splits a comma-separated glob field ("*.yaml, in/**") into patterns. */
export function splitGlobs(field: string): string[] {
  return field
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export type ResultRow =
  | { kind: 'file'; path: string; count: number; collapsed: boolean }
  | { kind: 'match'; path: string; index: number; line: number; col: number; length: number; preview: string; previewCol: number };

/** The flat list the virtualized result view renders: a header per file, then its matches unless folded. */
export function resultRows(files: readonly SearchFileResult[], collapsed: ReadonlySet<string>): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const f of files) {
    const folded = collapsed.has(f.path);
    rows.push({ kind: 'file', path: f.path, count: f.matches.length, collapsed: folded });
    if (!folded) f.matches.forEach((m, index) => rows.push({ kind: 'match', path: f.path, index, ...m }));
  }
  return rows;
}

/** "12 results in 3 files" */
export function summaryText(matchCount: number, fileCount: number, truncated: boolean): string {
  const r = `${matchCount.toLocaleString()}${truncated ? '+' : ''} result${matchCount === 1 ? '' : 's'}`;
  return `${r} in ${fileCount.toLocaleString()} file${fileCount === 1 ? '' : 's'}`;
}
