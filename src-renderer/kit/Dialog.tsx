// The modal dialog for the head of the dialog queue. Escape gives the request's cancel choice; the primary
// choice has the focus when it opens.
import { Modal } from './Modal';
import { useDialog } from './dialog';

export function Dialog() {
  const head = useDialog((s) => s.queue[0]);
  if (!head) return null;
  return (
    <Modal
      key={head.id}
      title={head.title}
      message={head.message}
      detail={head.detail}
      onCancel={() => useDialog.getState().answer(head.cancel)}
      initialFocus={(dialog) => dialog.querySelector<HTMLElement>('button[data-primary="true"]')}
      testId="dialog"
    >
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
    </Modal>
  );
}
