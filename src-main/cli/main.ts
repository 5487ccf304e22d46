// The `choreo` command line: dispatches `choreo <verb> …` to the command modules registered in
// ./commands/index.ts, loading only the module of that verb. Exit codes: 0 success, 1 the operation (e.g. a
// run) failed, 2 usage or load error.
import { commands, type CommandEntry } from './commands/index.js';
import { readPackageVersion } from '../host/package-root.js';

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'choreo: run, inspect and serve Choreo projects (the engine of Choreo Studio)',
    '',
    'usage: choreo <command> [args] [--dir DIR]',
    '',
    'commands:',
    ...lines,
    '',
    'Run `choreo <command> --help` for the options of one command.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    process.stdout.write(usage() + '\n');
    return verb === undefined ? 2 : 0;
  }
  if (verb === '--version' || verb === '-v') {
    process.stdout.write(readPackageVersion() + '\n');
    return 0;
  }
  const command: CommandEntry | undefined = commands.find((c) => c.name === verb);
  if (!command) {
    process.stderr.write(`choreo: unknown command "${verb}"\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await (await command.load()).run(rest);
  } catch (err) {
    process.stderr.write(`choreo ${verb}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}
