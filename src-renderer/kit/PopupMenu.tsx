// A context menu at a point (right-click on a row, or under a row's "…" button): a title, items and
// separators; arrow keys move between items, Escape, a click elsewhere or leaving the window closes it.
// Rendered in the page's body. The explorer's file menu and the compare menus of the git history and the environments use it.
import { useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useDismiss } from './useDismiss';
import './popup-menu.css';

export interface PopupMenuItem {
  label: string;
  /** A shortcut shown on the right. */
  hint?: string;
  /** Why the item cannot run now (shown on hover); absent when it can. */
  disabledReason?: string;
  testId?: string;
  run(): void;
}

export type PopupMenuEntry = PopupMenuItem | 'sep';

export function PopupMenu(props: { x: number; y: number; title?: string; items: PopupMenuEntry[]; testId: string; onClose(): void }) {
  const { x, y, onClose } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState({ x, y });
  // keep the whole menu inside the window, and put the keyboard in it
  useLayoutEffect(() => {
    const r = ref.current?.getBoundingClientRect();
    if (r) setPos({ x: Math.max(0, Math.min(x, window.innerWidth - r.width - 4)), y: Math.max(0, Math.min(y, window.innerHeight - r.height - 4)) });
    ref.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
  }, [x, y]);
  useDismiss(ref, onClose, { alsoOn: 'blur' });
  // in the page's body: a row's transform (virtualized lists) would otherwise anchor `position: fixed` to the row
  return createPortal(
    <div
      ref={ref}
      className="context-menu"
      role="menu"
      data-testid={props.testId}
      style={{ left: pos.x, top: pos.y }}
      onKeyDown={(e) => {
        const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
        const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          buttons[(i + (e.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length]?.focus();
        }
      }}
    >
      {props.title && <div className="context-menu-title">{props.title}</div>}
      {props.items.map((item, i) =>
        item === 'sep' ? (
          <div key={`sep${i}`} className="context-menu-sep" role="separator" />
        ) : (
          <button
            key={`${i}:${item.label}`}
            role="menuitem"
            disabled={!!item.disabledReason}
            title={item.disabledReason}
            data-testid={item.testId}
            onClick={() => {
              onClose();
              item.run();
            }}
          >
            <span>{item.label}</span>
            {item.hint && <span className="hint">{item.hint}</span>}
          </button>
        ),
      )}
    </div>,
    document.body,
  );
}
