// The git channels through the real host and dispatcher (request and response validation on), with a
// real repository and the local smart-HTTP server: typed errors, progress and change events.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelCaller, testHost } from '../../testing/channel-host.js';
import { makeGitFixture, type GitFixture } from '../../testing/git-fixture.js';
import type { Host } from '../host.js';

describe('git channels through the host', () => {
  let fx: GitFixture;
  let host: Host;
  let project: string;
  const events: { event: string; payload: unknown }[] = [];
  const { call, ok } = channelCaller(() => host);

  beforeEach(async () => {
    fx = await makeGitFixture();
    project = path.join(fx.tmp, 'proj');
    fx.write(path.join(project, 'in/a.yaml'), 'a: 1\n');
    host = testHost(fx.appData);
    host.onEvent((event, payload) => events.push({ event, payload }));
    await host.openProject(project);
    events.length = 0;
  });
  afterEach(async () => {
    await host.close();
    await fx.cleanup();
  });

  it('runs the loop from a folder without git to a pushed commit, with typed errors on the way', async () => {
    expect(await ok('git.status')).toEqual({ isRepo: false });
    expect(await call('git.log', {})).toMatchObject({ ok: false, error: { code: 'not-a-repo' } });
    const st = await ok('git.init');
    expect(st).toMatchObject({ isRepo: true, branch: 'main', head: null, projectPrefix: '', workspace: null });
    expect(st.entries).toEqual([
      { path: '.gitignore', unstaged: 'untracked' },
      { path: 'in/a.yaml', unstaged: 'untracked' },
    ]);
    await ok('git.stage', { paths: ['.gitignore', 'in/a.yaml'] });
    expect(await call('git.commit', { message: 'first' })).toMatchObject({ ok: false, error: { code: 'identity-required' } });
    expect(await ok('git.identity.get')).toEqual({ identity: null, source: null });
    await ok('git.identity.set', { name: 'Ada', email: 'ada@example.com' });
    const c = await ok('git.commit', { message: 'first' });
    expect(c).toMatchObject({ summary: 'first', branch: 'main', merge: false });
    expect(events.some((e) => e.event === 'git.changed' && (e.payload as { op: string }).op === 'commit')).toBe(true);

    await ok('git.branch.create', { name: 'feature' });
    fx.write(path.join(project, 'in/a.yaml'), 'a: feature\n');
    await ok('git.stage', { paths: ['in/a.yaml'] });
    await ok('git.checkout', { name: 'feature' }); // same content on both branches: nothing in the way
    await ok('git.commit', { message: 'feature' });
    await ok('git.checkout', { name: 'main' });
    fx.write(path.join(project, 'in/a.yaml'), 'a: local\n');
    const refused = await call('git.checkout', { name: 'feature' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'uncommitted-changes', where: 'in/a.yaml' } });
    expect((refused as { error: { message: string } }).error.message).toMatch(/Stash/);
    expect(await ok('git.stash.push', { message: 'wip' })).toHaveLength(1);
    await ok('git.checkout', { name: 'feature' });
    await ok('git.checkout', { name: 'main' });
    expect(await ok('git.stash.pop', {})).toEqual([]);
    expect(await ok('git.diff', { path: 'in/a.yaml' })).toMatchObject({ path: 'in/a.yaml', oldText: 'a: 1\n', newText: 'a: local\n', binary: false, oldId: expect.any(String), newId: expect.any(String) });
    const discarded = await ok('git.discard', { path: 'in/a.yaml' });
    expect(fs.readFileSync(discarded.backup, 'utf8')).toBe('a: local\n');

    const url = await fx.bare();
    expect(await call('git.remote.add', { name: 'origin', url: 'git@github.com:o/r.git' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await ok('git.remote.add', { name: 'origin', url })).toEqual([{ name: 'origin', url }]);
    events.length = 0;
    expect(await ok('git.push', {})).toMatchObject({ remote: 'origin', branch: 'main', head: c.oid });
    expect(events.filter((e) => e.event === 'git.progress').length).toBeGreaterThan(0);
    expect(await fx.git(['--git-dir', path.join(fx.root, 'remote.git'), 'log', '--format=%s', 'main'])).toBe('first');
    expect((await ok('git.status')).tracking).toEqual({ upstream: 'origin/main', ahead: 0, behind: 0 });
    expect(await call('git.commit', { message: 'x', amend: true })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    fx.write(path.join(project, 'in/b.yaml'), 'b: 1\n');
    await ok('git.stage', { paths: ['in/b.yaml'] });
    await ok('git.commit', { message: 'second' });
    expect((await ok('git.status')).tracking).toEqual({ upstream: 'origin/main', ahead: 1, behind: 0 });
    expect(await ok('git.commit', { message: 'second, amended', amend: true })).toMatchObject({ summary: 'second, amended' });

    const page = await ok('git.log', { skip: 1, limit: 1 });
    expect(page.entries[0]).toMatchObject({ summary: 'first', files: ['.gitignore', 'in/a.yaml'] });
    expect((await ok('git.branches')).local.map((b: { name: string }) => b.name)).toEqual(['feature', 'main']);
    expect(await call('git.stage', { paths: [] })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
