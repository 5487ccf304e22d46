// The daily git loop against a real smart-HTTP server (git http-backend), verified with real git.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeGitFixture, type GitFixture } from '../../testing/git-fixture.js';
import { rejectionOf } from '../../testing/rejection.js';
import { CredentialStore } from './auth.js';
import { checkoutBranch, createBranch, deleteBranch, listBranches } from './branches.js';
import { cloneRepo } from './clone.js';
import { commit } from './commit.js';
import { diffFile } from './diff.js';
import type { GitError } from './errors.js';
import { writeAppIdentity } from './identity.js';
import { log } from './log.js';
import { abortMerge } from './merge-abort.js';
import { fetchRemote, pull, push, type GitProgress } from './remote.js';
import type { Repo } from './repo.js';
import { discard, stage, unstage } from './stage.js';
import { stashApply, stashDrop, stashList, stashPush } from './stash.js';
import { status } from './status.js';

const ME = { name: 'Ada Lovelace', email: 'ada@example.com' };

const rejects = (p: Promise<unknown>): Promise<GitError> => rejectionOf<GitError>(p);

describe('git daily loop against a local smart-HTTP server', () => {
  let fx: GitFixture;
  let url: string;
  beforeEach(async () => {
    fx = await makeGitFixture();
    url = await fx.bare();
    // Seed the remote with one commit made by real git.
    const seed = path.join(fx.tmp, 'seed');
    await fx.git(['init', '-q', '-b', 'main', seed]);
    fx.write(path.join(seed, 'in/a.yaml'), 'a: 1\n');
    fx.write(path.join(seed, 'crds/c.yaml'), 'c: 1\n');
    await fx.git(['add', '.'], seed);
    await fx.git(['commit', '-q', '-m', 'seed'], seed);
    await fx.git(['push', '-q', url, 'main'], seed);
    await writeAppIdentity(fx.appData, ME);
  });
  afterEach(() => fx.cleanup());

  const clone = (name: string) => cloneRepo(url, path.join(fx.tmp, name));
  const remoteLog = () => fx.git(['--git-dir', path.join(fx.root, 'remote.git'), 'log', '--format=%s|%an <%ae>', 'main']);

  it('clones, shows status per category, diffs, stages, commits and pushes with progress', async () => {
    const repo = await clone('one');
    expect(fs.readFileSync(path.join(repo.dir, 'in/a.yaml'), 'utf8')).toBe('a: 1\n');
    expect((await status(repo)).entries).toEqual([]);

    fx.write(path.join(repo.dir, 'in/a.yaml'), 'a: 2\n');
    fx.write(path.join(repo.dir, 'in/new.yaml'), 'n: 1\n');
    fs.rmSync(path.join(repo.dir, 'crds/c.yaml'));
    let st = await status(repo);
    expect(st.branch).toBe('main');
    expect(st.entries).toEqual([
      { path: 'crds/c.yaml', unstaged: 'deleted' },
      { path: 'in/a.yaml', unstaged: 'modified' },
      { path: 'in/new.yaml', unstaged: 'untracked' },
    ]);
    // The blob ids (git hash-object of each side) let partial staging refuse a diff the file moved on from.
    expect(await diffFile(repo, { path: 'in/a.yaml', against: 'index' })).toEqual({
      path: 'in/a.yaml', oldText: 'a: 1\n', newText: 'a: 2\n', binary: false,
      oldId: 'a8926a52d8dcba5c4386945476ab6a2ad008afd4', newId: '9dfc208dffa85f841e9202337485b96367a625ee',
    });

    await stage(repo, ['in/a.yaml', 'in/new.yaml', 'crds/c.yaml']);
    st = await status(repo);
    expect(st.entries).toEqual([
      { path: 'crds/c.yaml', staged: 'deleted' },
      { path: 'in/a.yaml', staged: 'modified' },
      { path: 'in/new.yaml', staged: 'added' },
    ]);
    expect((await diffFile(repo, { path: 'in/a.yaml', against: 'head', side: 'index' })).newText).toBe('a: 2\n');
    await unstage(repo, ['in/new.yaml']);
    expect((await status(repo)).entries.find((e) => e.path === 'in/new.yaml')).toEqual({ path: 'in/new.yaml', unstaged: 'untracked' });

    const c = await commit(repo, { message: 'Change a, drop c' }, fx.appData);
    expect(c.summary).toBe('Change a, drop c');
    const progress: GitProgress[] = [];
    const pushed = await push(repo, { onProgress: (p) => progress.push(p) });
    expect(pushed).toMatchObject({ remote: 'origin', branch: 'main', head: c.oid });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.op === 'push')).toBe(true);
    expect(await remoteLog()).toBe('Change a, drop c|Ada Lovelace <ada@example.com>\nseed|Fixture <fixture@example.com>');
    expect(await fx.git(['--git-dir', path.join(fx.root, 'remote.git'), 'show', 'main:in/a.yaml'])).toBe('a: 2');

    const history = await log(repo, { limit: 1 });
    expect(history.entries[0]).toMatchObject({ oid: c.oid, summary: 'Change a, drop c', author: ME, files: ['crds/c.yaml', 'in/a.yaml'] });
    expect(history.next).toBe(1);
    const rest = await log(repo, { skip: 1, limit: 10 });
    expect(rest.entries.map((e) => e.summary)).toEqual(['seed']);
    expect(rest.entries[0]!.files).toEqual(['crds/c.yaml', 'in/a.yaml']);
    expect(rest.next).toBeNull();
  });

  it('pulls a fast-forward into a second clone and rejects a non-fast-forward push with a hint to pull', async () => {
    const a = await clone('a');
    const b = await clone('b');
    fx.write(path.join(a.dir, 'in/a.yaml'), 'a: from-a\n');
    await stage(a, ['in/a.yaml']);
    await commit(a, { message: 'from a' }, fx.appData);
    await push(a);

    fx.write(path.join(b.dir, 'in/other.yaml'), 'untracked, not in the way\n');
    const res = await pull(b, { appDataDir: fx.appData });
    expect(res.kind).toBe('fast-forward');
    expect(fs.readFileSync(path.join(b.dir, 'in/a.yaml'), 'utf8')).toBe('a: from-a\n');
    expect(fs.existsSync(path.join(b.dir, 'in/other.yaml'))).toBe(true);
    expect((await pull(b, { appDataDir: fx.appData })).kind).toBe('up-to-date');

    // a moves on again; b commits without pulling: b's push is rejected.
    fx.write(path.join(a.dir, 'crds/c.yaml'), 'c: from-a\n');
    await stage(a, ['crds/c.yaml']);
    await commit(a, { message: 'second from a' }, fx.appData);
    await push(a);
    fx.write(path.join(b.dir, 'in/b.yaml'), 'b: 1\n');
    await stage(b, ['in/b.yaml']);
    await commit(b, { message: 'from b' }, fx.appData);
    const err = await rejects(push(b));
    expect(err.code).toBe('non-fast-forward');
    expect(err.message).toMatch(/pull/i);
    expect(await remoteLog()).not.toContain('from b');

    // Pull merges (different files), then the push goes through.
    fs.rmSync(path.join(b.dir, 'in/other.yaml'));
    const merged = await pull(b, { appDataDir: fx.appData });
    expect(merged.kind).toBe('merge');
    expect(fs.readFileSync(path.join(b.dir, 'crds/c.yaml'), 'utf8')).toBe('c: from-a\n');
    await push(b);
    const parents = await fx.git(['--git-dir', path.join(fx.root, 'remote.git'), 'log', '-1', '--format=%P', 'main']);
    expect(parents.split(' ')).toHaveLength(2);
    expect(await fx.git(['--git-dir', path.join(fx.root, 'remote.git'), 'log', '--format=%s', 'main'])).toContain('from b');
  });

  it('reports pull conflicts per file; resolving, staging and committing finishes the merge', async () => {
    const a = await clone('a');
    const b = await clone('b');
    for (const [repo, text] of [[a, 'a: A\n'], [b, 'a: B\n']] as [Repo, string][]) {
      fx.write(path.join(repo.dir, 'in/a.yaml'), text);
      await stage(repo, ['in/a.yaml']);
      await commit(repo, { message: `edit ${text.trim()}` }, fx.appData);
    }
    await push(a);
    const res = await pull(b, { appDataDir: fx.appData });
    expect(res).toMatchObject({ kind: 'conflicts', conflicts: ['in/a.yaml'] });
    const st = await status(b);
    expect(st.merging).toBe(true);
    expect(st.entries.find((e) => e.path === 'in/a.yaml')?.conflicted).toBe(true);
    expect(fs.readFileSync(path.join(b.dir, 'in/a.yaml'), 'utf8')).toContain('<<<<<<<');
    expect((await rejects(commit(b, { message: 'too early' }, fx.appData))).code).toBe('unmerged');

    // Abort once (keeping a backup of the half-resolved file), then pull and resolve for real.
    fx.write(path.join(b.dir, 'in/a.yaml'), 'a: half resolved\n');
    const before = await fx.git(['rev-parse', 'HEAD'], b.dir);
    const aborted = await abortMerge(b, fx.appData);
    expect(fs.readFileSync(path.join(aborted.backup!, 'in/a.yaml'), 'utf8')).toBe('a: half resolved\n');
    expect(await status(b)).toMatchObject({ merging: false, entries: [], head: before });
    expect(fs.readFileSync(path.join(b.dir, 'in/a.yaml'), 'utf8')).toBe('a: B\n');
    expect((await pull(b, { appDataDir: fx.appData })).kind).toBe('conflicts');

    fx.write(path.join(b.dir, 'in/a.yaml'), 'a: AB\n');
    await stage(b, ['in/a.yaml']);
    const c = await commit(b, { message: 'merge' }, fx.appData);
    expect(c.merge).toBe(true);
    expect((await status(b)).merging).toBe(false);
    await push(b);
    expect(await fx.git(['--git-dir', path.join(fx.root, 'remote.git'), 'show', 'main:in/a.yaml'])).toBe('a: AB');
  });

  it('amends an unpushed commit and refuses to amend a pushed one', async () => {
    const repo = await clone('one');
    fx.write(path.join(repo.dir, 'in/a.yaml'), 'a: 3\n');
    await stage(repo, ['in/a.yaml']);
    await commit(repo, { message: 'typo' }, fx.appData);
    const amended = await commit(repo, { message: 'fixed message', amend: true }, fx.appData);
    expect((await log(repo, { limit: 5 })).entries.map((e) => e.summary)).toEqual(['fixed message', 'seed']);
    await push(repo);
    const err = await rejects(commit(repo, { message: 'again', amend: true }, fx.appData));
    expect(err.code).toBe('already-pushed');
    expect(err.message).toContain(amended.oid.slice(0, 7));
  });

  it('asks for an identity when neither the repo nor the app has one', async () => {
    const repo = await clone('one');
    fs.rmSync(path.join(fx.appData, 'git-identity.json'));
    fx.write(path.join(repo.dir, 'x.txt'), 'x');
    await stage(repo, ['x.txt']);
    const err = await rejects(commit(repo, { message: 'x' }, fx.appData));
    expect(err.code).toBe('identity-required');
    expect((await rejects(commit(repo, { message: '' }, fx.appData))).code).toBe('invalid');
  });

  it('refuses a checkout that would overwrite changes (offering a stash), then round-trips a stash', async () => {
    const repo = await clone('one');
    await createBranch(repo, 'feature', { checkout: true });
    fx.write(path.join(repo.dir, 'in/a.yaml'), 'a: feature\n');
    await stage(repo, ['in/a.yaml']);
    await commit(repo, { message: 'feature change' }, fx.appData);
    await checkoutBranch(repo, 'main');
    expect(fs.readFileSync(path.join(repo.dir, 'in/a.yaml'), 'utf8')).toBe('a: 1\n');

    fx.write(path.join(repo.dir, 'in/a.yaml'), 'a: local work\n');
    const err = await rejects(checkoutBranch(repo, 'feature'));
    expect(err.code).toBe('uncommitted-changes');
    expect(err.files).toEqual(['in/a.yaml']);
    expect(err.message).toMatch(/stash/i);
    expect(fs.readFileSync(path.join(repo.dir, 'in/a.yaml'), 'utf8')).toBe('a: local work\n');

    // The repo has no user.name: the stash takes the app identity.
    await stashPush(repo, fx.appData, 'wip');
    expect((await status(repo)).entries).toEqual([]);
    expect(await stashList(repo)).toHaveLength(1);
    await checkoutBranch(repo, 'feature');
    await checkoutBranch(repo, 'main');
    await stashApply(repo, fx.appData, 0, { drop: true });
    expect(fs.readFileSync(path.join(repo.dir, 'in/a.yaml'), 'utf8')).toBe('a: local work\n');
    expect(await stashList(repo)).toHaveLength(0);
    expect(await fx.git(['config', 'user.email'], repo.dir)).toBe(ME.email);

    await stashPush(repo, fx.appData);
    await stashApply(repo, fx.appData, 0);
    expect(await stashList(repo)).toHaveLength(1);
    await stashDrop(repo, 0);
    expect(await stashList(repo)).toHaveLength(0);
    expect((await rejects(stashDrop(repo, 0))).code).toBe('not-found');

    const branches = await listBranches(repo);
    expect(branches.current).toBe('main');
    expect(branches.local.map((b) => b.name)).toEqual(['feature', 'main']);
    expect((await rejects(deleteBranch(repo, 'main'))).code).toBe('invalid');
    expect((await rejects(deleteBranch(repo, 'feature'))).message).toMatch(/lose/);
    await deleteBranch(repo, 'feature', { force: true });
    expect((await listBranches(repo)).local.map((b) => b.name)).toEqual(['main']);
  });

  it('keeps staged and unstaged changes of untouched files across checkout and a fast-forward pull', async () => {
    const repo = await clone('one');
    const other = await clone('other');
    await createBranch(repo, 'feature');
    fx.write(path.join(repo.dir, 'in/a.yaml'), 'a: staged\n');
    await stage(repo, ['in/a.yaml']);
    fx.write(path.join(repo.dir, 'crds/c.yaml'), 'c: unstaged\n');
    const expected = [
      { path: 'crds/c.yaml', unstaged: 'modified' },
      { path: 'in/a.yaml', staged: 'modified' },
    ];
    await checkoutBranch(repo, 'feature');
    expect((await status(repo)).entries).toEqual(expected);
    expect(fs.readFileSync(path.join(repo.dir, 'in/a.yaml'), 'utf8')).toBe('a: staged\n');
    await checkoutBranch(repo, 'main');
    expect((await status(repo)).entries).toEqual(expected);
    expect(await fx.git(['diff', '--name-only'], repo.dir)).toBe('crds/c.yaml');
    expect(await fx.git(['diff', '--cached', '--name-only'], repo.dir)).toBe('in/a.yaml');

    fx.write(path.join(other.dir, 'in/z.yaml'), 'z: 1\n');
    await stage(other, ['in/z.yaml']);
    await commit(other, { message: 'z' }, fx.appData);
    await push(other);
    expect((await pull(repo, { appDataDir: fx.appData })).kind).toBe('fast-forward');
    expect(fs.readFileSync(path.join(repo.dir, 'in/z.yaml'), 'utf8')).toBe('z: 1\n');
    expect((await status(repo)).entries).toEqual(expected);

    // A pull that would touch a changed file is refused, and the file stays as it was.
    fx.write(path.join(other.dir, 'in/a.yaml'), 'a: remote\n');
    await stage(other, ['in/a.yaml']);
    await commit(other, { message: 'a remote' }, fx.appData);
    await push(other);
    const err = await rejects(pull(repo, { appDataDir: fx.appData }));
    expect(err.code).toBe('uncommitted-changes');
    expect(err.files).toEqual(['in/a.yaml']);
    expect(fs.readFileSync(path.join(repo.dir, 'in/a.yaml'), 'utf8')).toBe('a: staged\n');
  });

  it('discard keeps a backup of the discarded content', async () => {
    const repo = await clone('one');
    fx.write(path.join(repo.dir, 'in/a.yaml'), 'precious edit\n');
    const res = await discard(repo, 'in/a.yaml', { appDataDir: fx.appData });
    expect(fs.readFileSync(path.join(repo.dir, 'in/a.yaml'), 'utf8')).toBe('a: 1\n');
    expect(res.backup).toContain(path.join(fx.appData, 'git-backups'));
    expect(fs.readFileSync(res.backup!, 'utf8')).toBe('precious edit\n');
    fx.write(path.join(repo.dir, 'scratch.txt'), 'scratch\n');
    const gone = await discard(repo, 'scratch.txt', { appDataDir: fx.appData });
    expect(fs.existsSync(path.join(repo.dir, 'scratch.txt'))).toBe(false);
    expect(fs.readFileSync(gone.backup!, 'utf8')).toBe('scratch\n');
    expect((await status(repo)).entries).toEqual([]);
  });

  it('stashes staged and unstaged changes together and restores both', async () => {
    const repo = await clone('one');
    fx.write(path.join(repo.dir, 'in/a.yaml'), 'a: staged\n');
    await stage(repo, ['in/a.yaml']);
    fx.write(path.join(repo.dir, 'crds/c.yaml'), 'c: unstaged\n');
    await stashPush(repo, fx.appData, 'both');
    expect((await status(repo)).entries).toEqual([]);
    expect((await stashList(repo))[0]!.message).toContain('both');
    await stashApply(repo, fx.appData, 0, { drop: true });
    expect(fs.readFileSync(path.join(repo.dir, 'in/a.yaml'), 'utf8')).toBe('a: staged\n');
    expect(fs.readFileSync(path.join(repo.dir, 'crds/c.yaml'), 'utf8')).toBe('c: unstaged\n');
    expect((await status(repo)).entries.map((e) => e.path)).toEqual(['crds/c.yaml', 'in/a.yaml']);
    expect((await rejects(stashApply(repo, fx.appData, 3))).code).toBe('not-found');
  });

  it('discards staged changes too when asked (backup first), and reports clone progress', async () => {
    const progress: GitProgress[] = [];
    const repo = await cloneRepo(url, path.join(fx.tmp, 'p'), { onProgress: (p) => progress.push(p) });
    expect(progress.some((p) => p.op === 'clone')).toBe(true);
    fx.write(path.join(repo.dir, 'in/a.yaml'), 'a: staged\n');
    await stage(repo, ['in/a.yaml']);
    const res = await discard(repo, 'in/a.yaml', { appDataDir: fx.appData, staged: true });
    expect(fs.readFileSync(res.backup!, 'utf8')).toBe('a: staged\n');
    expect(fs.readFileSync(path.join(repo.dir, 'in/a.yaml'), 'utf8')).toBe('a: 1\n');
    expect((await status(repo)).entries).toEqual([]);
  });

  it('fetch reports an unknown remote and an unreachable host clearly', async () => {
    const repo = await clone('one');
    expect((await rejects(fetchRemote(repo, { remote: 'upstream' }))).code).toBe('unknown-remote');
    await fx.git(['remote', 'set-url', 'origin', `${fx.server.url}/missing.git`], repo.dir);
    const missing = await rejects(fetchRemote(repo));
    expect(missing.code).toBe('not-found');
    expect(missing.message).toMatch(/repository not found.*Check the remote URL/);
    await fx.git(['remote', 'set-url', 'origin', 'http://127.0.0.1:1/nothing.git'], repo.dir);
    const err = await rejects(fetchRemote(repo));
    expect(err.code).toBe('unreachable');
    expect(err.message).toMatch(/network/);
    await fx.git(['remote', 'set-url', 'origin', 'git@github.com:owner/repo.git'], repo.dir);
    const ssh = await rejects(fetchRemote(repo));
    expect(ssh.code).toBe('ssh-unsupported');
    expect(ssh.message).toContain('https://github.com/owner/repo');
  });
});

