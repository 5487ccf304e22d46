// The "empty state that teaches": what this place is for, what to do now, and — for features that are
// not built yet — an honest note saying so.
import type { ReactNode } from 'react';
import { commands } from './commands';

export function EmptyState(props: { icon?: ReactNode; title: string; children?: ReactNode; comingIn?: string; testId?: string }) {
  return (
    <div className="empty" data-testid={props.testId ?? 'empty-state'}>
      {props.icon && <div className="empty-icon">{props.icon}</div>}
      <h3>{props.title}</h3>
      {props.children}
      {props.comingIn && <p className="subtle" style={{ fontSize: 12 }}>{props.comingIn}</p>}
    </div>
  );
}

/** The one thing to do in an empty panel (run the project, start prod mode): runs `command`. */
export function EmptyStateAction(props: { command: string; children: ReactNode; testId?: string }) {
  return (
    <button className="btn primary" onClick={() => void commands.execute(props.command)} data-testid={props.testId}>
      {props.children}
    </button>
  );
}

/** The side-bar flavour: left-aligned, a list of what the view will hold. */
export function SideEmptyState(props: { title: string; intro: ReactNode; items: string[]; comingIn: string }) {
  return (
    <div className="side-empty" data-testid="side-empty-state">
      <h3>{props.title}</h3>
      <div>{props.intro}</div>
      <ul>
        {props.items.map((i) => (
          <li key={i}>{i}</li>
        ))}
      </ul>
      <span className="later">{props.comingIn}</span>
    </div>
  );
}
