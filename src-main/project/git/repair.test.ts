import { promises as fsp, writeFileSync } from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runGit } from '../../testing/git-fixture.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { commit, commitDate } from './commit.js';
import { GitError } from './errors.js';
import { crashSafeGitFs, writeThroughLock } from './git-fs.js';
import { repairRepo } from './repair.js';
import { forgetRepo, openRepo, type Repo } from './repo.js';
import { stage } from './stage.js';
import { status } from './status.js';

let tmp: { dir: string; cleanup: () => void };
let repo: Repo;
let first: string;
let second: string;

beforeEach(async () => {
  tmp = makeTempDir('choreo-repair-');
  const dir = tmp.dir;
  await runGit(['init', '-q', '-b', 'main', dir]);
  await runGit(['config', 'user.name', 'T'], dir);
  await runGit(['config', 'user.email', 't@example.com'], dir);
  writeFileSync(path.join(dir, 'a.txt'), 'a\n');
  writeFileSync(path.join(dir, 'b.txt'), 'b\n');
  await runGit(['add', '-A'], dir);
  await runGit(['commit', '-q', '-m', 'first'], dir);
  first = await runGit(['rev-parse', 'HEAD'], dir);
  writeFileSync(path.join(dir, 'a.txt'), 'a2\n');
  await runGit(['commit', '-q', '-am', 'second'], dir);
  second = await runGit(['rev-parse', 'HEAD'], dir);
  repo = await openRepo(dir);
});
afterEach(() => {
  forgetRepo(tmp.dir);
  tmp.cleanup();
});

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(() => undefined, (e: unknown) => (e instanceof GitError ? e.code : String(e)));
}

describe('crash-safe git writes', () => {
  it('replaces a file through <file>.lock and leaves no lock behind', async () => {
    const file = path.join(repo.gitdir, 'refs', 'heads', 'x');
    await writeThroughLock(file, `${first}\n`);
    expect(await fsp.readFile(file, 'utf8')).toBe(`${first}\n`);
    expect(await fsp.readdir(path.dirname(file))).toEqual(['main', 'x']);
  });

  it('reports a lock held by another writer as `locked`, naming `choreo git repair`', async () => {
    const file = path.join(repo.gitdir, 'refs', 'heads', 'main');
    await fsp.writeFile(`${file}.lock`, 'held');
    const err = await writeThroughLock(file, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).code).toBe('locked');
    expect((err as GitError).message).toMatch(/main\.lock.*choreo git repair/);
    expect(await fsp.readFile(file, 'utf8')).toBe(`${second}\n`);
  });

  it('answers "not found" for an empty loose object and removes it, so adding the file writes it again', async () => {
    writeFileSync(path.join(tmp.dir, 'c.txt'), 'c\n');
    const oid = (await git.hashBlob({ object: 'c\n' })).oid;
    const objectFile = path.join(repo.gitdir, 'objects', oid.slice(0, 2), oid.slice(2));
    await fsp.mkdir(path.dirname(objectFile), { recursive: true });
    await fsp.writeFile(objectFile, '');
    const fs = crashSafeGitFs(repo.gitdir);
    await expect(fs.promises.stat(objectFile)).rejects.toMatchObject({ code: 'ENOENT' });
    await stage(repo, ['c.txt']);
    expect((await fsp.stat(objectFile)).size).toBeGreaterThan(0);
    await runGit(['fsck', '--full'], tmp.dir);
  });

  it('never lists temp files of interrupted writes in status (the project writer and the engine writer)', async () => {
    writeFileSync(path.join(tmp.dir, '.a.txt.1a2b3c.choreo-tmp'), 'half');
    writeFileSync(path.join(tmp.dir, '.b.txt.choreo-tmp'), 'half');
    writeFileSync(path.join(tmp.dir, 'real.tmp'), 'a user file');
    expect((await status(repo)).entries.map((e) => e.path)).toEqual(['real.tmp']);
  });

  it('takes the commit time from GIT_COMMITTER_DATE in git\'s format', () => {
    expect(commitDate('@1767225600 +0200')).toEqual({ timestamp: 1767225600, timezoneOffset: -120 });
    expect(commitDate('1767225600')).toEqual({ timestamp: 1767225600, timezoneOffset: 0 });
    expect(commitDate(undefined).timestamp).toBeGreaterThan(1_700_000_000);
  });
});

describe('git repair', () => {
  it('refuses to commit on an empty branch ref (it would orphan the history), then repair points it at its newest commit', async () => {
    await fsp.writeFile(path.join(repo.gitdir, 'refs', 'heads', 'main'), '');
    await fsp.rm(path.join(repo.gitdir, 'logs'), { recursive: true }); // isomorphic-git keeps no reflog
    writeFileSync(path.join(tmp.dir, 'b.txt'), 'b2\n');
    expect(await codeOf(stage(repo, ['b.txt']))).toBe('damaged');
    expect(await codeOf(status(repo))).toBe('damaged');
    const report = await repairRepo(repo);
    expect(report.refs).toEqual([{ ref: 'refs/heads/main', oid: second, from: 'newest-commit' }]);
    await stage(repo, ['b.txt']);
    const c = await commit(repo, { message: 'third' }, tmp.dir);
    expect((await git.readCommit({ fs: repo.fs, dir: repo.dir, oid: c.oid })).commit.parent).toEqual([second]);
    await runGit(['fsck', '--full'], tmp.dir);
  });

  it('prefers the reflog that git keeps for the branch', async () => {
    await fsp.writeFile(path.join(repo.gitdir, 'refs', 'heads', 'main'), 'garbage');
    const report = await repairRepo(repo);
    expect(report.refs[0]).toMatchObject({ ref: 'refs/heads/main', oid: second, from: 'reflog' });
    expect(first).not.toBe(second);
  });

  it('rebuilds a torn index from the entries that can be read and HEAD, keeping the damaged file aside', async () => {
    writeFileSync(path.join(tmp.dir, 'new.txt'), 'staged only\n');
    await runGit(['add', 'new.txt'], tmp.dir);
    const index = path.join(repo.gitdir, 'index');
    const bytes = await fsp.readFile(index);
    // Cut inside the third entry (new.txt): its entry is lost, its blob and the working file are not.
    const cut = bytes.indexOf('new.txt');
    await fsp.writeFile(index, bytes.subarray(0, cut));
    const err = await status(repo).catch((e: unknown) => e);
    expect((err as GitError).code).toBe('damaged');
    expect((err as GitError).message).toMatch(/index.*damaged.*choreo git repair/);
    const report = await repairRepo(repo);
    expect(report.index).toMatchObject({ rebuilt: true });
    const st = await status(repo);
    expect(st.entries.map((e) => [e.path, e.staged ?? null, e.unstaged ?? null])).toEqual([['new.txt', null, 'untracked']]);
    await runGit(['fsck', '--full'], tmp.dir);
    const aside = (report.index as { keptAside: string }).keptAside;
    expect((await fsp.stat(aside)).size).toBe(cut);
  });

  it('removes stale lock files and empty objects, and says there is nothing else to do', async () => {
    await fsp.writeFile(path.join(repo.gitdir, 'index.lock'), '');
    const report = await repairRepo(repo);
    expect(report.removedStale).toEqual(['index.lock']);
    expect(report.index).toEqual({ rebuilt: false });
  });
});
