// Shortcut strings ("Mod+Shift+P", "F5", "Mod+`") parsed once, matched against key events, and
// rendered for the user's platform. `Mod` is Cmd on macOS and Ctrl elsewhere.

export interface KeyChord {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  /** Normalised key: a lowercase letter or digit, 'f5', 'enter', 'escape', '`', … */
  key: string;
}

/** The parts of a KeyboardEvent the matcher needs (kept structural so it is testable in node). */
export interface KeyEventLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export class ShortcutSyntaxError extends Error {
  constructor(shortcut: string, why: string) {
    super(`Invalid shortcut "${shortcut}": ${why}. Write it like "Mod+Shift+P", "F5" or "Mod+\`".`);
    this.name = 'ShortcutSyntaxError';
  }
}

export function parseShortcut(shortcut: string): KeyChord {
  const parts = shortcut.split('+');
  // "Mod++" would mean the plus key; we have none, so a trailing empty part is an error.
  const chord: KeyChord = { mod: false, shift: false, alt: false, key: '' };
  parts.forEach((raw, i) => {
    const p = raw.trim();
    const last = i === parts.length - 1;
    if (!p) throw new ShortcutSyntaxError(shortcut, 'empty part');
    const lower = p.toLowerCase();
    if (!last) {
      if (lower === 'mod' || lower === 'ctrl' || lower === 'cmd') chord.mod = true;
      else if (lower === 'shift') chord.shift = true;
      else if (lower === 'alt') chord.alt = true;
      else throw new ShortcutSyntaxError(shortcut, `unknown modifier "${p}"`);
    } else {
      chord.key = lower;
    }
  });
  if (!chord.key) throw new ShortcutSyntaxError(shortcut, 'no key');
  return chord;
}

/** The key of an event, normalised so that Shift and keyboard layouts do not change it. */
export function eventKey(ev: Pick<KeyEventLike, 'key' | 'code'>): string {
  const code = ev.code ?? '';
  if (/^Key[A-Z]$/.test(code)) return code.slice(3).toLowerCase();
  if (/^Digit[0-9]$/.test(code)) return code.slice(5);
  if (code === 'Backquote') return '`';
  return ev.key.toLowerCase();
}

export function matches(chord: KeyChord, ev: KeyEventLike, isMac: boolean): boolean {
  const mod = isMac ? ev.metaKey : ev.ctrlKey;
  // On macOS a Ctrl chord is not a Mod chord; elsewhere Meta (Windows key) never is.
  const other = isMac ? ev.ctrlKey : ev.metaKey;
  return (
    mod === chord.mod && !other && ev.shiftKey === chord.shift && ev.altKey === chord.alt && eventKey(ev) === chord.key
  );
}

const keyLabels: Record<string, string> = {
  '`': '`',
  enter: 'Enter',
  escape: 'Esc',
  tab: 'Tab',
  ' ': 'Space',
  pagedown: 'PgDn',
  pageup: 'PgUp',
  arrowleft: '←',
  arrowright: '→',
  arrowup: '↑',
  arrowdown: '↓',
};

/** "Mod+Shift+P" → "Ctrl+Shift+P" or "⇧⌘P". */
export function formatShortcut(shortcut: string, isMac: boolean): string {
  const c = parseShortcut(shortcut);
  const key = keyLabels[c.key] ?? c.key.toUpperCase();
  if (isMac) return `${c.alt ? '⌥' : ''}${c.shift ? '⇧' : ''}${c.mod ? '⌘' : ''}${key}`;
  return [c.mod ? 'Ctrl' : '', c.shift ? 'Shift' : '', c.alt ? 'Alt' : '', key].filter(Boolean).join('+');
}

export function detectMac(platform: string | undefined): boolean {
  return /mac|darwin|iphone|ipad/i.test(platform ?? '');
}
