// CLI verbs run in-process on a test project (a child process per verb is too slow on a loaded machine):
// the verb is loaded from the command table as cli/main.ts loads it, and what it prints is captured.
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { commands } from '../cli/commands/index.js';
import { captureOutput } from './capture-output.js';
import { makeTempDir } from './temp-dir.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `choreo <verb> <args…>` in this process; returns its exit code and what it printed. */
export async function runCliVerb(verb: string, args: string[]): Promise<CliResult> {
  const command = commands.find((c) => c.name === verb);
  if (!command) throw new Error(`runCliVerb: no CLI verb "${verb}" (see cli/commands/index.ts)`);
  const io = captureOutput();
  try {
    const code = await (await command.load()).run(args);
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  } finally {
    io.restore();
  }
}

export interface ProjectPerTest {
  /** The temp folder of the current test: the project is `root`, the app data `<tmp>/app`. */
  tmp: string;
  /** The current test's project folder. */
  root: string;
}

/**
 * A fresh project for each test: before each, `make` writes it into `<tmp>/p`, and CHOREO_STUDIO_HOME
 * (plus `env`) point this process at `<tmp>/app`; after each, the environment is as it was and the folder
 * is gone. Hooks a test file adds later run before this clean-up (vitest runs after-hooks as a stack).
 */
export function projectPerTest(prefix: string, make: (root: string) => Promise<unknown>, env: Record<string, string> = {}): ProjectPerTest {
  const current: ProjectPerTest = { tmp: '', root: '' };
  let cleanup = () => {};
  const saved = new Map<string, string | undefined>();
  beforeEach(async () => {
    const tmp = makeTempDir(prefix);
    cleanup = tmp.cleanup;
    current.tmp = tmp.dir;
    current.root = path.join(tmp.dir, 'p');
    for (const [name, value] of Object.entries({ CHOREO_STUDIO_HOME: path.join(tmp.dir, 'app'), ...env })) {
      saved.set(name, process.env[name]);
      process.env[name] = value;
    }
    await make(current.root);
  });
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    saved.clear();
    cleanup();
  });
  return current;
}
