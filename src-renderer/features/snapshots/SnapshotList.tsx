// The list of snapshots (newest first): time, mode, commit with dirty flag, result, + ~ - against the
// one before. Click picks the newer side of the comparison, Alt/Ctrl/Shift+click the older one.
import type { SnapshotSummary } from '../../../src-shared/ipc/channels/engine';
import { useEngine } from '../run/engine-store';
import { DiffCountsView, formatTime } from '../../kit/status-dot';
import '../../kit/engine-views.css';

export function defaultPair(list: SnapshotSummary[], from: string | null, to: string | null): { from: string | undefined; to: string | undefined } {
  const t = to ?? list[0]?.id;
  const idx = list.findIndex((s) => s.id === t);
  return { from: from ?? (idx >= 0 ? list[idx + 1]?.id : undefined), to: t };
}

export function SnapshotList({ onPick }: { onPick(from: string | null, to: string | null): void }) {
  const list = useEngine((s) => s.snapshots.list);
  const counts = useEngine((s) => s.snapshots.counts);
  const sel = useEngine((s) => s.snapshots);
  const { from, to } = defaultPair(list, sel.from, sel.to);
  if (!list.length) return <div className="eng-empty-note">No snapshots yet. Every run (F5) and every stop of prod mode stores one.</div>;
  return (
    <div style={{ overflow: 'auto', flex: 1 }} data-testid="snapshot-list">
      {list.map((s) => {
        const c = counts[s.id];
        const role = s.id === to ? 'to' : s.id === from ? 'from' : '';
        return (
          <div
            key={s.id}
            className={`eng-snap ${role}`}
            data-testid="snapshot-item"
            data-id={s.id}
            title={`${s.summary ?? ''}\nClick: compare with the snapshot before it. Alt/Ctrl/Shift+click: use as the older side.`}
            onClick={(e) => {
              if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) onPick(s.id, to ?? null);
              else {
                const i = list.findIndex((x) => x.id === s.id);
                onPick(list[i + 1]?.id ?? null, s.id);
              }
            }}
          >
            <span className="role">{role === 'to' ? 'B' : role === 'from' ? 'A' : ''}</span>
            <span className="when">{formatTime(s.createdAt)}</span>
            <span className={s.success === false ? 'dot-error' : 'dot-ok'}>{s.success === false ? '✗' : '✓'}</span>
            <span className="sub">
              <span>{s.mode === 'once' ? 'run once' : s.mode === 'stop' ? 'prod' : s.mode}</span>
              <span className="mono">{s.id.slice(0, 8)}</span>
              {s.git && (
                <span className="mono" title={`commit ${s.git.commit}${s.git.dirty ? ' with uncommitted changes' : ''}`}>
                  ⎇ {s.git.commit.slice(0, 7)}
                  {s.git.dirty ? '*' : ''}
                </span>
              )}
              <span>{s.objectCount} obj</span>
              {c ? <DiffCountsView counts={c} /> : <span className="subtle">first</span>}
            </span>
          </div>
        );
      })}
    </div>
  );
}
