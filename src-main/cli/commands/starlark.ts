// `choreo starlark FILE.star [--option NAME]... [--max-steps N]`: runs one Starlark file with the project's
// interpreter. print() goes to stdout; an error prints file:line:col and the traceback to stderr (exit 1).
import { readFileSync } from 'node:fs';
import { intFlag, parseFlags, UsageError, withUsage, type FlagSpec } from '../flags.js';
import type { Command } from './command.js';
import { DEFAULT_MAX_STEPS, StarlarkError, execFile, type StarlarkOptions } from '../../engine/starlark/index.js';

const OPTIONS = ['set', 'while', 'toplevelcontrol', 'globalreassign', 'loadbindsglobally', 'recursion'] as const;
type DialectOption = (typeof OPTIONS)[number];

const HELP = `usage: choreo starlark FILE.star [--option NAME]... [--max-steps N]

Runs a Starlark file (Go dialect, as Choreo runs it). print() writes to stdout.
On an error, prints the position and traceback to stderr and exits 1.

options:
  --option NAME    turn on a dialect option (repeatable): ${OPTIONS.join(', ')}
                   (Choreo itself runs with all of them off)
  --max-steps N    step budget (loop iterations, calls); default ${DEFAULT_MAX_STEPS}
  -h, --help       show this help`;

const FLAGS: FlagSpec = { values: { '--max-steps': 'maxSteps' }, lists: { '--option': 'option' } };

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
        execFile(parsed.file, source, {
          options: parsed.options,
          print: (msg) => process.stdout.write(msg + '\n'),
          load: (module) => {
            throw new StarlarkError('runtime', `load("${module}") is not available when running a single file`);
          },
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
