// SEARCH side view (Ctrl/Cmd+Shift+F): a query with Match Case / Whole Word / Regular Expression
// toggles, include/exclude globs, and the results grouped per file in a virtualized list. Clicking a
// result (or Enter on it) opens the editor at that line and column.
import { useEffect, useMemo, useRef, useState } from 'react';
import { TextInput } from '../../kit/TextInput';
import { VirtualTree, type VirtualTreeHandle } from '../../kit/VirtualTree';
import { useProject } from '../../state/project';
import { fileIcon } from '../project/tree-model';
import { loadMore, openResult, search, searchSoon } from './search-controller';
import { resultRows, summaryText, useSearch, type ResultRow } from './search-store';
import './search.css';

const ROW_H = 22;

/** The include and exclude globs under the query (shown by the … toggle). */
const PATTERN_FIELDS = [
  { key: 'include', label: 'Files to include', placeholder: 'files to include (e.g. *.yaml, in/**)' },
  { key: 'exclude', label: 'Files to exclude', placeholder: 'files to exclude (e.g. refs, *.md)' },
] as const;

function Toggle({ on, label, text, onClick }: { on: boolean; label: string; text: string; onClick(): void }) {
  return (
    <button className={`search-toggle${on ? ' on' : ''}`} title={label} aria-label={label} aria-pressed={on} onClick={onClick}>
      {text}
    </button>
  );
}

/** A file's row: its name, then its folder dimmed, then its match count. */
function FileRow({ path, count, collapsed }: { path: string; count: number; collapsed: boolean }) {
  const slash = path.lastIndexOf('/');
  return (
    <>
      <span className="twisty">{collapsed ? '▸' : '▾'}</span>
      <span className="icon">{fileIcon(path)}</span>
      <span className="file-name">{path.slice(slash + 1)}</span>
      <span className="file-dir">{slash > 0 ? path.slice(0, slash) : ''}</span>
      <span className="count">{count}</span>
    </>
  );
}

/** A match's row: the line with the match marked, then its line:column. */
function MatchRow({ row }: { row: Extract<ResultRow, { kind: 'match' }> }) {
  // The side bar is narrow: keep only a little context before the match so the match itself shows.
  const cut = row.previewCol > 12 ? row.previewCol - 10 : 0;
  const before = (cut > 0 ? '…' : '') + row.preview.slice(cut, row.previewCol);
  const hit = row.preview.slice(row.previewCol, row.previewCol + row.length);
  const after = row.preview.slice(row.previewCol + row.length);
  return (
    <>
      <span className="preview">
        {before}
        <mark>{hit}</mark>
        {after}
      </span>
      <span className="pos">
        {row.line}:{row.col}
      </span>
    </>
  );
}

export function SearchView() {
  const s = useSearch();
  const status = useProject((p) => p.status);
  const inputRef = useRef<HTMLInputElement>(null);
  const treeRef = useRef<VirtualTreeHandle>(null);
  const [cursor, setCursor] = useState(-1);
  const rows = useMemo(() => resultRows(s.files, s.collapsed), [s.files, s.collapsed]);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [s.focusSeq]);
  // A refresh (the disk changed) keeps the keyboard position, within the new list.
  useEffect(() => setCursor((c) => Math.min(c, rows.length - 1)), [rows.length]);

  const setOption = (patch: Partial<typeof s>) => {
    s.set(patch);
    void search();
  };
  const activate = (row: ResultRow) => {
    if (row.kind === 'file') s.toggleCollapsed(row.path);
    else openResult(row.path, row.line, row.col);
  };

  if (status !== 'open') return <div className="tree-empty">Open a project folder to search in it.</div>;

  return (
    <div className="search-view" data-testid="search-view">
      <div className="search-form">
        <div className="search-query">
          <TextInput
            ref={inputRef}
            className="search-input"
            placeholder="Search in project"
            label="Search in project"
            testId="search-input"
            value={s.query}
            onChange={(query) => {
              s.set({ query });
              searchSoon();
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void search();
              } else if (e.key === 'ArrowDown' && rows.length) {
                e.preventDefault();
                setCursor(0);
                treeRef.current?.focus();
              }
            }}
          />
          <Toggle on={s.caseSensitive} label="Match Case" text="Aa" onClick={() => setOption({ caseSensitive: !s.caseSensitive })} />
          <Toggle on={s.wholeWord} label="Match Whole Word" text="ab" onClick={() => setOption({ wholeWord: !s.wholeWord })} />
          <Toggle on={s.regex} label="Use Regular Expression" text=".*" onClick={() => setOption({ regex: !s.regex })} />
          <button className={`search-toggle${s.showFilters ? ' on' : ''}`} title="Files to include/exclude" aria-label="Toggle Search Details" aria-expanded={s.showFilters} onClick={() => s.set({ showFilters: !s.showFilters })}>
            …
          </button>
        </div>
        {s.showFilters &&
          PATTERN_FIELDS.map((f) => (
            <TextInput
              key={f.key}
              className="search-input"
              placeholder={f.placeholder}
              label={f.label}
              testId={`search-${f.key}`}
              value={s[f.key]}
              onChange={(value) => {
                s.set({ [f.key]: value });
                searchSoon();
              }}
            />
          ))}
      </div>
      <div className="search-summary" data-testid="search-summary" role="status">
        {s.status === 'error' ? (
          <span className="search-error">{s.error}</span>
        ) : s.status === 'searching' && !s.files.length ? (
          'Searching…'
        ) : s.status === 'idle' || !s.query ? (
          <span className="muted">Type to search the project's files (.git, node_modules and .choreo are skipped). Ctrl/Cmd+Shift+F comes back here.</span>
        ) : s.matchCount === 0 ? (
          <span className="muted">
            No results in {s.filesSearched.toLocaleString()} files.{s.include || s.exclude ? ' Check the include/exclude patterns.' : ''}
            {s.caseSensitive || s.wholeWord || s.regex ? ' Try turning off Match Case, Whole Word or Regular Expression.' : ''}
          </span>
        ) : (
          <>
            {summaryText(s.matchCount, s.files.length, s.truncated)}
            {s.truncated && (
              <button className="btn ghost search-more" onClick={() => void loadMore()} disabled={s.status === 'searching'}>
                Load more
              </button>
            )}
          </>
        )}
      </div>
      <VirtualTree
        rows={rows}
        rowKey={(row) => (row.kind === 'file' ? `f:${row.path}` : `m:${row.path}:${row.index}`)}
        rowHeight={ROW_H}
        label="Search results"
        testId="search-results"
        className="search-results"
        ref={treeRef}
        cursor={cursor}
        onCursor={setCursor}
        onActivate={activate}
        level={(row) => (row.kind === 'file' ? 0 : 1)}
        expanded={(row) => (row.kind === 'file' ? !row.collapsed : undefined)}
        onToggle={(row) => s.toggleCollapsed(row.path)}
        rowAttributes={(row) =>
          row.kind === 'file'
            ? { className: 'search-row file', title: row.path, 'data-testid': `search-file-${row.path}` }
            : { className: 'search-row match', title: `${row.path}:${row.line}:${row.col}`, 'data-testid': `search-match-${row.path}:${row.line}:${row.col}` }
        }
        renderRow={(row) => (row.kind === 'file' ? <FileRow path={row.path} count={row.count} collapsed={row.collapsed} /> : <MatchRow row={row} />)}
      />
    </div>
  );
}
