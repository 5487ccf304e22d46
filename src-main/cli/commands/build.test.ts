// `choreo build` with the engine's built-in backends, in-process: -r (the spelling of `run once -r`) makes
// a build that records them, a build without them of a project that needs them fails naming the flag, and
// `--backends on|off` stores the project's default. Builds run in this process: no host is started.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureOutput } from '../../testing/capture-output.js';
import { makeBackendProject } from '../../testing/backend-project.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { commands } from './index.js';

let tmp: { dir: string; cleanup: () => void };
let root: string;
const savedHome = process.env.CHOREO_STUDIO_HOME;

beforeEach(async () => {
  tmp = makeTempDir('choreo-build-cli-');
  root = path.join(tmp.dir, 'p');
  process.env.CHOREO_STUDIO_HOME = path.join(tmp.dir, 'app');
  process.env.CHOREO_OFFLINE = '1';
  await makeBackendProject(root);
});
afterEach(() => {
  if (savedHome === undefined) delete process.env.CHOREO_STUDIO_HOME;
  else process.env.CHOREO_STUDIO_HOME = savedHome;
  delete process.env.CHOREO_OFFLINE;
  tmp.cleanup();
});

async function build(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureOutput();
  try {
    const cmd = await commands.find((c) => c.name === 'build')!.load();
    const code = await cmd.run([...args, '--dir', root]);
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  } finally {
    io.restore();
  }
}

describe('choreo build with the built-in backends', { timeout: 120_000 }, () => {
  it('-r records them; without them the build fails naming the flag; --backends on|off stores the default', async () => {
    const without = await build();
    expect(without.code).toBe(1);
    expect(without.stdout).toContain('Build with `choreo build -r` (--internal-reconcilers)');

    const withFlag = await build('--internal-reconcilers');
    expect(withFlag.code, withFlag.stdout + withFlag.stderr).toBe(0);
    expect(withFlag.stdout).toMatch(/build \w+ of \w+: succeeded \(built: \d+ object\(s\)\), with the built-in backends/);
    expect(withFlag.stderr).toContain('with the built-in backends (IP and ID indexes)');
    expect((await build('--list')).stdout).toMatch(/succeeded\s+built-in/);

    // the project's default (what a build without -r then does: delivery/backends-build.test.ts)
    expect((await build('--backends', 'on')).stdout).toContain('built-in backends on');
    expect((await build('--backends', 'off')).stdout).toContain('built-in backends off');

    const bad = await build('--backends', 'maybe');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--backends takes on or off');
    const help = await build('--help');
    expect(help.stdout).toContain('-r, --internal-reconcilers');
  });
});
