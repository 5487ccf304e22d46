// The command registry: every user action is a command with an id, a title and an optional shortcut.
// Buttons, menus, keybindings and the palette all call `execute(id)`, so they can never disagree.
import { matches, parseShortcut, type KeyChord, type KeyEventLike } from './keybindings';

export interface Command {
  /** Dotted id, e.g. `file.save`, `view.togglePanel`. */
  id: string;
  title: string;
  /** Palette group, e.g. "File", "View", "Run". */
  category?: string;
  /** "Mod+S", "F5", "Mod+Shift+P". */
  shortcut?: string;
  /**
   * Other words people type for it ("revert" for Reload from Disk, as VS Code calls it): the palette finds
   * the command by these too, and shows which one matched.
   */
  aliases?: string[];
  /** Why the command cannot run right now, or undefined when it can. Shown as a tooltip. */
  disabledReason?: () => string | undefined;
  run: () => void | Promise<void>;
}

export type CommandResult =
  | { ran: true }
  | { ran: false; reason: string };

export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

interface Entry {
  command: Command;
  chord?: KeyChord;
}

export class CommandRegistry {
  private entries = new Map<string, Entry>();
  private listeners = new Set<() => void>();
  private version = 0;

  /** Registers a command; returns a function that removes it again. Duplicate ids are a programming error. */
  register(command: Command): () => void {
    if (this.entries.has(command.id)) {
      throw new CommandError(`Command "${command.id}" is registered twice; give the second one another id.`);
    }
    const chord = command.shortcut ? parseShortcut(command.shortcut) : undefined;
    this.entries.set(command.id, { command, chord });
    this.changed();
    return () => {
      if (this.entries.get(command.id)?.command === command) {
        this.entries.delete(command.id);
        this.changed();
      }
    };
  }

  get(id: string): Command | undefined {
    return this.entries.get(id)?.command;
  }

  /** All commands, sorted by category then title (the palette's order). */
  all(): Command[] {
    return [...this.entries.values()]
      .map((e) => e.command)
      .sort((a, b) => (a.category ?? '').localeCompare(b.category ?? '') || a.title.localeCompare(b.title));
  }

  disabledReason(id: string): string | undefined {
    const cmd = this.get(id);
    if (!cmd) return `Unknown command "${id}".`;
    return cmd.disabledReason?.();
  }

  async execute(id: string): Promise<CommandResult> {
    const cmd = this.get(id);
    if (!cmd) return { ran: false, reason: `Unknown command "${id}".` };
    const reason = cmd.disabledReason?.();
    if (reason) return { ran: false, reason };
    await cmd.run();
    return { ran: true };
  }

  /** The command bound to this key event, if any. */
  findByKey(ev: KeyEventLike, isMac: boolean): Command | undefined {
    for (const { command, chord } of this.entries.values()) {
      if (chord && matches(chord, ev, isMac)) return command;
    }
    return undefined;
  }

  /** Subscribe to registrations; returns an unsubscribe function (fits React's useSyncExternalStore). */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getVersion(): number {
    return this.version;
  }

  /**
   * Something a `disabledReason` reads has changed (the project opened, another tab became active):
   * subscribers re-read. The shell calls this from its store subscriptions (app/command-context.ts), so
   * the registry needs to know no store.
   */
  contextChanged(): void {
    this.changed();
  }

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}

/** Case-insensitive subsequence match used by the palette; returns a score (higher is better) or -1. */
export function fuzzyScore(query: string, text: string): number {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const t = text.toLowerCase();
  const direct = t.indexOf(q);
  if (direct >= 0) return 1000 - direct;
  let ti = 0;
  let score = 0;
  let run = 0;
  for (const ch of q) {
    // Spaces separate words the user remembers ("recon star"); they match anything in between.
    if (ch === ' ') continue;
    const found = t.indexOf(ch, ti);
    if (found < 0) return -1;
    run = found === ti ? run + 1 : 0;
    score += 1 + run;
    ti = found + 1;
  }
  return score;
}

/**
 * Palette score of a command: its category and title, else its aliases (ranked lower, so a title hit
 * wins); -1 when nothing matches. `alias` is the alias that matched, to show beside the title.
 */
export function commandScore(query: string, cmd: Pick<Command, 'title' | 'category' | 'aliases'>): { score: number; alias?: string } {
  const main = fuzzyScore(query, `${cmd.category ?? ''}: ${cmd.title}`);
  let best: { score: number; alias?: string } = { score: main };
  for (const alias of cmd.aliases ?? []) {
    // Half: a direct alias hit ranks below a direct title hit and above a scattered one.
    const s = fuzzyScore(query, alias);
    if (s >= 0 && s / 2 > best.score) best = { score: s / 2, alias };
  }
  return best;
}

/** Quick-open score of a file: a hit in the file name ranks above a hit spread over the folders; -1 for none. */
export function fileScore(query: string, path: string): number {
  const inName = fuzzyScore(query, path.slice(path.lastIndexOf('/') + 1));
  const inPath = fuzzyScore(query, path);
  return inName >= 0 && query.trim() ? inName + 500 : inPath;
}

/** The app's one registry. */
export const commands = new CommandRegistry();
