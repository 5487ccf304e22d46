// Renders a command's shortcut for the user's platform.
import { commands } from './commands';
import { formatShortcut } from './keybindings';
import { isMac } from './platform';

export function shortcutLabel(commandId: string): string {
  const s = commands.get(commandId)?.shortcut;
  return s ? formatShortcut(s, isMac()) : '';
}

export function Kbd({ command }: { command: string }) {
  const label = shortcutLabel(command);
  return label ? <kbd>{label}</kbd> : null;
}
