// Staging chosen lines and blocks, checked with the real git: `git diff --cached` must show exactly the
// chosen changes and `git diff` the rest, the working tree is never touched.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allChanges, changeBlocks, diffRows, blockSelection } from '../../../src-shared/git/line-diff.js';
import { runGit } from '../../testing/git-fixture.js';
import { rejectionOf } from '../../testing/rejection.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { diffFile } from './diff.js';
import type { GitError } from './errors.js';
import { stageLines } from './partial-stage.js';
import { openRepo, forgetRepo, type Repo } from './repo.js';
import { status } from './status.js';

const OLD = 'name: greeter\nspec:\n  greeting: hello\n  language: en\n  polite: true\n  count: 1\n';
// three blocks: greeting changed, a line added after language, count deleted
const NEW = 'name: greeter\nspec:\n  greeting: bonjour\n  language: en\n  tone: warm\n  polite: true\n';

let tmp: ReturnType<typeof makeTempDir>;
let dir: string;
let repo: Repo;
const FILE = 'in/greeter.yaml';
const abs = (p: string) => path.join(dir, p);
const git = (...args: string[]) => runGit(args, dir);
const cached = () => git('diff', '--cached', '--no-color', '-U0', '--', FILE);
const unstagedDiff = () => git('diff', '--no-color', '-U0', '--', FILE);
/** The +/- lines of a diff, without headers. */
const changes = (diff: string) => diff.split('\n').filter((l) => /^[+-](?![+-])/.test(l));

beforeEach(async () => {
  tmp = makeTempDir('choreo-partial-');
  dir = tmp.dir;
  await runGit(['init', '-q', '-b', 'main', dir]);
  writeFileSync(path.join(dir, '.gitignore'), '');
  await runGit(['-C', dir, 'add', '.gitignore']);
  mkdirSync(path.dirname(abs(FILE)), { recursive: true });
  writeFileSync(abs(FILE), OLD);
  await git('add', '-A');
  await git('commit', '-q', '-m', 'first');
  writeFileSync(abs(FILE), NEW);
  repo = await openRepo(dir);
});
afterEach(() => {
  forgetRepo(dir);
  tmp.cleanup();
});

async function seen(action: 'stage' | 'unstage') {
  const d = await diffFile(repo, action === 'stage' ? { path: FILE, against: 'index' } : { path: FILE, against: 'head', side: 'index' });
  return { rows: diffRows(d.oldText ?? '', d.newText ?? ''), expect: { oldId: d.oldId, newId: d.newId } };
}

