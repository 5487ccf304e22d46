// A button that runs a command: its tooltip is the command's title and shortcut, or why it is disabled.
import type { ReactNode } from 'react';
import { commands } from './commands';
import { shortcutLabel } from './Shortcut';
import { useDisabledReason } from './useCommandState';

export function CommandButton(props: { id: string; className?: string; children: ReactNode; label?: string; testId?: string }) {
  const reason = useDisabledReason(props.id);
  const cmd = commands.get(props.id);
  const key = shortcutLabel(props.id);
  const title = reason ?? `${cmd?.title ?? props.id}${key ? ` (${key})` : ''}`;
  return (
    // A disabled <button> swallows hover in some browsers; the wrapper keeps the tooltip reachable.
    <span title={title} data-testid={props.testId}>
      <button
        className={props.className ?? 'btn'}
        disabled={!!reason}
        aria-label={props.label ?? cmd?.title}
        onClick={() => void commands.execute(props.id)}
      >
        {props.children}
      </button>
    </span>
  );
}