describe('git over a server that requires credentials', () => {
  let fx: GitFixture;
  beforeEach(async () => {
    fx = await makeGitFixture({ requireAuth: { username: 'ada', password: 'tok-123' } });
    await writeAppIdentity(fx.appData, ME);
  });
  afterEach(() => fx.cleanup());

  it('asks for credentials (401), refuses wrong ones, stores good ones encrypted and reuses them', async () => {
    const url = await fx.bare();
    const store = new CredentialStore(fx.appData);
    const dir = path.join(fx.tmp, 'c');
    expect((await rejects(cloneRepo(url, dir, { credentialStore: store }))).code).toBe('auth-required');
    expect((await rejects(cloneRepo(url, dir, { credentialStore: store, credentials: { username: 'ada', token: 'wrong' } }))).code).toBe('auth-failed');
    expect(await store.get(url)).toBeUndefined();
    const repo = await cloneRepo(url, dir, { credentialStore: store, credentials: { username: 'ada', token: 'tok-123' } });
    expect(await store.get(url)).toEqual({ username: 'ada', token: 'tok-123' });
    // Nothing secret in the repo config or the store file in clear text.
    expect(fs.readFileSync(path.join(repo.gitdir, 'config'), 'utf8')).not.toContain('tok-123');
    expect(fs.readFileSync(path.join(fx.appData, 'git-credentials.json'), 'utf8')).not.toContain('tok-123');
    expect(fs.statSync(path.join(fx.appData, 'secret.key')).mode & 0o777).toBe(0o600);

    fx.write(path.join(repo.dir, 'a.txt'), 'a\n');
    await stage(repo, ['a.txt']);
    await commit(repo, { message: 'first' }, fx.appData);
    await push(repo, { credentialStore: store }); // stored credentials, no prompt
    expect(await fx.git(['--git-dir', path.join(fx.root, 'remote.git'), 'log', '--format=%s', 'main'])).toBe('first');

    await store.set(url, { username: 'ada', token: 'revoked' });
    const err = await rejects(push(repo, { credentialStore: store }));
    expect(err.code).toBe('auth-failed');
    expect(err.message).not.toContain('revoked');
  });
});
