import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectError } from './errors.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { compileQuery, globToRegExp, matchText, searchProject } from './search.js';

let tmp: ReturnType<typeof makeTempDir>;
let root: string;

function put(path: string, content: string | Buffer) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

beforeEach(() => {
  tmp = makeTempDir();
  root = join(tmp.dir, 'project');
  put('in/a.yaml', 'kind: Greeting\nspec:\n  greeting: hello choreo\n');
  put('in/deep/b.yaml', 'kind: Other\r\nspec:\r\n  greeting: Hello World, hello\r\n');
  put('reconcilers/r/reconciler.star', 'def reconcile(self):\n    return hello(self)\n');
  put('.git/HEAD', 'hello');
  put('node_modules/x/index.js', 'hello');
  put('.choreo/trash/1/files/in/a.yaml', 'hello');
  put('in/.x.yaml.abc.choreo-tmp', 'hello');
  put('bin/blob.bin', Buffer.from([104, 101, 108, 108, 111, 0, 1, 2]));
});
afterEach(() => tmp.cleanup());

const summary = (res: Awaited<ReturnType<typeof searchProject>>) =>
  res.files.flatMap((f) => f.matches.map((m) => `${f.path}:${m.line}:${m.col}`));

describe('searchProject', () => {
  it('finds a literal case-insensitively with 1-based line:col, skipping .git, node_modules, .choreo, temp and binary files', async () => {
    const res = await searchProject(root, { query: 'hello' });
    expect(summary(res)).toEqual(['in/a.yaml:3:13', 'in/deep/b.yaml:3:13', 'in/deep/b.yaml:3:26', 'reconcilers/r/reconciler.star:2:12']);
    expect(res).toMatchObject({ matchCount: 4, filesSearched: 3, filesSkipped: 1, truncated: false });
    expect(res.nextCursor).toBeUndefined();
    const m = res.files[0].matches[0];
    expect(m).toMatchObject({ length: 5, preview: 'greeting: hello choreo' });
    expect(m.preview.slice(m.previewCol, m.previewCol + m.length)).toBe('hello');
    // CRLF files: no \r in previews
    expect(res.files[1].matches[0].preview).toBe('greeting: Hello World, hello');
  });

  it('honours case sensitivity, whole words and regular expressions', async () => {
    expect(summary(await searchProject(root, { query: 'Hello', caseSensitive: true }))).toEqual(['in/deep/b.yaml:3:13']);
    expect(summary(await searchProject(root, { query: 'reconcile', wholeWord: true }))).toEqual(['reconcilers/r/reconciler.star:1:5']);
    expect(summary(await searchProject(root, { query: '^kind: \\w+$', regex: true }))).toEqual(['in/a.yaml:1:1', 'in/deep/b.yaml:1:1']);
    // a literal query's regex characters are literal
    expect(summary(await searchProject(root, { query: 'hello(self)' }))).toEqual(['reconcilers/r/reconciler.star:2:12']);
    expect(summary(await searchProject(root, { query: '.*' }))).toEqual([]);
  });

  it('filters by include and exclude globs', async () => {
    expect(summary(await searchProject(root, { query: 'hello', include: ['*.star'] }))).toEqual(['reconcilers/r/reconciler.star:2:12']);
    expect(summary(await searchProject(root, { query: 'hello', include: ['in/**'], exclude: ['deep'] }))).toEqual(['in/a.yaml:3:13']);
    expect(summary(await searchProject(root, { query: 'hello', exclude: ['*.{yaml,yml}'] }))).toEqual(['reconcilers/r/reconciler.star:2:12']);
  });

  it('refuses a bad regular expression with an invalid-request error that says what to do', async () => {
    const err = await searchProject(root, { query: 'a(b', regex: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProjectError);
    expect((err as ProjectError).code).toBe('invalid-request');
    expect((err as ProjectError).message).toMatch(/not a valid regular expression.*Use Regular Expression/);
  });

  it('caps the results and pages through the rest with a cursor, whole files per page', async () => {
    for (let i = 0; i < 30; i++) put(`many/f${String(i).padStart(2, '0')}.txt`, 'x x x\n');
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const res = await searchProject(root, { query: 'x', include: ['many'], maxResults: 10, ...(cursor ? { cursor } : {}) });
      pages++;
      expect(res.matchCount).toBeLessThanOrEqual(10);
      for (const f of res.files) expect(f.matches).toHaveLength(3);
      seen.push(...res.files.map((f) => f.path));
      if (!res.truncated) break;
      cursor = res.nextCursor;
      expect(cursor).toBeDefined();
    }
    expect(pages).toBe(10);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => `many/f${String(i).padStart(2, '0')}.txt`));
  });

  it('shows the first matches of a single file over the cap and reports truncation', async () => {
    put('big.txt', 'y\n'.repeat(50));
    const res = await searchProject(root, { query: 'y', include: ['big.txt'], maxResults: 20 });
    expect(res.matchCount).toBe(20);
    expect(res.truncated).toBe(true);
    expect(res.files[0].matches.at(-1)!.line).toBe(20);
  });

  it('searches linked files inside the project but not links that lead outside', async () => {
    const outside = join(tmp.dir, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'hello secret');
    symlinkSync(join(outside, 'secret.txt'), join(root, 'in', 'secret.yaml'));
    symlinkSync(outside, join(root, 'out'));
    symlinkSync(join(root, 'in', 'a.yaml'), join(root, 'alias.yaml'));
    const res = await searchProject(root, { query: 'hello' });
    expect(res.files.map((f) => f.path)).toEqual(['alias.yaml', 'in/a.yaml', 'in/deep/b.yaml', 'reconcilers/r/reconciler.star']);
  });
});

