import { useEffect } from 'react';
import { useNotices, type Notice } from '../state/notices';
import { IconClose } from '../kit/icons';

function Toast({ n }: { n: Notice }) {
  // Info fades by itself; warnings and errors stay until dismissed, so they are not missed.
  useEffect(() => {
    if (n.level !== 'info') return;
    const t = setTimeout(() => useNotices.getState().dismiss(n.id), 4000);
    return () => clearTimeout(t);
  }, [n]);
  return (
    <div className={`toast ${n.level}`} role={n.level === 'error' ? 'alert' : 'status'} data-testid="toast">
      <span className="msg">{n.message}</span>
      {n.action && (
        <button
          className="btn primary toast-action"
          onClick={() => {
            useNotices.getState().dismiss(n.id);
            void n.action!.run();
          }}
        >
          {n.action.label}
        </button>
      )}
      <button className="icon-btn" aria-label="Dismiss" onClick={() => useNotices.getState().dismiss(n.id)}>
        <IconClose />
      </button>
    </div>
  );
}

export function Toasts() {
  const notices = useNotices((s) => s.notices);
  return (
    <div className="toasts">
      {notices.map((n) => (
        <Toast key={n.id} n={n} />
      ))}
    </div>
  );
}
