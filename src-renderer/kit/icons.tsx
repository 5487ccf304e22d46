// Line icons for the activity bar and toolbars. An icon is a list of shapes on a square grid, stroked in
// currentColor (or filled): a string is a <path>'s d, circle() and rect() give the other shapes. Each shape
// stays its own element, so the icons draw exactly as the SVG they were written from. A feature's own icons
// (git-icons.tsx, the explorer's New File/Folder) use the same factory.
import { createElement, type ReactElement } from 'react';

/** How a set of icons is drawn: the grid's side (the viewBox), the default size in px, the stroke width. */
export interface IconGrid {
  side: number;
  size: number;
  stroke: number;
}

/** A path's d, or a shape element made by circle() or rect(). */
export type IconShape = string | ReactElement;

/** An icon component drawing the shapes on the grid; `filled` paints them instead of their outline. */
export function lineIcon(grid: IconGrid, shapes: IconShape | IconShape[], opts: { size?: number; filled?: boolean } = {}): () => ReactElement {
  const size = opts.size ?? grid.size;
  const paint = opts.filled ? { fill: 'currentColor', stroke: 'none' } : { fill: 'none', stroke: 'currentColor' };
  const props = { width: size, height: size, viewBox: `0 0 ${grid.side} ${grid.side}`, ...paint, strokeWidth: grid.stroke, strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true } as const;
  // Shapes are positional children (no list keys needed: the set never changes).
  const children = (Array.isArray(shapes) ? shapes : [shapes]).map((s) => (typeof s === 'string' ? <path d={s} /> : s));
  return () => createElement('svg', props, ...children);
}

export const circle = (cx: number, cy: number, r: number) => <circle cx={cx} cy={cy} r={r} />;
export const rect = (x: number, y: number, width: number, height: number, rx?: number) => <rect x={x} y={y} width={width} height={height} rx={rx} />;

/** The 24-unit grid of the activity bar and toolbar icons. */
export const GRID_24: IconGrid = { side: 24, size: 20, stroke: 1.6 };
const icon = (shapes: IconShape | IconShape[], size?: number) => lineIcon(GRID_24, shapes, { size });

export const IconFiles = icon(['M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z', 'M14 3v5h5']);
export const IconGit = icon([circle(6, 5, 2), circle(6, 19, 2), circle(18, 8, 2), 'M6 7v10M18 10c0 5-6 4-11.5 7.5']);
export const IconRuns = icon([circle(12, 12, 8.5), 'M12 7.5V12l3 2']);
/** Run and Debug: a play triangle with a bug's body beside it, as VS Code draws it. */
export const IconDebug = icon(['M4 5v10l7.5-5z', rect(13, 11, 7, 9, 3.5), 'M16.5 11v9M13 14.5h-2M20 14.5h2M13 18h-1.5M20 18h1.5M14.5 11l-1-1.5M18.5 11l1-1.5']);
export const IconEnvironments = icon(['M12 3 3 7.5 12 12l9-4.5z', 'm3 12 9 4.5 9-4.5M3 16.5 12 21l9-4.5']);
export const IconGraph = icon([circle(5, 12, 2), circle(18, 5, 2), circle(18, 19, 2), 'm7 11 9-5M7 13l9 5']);
export const IconResources = icon([rect(3.5, 4, 17, 16, 1.5), 'M3.5 9h17M3.5 14h17M9 9v11']);
export const IconSearch = icon([circle(10.5, 10.5, 6.5), 'M15.5 15.5L21 21']);
export const IconPlay = lineIcon(GRID_24, 'M7 5v14l11-7z', { size: 14, filled: true });
export const IconStop = lineIcon(GRID_24, rect(6, 6, 12, 12, 1.5), { size: 13, filled: true });
export const IconSun = icon([circle(12, 12, 4), 'M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4'], 16);
export const IconMoon = icon('M20 14.5A8 8 0 0 1 9.5 4 8 8 0 1 0 20 14.5z', 16);
export const IconCommand = icon('M9 6a3 3 0 1 0-3 3h12a3 3 0 1 0-3-3v12a3 3 0 1 0 3-3H6a3 3 0 1 0 3 3z', 15);
export const IconRefresh = icon(['M20 11a8 8 0 0 0-14.6-4.5L4 8', 'M4 4v4h4M4 13a8 8 0 0 0 14.6 4.5L20 16', 'M20 20v-4h-4'], 15);
export const IconCollapse = icon('M7 14l5-5 5 5M7 19l5-5 5 5', 15);
export const IconClose = icon('M6 6l12 12M18 6 6 18', 14);
export const IconMaximize = icon('m6 15 6-6 6 6', 15);
export const IconRestore = icon('m6 9 6 6 6-6', 15);
export const IconSettings = icon([
  circle(12, 12, 3),
  'M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z',
]);