describe('cancellation', () => {
  it('stops an aborted search with a ProjectError that says it was replaced', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await searchProject(root, { query: 'hello' }, controller.signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProjectError);
    expect((err as ProjectError).message).toContain('replaced by a newer one');
  });
});

describe('helpers', () => {
  it('globToRegExp: name patterns match at any depth, path patterns from the root, folders cover their content', () => {
    const t = (g: string, p: string) => globToRegExp(g).test(p);
    expect(t('*.yaml', 'in/deep/a.yaml')).toBe(true);
    expect(t('*.yaml', 'in/a.yml')).toBe(false);
    expect(t('in', 'in/deep/a.yaml')).toBe(true);
    expect(t('in/*.yaml', 'in/a.yaml')).toBe(true);
    expect(t('in/*.yaml', 'in/deep/a.yaml')).toBe(false);
    expect(t('in/**/*.yaml', 'in/deep/a.yaml')).toBe(true);
    expect(t('in/**/*.yaml', 'in/a.yaml')).toBe(true);
    expect(t('**/deep/**', 'in/deep/a.yaml')).toBe(true);
    expect(t('a?.txt', 'x/ab.txt')).toBe(true);
    expect(t('libs/', 'libs/x.star')).toBe(true);
    expect(t('lib', 'libs/x.star')).toBe(false);
  });

  it('matchText survives empty matches and reports them with length 0', () => {
    expect(matchText('ab\n', compileQuery({ query: 'x*', regex: true })).map((m) => [m.line, m.col, m.length])).toEqual([
      [1, 1, 0],
      [1, 2, 0],
      [1, 3, 0],
      [2, 1, 0],
    ]);
  });

  it('cuts long lines to a window around the match', () => {
    const line = 'a'.repeat(500) + 'needle' + 'b'.repeat(500);
    const [m] = matchText(line, compileQuery({ query: 'needle' }));
    expect(m.col).toBe(501);
    expect(m.preview.length).toBeLessThanOrEqual(241);
    expect(m.preview.startsWith('…')).toBe(true);
    expect(m.preview.slice(m.previewCol, m.previewCol + 6)).toBe('needle');
  });
});
