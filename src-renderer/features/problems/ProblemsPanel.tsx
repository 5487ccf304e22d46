// The one Problems list (issue 12 item 3): problems of open files (YAML syntax and schema, Starlark) and of
// the last run (load errors, run errors with their traceback), grouped by file as VS Code does. A problem
// opens its place; a run error also lists its traceback frames and the input object it was about, each a
// link of its own. A text filter narrows the list.
import { useState, type KeyboardEvent } from 'react';
import { openFile } from '../editor/editor-controller';
import { EmptyState } from '../../kit/EmptyState';
import { FilterField } from '../../kit/FilterField';
import { groupProblems, problemCounts, useProblems, type Problem } from './problems-store';
import { PlaceLink } from './PlaceLink';
import { TracebackFrames } from './TracebackFrames';
import '../../kit/engine-views.css';
import './problems.css';

const glyph = { error: '⊗', warning: '⚠', info: 'ⓘ' } as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function open(path: string, line: number, column: number): void {
  if (path) void openFile(path, { line: Math.max(1, line), column: Math.max(1, column) });
}

/** ↑/↓ walk the problems of the whole list (across files); Enter opens the focused one. */
function onRowKey(e: KeyboardEvent<HTMLElement>, p: Problem): void {
  if (e.target !== e.currentTarget) return; // a link inside the row handles its own keys
  const rows = [...(e.currentTarget.closest('.problems-view')?.querySelectorAll<HTMLElement>('[data-problem]') ?? [])];
  const at = rows.indexOf(e.currentTarget);
  if (e.key === 'Enter') open(p.path, p.line, p.column);
  else if (e.key === 'ArrowDown') rows[at + 1]?.focus();
  else if (e.key === 'ArrowUp') rows[at - 1]?.focus();
  else return;
  e.preventDefault();
}

export function ProblemsPanel() {
  const items = useProblems((s) => s.items);
  const [query, setQuery] = useState('');
  if (!items.length) {
    return (
      <EmptyState icon="✓" title="No problems" testId="problems-empty">
        <p>
          Errors and warnings show here as they are found: YAML syntax and schema errors and Starlark errors of the files you open, and the load
          and run errors of the last run (F5) with their traceback. Click one to jump to its line.
        </p>
      </EmptyState>
    );
  }
  const groups = groupProblems(items, query);
  const counts = problemCounts(items);
  return (
    <div className="eng problems-view" data-testid="problems-panel">
      <div className="eng-bar">
        <FilterField label="Filter">
          <input type="search" placeholder="message, file, reconciler…" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="problems-filter" />
        </FilterField>
        <span className="spacer" />
        <span className="eng-meta" data-testid="problems-counts">
          {plural(counts.error, 'error')} · {plural(counts.warning, 'warning')}
          {counts.info ? ` · ${plural(counts.info, 'info')}` : ''}
        </span>
      </div>
      <div className="problems-scroll" data-testid="problems-list">
        {!groups.length && <div className="eng-empty-note">No problem matches “{query}”.</div>}
        {groups.map((g) => (
          <section key={g.path} className="problems-group" data-testid="problems-group" data-path={g.path}>
            <div className="problems-file">
              <span className="mono">{g.path || 'Run'}</span>
              <span className="badge">{g.items.length}</span>
            </div>
            <ul className="problems">
              {g.items.map((p, i) => (
                <li
                  key={i}
                  tabIndex={0}
                  data-problem
                  data-testid="problem"
                  data-source={p.source}
                  className={p.path ? 'has-place' : undefined}
                  onClick={() => open(p.path, p.line, p.column)}
                  onKeyDown={(e) => onRowKey(e, p)}
                  title={p.path ? `${p.path}:${p.line}:${p.column}` : undefined}
                >
                  <div className="problem-head">
                    <span className={`sev-${p.severity}`}>{glyph[p.severity]}</span>
                    <span className="msg">{p.message}</span>
                    {p.source && <span className="where">{p.source}</span>}
                    {p.path && (
                      <span className="where">
                        [Ln {p.line}, Col {p.column}]
                      </span>
                    )}
                  </div>
                  {(p.context || p.related) && (
                    <div className="problem-context">
                      {p.context && <span className="eng-meta">{p.context}</span>}
                      {p.related && (
                        <PlaceLink testId="problem-related" title="Open the input object" onOpen={() => open(p.related!.path, p.related!.line, 1)}>
                          {p.related.label} — {p.related.path}:{p.related.line}
                        </PlaceLink>
                      )}
                    </div>
                  )}
                  {p.frames && p.frames.length > 0 && <TracebackFrames frames={p.frames} open={open} />}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}
