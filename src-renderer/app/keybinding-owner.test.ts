// @vitest-environment jsdom
// A widget marked `data-keyboard-owner` (the browser-mode folder picker) keeps its keys (Ctrl+Enter opens
// the folder there) from the app's shortcuts (Ctrl+Enter commits), while the rest of the page keeps them.
import { afterEach, expect, it, vi } from 'vitest';
import { commands } from '../kit/commands';
import { installKeybindings } from './keybinding-service';

const offs: (() => void)[] = [];
afterEach(() => {
  offs.splice(0).forEach((off) => off());
  document.body.replaceChildren();
});

it('leaves the keys inside a data-keyboard-owner widget to it', () => {
  const run = vi.fn();
  offs.push(commands.register({ id: 'test.commit', title: 'Commit', shortcut: 'Mod+Enter', run }));
  offs.push(installKeybindings(window));
  const owner = document.createElement('div');
  owner.setAttribute('data-keyboard-owner', '');
  const field = owner.appendChild(document.createElement('input'));
  const other = document.createElement('input');
  document.body.append(owner, other);
  const ctrlEnter = () => new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', ctrlKey: true, bubbles: true, cancelable: true });

  const inside = ctrlEnter();
  field.dispatchEvent(inside);
  expect(run).not.toHaveBeenCalled();
  expect(inside.defaultPrevented).toBe(false);

  other.dispatchEvent(ctrlEnter());
  expect(run).toHaveBeenCalledOnce();
});
