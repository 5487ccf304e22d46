// A scroll container that renders only the rows in view (10,000 rows stay smooth), with an optional
// sticky header row. Rows have a fixed height; the caller renders each one.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';

export function VirtualRows(props: {
  count: number;
  rowHeight: number;
  header?: ReactNode;
  row: (index: number) => ReactNode;
  testId?: string;
  /** Scroll this row into view when it changes. */
  scrollTo?: number;
  className?: string;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: props.count, getScrollElement: () => parent.current, estimateSize: () => props.rowHeight, overscan: 6, useFlushSync: false });
  useEffect(() => {
    if (props.scrollTo !== undefined && props.scrollTo >= 0) v.scrollToIndex(props.scrollTo, { align: 'auto' });
  }, [props.scrollTo]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div className={`eng-table ${props.className ?? ''}`} ref={parent} data-testid={props.testId}>
      {props.header}
      <div style={{ height: v.getTotalSize(), position: 'relative', contain: 'strict', width: '100%' }}>
        {v.getVirtualItems().map((it) => (
          <div key={it.key} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: it.size, transform: `translateY(${it.start}px)`, contain: 'layout paint' }}>
            {props.row(it.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
