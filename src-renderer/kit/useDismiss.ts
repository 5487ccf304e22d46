// Closing a popup the way menus close: a press outside it, Escape, or the window going away under it
// (losing focus, or resizing so that its anchor moved).
import { useEffect, useRef, type RefObject } from 'react';

export function useDismiss(
  popup: RefObject<HTMLElement | null>,
  onClose: () => void,
  opts: {
    /** The window event that also closes it. */
    alsoOn: 'blur' | 'resize';
    /** A selector of elements whose press must not close it (the button that toggles it handles that). */
    keepOpenOn?: string;
  },
): void {
  const close = useRef(onClose);
  close.current = onClose;
  const { alsoOn, keepOpenOn } = opts;
  useEffect(() => {
    const down = (e: MouseEvent) => {
      const target = e.target as Element;
      if (!popup.current?.contains(target) && !(keepOpenOn && target.closest?.(keepOpenOn))) close.current();
    };
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close.current();
    };
    const away = () => close.current();
    window.addEventListener('mousedown', down, true);
    window.addEventListener('keydown', key, true);
    window.addEventListener(alsoOn, away);
    return () => {
      window.removeEventListener('mousedown', down, true);
      window.removeEventListener('keydown', key, true);
      window.removeEventListener(alsoOn, away);
    };
  }, [popup, alsoOn, keepOpenOn]);
}
