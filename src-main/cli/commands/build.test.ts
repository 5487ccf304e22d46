// `choreo build` with the engine's built-in backends, in-process: -r (the spelling of `run once -r`) makes
// a build that records them, a build without them of a project that needs them fails naming the flag, and
// `--backends on|off` stores the project's default. Builds run in this process: no host is started.
import { describe, expect, it } from 'vitest';
import { makeBackendProject } from '../../testing/backend-project.js';
import { projectPerTest, runCliVerb } from '../../testing/cli-in-process.js';

const project = projectPerTest('choreo-build-cli-', makeBackendProject, { CHOREO_OFFLINE: '1' });
const build = (...args: string[]) => runCliVerb('build', [...args, '--dir', project.root]);

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
