import { describe, expect, it } from 'vitest';
import { eventKey, formatShortcut, matches, parseShortcut, ShortcutSyntaxError } from './keybindings';

const ev = (over: Partial<Parameters<typeof matches>[1]>) => ({
  key: '',
  code: '',
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...over,
});

describe('keybindings', () => {
  it('parses modifiers and keys', () => {
    expect(parseShortcut('Mod+Shift+P')).toEqual({ mod: true, shift: true, alt: false, key: 'p' });
    expect(parseShortcut('F5')).toEqual({ mod: false, shift: false, alt: false, key: 'f5' });
    expect(parseShortcut('Mod+`').key).toBe('`');
  });
  it('rejects malformed shortcuts with a message that says how to write them', () => {
    expect(() => parseShortcut('Hyper+X')).toThrow(ShortcutSyntaxError);
    expect(() => parseShortcut('Mod+')).toThrow(/Write it like/);
  });
  it('normalises keys by physical code so Shift does not change the letter', () => {
    expect(eventKey({ key: 'P', code: 'KeyP' })).toBe('p');
    expect(eventKey({ key: '~', code: 'Backquote' })).toBe('`');
    expect(eventKey({ key: 'F5', code: 'F5' })).toBe('f5');
  });
  it('matches Mod to Ctrl on Linux/Windows and to Cmd on macOS', () => {
    const save = parseShortcut('Mod+S');
    expect(matches(save, ev({ key: 's', code: 'KeyS', ctrlKey: true }), false)).toBe(true);
    expect(matches(save, ev({ key: 's', code: 'KeyS', metaKey: true }), false)).toBe(false);
    expect(matches(save, ev({ key: 's', code: 'KeyS', metaKey: true }), true)).toBe(true);
    expect(matches(save, ev({ key: 's', code: 'KeyS', ctrlKey: true }), true)).toBe(false);
    expect(matches(save, ev({ key: 'S', code: 'KeyS', ctrlKey: true, shiftKey: true }), false)).toBe(false);
  });
  it('formats shortcuts per platform', () => {
    expect(formatShortcut('Mod+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(formatShortcut('Mod+Shift+P', true)).toBe('⇧⌘P');
    expect(formatShortcut('F5', false)).toBe('F5');
    expect(formatShortcut('Mod+PageDown', false)).toBe('Ctrl+PgDn');
  });
});
