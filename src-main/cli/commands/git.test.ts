// `choreo git …` and `choreo server apply` as a user runs them: the real CLI in a child process,
// against a local smart-HTTP server, checked with real git.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeGitFixture, type GitFixture } from '../../testing/git-fixture.js';
import { gitCommand } from './git.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function choreo(args: string[], home: string, cwd?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/choreo.mjs'), ...args], {
      cwd,
      env: { ...process.env, CHOREO_STUDIO_HOME: home, CHOREO_GIT_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs `choreo git …` in this process (a child per command is too slow on a loaded 2-core machine),
 * capturing what it writes; the child-process path is covered by the tests further down.
 */
async function inProcess(args: string[], home: string): Promise<Run> {
  const saved = { home: process.env.CHOREO_STUDIO_HOME, token: process.env.CHOREO_GIT_TOKEN, out: process.stdout.write, err: process.stderr.write };
  let stdout = '';
  let stderr = '';
  process.env.CHOREO_STUDIO_HOME = home;
  delete process.env.CHOREO_GIT_TOKEN;
  process.stdout.write = ((c: string | Uint8Array) => ((stdout += c.toString()), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => ((stderr += c.toString()), true)) as typeof process.stderr.write;
  try {
    const code = await gitCommand.run(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    if (saved.home === undefined) delete process.env.CHOREO_STUDIO_HOME;
    else process.env.CHOREO_STUDIO_HOME = saved.home;
    if (saved.token !== undefined) process.env.CHOREO_GIT_TOKEN = saved.token;
  }
}

describe('choreo git (CLI)', () => {
  let fx: GitFixture;
  beforeEach(async () => (fx = await makeGitFixture()));
  afterEach(() => fx.cleanup());

  it('runs init, identity, commit, status, branch, checkout, stash, log and push', async () => {
    const url = await fx.bare();
    const dir = path.join(fx.tmp, 'proj');
    fs.mkdirSync(dir);
    const git = (...args: string[]) => inProcess([...args, '--dir', dir], fx.appData);

    expect((await git('init')).stdout).toContain('initialised');
    fx.write(path.join(dir, 'in/a.yaml'), 'a: 1\n');
    let r = await git('commit', '-m', 'first');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Nothing is staged/);
    await git('add', '-A');
    r = await git('commit', '-m', 'first');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/author name and email/);
    expect((await git('identity', '--name', 'Ada', '--email', 'ada@example.com')).stdout).toContain('Ada <ada@example.com> (from the app settings)');
    r = await git('commit', '-m', 'first');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[main [0-9a-f]{7}\] first/);

    fx.write(path.join(dir, 'in/a.yaml'), 'a: 2\n');
    fx.write(path.join(dir, 'in/b.yaml'), 'b: 1\n');
    expect((await git('status')).stdout).toBe('On branch main\n M in/a.yaml\n?? in/b.yaml\n');
    expect((await git('branch', 'feature')).code).toBe(0);
    await fx.git(['config', 'user.name', 'Repo Person'], dir);
    await fx.git(['config', 'user.email', 'repo@example.com'], dir);
    r = await git('commit', '-a', '-m', 'second');
    expect(r.code).toBe(0);
    fx.write(path.join(dir, 'in/a.yaml'), 'a: local\n');
    r = await git('checkout', 'feature');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/would overwrite uncommitted changes in in\/a\.yaml.*Stash/);
    expect((await git('stash')).code).toBe(0);
    expect((await git('stash', 'list')).stdout).toMatch(/^stash@\{0\}: /);
    expect((await git('checkout', 'feature')).code).toBe(0);
    expect((await git('branch')).stdout).toBe('* feature\n  main\n');
    expect((await git('checkout', 'main')).code).toBe(0);
    expect((await git('stash', 'pop')).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'in/a.yaml'), 'utf8')).toBe('a: local\n');

    const log = (await git('log', '-n', '1')).stdout;
    expect(log).toContain('Author: Repo Person <repo@example.com>');
    expect(log).toContain('    second\n');
    expect(log).toContain('    in/a.yaml');
    expect(log).toContain('(more: choreo git log --skip 1)');

    await fx.git(['remote', 'add', 'origin', url], dir);
    r = await git('push');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pushed main');
    expect(await fx.git(['--git-dir', path.join(fx.root, 'remote.git'), 'log', '--format=%s', 'main'])).toBe('second\nfirst');
    expect((await inProcess(['frobnicate'], fx.appData)).code).toBe(2);
  });

  it('reports an SSH remote with the HTTPS form to use', { timeout: 120_000 }, async () => {
    const dir = path.join(fx.tmp, 'proj');
    await fx.git(['init', '-q', '-b', 'main', dir]);
    await fx.git(['remote', 'add', 'origin', 'git@github.com:kform-dev/choreo.git'], dir);
    const r = await choreo(['git', 'fetch', '--dir', dir], fx.appData); // through bin/choreo.mjs
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('use the HTTPS URL instead: https://github.com/kform-dev/choreo'.replace('use', 'Use'));
  });
});

describe('choreo server apply URL DIR REF [BRANCH]', () => {
  let fx: GitFixture;
  beforeEach(async () => (fx = await makeGitFixture()));
  afterEach(() => fx.cleanup());

  it('clones at a hash read-only, and on a branch writable', { timeout: 180_000 }, async () => {
    const url = await fx.bare();
    const seed = path.join(fx.tmp, 'seed');
    await fx.git(['init', '-q', '-b', 'main', seed]);
    fx.write(path.join(seed, 'p/in/a.yaml'), 'a: 1\n');
    await fx.git(['add', '.'], seed);
    await fx.git(['commit', '-q', '-m', 'one'], seed);
    const hash = await fx.git(['rev-parse', 'HEAD'], seed);
    await fx.git(['push', '-q', url, 'main'], seed);

    const r1 = await choreo(['server', 'apply', url, 'p', hash], fx.appData);
    expect(r1.stderr).toBe(r1.code === 0 ? r1.stderr : 'unexpected failure');
    expect(r1.stdout).toContain(`commit ${hash}`);
    expect(r1.stdout).toContain('read-only');
    const project = /^project (.+)$/m.exec(r1.stdout)![1]!;
    expect(fs.readFileSync(path.join(project, 'in/a.yaml'), 'utf8')).toBe('a: 1\n');
    fx.write(path.join(project, 'in/a.yaml'), 'a: 2\n');
    const denied = await choreo(['git', 'commit', '-a', '-m', 'x', '--dir', project], fx.appData);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('read-only');
    fs.writeFileSync(path.join(project, 'in/a.yaml'), 'a: 1\n');

    const r2 = await choreo(['server', 'apply', url, 'p', hash, 'work'], fx.appData);
    expect(r2.code).toBe(0);
    expect(r2.stdout).toContain('branch work');
    const usage = await choreo(['server', 'apply', 'only-two', 'args'], fx.appData);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('expected URL DIR REF [BRANCH]');
  });
});
