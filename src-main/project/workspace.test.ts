import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeGitFixture, type GitFixture } from '../testing/git-fixture.js';
import { rejectionOf } from '../testing/rejection.js';
import { commit } from './git/commit.js';
import type { GitError } from './git/errors.js';
import { writeAppIdentity } from './git/identity.js';
import { push } from './git/remote.js';
import { openRepo } from './git/repo.js';
import { stage } from './git/stage.js';
import { status } from './git/status.js';
import { applyWorkspace, workspaceDir } from './workspace.js';

const rejects = (p: Promise<unknown>): Promise<GitError> => rejectionOf<GitError>(p);

describe('choreo mode workspaces', () => {
  let fx: GitFixture;
  let url: string;
  let first: string;
  let second: string;
  beforeEach(async () => {
    fx = await makeGitFixture();
    url = await fx.bare();
    const seed = path.join(fx.tmp, 'seed');
    await fx.git(['init', '-q', '-b', 'main', seed]);
    fx.write(path.join(seed, 'proj/in/a.yaml'), 'v: 1\n');
    await fx.git(['add', '.'], seed);
    await fx.git(['commit', '-q', '-m', 'one'], seed);
    await fx.git(['tag', '-a', 'v1', '-m', 'release 1'], seed);
    first = await fx.git(['rev-parse', 'HEAD'], seed);
    fx.write(path.join(seed, 'proj/in/a.yaml'), 'v: 2\n');
    await fx.git(['commit', '-q', '-am', 'two'], seed);
    second = await fx.git(['rev-parse', 'HEAD'], seed);
    await fx.git(['push', '-q', '--tags', url, 'main'], seed);
    await writeAppIdentity(fx.appData, { name: 'Ada', email: 'ada@example.com' });
  });
  afterEach(() => fx.cleanup());

  it('clones at a hash (not the branch tip) into the app data folder, read-only', async () => {
    const ws = await applyWorkspace({ url, directory: 'proj', ref: first.slice(0, 10), appDataDir: fx.appData });
    expect(ws).toMatchObject({ commit: first, branch: null, readOnly: true, workspace: workspaceDir(fx.appData, url) });
    expect(ws.workspace.startsWith(path.join(fx.appData, 'workspaces'))).toBe(true);
    expect(ws.projectRoot).toBe(path.join(ws.workspace, 'proj'));
    expect(fs.readFileSync(path.join(ws.projectRoot, 'in/a.yaml'), 'utf8')).toBe('v: 1\n');
    const repo = await openRepo(ws.projectRoot);
    fx.write(path.join(ws.projectRoot, 'in/a.yaml'), 'v: edited\n');
    const err = await rejects(stage(repo, ['proj/in/a.yaml']));
    expect(err.code).toBe('read-only');
    expect((await rejects(commit(repo, { message: 'x' }, fx.appData))).code).toBe('read-only');
    expect(err.message).toContain(`choreo server apply ${url} proj ${first.slice(0, 10)} BRANCH`);
    expect((await rejects(push(repo))).code).toBe('read-only');
  });

  it('resolves an annotated tag, and refuses a branch name as the immutable reference', async () => {
    const ws = await applyWorkspace({ url, directory: '.', ref: 'v1', appDataDir: fx.appData });
    expect(ws.commit).toBe(first);
    const err = await rejects(applyWorkspace({ url, directory: '.', ref: 'main', appDataDir: fx.appData }));
    expect(err.code).toBe('not-found');
    expect(err.message).toMatch(/branch, which moves/);
  });

  it('works on a branch created at the reference; commit and push reach the remote', async () => {
    const ws = await applyWorkspace({ url, directory: 'proj', ref: first, branch: 'feature', appDataDir: fx.appData });
    expect(ws).toMatchObject({ commit: first, branch: 'feature', readOnly: false });
    const repo = await openRepo(ws.projectRoot);
    fx.write(path.join(ws.projectRoot, 'in/a.yaml'), 'v: feature\n');
    await stage(repo, ['proj/in/a.yaml']);
    const c = await commit(repo, { message: 'feature work' }, fx.appData);
    await push(repo);
    expect(await fx.git(['--git-dir', path.join(fx.root, 'remote.git'), 'rev-parse', 'feature'])).toBe(c.oid);
    expect(await fx.git(['--git-dir', path.join(fx.root, 'remote.git'), 'rev-parse', 'main'])).toBe(second);

    // Applying again with the same branch keeps the pushed work (remote branch exists now).
    const again = await applyWorkspace({ url, directory: 'proj', ref: first, branch: 'feature', appDataDir: fx.appData });
    expect(again.commit).toBe(c.oid);
    // Switching the workspace to another ref with uncommitted changes is refused.
    fx.write(path.join(ws.projectRoot, 'in/a.yaml'), 'v: unsaved\n');
    expect((await rejects(applyWorkspace({ url, directory: 'proj', ref: second, appDataDir: fx.appData }))).code).toBe('uncommitted-changes');
    expect((await status(repo)).entries).toEqual([{ path: 'proj/in/a.yaml', unstaged: 'modified' }]);
  });
});
