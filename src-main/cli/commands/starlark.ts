// `choreo starlark FILE.star [--option NAME]... [--max-steps N]`: runs one Starlark file with the project's
// interpreter. print() goes to stdout; an error prints file:line:col and the traceback to stderr (exit 1).
// load("x.star", ...) reads x.star relative to the loading file, inside FILE's folder (fileLoader below).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { intFlag, parseFlags, UsageError, withUsage, type FlagSpec } from '../flags.js';
import type { Command } from './command.js';
import { STARLARK_DEFAULT_MAX_STEPS, StarlarkError, execStarlarkFile, starlarkRuntimeError, type StarlarkLoadHook, type StarlarkModule, type StarlarkOptions } from '../../engine/index.js';

const OPTIONS = ['set', 'while', 'toplevelcontrol', 'globalreassign', 'loadbindsglobally', 'recursion'] as const;
type DialectOption = (typeof OPTIONS)[number];

const HELP = `usage: choreo starlark FILE.star [--option NAME]... [--max-steps N]

Runs a Starlark file (Go dialect, as Choreo runs it). print() writes to stdout.
load("lib/x.star", "name") reads lib/x.star relative to the file that loads it; only
files in FILE.star's folder and below can be loaded, each once.
On an error, prints the position and traceback to stderr and exits 1.

options:
  --option NAME    turn on a dialect option (repeatable): ${OPTIONS.join(', ')}
                   (Choreo itself runs with all of them off)
  --max-steps N    step budget (loop iterations, calls); default ${STARLARK_DEFAULT_MAX_STEPS}
  -h, --help       show this help`;

const FLAGS: FlagSpec = { values: { '--max-steps': 'maxSteps' }, lists: { '--option': 'option' } };

/**
 * load() for a file run on its own: the module name is a file path relative to the loading file, which must
 * stay inside the main file's folder (nothing outside what the user pointed at is read). Each file runs once,
 * with the same options and print; a file that loads itself, directly or not, is a cycle error.
 */
export function fileLoader(mainFile: string, options: StarlarkOptions, print: (msg: string) => void): StarlarkLoadHook {
  const root = path.dirname(path.resolve(mainFile));
  /** Loaded modules by absolute path; null while a file is running (so a second visit is a cycle). */
  const modules = new Map<string, StarlarkModule | null>([[path.resolve(mainFile), null]]);
  const load: StarlarkLoadHook = (module, fromFile) => {
    const file = path.resolve(path.dirname(path.resolve(fromFile)), module);
    const inside = path.relative(root, file);
    if (inside.startsWith('..') || path.isAbsolute(inside)) throw starlarkRuntimeError(`${module} is outside ${root} (the folder of ${mainFile}); load() reads only files in that folder and below`);
    const known = modules.get(file);
    if (known === null) throw starlarkRuntimeError('cycle in load graph');
    if (known) return known;
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (e) {
      throw starlarkRuntimeError(`cannot read ${path.relative(process.cwd(), file) || file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    modules.set(file, null);
    let loaded: StarlarkModule;
    try {
      loaded = execStarlarkFile(path.relative(process.cwd(), file), source, { options, print, load });
    } catch (e) {
      modules.delete(file); // a failed file is not a cycle when something else loads it again
      throw e;
    }
    modules.set(file, loaded);
    return loaded;
  };
  return load;
}

function parseArgs(args: string[]): { file: string; options: StarlarkOptions } {
  const p = parseFlags(args, FLAGS);
  const options: StarlarkOptions = {};
  for (const name of p.lists.option ?? []) {
    if (!OPTIONS.includes(name as DialectOption)) throw new UsageError(`unknown option "${name}"; known: ${OPTIONS.join(', ')}`);
    options[name as DialectOption] = true;
  }
  if (p.values.maxSteps !== undefined) options.maxSteps = intFlag(p.values.maxSteps, '--max-steps', 1);
  const [file, extra] = p.positional;
  if (file === undefined) throw new UsageError('missing FILE.star');
  if (extra !== undefined) throw new UsageError(`only one FILE.star may be given (got "${file}" and "${extra}")`);
  return { file, options };
}

export const starlarkCommand: Command = {
  name: 'starlark',
  run: (args) =>
    withUsage(HELP, async () => {
      if (args.includes('--help') || args.includes('-h')) {
        process.stdout.write(HELP + '\n');
        return 0;
      }
      const parsed = parseArgs(args);
      let source: string;
      try {
        source = readFileSync(parsed.file, 'utf8');
      } catch (e) {
        process.stderr.write(`choreo starlark: cannot read ${parsed.file}: ${(e as Error).message}\n`);
        return 2;
      }
      try {
        const print = (msg: string) => process.stdout.write(msg + '\n');
        execStarlarkFile(parsed.file, source, {
          options: parsed.options,
          print,
          load: fileLoader(parsed.file, parsed.options, print),
        });
        return 0;
      } catch (e) {
        if (e instanceof StarlarkError) {
          process.stderr.write(e.format() + '\n');
          return 1;
        }
        throw e;
      }
    }),
};
