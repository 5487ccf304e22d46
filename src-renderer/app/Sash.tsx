// A drag handle that resizes a neighbour. Reports the new size; the store clamps it.
import { useRef, useState, type PointerEvent } from 'react';

export function Sash(props: { direction: 'vertical' | 'horizontal'; size: number; onResize(size: number): void; invert?: boolean; label: string }) {
  const start = useRef<{ pos: number; size: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  const axis = (e: PointerEvent) => (props.direction === 'vertical' ? e.clientX : e.clientY);
  return (
    <div
      className={`${props.direction === 'vertical' ? 'sash-v' : 'sash-h'}${dragging ? ' dragging' : ''}`}
      role="separator"
      aria-orientation={props.direction}
      aria-label={props.label}
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
    />
  );
}
