// Dispatches registered shortcuts from anywhere in the window, including inside Monaco: the listener
// runs in the capture phase, before the editor sees the key.
import { useDialog } from '../kit/dialog';
import { commands } from '../kit/commands';
import { isMac } from '../kit/platform';

export function installKeybindings(target: Window = window): () => void {
  const onKey = (ev: KeyboardEvent) => {
    if (ev.isComposing || ev.repeat) return;
    // A modal dialog owns the keyboard; so does a widget marked `data-keyboard-owner` (the folder picker's Ctrl+Enter, Ctrl+H).
    if (useDialog.getState().queue.length) return;
    if ((ev.target as Partial<Element> | null)?.closest?.('[data-keyboard-owner]')) return;
    const cmd = commands.findByKey(ev, isMac());
    if (!cmd) return;
    ev.preventDefault();
    ev.stopPropagation();
    void commands.execute(cmd.id);
  };
  target.addEventListener('keydown', onKey, true);
  return () => target.removeEventListener('keydown', onKey, true);
}
