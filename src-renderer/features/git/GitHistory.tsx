// The history section of the Git view: commits of the current branch, paged from the host (100 at a
// time, the next page loads when its row scrolls into view) and virtualized; a commit expands to the
// files it changed, and a file opens in the editor.
import { useEffect, useMemo, useState } from 'react';
import { useGit, patchGit } from './git-store';
import { historyRows, type HistoryRow } from './git-model';
import { relativeTime, useNow } from '../../kit/relative-time';
import { VirtualRows } from '../../kit/VirtualRows';
import { openChangedFile } from './git-diff-controller';
import { loadLog } from './git-history-controller';
import { IconChevron } from './git-icons';

const ROW_H = 22;

export function GitHistory() {
  const [open, setOpen] = useState(false);
  const log = useGit((s) => s.log);
  const expanded = useGit((s) => s.expandedCommit);
  const head = useGit((s) => (s.status?.isRepo ? s.status.head : null));
  useEffect(() => {
    if (open && !log.loaded) void loadLog();
  }, [open, log.loaded]);
  const rows = useMemo(() => historyRows(log.entries, expanded, log.next !== null), [log.entries, expanded, log.next]);
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
  if (row.kind === 'file') {
    return (
      <div className="git-row git-file-row" title={`${row.path} — open in the editor`} onClick={() => void openChangedFile(row.path)}>
        <span className="name">{row.path.slice(row.path.lastIndexOf('/') + 1)}</span>
        <span className="dir">{row.path.includes('/') ? row.path.slice(0, row.path.lastIndexOf('/')) : ''}</span>
      </div>
    );
  }
  const e = row.entry;
  const isOpen = useGit.getState().expandedCommit === e.oid;
  return (
    <div
      className={`git-row git-commit-row${isOpen ? ' selected' : ''}`}
      title={`${e.oid}\n${e.author.name} <${e.author.email}>\n${new Date(e.date).toLocaleString()}\n\n${e.message}`}
      onClick={() => patchGit({ expandedCommit: isOpen ? null : e.oid })}
      data-testid="git-commit-item"
    >
      <IconChevron open={isOpen} />
      <span className="name">{e.summary}</span>
      <span className="meta">{relativeTime(e.date, now)}</span>
      <span className="mono oid">{e.oid.slice(0, 7)}</span>
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
