// `choreo starlark FILE.star [--option NAME]... [--max-steps N]`: runs one Starlark file with the project's
// interpreter. print() goes to stdout; an error prints file:line:col and the traceback to stderr (exit 1).
import { readFileSync } from 'node:fs';
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

interface Parsed {
  file: string;
  options: StarlarkOptions;
}

function parseArgs(args: string[]): Parsed | string {
  const options: StarlarkOptions = {};
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--option') {
      const name = args[++i];
      if (!name) return '--option needs a NAME';
      if (!OPTIONS.includes(name as DialectOption)) return `unknown option "${name}"; known: ${OPTIONS.join(', ')}`;
      options[name as DialectOption] = true;
    } else if (a.startsWith('--option=')) {
      const name = a.slice('--option='.length);
      if (!OPTIONS.includes(name as DialectOption)) return `unknown option "${name}"; known: ${OPTIONS.join(', ')}`;
      options[name as DialectOption] = true;
    } else if (a === '--max-steps' || a.startsWith('--max-steps=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      const n = Number(v);
      if (!v || !Number.isInteger(n) || n <= 0) return `--max-steps needs a positive integer, got "${v ?? ''}"`;
      options.maxSteps = n;
    } else if (a.startsWith('-')) return `unknown flag ${a}`;
    else if (file === undefined) file = a;
    else return `only one FILE.star may be given (got "${file}" and "${a}")`;
  }
  if (file === undefined) return 'missing FILE.star';
  return { file, options };
}

export const starlarkCommand: Command = {
  name: 'starlark',
  async run(args: string[]): Promise<number> {
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(HELP + '\n');
      return 0;
    }
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      process.stderr.write(`choreo starlark: ${parsed}\n\n${HELP}\n`);
      return 2;
    }
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
  },
};
