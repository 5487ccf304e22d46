// Test stand-in for kit/VirtualRows: jsdom lays nothing out, so a virtualizer would render no row at all.
// This renders every row, with the same props, so component tests see what a user could scroll to.
import type { ReactNode } from 'react';

export function VirtualRows(props: { count: number; rowHeight: number; header?: ReactNode; row: (index: number) => ReactNode; testId?: string; scrollTo?: number; className?: string }) {
  return (
    <div className={`eng-table ${props.className ?? ''}`} data-testid={props.testId}>
      {props.header}
      {Array.from({ length: props.count }, (_, i) => (
        <div key={i}>{props.row(i)}</div>
      ))}
    </div>
  );
}
