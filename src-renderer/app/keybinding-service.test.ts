import { afterEach, describe, expect, it, vi } from 'vitest';
import { useDialog } from '../kit/dialog';
import { commands } from '../kit/commands';
import { installKeybindings } from './keybinding-service';

function keydown(init: { key: string; code: string; ctrlKey?: boolean; shiftKey?: boolean }) {
  const ev = new Event('keydown', { cancelable: true });
  Object.assign(ev, { metaKey: false, altKey: false, ctrlKey: false, shiftKey: false, repeat: false, isComposing: false, ...init });
  return ev;
}

describe('keybinding service', () => {
  const offs: (() => void)[] = [];
  afterEach(() => {
    offs.splice(0).forEach((off) => off());
    useDialog.setState({ queue: [] });
  });

  it('runs the bound command and keeps the key from the page (e.g. the browser\'s Save Page)', () => {
    const run = vi.fn();
    offs.push(commands.register({ id: 'test.save', title: 'Save', shortcut: 'Mod+S', run }));
    const target = new EventTarget();
    offs.push(installKeybindings(target as unknown as Window));
    const ev = keydown({ key: 's', code: 'KeyS', ctrlKey: true });
    target.dispatchEvent(ev);
    expect(run).toHaveBeenCalledOnce();
    expect(ev.defaultPrevented).toBe(true);

    const plain = keydown({ key: 's', code: 'KeyS' });
    target.dispatchEvent(plain);
    expect(run).toHaveBeenCalledOnce();
    expect(plain.defaultPrevented).toBe(false);
  });

  it('leaves the keyboard to an open dialog', () => {
    const run = vi.fn();
    offs.push(commands.register({ id: 'test.palette', title: 'Palette', shortcut: 'Mod+Shift+P', run }));
    const target = new EventTarget();
    offs.push(installKeybindings(target as unknown as Window));
    void useDialog.getState().ask({ title: 't', message: 'm', choices: [], cancel: 'x' });
    target.dispatchEvent(keydown({ key: 'P', code: 'KeyP', ctrlKey: true, shiftKey: true }));
    expect(run).not.toHaveBeenCalled();
  });
});
