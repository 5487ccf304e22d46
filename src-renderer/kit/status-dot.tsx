// The one way every engine view shows a condition status: True green ●, False red ●, Unknown grey ○.
export function StatusDot({ status, title }: { status: string; title?: string }) {
  const cls = status === 'True' ? 'dot-ok' : status === 'False' ? 'dot-error' : 'dot-unknown';
  const glyph = status === 'True' || status === 'False' ? '●' : '○';
  return (
    <span className={`eng-dot ${cls}`} title={title ?? status} aria-label={status || 'no condition'} data-status={status}>
      {status ? glyph : '·'}
    </span>
  );
}

export function DiffMarker({ status }: { status: 'equal' | 'added' | 'modified' | 'deleted' }) {
  const sym = { equal: '=', added: '+', modified: '~', deleted: '-' }[status];
  return (
    <span className={`eng-mark eng-mark-${status}`} aria-label={status}>
      {sym}
    </span>
  );
}

/** `+3 ~1 -0` with the diff colours. */
export function DiffCountsView({ counts, showEqual = false }: { counts: { added: number; modified: number; deleted: number; equal: number }; showEqual?: boolean }) {
  return (
    <span className="eng-counts" data-testid="diff-counts">
      <span className="eng-mark-added">+{counts.added}</span> <span className="eng-mark-modified">~{counts.modified}</span>{' '}
      <span className="eng-mark-deleted">-{counts.deleted}</span>
      {showEqual && <span className="eng-mark-equal"> ={counts.equal}</span>}
    </span>
  );
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatTime(iso: string | number): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
