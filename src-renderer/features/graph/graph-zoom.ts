// The Graph view's zoom. "Fit" shrinks the graph to the canvas, but never below MIN_FIT_ZOOM, where the
// labels are still readable (a 13 px label shows at 11 px): a big project is then panned (drag, scroll bars,
// wheel) rather than shrunk to an unreadable overview; a small one is never blown up past 100%.
export const MIN_FIT_ZOOM = 0.85;
export const MIN_ZOOM = 0.3;
export const MAX_ZOOM = 2;
const STEPS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.85, 1, 1.25, 1.5, 2];

export function clampZoom(z: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
}

/** The zoom at which a `width`×`height` graph fills a `viewW`×`viewH` canvas, kept between readable and 100%. */
export function fitZoom(width: number, height: number, viewW: number, viewH: number): number {
  if (width <= 0 || height <= 0 || viewW <= 0 || viewH <= 0) return 1;
  return Math.min(1, Math.max(MIN_FIT_ZOOM, Math.min(viewW / width, viewH / height)));
}

/** The next zoom step in (+1) or out (-1) from `z`. */
export function stepZoom(z: number, dir: 1 | -1): number {
  const next = dir > 0 ? STEPS.find((s) => s > z + 1e-3) : [...STEPS].reverse().find((s) => s < z - 1e-3);
  return next ?? z;
}
