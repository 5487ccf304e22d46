// Fault suite, issue 18 item 2: `choreo git commit`, `git add` and `git checkout` killed at each of their
// writes. Afterwards the repository must pass `git fsck`, nothing committed or staged may be lost, and
// running the command again (after `choreo git repair` when it says to) must finish the operation.
import { cpSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../../testing/git-fixture.js';
import { bundledCli, hasStrace, sampleWrites, type Cli, type RunOutcome, type WritePoint } from '../../testing/kill-at-write.js';

const ENV = { GIT_COMMITTER_DATE: '@1767225600 +0000', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
/** Kill points per command at most (first, last and every distinct file are always among them). */
const MAX_POINTS = 8;

let tmp: string;
let template: string;
let cli: Cli;
let copies = 0;

/** A fresh copy of the template repository. */
function copy(): string {
  const dir = path.join(tmp, `case-${++copies}`);
  cpSync(template, dir, { recursive: true });
  return dir;
}

async function fsck(dir: string): Promise<void> {
  // --no-dangling: a commit or blob written before the kill and not yet referenced is harmless.
  const out = await runGit(['fsck', '--full', '--no-dangling'], dir).catch((e: { stderr?: string; message: string }) => {
    throw new Error(`git fsck failed in ${dir}:\n${e.stderr ?? e.message}`);
  });
  expect(out).not.toMatch(/error|missing|empty|corrupt|broken/i);
}

/** Runs the command again until it is done: `choreo git repair` first when the answer names it. */
async function finish(args: string[], dir: string): Promise<RunOutcome> {
  let out = await cli.run(args, { cwd: dir, env: ENV });
  if (out.code !== 0 && /git repair/.test(out.stderr)) {
    const repaired = await cli.run(['git', 'repair'], { cwd: dir, env: ENV });
    expect(repaired.code, repaired.stderr).toBe(0);
    out = await cli.run(args, { cwd: dir, env: ENV });
  }
  return out;
}

interface Scenario {
  name: string;
  args: string[];
  /** Puts the copy in the state the command starts from. */
  prepare(dir: string): Promise<void>;
  /** What identifies the repository state (compared before/after). */
  state(dir: string): Promise<string>;
}

const scenarios: Scenario[] = [
  {
    name: 'commit',
    args: ['git', 'commit', '-m', 'second'],
    async prepare(dir) {
      writeFileSync(path.join(dir, 'a.txt'), 'a changed\n');
      writeFileSync(path.join(dir, 'sub', 'new.txt'), 'new\n');
      await runGit(['add', 'a.txt', 'sub/new.txt'], dir);
    },
    state: (dir) => runGit(['rev-parse', 'HEAD'], dir),
  },
  {
    name: 'add',
    args: ['git', 'add', 'a.txt', 'sub/new.txt'],
    async prepare(dir) {
      writeFileSync(path.join(dir, 'a.txt'), 'a changed for add\n');
      writeFileSync(path.join(dir, 'sub', 'new.txt'), 'new for add\n');
    },
    state: (dir) => runGit(['ls-files', '-s'], dir),
  },
  {
    name: 'checkout',
    args: ['git', 'checkout', 'other'],
    async prepare() {},
    state: async (dir) => `${await runGit(['symbolic-ref', 'HEAD'], dir)}\n${await runGit(['ls-files', '-s'], dir)}\n${await runGit(['status', '--porcelain'], dir)}`,
  },
];

describe.skipIf(!hasStrace() && process.env.CI !== 'true')('git writes killed at each write()', () => {
  beforeAll(async () => {
    tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'choreo-git-crash-')));
    template = path.join(tmp, 'template');
    await runGit(['init', '-q', '-b', 'main', template]);
    await runGit(['config', 'user.name', 'Fault Suite'], template);
    await runGit(['config', 'user.email', 'faults@example.com'], template);
    writeFileSync(path.join(template, 'a.txt'), 'a\n');
    cpSync(path.join(template, 'a.txt'), path.join(template, 'b.txt'));
    await import('node:fs').then((fs) => fs.mkdirSync(path.join(template, 'sub')));
    writeFileSync(path.join(template, 'sub', 'c.txt'), 'c\n');
    await runGit(['add', '-A'], template);
    await runGit(['commit', '-q', '-m', 'first'], template);
    await runGit(['checkout', '-q', '-b', 'other'], template);
    writeFileSync(path.join(template, 'b.txt'), 'b on other\n');
    writeFileSync(path.join(template, 'sub', 'd.txt'), 'd on other\n');
    await runGit(['add', '-A'], template);
    await runGit(['commit', '-q', '-m', 'other'], template);
    await runGit(['checkout', '-q', 'main'], template);
    cli = await bundledCli();
  });
  afterAll(() => {
    cli?.dispose();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  for (const sc of scenarios) {
    it(`choreo ${sc.args.join(' ')}: fsck passes and nothing is lost after a kill at any write`, async () => {
      // The state before and after an uninterrupted run, and the writes that run makes.
      const clean = copy();
      await sc.prepare(clean);
      const before = await sc.state(clean);
      const writes = await cli.traceWrites(sc.args, { cwd: clean, env: ENV, under: [clean + path.sep] });
      const after = await sc.state(clean);
      expect(after).not.toBe(before);
      expect(writes.some((w) => w.file.includes(`${path.sep}.git${path.sep}`))).toBe(true);
      const points: WritePoint[] = sampleWrites(writes, MAX_POINTS);
      const tried: string[] = [];
      for (const point of points) {
        const dir = copy();
        await sc.prepare(dir);
        const at = { file: path.join(dir, path.relative(clean, point.file)), nth: point.nth };
        const killed = await cli.run(sc.args, { cwd: dir, env: ENV, killAt: at });
        const where = `${path.relative(dir, at.file)} write #${at.nth}`;
        expect(killed.signal, `not killed at ${where}: ${killed.stderr}`).toBe('SIGKILL');
        await fsck(dir);
        const mid = await sc.state(dir);
        if (sc.name !== 'checkout') expect([before, after], `state after a kill at ${where}`).toContain(mid);
        if (mid !== after) {
          const done = await finish(sc.args, dir);
          expect(done.code, `re-running after a kill at ${where}: ${done.stderr}`).toBe(0);
        }
        expect(await sc.state(dir), `state after finishing (kill at ${where})`).toBe(after);
        await fsck(dir);
        rmSync(dir, { recursive: true, force: true });
        tried.push(where);
      }
      expect(tried.length).toBe(points.length);
    });
  }
});
