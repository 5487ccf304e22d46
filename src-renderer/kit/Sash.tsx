// A drag handle that resizes a neighbour (side bar, panel, a split inside a view). Reports the new size;
// the store clamps and keeps it. Arrow keys move it too, 16 px a press, when it has focus.
import { useRef, useState, type PointerEvent } from 'react';

export function Sash(props: {
  direction: 'vertical' | 'horizontal';
  size: number;
  onResize(size: number): void;
  /** The neighbour is after the sash (a panel below it, a side panel right of it): dragging towards it shrinks it. */
  invert?: boolean;
  label: string;
  className?: string;
  testId?: string;
}) {
  const start = useRef<{ pos: number; size: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  const axis = (e: PointerEvent) => (props.direction === 'vertical' ? e.clientX : e.clientY);
  const grow = props.direction === 'vertical' ? 'ArrowRight' : 'ArrowDown';
  const shrink = props.direction === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
  return (
    <div
      className={`${props.direction === 'vertical' ? 'sash-v' : 'sash-h'}${dragging ? ' dragging' : ''}${props.className ? ` ${props.className}` : ''}`}
      role="separator"
      tabIndex={0}
      aria-orientation={props.direction}
      aria-label={props.label}
      aria-valuenow={Math.round(props.size)}
      data-testid={props.testId}
      onPointerDown={(e) => {
        (e.target as HTMLElement).setPointerCapture(e.pointerId);
        start.current = { pos: axis(e), size: props.size };
        setDragging(true);
      }}
      onPointerMove={(e) => {
        if (!start.current) return;
        const delta = axis(e) - start.current.pos;
        props.onResize(start.current.size + (props.invert ? -delta : delta));
      }}
      onPointerUp={() => {
        start.current = null;
        setDragging(false);
      }}
      onKeyDown={(e) => {
        if (e.key !== grow && e.key !== shrink) return;
        e.preventDefault();
        const step = (e.key === grow ? 16 : -16) * (props.invert ? -1 : 1);
        props.onResize(props.size + step);
      }}
    />
  );
}
