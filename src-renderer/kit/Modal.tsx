// The frame every modal dialog shares: a dimmed overlay, Escape to cancel, Tab kept inside the dialog,
// the first focus placed by the caller, and a heading (title, message, optional detail) that names the
// dialog for screen readers. The dialog element is a <form> when the caller gives onSubmit (Enter sends).
import { useEffect, useId, useRef, type CSSProperties, type FormEvent, type KeyboardEvent, type ReactNode, type Ref } from 'react';

export interface ModalProps {
  title: ReactNode;
  message?: ReactNode;
  /** Secondary text in a monospace box, e.g. a file path or an error. */
  detail?: ReactNode;
  /** Escape, and a press on the dim area when closeOnOutside is set. */
  onCancel(): void;
  closeOnOutside?: boolean;
  /** Makes the dialog a form: Enter in a field submits. */
  onSubmit?(e: FormEvent<HTMLFormElement>): void;
  /** The element to focus when the dialog opens (default: the first focusable one). */
  initialFocus?(dialog: HTMLElement): HTMLElement | null | undefined;
  className?: string;
  style?: CSSProperties;
  testId?: string;
  children?: ReactNode;
}

const FOCUSABLE = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Modal(props: ModalProps) {
  const ref = useRef<HTMLElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    (props.initialFocus?.(dialog) ?? dialog.querySelector<HTMLElement>(FOCUSABLE))?.focus();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- once, when the dialog opens

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      props.onCancel();
    } else if (e.key === 'Tab') {
      // Keep focus inside the dialog (it is modal). Focus in a popup portalled from inside it is its own.
      const dialog = ref.current;
      if (!dialog?.contains(document.activeElement)) return;
      const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
      const i = focusable.indexOf(document.activeElement as HTMLElement);
      const next = focusable[(i + (e.shiftKey ? -1 : 1) + focusable.length) % focusable.length];
      if (next) {
        e.preventDefault();
        next.focus();
      }
    }
  };

  const frame = {
    className: `dialog${props.className ? ` ${props.className}` : ''}`,
    role: 'dialog',
    'aria-modal': true,
    'aria-labelledby': titleId,
    'data-testid': props.testId,
    style: props.style,
  } as const;
  const body = (
    <>
      <h2 id={titleId}>{props.title}</h2>
      {props.message && <p>{props.message}</p>}
      {props.detail && <div className="detail">{props.detail}</div>}
      {props.children}
    </>
  );
  return (
    <div className="overlay" onKeyDown={onKeyDown} onMouseDown={props.closeOnOutside ? (e) => e.target === e.currentTarget && props.onCancel() : undefined}>
      {props.onSubmit ? (
        <form {...frame} ref={ref as Ref<HTMLFormElement>} onSubmit={props.onSubmit}>
          {body}
        </form>
      ) : (
        <div {...frame} ref={ref as Ref<HTMLDivElement>}>
          {body}
        </div>
      )}
    </div>
  );
}
