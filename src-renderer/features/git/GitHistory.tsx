// The history section of the Git view: commits of the current branch, paged from the host (100 at a
// time, the next page loads when its row scrolls into view) and virtualized; a commit expands to the
// files it changed (A/M/D), a file shows how that commit changed it (the diff opens over the editor),
// and its row action opens the file in the editor.
import { useEffect, useMemo, useState } from 'react';
import { useGit } from './git-store';
import { fileChangeLetter, historyRows, type HistoryRow } from './git-model';
import { relativeTime, useNow } from '../../kit/relative-time';
import { VirtualRows } from '../../kit/VirtualRows';
import { openChangedFile, openCommitDiff } from './git-diff-controller';
import { compareCommitWith, compareCommitWithLastRun, loadLog, toggleCommit } from './git-history-controller';
import { IconChevron, IconCompare, IconOpenFile } from './git-icons';
import { PopupMenu } from '../../kit/PopupMenu';

const ROW_H = 22;

export function GitHistory() {
  const [open, setOpen] = useState(false);
  const log = useGit((s) => s.log);
  const expanded = useGit((s) => s.expandedCommit);
  const details = useGit((s) => s.commitDetails);
  const head = useGit((s) => (s.status?.isRepo ? s.status.head : null));
  useEffect(() => {
    if (open && !log.loaded) void loadLog();
  }, [open, log.loaded]);
  const rows = useMemo(() => historyRows(log.entries, expanded, log.next !== null, details), [log.entries, expanded, log.next, details]);
  const now = useNow();
  return (
    <section className={`git-history${open ? ' open' : ''}`} data-testid="git-history">
      <div className="git-section-head" role="button" tabIndex={0} aria-expanded={open} onClick={() => setOpen(!open)} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && setOpen(!open)}>
        <IconChevron open={open} />
        <span className="title">History</span>
        <span className="count">{log.loaded ? `${log.entries.length}${log.next !== null ? '+' : ''}` : ''}</span>
      </div>
      {open &&
        (log.loaded && !log.entries.length ? (
          <div className="git-note">{head ? 'No history.' : 'No commits yet: your first commit starts the history.'}</div>
        ) : (
          <VirtualRows count={rows.length} rowHeight={ROW_H} className="git-history-list" testId="git-history-list" row={(i) => <Row row={rows[i]!} now={now} />} />
        ))}
    </section>
  );
}

function Row({ row, now }: { row: HistoryRow; now: number }) {
  if (row.kind === 'more') return <MoreRow />;
  if (row.kind === 'file') return <FileRow row={row} />;
  return <CommitRow entry={row.entry} now={now} />;
}

function CommitRow({ entry: e, now }: { entry: Extract<HistoryRow, { kind: 'commit' }>['entry']; now: number }) {
  const isOpen = useGit.getState().expandedCommit === e.oid;
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  return (
    <div
      className={`git-row git-commit-row${isOpen ? ' selected' : ''}`}
      title={`${e.oid}\n${e.author.name} <${e.author.email}>\n${new Date(e.date).toLocaleString()}\n\n${e.message}`}
      onClick={() => void toggleCommit(e.oid)}
      onContextMenu={(ev) => {
        ev.preventDefault();
        setMenu({ x: ev.clientX, y: ev.clientY });
      }}
      data-testid="git-commit-item"
      data-oid={e.oid}
    >
      <IconChevron open={isOpen} />
      <span className="name">{e.summary}</span>
      <span className="row-actions" onClick={(ev) => ev.stopPropagation()}>
        <button
          className="icon-btn"
          title="Compare with… (the derived state of this commit against the last run, or another side)"
          aria-label="Compare with…"
          data-testid="git-commit-compare"
          onClick={(ev) => {
            const r = ev.currentTarget.getBoundingClientRect();
            setMenu({ x: r.left, y: r.bottom + 2 });
          }}
        >
          <IconCompare />
        </button>
      </span>
      <span className="meta">{relativeTime(e.date, now)}</span>
      <span className="mono oid">{e.oid.slice(0, 7)}</span>
      {menu && (
        <span onClick={(ev) => ev.stopPropagation()}>
          <PopupMenu
            x={menu.x}
            y={menu.y}
            title={`${e.oid.slice(0, 7)} ${e.summary}`}
            testId="git-commit-menu"
            onClose={() => setMenu(null)}
            items={[
              { label: 'Compare with the Last Run', testId: 'git-commit-compare-last', run: () => compareCommitWithLastRun(e.oid) },
              { label: 'Compare with…', hint: 'commit, environment, snapshot', testId: 'git-commit-compare-pick', run: () => compareCommitWith(e.oid) },
            ]}
          />
        </span>
      )}
    </div>
  );
}

function FileRow({ row }: { row: Extract<HistoryRow, { kind: 'file' }> }) {
  const selected = useGit((s) => s.selection?.area === 'commit' && s.selection.commit === row.oid && s.selection.path === row.path);
  const change = row.change ? fileChangeLetter(row.change) : null;
  return (
    <div
      className={`git-row git-file-row${selected ? ' selected' : ''}`}
      title={`${row.path}${row.change ? ` — ${row.change}` : ''} in ${row.oid.slice(0, 7)}: show the diff`}
      onClick={() => openCommitDiff(row.oid, row.path)}
      data-testid={`git-commit-file-${row.path}`}
    >
      <span className="name">{row.path.slice(row.path.lastIndexOf('/') + 1)}</span>
      <span className="dir">{row.path.includes('/') ? row.path.slice(0, row.path.lastIndexOf('/')) : ''}</span>
      {row.change !== 'deleted' && (
        <span className="row-actions" onClick={(e) => e.stopPropagation()}>
          <button className="icon-btn" title="Open the file (as it is now) in the editor" aria-label="Open file" onClick={() => void openChangedFile(row.path)}>
            <IconOpenFile />
          </button>
        </span>
      )}
      {change && <span className={`letter ${change.tone}`}>{change.letter}</span>}
    </div>
  );
}

function MoreRow() {
  const loading = useGit((s) => s.log.loading);
  // The row becomes visible when the user scrolls to the end: fetch the next page then.
  useEffect(() => {
    void loadLog(true);
  }, []);
  return <div className="git-row subtle">{loading ? 'Loading more…' : 'More…'}</div>;
}
