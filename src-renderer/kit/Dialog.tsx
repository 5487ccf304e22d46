// The modal dialog for the head of the dialog queue. Escape gives the request's cancel choice.
import { useEffect, useRef } from 'react';
import { useDialog } from './dialog';

export function Dialog() {
  const head = useDialog((s) => s.queue[0]);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!head) return;
    const primary = ref.current?.querySelector<HTMLButtonElement>('button[data-primary="true"]') ?? ref.current?.querySelector('button');
    primary?.focus();
  }, [head]);
  if (!head) return null;
  return (
    <div
      className="overlay"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          useDialog.getState().answer(head.cancel);
        } else if (e.key === 'Tab') {
          // Keep focus inside the dialog (it is modal).
          const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
          const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
          const next = buttons[(i + (e.shiftKey ? -1 : 1) + buttons.length) % buttons.length];
          if (next) {
            e.preventDefault();
            next.focus();
          }
        }
      }}
    >
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" ref={ref} data-testid="dialog">
        <h2 id="dialog-title">{head.title}</h2>
        <p>{head.message}</p>
        {head.detail && <div className="detail">{head.detail}</div>}
        <div className="actions">
          {head.choices.map((c) => (
            <button
              key={c.id}
              className={`btn${c.primary ? ' primary' : ''}${c.danger ? ' danger' : ''}`}
              data-primary={c.primary ? 'true' : undefined}
              data-testid={`dialog-${c.id}`}
              onClick={() => useDialog.getState().answer(c.id)}
            >
              {c.label}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
