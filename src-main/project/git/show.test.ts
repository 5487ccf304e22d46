import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runGit } from '../../testing/git-fixture.js';
import { rejectionOf } from '../../testing/rejection.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import type { GitError } from './errors.js';
import { forgetRepo, openRepo, type Repo } from './repo.js';
import { commitFileDiff, showCommit } from './show.js';

let tmp: ReturnType<typeof makeTempDir>;
let repo: Repo;
const write = (p: string, c: string) => (mkdirSync(path.dirname(path.join(tmp.dir, p)), { recursive: true }), writeFileSync(path.join(tmp.dir, p), c));
const git = (...args: string[]) => runGit(args, tmp.dir);

beforeEach(async () => {
  tmp = makeTempDir('choreo-show-');
  await git('init', '-q', '-b', 'main');
  write('in/a.yaml', 'a: 1\n');
  write('in/gone.yaml', 'g: 1\n');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'first');
  write('in/a.yaml', 'a: 2\n');
  write('libs/new.star', 'def f(): pass\n');
  rmSync(path.join(tmp.dir, 'in/gone.yaml'));
  await git('add', '-A');
  await git('commit', '-q', '-m', 'second\n\nwith a body');
  repo = await openRepo(tmp.dir);
});
afterEach(() => {
  forgetRepo(tmp.dir);
  tmp.cleanup();
});

describe('a past commit', () => {
  it('lists its files with how each changed against its parent (an abbreviated hash works)', async () => {
    const head = await git('rev-parse', 'HEAD');
    const c = await showCommit(repo, head.slice(0, 8));
    expect(c.oid).toBe(head);
    expect(c.message).toBe('second\n\nwith a body\n');
    expect(c.files).toEqual([
      { path: 'in/a.yaml', change: 'modified' },
      { path: 'in/gone.yaml', change: 'deleted' },
      { path: 'libs/new.star', change: 'added' },
    ]);
    const root = await showCommit(repo, await git('rev-parse', 'HEAD~1'));
    expect(root.files.map((f) => f.change)).toEqual(['added', 'added']);
  });

  it("gives each file's old and new text, as `git show` does", async () => {
    const head = await git('rev-parse', 'HEAD');
    expect(await commitFileDiff(repo, head, 'in/a.yaml')).toMatchObject({ oldText: 'a: 1\n', newText: 'a: 2\n', binary: false });
    expect(await commitFileDiff(repo, head, 'in/gone.yaml')).toMatchObject({ oldText: 'g: 1\n', newText: null });
    expect(await commitFileDiff(repo, head, 'libs/new.star')).toMatchObject({ oldText: null, newText: 'def f(): pass\n' });
  });

  it('says what is wrong with an unknown commit or a file the commit did not touch', async () => {
    expect((await rejectionOf<GitError>(showCommit(repo, 'deadbeef'))).code).toBe('not-found');
    expect((await rejectionOf<GitError>(commitFileDiff(repo, await git('rev-parse', 'HEAD'), 'in/none.yaml'))).message).toMatch(/not part of commit/);
  });
});
