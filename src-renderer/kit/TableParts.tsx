// The pieces around a VirtualRows table that the engine views share (their look is .eng-* in
// engine-views.css): the header row on the table's column grid, and the layout of a table with the
// details of its selected row beside it.
import type { HTMLAttributes, ReactNode } from 'react';

/** A header cell: its text, or its text with a class (`num` right-aligns a number column). */
export type HeadCell = string | { text: string; className: string };

/** The header row: the labels as cells on the columns' grid, then any cells of the caller's (sort buttons). */
export function TableHead({ columns, labels = [], children, ...rest }: { columns: string; labels?: readonly HeadCell[]; children?: ReactNode } & HTMLAttributes<HTMLDivElement>) {
  return (
    <div className="eng-thead" style={{ gridTemplateColumns: columns }} {...rest}>
      {labels.map((cell, i) =>
        typeof cell === 'string' ? (
          <span key={i}>{cell}</span>
        ) : (
          <span key={i} className={cell.className}>
            {cell.text}
          </span>
        ),
      )}
      {children}
    </div>
  );
}

/** A table taking the free width, with the details of the selected row (or nothing) beside it. */
export function TableWithDetails({ details, children }: { details: ReactNode; children: ReactNode }) {
  return (
    <div className="eng-split">
      <div className="eng-main">{children}</div>
      {details}
    </div>
  );
}
