// The overview in the Graph canvas's corner (./graph-overview.ts): the whole graph drawn small, a frame for
// the part the canvas shows, and the selected box marked. Shown only while the graph does not fit the canvas;
// a click or drag on it scrolls the canvas to centre that point.
import { useEffect, useState, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import type { GraphLayout } from './graph-layout';
import { overflows, overviewScale, scrollToCentre, visibleRect, type CanvasView, type Drawing } from './graph-overview';

interface OverviewProps {
  layout: GraphLayout;
  canvas: RefObject<HTMLDivElement | null>;
  zoom: number;
  pad: number;
  selected: string | null;
}

/** The canvas's scroll offset and size, kept current (scroll, resize, and every zoom). */
function useCanvasView(canvas: RefObject<HTMLDivElement | null>, zoom: number): CanvasView | null {
  const [view, setView] = useState<CanvasView | null>(null);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const read = () =>
      setView({
        scrollLeft: el.scrollLeft,
        scrollTop: el.scrollTop,
        clientWidth: el.clientWidth,
        clientHeight: el.clientHeight,
        zoom,
      });
    read();
    const frame = requestAnimationFrame(read); // after the zoom's own scroll adjustment
    el.addEventListener('scroll', read, { passive: true });
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('scroll', read);
      ro.disconnect();
    };
  }, [canvas, zoom]);
  return view;
}

export function GraphOverview({ layout, canvas, zoom, pad, selected }: OverviewProps) {
  const view = useCanvasView(canvas, zoom);
  const drawing: Drawing = {
    width: layout.width + 2 * pad,
    height: layout.height + 2 * pad,
    pad,
  };
  if (!view || !overflows(drawing, view)) return null;
  const scale = overviewScale(drawing);
  const frame = visibleRect(drawing, view);

  const centreAt = (e: ReactPointerEvent<SVGSVGElement>) => {
    const el = canvas.current;
    if (!el) return;
    const r = e.currentTarget.getBoundingClientRect();
    const to = scrollToCentre(drawing, view, (e.clientX - r.left) / scale - pad, (e.clientY - r.top) / scale - pad);
    el.scrollTo({ left: to.left, top: to.top });
  };
  return (
    <svg
      className="graph-overview"
      width={drawing.width * scale}
      height={drawing.height * scale}
      viewBox={`${-pad} ${-pad} ${drawing.width} ${drawing.height}`}
      role="img"
      aria-label="Overview of the whole graph: click or drag to move the view"
      data-testid="graph-overview"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        centreAt(e);
      }}
      onPointerMove={(e) => e.currentTarget.hasPointerCapture(e.pointerId) && centreAt(e)}
    >
      <title>Overview of the whole graph: click or drag to move the view</title>
      {layout.groups.map((g) => (
        <rect key={g.kind} className="graph-ov-group" x={g.x} y={g.y} width={g.width} height={g.height} />
      ))}
      {layout.nodes.map((n) => (
        <rect
          key={n.node.id}
          className={`graph-ov-node graph-ov-${n.node.kind}${n.node.id === selected ? ' selected' : ''}`}
          x={n.x}
          y={n.y}
          width={n.width}
          height={n.height}
        />
      ))}
      <rect className="graph-ov-frame" x={frame.x} y={frame.y} width={frame.width} height={frame.height} data-testid="graph-overview-frame" />
    </svg>
  );
}
