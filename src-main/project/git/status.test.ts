// Status details on real repositories made by real git: categories, ignored folders, executable bits,
// a nested project, v4 index fallback, and the stat cache.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runGit } from '../../testing/git-fixture.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { parseIndex, readIndexFile } from './index-file.js';
import { forgetRepo, openRepo } from './repo.js';
import { blobOid, status } from './status.js';

describe('status', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let dir: string;
  const write = (p: string, s: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), s);
  };
  beforeEach(async () => {
    tmp = makeTempDir();
    dir = path.join(tmp.dir, 'repo');
    await runGit(['init', '-q', '-b', 'main', dir]);
    write('.gitignore', 'node_modules/\n*.log\n');
    write('a.txt', 'a\n');
    write('sub/b.txt', 'b\n');
    write('sub/run.sh', '#!/bin/sh\n');
    await runGit(['add', '.'], dir);
    await runGit(['commit', '-q', '-m', 'init'], dir);
  });
  afterEach(() => {
    forgetRepo(dir);
    tmp.cleanup();
  });

  it('matches git status for staged, unstaged, untracked and ignored files', async () => {
    write('a.txt', 'changed\n');
    await runGit(['add', 'a.txt'], dir);
    write('a.txt', 'changed again\n');
    write('node_modules/x/index.js', 'ignored');
    write('debug.log', 'ignored');
    write('sub/new.txt', 'new');
    write('sub/.choreo/snapshots/1.json', '{}'); // engine state: never offered for commit
    fs.chmodSync(path.join(dir, 'sub/run.sh'), 0o755);
    fs.rmSync(path.join(dir, 'sub/b.txt'));
    const repo = await openRepo(path.join(dir, 'sub')); // a project in a subfolder finds its repository
    expect(repo.dir).toBe(dir);
    const st = await status(repo);
    expect(st).toMatchObject({ branch: 'main', merging: false });
    expect(st.head).toBe(await runGit(['rev-parse', 'HEAD'], dir));
    expect(st.entries).toEqual([
      { path: 'a.txt', staged: 'modified', unstaged: 'modified' },
      { path: 'sub/b.txt', unstaged: 'deleted' },
      { path: 'sub/new.txt', unstaged: 'untracked' },
      { path: 'sub/run.sh', unstaged: 'modified' },
    ]);
    expect(await runGit(['status', '--porcelain', '--', '.', ':!sub/.choreo'], dir)).toBe('MM a.txt\n D sub/b.txt\n M sub/run.sh\n?? sub/new.txt');
  });

  it('sees a same-size edit within the same second (racy entries are hashed, not trusted)', async () => {
    const repo = await openRepo(dir);
    expect((await status(repo)).entries).toEqual([]);
    write('a.txt', 'z\n'); // same size as 'a\n'
    expect((await status(repo)).entries).toEqual([{ path: 'a.txt', unstaged: 'modified' }]);
    write('a.txt', 'a\n');
    expect((await status(repo)).entries).toEqual([]);
  });

  it('reads the index like git does, and explains how to convert an index v4', async () => {
    const { entries } = await readIndexFile(path.join(dir, '.git'));
    expect(entries.map((e) => [e.path, e.mode.toString(8), e.stage])).toEqual([
      ['.gitignore', '100644', 0],
      ['a.txt', '100644', 0],
      ['sub/b.txt', '100644', 0],
      ['sub/run.sh', '100644', 0],
    ]);
    expect(entries[1]!.oid).toBe(blobOid(Buffer.from('a\n')));
    expect(() => parseIndex(Buffer.from('nope'))).toThrow(/not a git index/);
    await runGit(['update-index', '--index-version', '4'], dir);
    await expect(status(await openRepo(dir))).rejects.toThrow(/index version 4 is not supported.*update-index --index-version 2/);
    await runGit(['update-index', '--index-version', '2'], dir);
    expect((await status(await openRepo(dir))).entries).toEqual([]);
  });

  it('reports an empty repository without commits', async () => {
    const empty = path.join(tmp.dir, 'empty');
    await runGit(['init', '-q', '-b', 'main', empty]);
    fs.writeFileSync(path.join(empty, 'x'), 'x');
    const st = await status(await openRepo(empty));
    expect(st).toEqual({ branch: 'main', head: null, merging: false, entries: [{ path: 'x', unstaged: 'untracked' }] });
    forgetRepo(empty);
  });
});
