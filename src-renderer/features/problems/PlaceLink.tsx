// A link to a line of a project file, shown inside a clickable row (a problem, a traceback): pressing it
// opens its own place, not the row's.
import type { ReactNode } from 'react';

export function PlaceLink(props: { title: string; testId: string; onOpen(): void; children: ReactNode }) {
  return (
    <button
      className="eng-link"
      data-testid={props.testId}
      title={props.title}
      onClick={(e) => {
        e.stopPropagation();
        props.onOpen();
      }}
    >
      {props.children}
    </button>
  );
}
