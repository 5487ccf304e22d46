// The Graph view's overview (a minimap): the whole graph drawn small in a corner of the canvas, with a frame
// for the part the canvas shows. On a big project the canvas opens at a readable zoom and shows only part of
// the graph; the overview says where that part is and takes the user elsewhere with one click or drag.
// Pure geometry here; the drawing is ./GraphOverview.tsx. Sizes are in the graph's units (the SVG's
// viewBox, which starts at -pad) unless named otherwise.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the canvas shows: its scroll offset and client size in screen pixels, and the zoom. */
export interface CanvasView {
  scrollLeft: number;
  scrollTop: number;
  clientWidth: number;
  clientHeight: number;
  zoom: number;
}

/** The graph's drawing: its size including padding, and the padding (the viewBox starts at -pad, -pad). */
export interface Drawing {
  width: number;
  height: number;
  pad: number;
}

/** The overview never grows past this box (screen pixels), so it hides little of the canvas. */
export const OVERVIEW_MAX_W = 168;
export const OVERVIEW_MAX_H = 104;

/** Screen pixels per graph unit in the overview: the whole drawing fits its box. */
export function overviewScale(d: Drawing, maxW = OVERVIEW_MAX_W, maxH = OVERVIEW_MAX_H): number {
  if (d.width <= 0 || d.height <= 0) return 0;
  return Math.min(maxW / d.width, maxH / d.height);
}

/** True when the zoomed drawing does not fit the canvas, which is when an overview helps. */
export function overflows(d: Drawing, v: CanvasView): boolean {
  return d.width * v.zoom > v.clientWidth + 1 || d.height * v.zoom > v.clientHeight + 1;
}

/**
 * The drawing's left edge on the canvas's content, in screen pixels: the SVG is centred (margin: auto) when
 * it is narrower than the canvas.
 */
function offsetX(d: Drawing, v: CanvasView): number {
  return Math.max(0, (v.clientWidth - d.width * v.zoom) / 2);
}

/** The part of the drawing the canvas shows, in graph units, clipped to the drawing. */
export function visibleRect(d: Drawing, v: CanvasView): Rect {
  const left = (v.scrollLeft - offsetX(d, v)) / v.zoom;
  const top = v.scrollTop / v.zoom;
  const x0 = Math.max(0, left);
  const y0 = Math.max(0, top);
  const x1 = Math.min(d.width, left + v.clientWidth / v.zoom);
  const y1 = Math.min(d.height, top + v.clientHeight / v.zoom);
  return {
    x: x0 - d.pad,
    y: y0 - d.pad,
    width: Math.max(0, x1 - x0),
    height: Math.max(0, y1 - y0),
  };
}

/** The canvas scroll offset that centres graph point (gx, gy) (graph units), as far as the canvas can scroll. */
export function scrollToCentre(d: Drawing, v: CanvasView, gx: number, gy: number): { left: number; top: number } {
  const maxLeft = Math.max(0, d.width * v.zoom - v.clientWidth);
  const maxTop = Math.max(0, d.height * v.zoom - v.clientHeight);
  const left = (gx + d.pad) * v.zoom + offsetX(d, v) - v.clientWidth / 2;
  const top = (gy + d.pad) * v.zoom - v.clientHeight / 2;
  return {
    left: Math.min(maxLeft, Math.max(0, left)),
    top: Math.min(maxTop, Math.max(0, top)),
  };
}
