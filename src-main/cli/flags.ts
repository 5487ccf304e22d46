// The one flag parser of the `choreo` CLI and its usage error. Every verb declares its flags as a FlagSpec
// and runs its body under withUsage, so that a bad argument always ends the same way: the message, the
// verb's usage text, exit code 2.

/** A mistake in the command line (unknown flag, missing value or argument): exit 2 with the usage. */
export class UsageError extends Error {}

export interface FlagSpec {
  /** Flags that take a value, with their aliases: { '-o': 'output', '--output': 'output' }. The last one given wins. */
  values?: Record<string, string>;
  /** Flags that take a value and may be repeated: { '--allow-origin': 'allowOrigin' }; every value, in order. */
  lists?: Record<string, string>;
  /** Flags without a value, with their aliases; single-letter ones combine (`-ai`). */
  bools?: Record<string, string>;
}

export interface ParsedArgs {
  positional: string[];
  values: Record<string, string>;
  lists: Record<string, string[]>;
  bools: Set<string>;
  /** `--dir DIR`, which every verb accepts ('.' when not given). */
  dir: string;
  /** Whether --dir was given (verbs that also take DIR as an argument refuse both). */
  dirGiven: boolean;
  help: boolean;
}

/**
 * `-r, --internal-reconcilers`: the engine's built-in backends (IP and ID indexes, engine spec §11). One
 * spelling for every verb that runs a project (run, plan, server start, build): spread into a FlagSpec's
 * bools; the flag sets the `internal` bool.
 */
export const INTERNAL_RECONCILERS_FLAGS: Readonly<Record<string, string>> = { '-r': 'internal', '--internal-reconcilers': 'internal' };

/** Parses `args` by `spec`; `--flag value` and `--flag=value` both work; `-h`/`--help` set `help`. */
export function parseFlags(args: string[], spec: FlagSpec): ParsedArgs {
  const out: ParsedArgs = { positional: [], values: {}, lists: {}, bools: new Set(), dir: '.', dirGiven: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--help' || a === '-h') {
      out.help = true;
      continue;
    }
    const eq = a.startsWith('-') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    if (flag === '--dir' || spec.values?.[flag] || spec.lists?.[flag]) {
      const v = inline ?? args[++i];
      // `--port --host x` forgot the port: a value that starts with -- must be given as --flag=VALUE
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      if (flag === '--dir') {
        out.dir = v;
        out.dirGiven = true;
      } else if (spec.values?.[flag]) out.values[spec.values[flag]!] = v;
      else (out.lists[spec.lists![flag]!] ??= []).push(v);
    } else if (spec.bools?.[flag]) {
      out.bools.add(spec.bools[flag]!);
    } else if (/^-[a-zA-Z]{2,}$/.test(a) && [...a.slice(1)].every((c) => spec.bools?.[`-${c}`])) {
      for (const c of a.slice(1)) out.bools.add(spec.bools![`-${c}`]!);
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option ${a}`);
    } else out.positional.push(a);
  }
  return out;
}

/** A whole-number flag value within [min, max]; a usage error that names the flag otherwise. */
export function intFlag(raw: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
    throw new UsageError(`${flag} must be ${range}, got "${raw}"`);
  }
  return n;
}

/** Runs a verb body, turning usage errors into exit code 2 with the message and the usage text on stderr. */
export async function withUsage(usage: string, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n\n${usage}\n`);
      return 2;
    }
    throw e;
  }
}
