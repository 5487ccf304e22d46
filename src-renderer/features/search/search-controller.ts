// Search in project: runs `file.search` as the user types (debounced; an older answer never replaces
// a newer one), pages in more results on request, and opens a result at its line and column.
import { commands, type Command } from '../../kit/commands';
import { errorCode, errorMessage } from '../../kit/ipc-errors';
import { invoke, onEvent } from '../../api';
import { openFile } from '../editor/editor-controller';
import { useEditor } from '../editor/editor-store';
import { useLayout } from '../../state/layout';
import { useProject } from '../../state/project';
import { monaco } from '../../monaco/monaco-setup';
import { splitGlobs, useSearch } from './search-store';

const PAGE = 2_000;
const DEBOUNCE_MS = 250;
const needsProject = () => (useProject.getState().status === 'open' ? undefined : 'Open a project folder first.');

let seq = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Searches again after a short pause (typing). */
export function searchSoon(): void {
  clearTimeout(timer);
  timer = setTimeout(() => void search(), DEBOUNCE_MS);
}

let following = false;
/**
 * Results follow the disk: a change by another program (watcher event) or a save from the editor
 * runs the search again, keeping folded files folded. Subscribed on the first search.
 */
function followChanges(): void {
  if (following) return;
  following = true;
  let refresh: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    if (!useSearch.getState().query || useSearch.getState().status === 'idle') return;
    clearTimeout(refresh);
    refresh = setTimeout(() => void search({ keepView: true }), 600);
  };
  onEvent('file.changed', soon);
  useEditor.subscribe((now, before) => {
    for (const path of now.order) if (before.buffers[path] && now.buffers[path]?.savedHash !== before.buffers[path].savedHash) return soon();
  });
}

/** Runs the search now with the current query and options (first page). */
export async function search(opts: { keepView?: boolean } = {}): Promise<void> {
  clearTimeout(timer);
  followChanges();
  const s = useSearch.getState();
  const mine = ++seq;
  if (!s.query) {
    s.set({ status: 'idle', error: null, files: [], matchCount: 0, filesSearched: 0, truncated: false, nextCursor: undefined });
    return;
  }
  s.set({ status: 'searching', error: null });
  try {
    const res = await invoke('file.search', request());
    if (mine !== seq) return;
    useSearch.getState().set({
      status: 'done',
      files: res.files,
      matchCount: res.matchCount,
      filesSearched: res.filesSearched,
      truncated: res.truncated,
      nextCursor: res.nextCursor,
      ...(opts.keepView ? {} : { collapsed: new Set<string>() }),
    });
  } catch (err) {
    if (mine !== seq) return;
    const message = errorCode(err) === 'invalid-request' ? errorMessage(err).replace(/^Invalid request for "file\.search": /, '') : errorMessage(err);
    useSearch.getState().set({ status: 'error', error: message, files: [], matchCount: 0, truncated: false, nextCursor: undefined });
  }
}

/** Appends the next page of results. */
export async function loadMore(): Promise<void> {
  const s = useSearch.getState();
  if (!s.truncated || !s.nextCursor || s.status === 'searching') return;
  const mine = ++seq;
  s.set({ status: 'searching' });
  try {
    const res = await invoke('file.search', { ...request(), cursor: s.nextCursor });
    if (mine !== seq) return;
    const now = useSearch.getState();
    now.set({
      status: 'done',
      files: [...now.files, ...res.files],
      matchCount: now.matchCount + res.matchCount,
      filesSearched: now.filesSearched + res.filesSearched,
      truncated: res.truncated,
      nextCursor: res.nextCursor,
    });
  } catch (err) {
    if (mine !== seq) return;
    useSearch.getState().set({ status: 'error', error: errorMessage(err) });
  }
}

function request() {
  const s = useSearch.getState();
  const include = splitGlobs(s.include);
  const exclude = splitGlobs(s.exclude);
  return {
    query: s.query,
    regex: s.regex,
    caseSensitive: s.caseSensitive,
    wholeWord: s.wholeWord,
    maxResults: PAGE,
    ...(include.length ? { include } : {}),
    ...(exclude.length ? { exclude } : {}),
  };
}

export function openResult(path: string, line: number, col: number): void {
  void openFile(path, { line, column: col });
}

/** The editor's selected text when it is one short line: Ctrl/Cmd+Shift+F searches for it. */
function editorSelection(): string | undefined {
  const editors = monaco.editor.getEditors();
  const editor = editors.find((e) => e.hasTextFocus()) ?? (editors.length === 1 ? editors[0] : undefined);
  const sel = editor?.getSelection();
  const model = editor?.getModel();
  if (!sel || !model || sel.isEmpty() || sel.startLineNumber !== sel.endLineNumber) return undefined;
  const text = model.getValueInRange(sel);
  return text.length <= 200 ? text : undefined;
}

/** Ctrl/Cmd+Shift+F: shows the Search view and puts the cursor in its field. */
export function showSearch(): void {
  const picked = editorSelection();
  useLayout.setState({ sideView: 'search', sidebarVisible: true });
  const s = useSearch.getState();
  s.set({ focusSeq: s.focusSeq + 1, ...(picked ? { query: s.regex ? picked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : picked } : {}) });
  if (picked) void search();
}

function toggle(option: 'regex' | 'caseSensitive' | 'wholeWord'): void {
  const s = useSearch.getState();
  s.set({ [option]: !s[option] });
  void search();
}

export function searchCommands(): Command[] {
  return [
    { id: 'search.inProject', title: 'Search in Project', category: 'Search', shortcut: 'Mod+Shift+F', disabledReason: needsProject, run: () => showSearch() },
    { id: 'search.toggleRegex', title: 'Toggle Use Regular Expression', category: 'Search', disabledReason: needsProject, run: () => toggle('regex') },
    { id: 'search.toggleCase', title: 'Toggle Match Case', category: 'Search', disabledReason: needsProject, run: () => toggle('caseSensitive') },
    { id: 'search.toggleWholeWord', title: 'Toggle Match Whole Word', category: 'Search', disabledReason: needsProject, run: () => toggle('wholeWord') },
    { id: 'search.refresh', title: 'Refresh Search Results', category: 'Search', disabledReason: () => needsProject() ?? (useSearch.getState().query ? undefined : 'Type something to search for first.'), run: () => search() },
    {
      id: 'search.loadMore',
      title: 'Load More Search Results',
      category: 'Search',
      disabledReason: () => (useSearch.getState().truncated ? undefined : 'All results are shown.'),
      run: () => loadMore(),
    },
    {
      id: 'search.clear',
      title: 'Clear Search Results',
      category: 'Search',
      run: () => {
        useSearch.getState().set({ query: '' });
        void search();
      },
    },
  ];
}

export function runSearchCommand(id: string): void {
  void commands.execute(id);
}
