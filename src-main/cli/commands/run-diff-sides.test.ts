// `choreo run diff --rev A..B | --env a..b | --from/--to rev:|env:` (issue 13 item 3) on real git
// repositories: the project with two reconcilers writing one kind (testing/insight-project.ts) committed
// twice, run at each commit from the commit's files while the working tree holds something else.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { captureOutput } from '../../testing/capture-output.js';
import { insightEdits, insightFiles } from '../../testing/insight-project.js';
import { tempProjects, writeProjectFiles } from '../../testing/temp-projects.js';
import { commitNewRepo, runGit } from '../../testing/git-fixture.js';
import { runOnce } from '../../engine/index.js';
import { CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';
import { runCommand } from './run.js';
import { commands } from './index.js';
import { makeDeliveryProject } from '../../testing/delivery-project.js';

const projects = tempProjects('choreo-run-diff-sides-');
afterAll(() => projects.cleanup());
let cap: ReturnType<typeof captureOutput> | undefined;
afterEach(() => cap?.restore());

async function choreo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  cap?.restore();
  cap = captureOutput();
  const code = await runCommand.run(['diff', ...args]);
  return { code, stdout: cap.stdout(), stderr: cap.stderr() };
}

interface JsonDiff {
  from: string;
  to: string;
  fromLabel: string;
  toLabel: string;
  items: { kind: string; name: string; status: string; changes?: { path: string; op: string; before?: unknown; after?: unknown }[] }[];
}

/** The insight project committed as `first`, then with its edits as `second`; the folder then holds a third state. */
async function twoCommits(): Promise<{ dir: string; first: string; second: string }> {
  const dir = projects.emptyDir();
  const first = await commitNewRepo(dir, { ...insightFiles, '.gitignore': '.choreo/\n' }, 'first');
  writeProjectFiles(dir, insightEdits);
  await runGit(['commit', '-qam', 'second: rename the greeter, hand spec.lang over'], dir);
  const second = await runGit(['rev-parse', 'HEAD'], dir);
  // uncommitted work in the folder: never read, never touched by a revision run
  writeProjectFiles(dir, { 'in/example.com.greeters.world.yaml': 'apiVersion: example.com/v1alpha1\nkind: Greeter\nmetadata: {name: world, namespace: default}\nspec: {name: draft}\n' });
  return { dir, first, second };
}

