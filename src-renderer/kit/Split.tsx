// Splits inside views (a YAML side panel beside a table, a list column beside a diff): resizable with a
// sash, the size kept per project in the layout store under a name the view picks (`resources.yaml`).
import type { CSSProperties, ReactNode } from 'react';
import { clamp, useLayout } from '../state/layout';
import { Sash } from './Sash';

/** The size of a named split and its setter (clamped to [min, max]). */
export function useSplitSize(name: string, initial: number, min: number, max: number): [number, (px: number) => void] {
  const stored = useLayout((s) => s.splits[name]);
  const size = clamp(stored ?? initial, min, max);
  return [size, (px: number) => useLayout.getState().setSplit(name, clamp(px, min, max))];
}

/**
 * A pane of fixed (resizable) width beside the flexible rest: `side="end"` for a panel on the right
 * (its sash on its left edge), `side="start"` for a list on the left (sash on its right edge).
 */
export function SplitPane(props: {
  name: string;
  side: 'start' | 'end';
  initial: number;
  min: number;
  max: number;
  label: string;
  className?: string;
  style?: CSSProperties;
  testId?: string;
  children: ReactNode;
}) {
  const [size, setSize] = useSplitSize(props.name, props.initial, props.min, props.max);
  return (
    <div className={`split-pane ${props.side} ${props.className ?? ''}`} style={{ ...props.style, width: size }} data-testid={props.testId}>
      {props.children}
      <Sash direction="vertical" size={size} invert={props.side === 'end'} onResize={setSize} label={props.label} className={props.side === 'end' ? 'at-start' : ''} testId={props.testId ? `${props.testId}-sash` : undefined} />
    </div>
  );
}