describe('staging part of a file', () => {
  it('stages one block: `git diff --cached` shows only it, `git diff` the other two', async () => {
    const { rows, expect: ids } = await seen('stage');
    const blocks = changeBlocks(rows);
    expect(blocks).toHaveLength(3);
    await stageLines(repo, { path: FILE, action: 'stage', lines: blockSelection(blocks[1]!), expect: ids });
    expect(changes(await cached())).toEqual(['+  tone: warm']);
    expect(changes(await unstagedDiff())).toEqual(['-  greeting: hello', '+  greeting: bonjour', '-  count: 1']);
    expect(await git('show', `:${FILE}`)).toBe(OLD.replace('  polite', '  tone: warm\n  polite').trimEnd());
    // the working tree is untouched, and our own status agrees with git's
    expect(readFileSync(abs(FILE), 'utf8')).toBe(NEW);
    expect((await status(repo)).entries.find((e) => e.path === FILE)).toMatchObject({ staged: 'modified', unstaged: 'modified' });
    expect(await git('status', '--porcelain', '--', FILE)).toBe(`MM ${FILE}`);
    expect(existsSync(path.join(dir, '.git', 'index.lock'))).toBe(false);
  });

  it('stages single lines: a deletion alone, then the replacement of a line', async () => {
    let { rows, expect: ids } = await seen('stage');
    const count = rows.find((r) => r.kind === 'del' && r.text.includes('count'))!;
    await stageLines(repo, { path: FILE, action: 'stage', lines: { old: [count.oldLine!], new: [] }, expect: ids });
    expect(changes(await cached())).toEqual(['-  count: 1']);
    ({ rows, expect: ids } = await seen('stage'));
    const del = rows.find((r) => r.kind === 'del' && r.text.includes('hello'))!;
    const add = rows.find((r) => r.kind === 'add' && r.text.includes('bonjour'))!;
    await stageLines(repo, { path: FILE, action: 'stage', lines: { old: [del.oldLine!], new: [add.newLine!] }, expect: ids });
    expect(changes(await cached())).toEqual(['-  greeting: hello', '+  greeting: bonjour', '-  count: 1']);
    expect(changes(await unstagedDiff())).toEqual(['+  tone: warm']);
  });

  it('unstages chosen lines of a staged file, leaving the rest staged', async () => {
    await git('add', FILE);
    const { rows, expect: ids } = await seen('unstage');
    const blocks = changeBlocks(rows);
    await stageLines(repo, { path: FILE, action: 'unstage', lines: blockSelection(blocks[0]!), expect: ids });
    expect(changes(await cached())).toEqual(['+  tone: warm', '-  count: 1']);
    expect(changes(await unstagedDiff())).toEqual(['-  greeting: hello', '+  greeting: bonjour']);
  });

  it('a new file: part of its lines enter the index; unstaging all of it removes it again', async () => {
    writeFileSync(abs('in/new.yaml'), 'one: 1\ntwo: 2\nthree: 3\n');
    const d = await diffFile(repo, { path: 'in/new.yaml', against: 'index' });
    expect(d.oldId).toBeNull();
    await stageLines(repo, { path: 'in/new.yaml', action: 'stage', lines: { old: [], new: [1, 3] }, expect: { oldId: d.oldId, newId: d.newId } });
    expect(await git('show', ':in/new.yaml')).toBe('one: 1\nthree: 3');
    expect(await git('status', '--porcelain', '--', 'in/new.yaml')).toBe('AM in/new.yaml');
    const back = await diffFile(repo, { path: 'in/new.yaml', against: 'head', side: 'index' });
    await stageLines(repo, { path: 'in/new.yaml', action: 'unstage', lines: allChanges(diffRows(back.oldText ?? '', back.newText ?? '')) });
    expect(await git('status', '--porcelain', '--', 'in/new.yaml')).toBe('?? in/new.yaml');
  });

  it('a deleted file: staging all of it stages the deletion, part of it leaves a shorter file', async () => {
    rmSync(abs(FILE));
    const d = await diffFile(repo, { path: FILE, against: 'index' });
    await stageLines(repo, { path: FILE, action: 'stage', lines: { old: [1, 2], new: [] }, expect: { oldId: d.oldId, newId: d.newId } });
    expect(await git('show', `:${FILE}`)).toBe(OLD.split('\n').slice(2).join('\n').trim());
    const d2 = await diffFile(repo, { path: FILE, against: 'index' });
    await stageLines(repo, { path: FILE, action: 'stage', lines: allChanges(diffRows(d2.oldText ?? '', '')) });
    expect(await git('status', '--porcelain', '--', FILE)).toBe(`D  ${FILE}`);
  });

  it('keeps CRLF line endings, bytes that are not UTF-8 and the executable bit', async () => {
    const crlf = Buffer.concat([Buffer.from('a: 1\r\nb: '), Buffer.from([0xe9, 0xff]), Buffer.from('\r\nc: 3\r\n')]);
    writeFileSync(abs('run.sh'), crlf);
    chmodSync(abs('run.sh'), 0o755);
    await git('add', 'run.sh');
    await git('commit', '-q', '-m', 'script');
    const changed = Buffer.from(crlf.toString('latin1').replace('a: 1', 'a: 10').replace('c: 3', 'c: 30'), 'latin1');
    writeFileSync(abs('run.sh'), changed);
    forgetRepo(dir);
    repo = await openRepo(dir);
    const d = await diffFile(repo, { path: 'run.sh', against: 'index' });
    await stageLines(repo, { path: 'run.sh', action: 'stage', lines: { old: [1], new: [1] }, expect: { oldId: d.oldId, newId: d.newId } });
    const staged = Buffer.from(await runGitRaw(['cat-file', 'blob', ':run.sh']));
    expect(staged.equals(Buffer.from(crlf.toString('latin1').replace('a: 1', 'a: 10'), 'latin1'))).toBe(true);
    expect(await git('ls-files', '-s', 'run.sh')).toMatch(/^100755 /);
  });

  it('refuses lines of a diff the file has moved on from, and leaves the index alone', async () => {
    const { rows, expect: ids } = await seen('stage');
    writeFileSync(abs(FILE), NEW + 'extra: 1\n');
    const err = await rejectionOf<GitError>(stageLines(repo, { path: FILE, action: 'stage', lines: blockSelection(changeBlocks(rows)[0]!), expect: ids }));
    expect(err.code).toBe('stale');
    expect(err.message).toMatch(/changed since its diff was shown/);
    expect(await cached()).toBe('');
  });

  it('refuses an empty choice, a binary file and a path outside the repository', async () => {
    expect((await rejectionOf<GitError>(stageLines(repo, { path: FILE, action: 'stage', lines: { old: [], new: [] } }))).code).toBe('invalid');
    writeFileSync(abs('blob.bin'), Buffer.from([1, 0, 2]));
    expect((await rejectionOf<GitError>(stageLines(repo, { path: 'blob.bin', action: 'stage', lines: { old: [], new: [1] } }))).message).toMatch(/binary/);
    expect((await rejectionOf<GitError>(stageLines(repo, { path: '../x', action: 'stage', lines: { old: [], new: [1] } }))).code).toBe('path-escape');
  });
});

async function runGitRaw(args: string[]): Promise<Buffer> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) =>
    execFile('git', args, { cwd: dir, encoding: 'buffer' }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
  );
}