describe('choreo run diff --rev', () => {
  it('runs both commits from their trees and shows the semantic diff, cached by commit', async () => {
    const { dir, first, second } = await twoCommits();
    const before = readFileSync(path.join(dir, 'in/example.com.greeters.world.yaml'), 'utf8');

    const r = await choreo('--rev', 'HEAD~1..main', '-a', '--dir', dir);
    expect(r.stderr).toContain(`running revision ${first.slice(0, 12)}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`--- revision ${first.slice(0, 12)} HEAD~1 "first"`);
    expect(r.stdout).toContain(`+++ revision ${second.slice(0, 12)} main "second: rename the greeter, hand spec.lang over"`);
    // one Message changed (text and the handed-over lang); the Greeter's name changed; uids and times of
    // the two separate runs are not differences
    expect(r.stdout).toMatch(/^~ example\.com\/v1alpha1, Kind=Message world$/m);
    expect(r.stdout).toMatch(/^~ example\.com\/v1alpha1, Kind=Greeter world$/m);
    expect(r.stdout).toContain('-  text: hello world');
    expect(r.stdout).toContain('+  text: hello choreo');
    expect(r.stdout).not.toMatch(/^[+-]\s+uid:/m);

    const json = await choreo('--rev', `${first.slice(0, 7)}..${second}`, '-a', '-o', 'json', dir);
    expect(json.code).toBe(0);
    // the second time both commits come from the cache: nothing runs
    expect(json.stderr).not.toContain('running revision');
    const d = JSON.parse(json.stdout) as JsonDiff;
    expect(d).toMatchObject({ from: `rev:${first}`, to: `rev:${second}` });
    const message = d.items.find((i) => i.kind === 'Message')!;
    expect(message.status).toBe('modified');
    expect(Object.fromEntries(message.changes!.map((c) => [c.path, [c.before, c.after]]))).toEqual({
      'spec.text': ['hello world', 'hello choreo'],
      'spec.lang': ['en', 'en-GB'],
    });
    expect(d.items.filter((i) => i.status !== 'equal').map((i) => i.kind).sort()).toEqual(['Greeter', 'Message']);
    // the same commit on both sides: nothing differs
    const same = JSON.parse((await choreo('--rev', 'HEAD..main', '-o', 'json', dir)).stdout) as JsonDiff;
    expect(same.items.every((i) => i.status === 'equal')).toBe(true);

    // one state folder per commit, with the run's provenance; the working tree is as it was
    expect(readdirSync(path.join(dir, CHOREO_PATHS.revisions)).sort()).toEqual([first, second].sort());
    expect(readdirSync(path.join(dir, CHOREO_PATHS.revisions, second, CHOREO_PATHS.snapshots)).some((f) => f.endsWith('.provenance.json'))).toBe(true);
    expect(readFileSync(path.join(dir, 'in/example.com.greeters.world.yaml'), 'utf8')).toBe(before);
    expect(await runGit(['status', '--porcelain'], dir)).toBe('M in/example.com.greeters.world.yaml');
    expect(existsSync(path.join(dir, CHOREO_PATHS.snapshots))).toBe(false); // the project's own runs are untouched
  });

  it('diffs a snapshot of the working folder against a revision', async () => {
    const { dir, second } = await twoCommits();
    expect((await runOnce(dir)).success).toBe(true); // the folder: greeter "draft"
    const r = await choreo('--from', `rev:${second.slice(0, 10)}`, '--to', 'latest', '-a', '-o', 'json', dir);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as JsonDiff;
    expect(d.fromLabel).toContain(`revision ${second.slice(0, 12)}`);
    expect(d.toLabel).toMatch(/^snapshot [0-9a-f]{16} \(once, /);
    const message = d.items.find((i) => i.kind === 'Message')!;
    expect(message.changes).toEqual([{ path: 'spec.text', op: 'changed', before: 'hello choreo', after: 'hello draft' }]);
  });

  it('says what is wrong with a revision, where, and what to do', async () => {
    const { dir } = await twoCommits();
    const unknown = await choreo('--rev', 'HEAD~1..nope', dir);
    expect(unknown.code).toBe(1);
    // both names are checked before anything runs
    expect(existsSync(path.join(dir, CHOREO_PATHS.revisions))).toBe(false);
    expect(unknown.stderr).toContain(`choreo run diff: revision nope: The revision "nope" does not name a commit in the repository at ${dir}.`);
    expect(unknown.stderr).toContain('`choreo git log` lists the commits');
    const tooFar = await choreo('--rev', 'HEAD~5..HEAD', dir);
    expect(tooFar.code).toBe(1);
    expect(tooFar.stderr).toMatch(/revision HEAD~5: The revision "HEAD~5" goes back further than the history \([0-9a-f]{12} has no parents\)/);
    const usage = await choreo('--rev', 'HEAD', dir);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--rev HEAD: expected two revisions as A..B, for example HEAD~1..HEAD or main..feature');
    // a revision whose project does not load: the loader's words, and nothing cached
    writeProjectFiles(dir, { 'reconcilers/ex.tone.star': 'def reconcile(self)\n' });
    await runGit(['commit', '-qam', 'broken'], dir);
    const brokenCommit = await runGit(['rev-parse', 'HEAD'], dir);
    const broken = await choreo('--rev', 'HEAD~1..HEAD', dir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/choreo run diff: revision HEAD: .*reconcilers\/ex\.tone\.star/);
    const stored = readdirSync(path.join(dir, CHOREO_PATHS.revisions));
    expect(stored).not.toContain(brokenCommit);
    expect(stored.filter((f) => f.includes('.tmp-'))).toEqual([]);
    // outside a repository
    const bare = projects.withFiles(insightFiles);
    const noRepo = await choreo('--rev', 'a..b', bare);
    expect(noRepo.code).toBe(1);
    expect(noRepo.stderr).toContain('is not inside a git repository');
  });

  it('says what is wrong with an environment side', async () => {
    const { dir } = await twoCommits();
    const unknown = await choreo('--env', 'development..staging', dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('choreo run diff: environment development: Nothing is deployed to development, so there is nothing to compare. Deploy a build first (`choreo deploy development BUILD`');
    const noEnv = await choreo('--from', 'env:staging', '--to', 'latest', dir);
    expect(noEnv.code).toBe(1);
    expect(noEnv.stderr).toContain('There is no environment "staging". Known: development, production. Create it with `choreo env create staging`.');
  });
});

describe('choreo run diff --env', () => {
  const savedHome = process.env.CHOREO_STUDIO_HOME;
  afterEach(() => {
    if (savedHome === undefined) delete process.env.CHOREO_STUDIO_HOME;
    else process.env.CHOREO_STUDIO_HOME = savedHome;
  });

  it('compares what two environments serve: one build, each with its own configuration', async () => {
    const tmp = projects.withFiles({});
    const dir = path.join(tmp, 'p');
    process.env.CHOREO_STUDIO_HOME = path.join(tmp, 'app');
    await makeDeliveryProject(dir);
    const verb = async (...args: string[]) => {
      cap?.restore();
      cap = captureOutput();
      const cmd = await commands.find((c) => c.name === args[0])!.load();
      const code = await cmd.run([...args.slice(1), '--dir', dir]);
      return { code, stdout: cap.stdout(), stderr: cap.stderr() };
    };
    // deploy starts the project's background host (it outlives this command): stop it, pass or fail
    try {
      expect((await verb('config', 'set', 'all', 'api-token', 'tok-secret-42', '--secret')).code).toBe(0);
      expect((await verb('config', 'set', 'production', 'prefix', 'PROD: ')).code).toBe(0);
      const build = await verb('build');
      const id = /build ([0-9a-f]{16})/.exec(build.stdout)![1]!;
      expect((await verb('deploy', 'development', id)).stdout).toMatch(/active, healthy/);
      // production is empty yet: a clear refusal naming it
      const early = await choreo('--env', 'development..production', dir);
      expect(early.code).toBe(1);
      expect(early.stderr).toContain('environment production: Nothing is deployed to production');
      expect((await verb('promote', 'development')).stdout).toMatch(/in production: active/);

      const r = await choreo('--env', 'development..production', '-a', '-o', 'json', dir);
      expect(r.code).toBe(0);
      const d = JSON.parse(r.stdout) as JsonDiff;
      expect(d.from).toMatch(/^env:development@/);
      expect(d.toLabel).toMatch(new RegExp(`^production: deployment \\S+ of build ${id}`));
      const changed = d.items.filter((i) => i.status !== 'equal');
      expect(changed.length).toBeGreaterThan(0);
      // the same build: only the production prefix differs, in every Message's text
      for (const it of changed) {
        expect(it.kind).toBe('Message');
        expect(it.changes!.map((c) => c.path)).toEqual(['spec.text']);
        expect(String(it.changes![0]!.after)).toBe(`PROD: ${String(it.changes![0]!.before)}`);
      }
      expect(r.stdout).not.toContain('tok-secret-42'); // secret values stay redacted
      const text = await choreo('--env', 'development..production', dir);
      expect(text.stdout).toMatch(/^--- development: deployment /);
      expect(text.stdout).toMatch(/^~ studio\.example\.com\/v1alpha1, Kind=Message /m);
    } finally {
      expect((await verb('server', 'stop')).code).toBe(0);
    }
  });
});
