// Our .gitignore matching against real git (`git check-ignore`) on the same files.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runGit } from '../../testing/git-fixture.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { matchIgnore, parseIgnore, readExclude, readIgnoreFile, type IgnoreRule } from './ignore.js';

const FILES = [
  'build/out.js', 'src/build/keep.ts', 'a.log', 'logs/keep.log', 'logs/x.log', 'docs/a.md', 'docs/sub/b.md',
  'node_modules/p/index.js', 'src/node_modules/q.js', 'tmp.txt', 'src/tmp.txt', 'deep/a/b/c/target.bin', 'deep/x.bin',
  'foo/bar/baz.txt', 'foo/qux/baz.txt', 'spaces and #.txt', 'x[1].txt', 'x1.txt', 'src/gen/a.go', 'src/gen/keep.go',
  'dironly/file', 'file-named-dironly/dironly', 'in/a.yaml', 'in/.choreo/state', '.choreo/db/x',
];

const ROOT_IGNORE = `# comment
/build/
*.log
!logs/keep.log
node_modules/
/tmp.txt
deep/**/*.bin
foo/**/baz.txt
!foo/qux/baz.txt
x[0-9].txt
\\#not-a-comment
dironly/
.choreo/
`;

describe('gitignore matching', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  it('agrees with git check-ignore on files in nested folders', async () => {
    const dir = tmp.dir;
    await runGit(['init', '-q', dir]);
    for (const f of FILES) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), 'x');
    }
    fs.writeFileSync(path.join(dir, '.gitignore'), ROOT_IGNORE);
    fs.writeFileSync(path.join(dir, 'docs/.gitignore'), '*.md\n!/a.md\n');
    fs.writeFileSync(path.join(dir, 'src/.gitignore'), 'gen/*\n!gen/keep.go\n');
    fs.mkdirSync(path.join(dir, '.git/info'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.git/info/exclude'), 'spaces*\n');

    // The way status walks: rules accumulate per folder, an ignored folder ignores everything below.
    const ours = async (p: string): Promise<boolean> => {
      let rules: IgnoreRule[] = await readExclude(path.join(dir, '.git'));
      const parts = p.split('/');
      rules = [...rules, ...(await readIgnoreFile(dir, ''))];
      for (let i = 1; i < parts.length; i++) {
        const d = parts.slice(0, i).join('/');
        if (matchIgnore(rules, d, true)) return true;
        rules = [...rules, ...(await readIgnoreFile(dir, d))];
      }
      return matchIgnore(rules, p, false);
    };
    const gitSays = new Set(
      (await runGit(['-c', 'core.excludesFile=/dev/null', 'check-ignore', '--no-index', ...FILES], dir).catch(() => '')).split('\n').filter(Boolean),
    );
    const expected = Object.fromEntries(FILES.map((f) => [f, gitSays.has(f)]));
    const actual = Object.fromEntries(await Promise.all(FILES.map(async (f) => [f, await ours(f)] as const)));
    expect(actual).toEqual(expected);
    expect(Object.values(expected).filter(Boolean).length).toBeGreaterThan(10); // the case list really exercises the rules
  });

  it('parses escapes, negation and folder-only rules', () => {
    const rules = parseIgnore('\\!bang\n\\#hash\n!keep\nout/\n  \n# c\ntrailing   \n', '');
    expect(rules.map((r) => [r.regex.source, r.negate, r.dirOnly])).toEqual([
      ['^!bang$', false, false],
      ['^#hash$', false, false],
      ['^keep$', true, false],
      ['^out$', false, true],
      ['^trailing$', false, false],
    ]);
    expect(matchIgnore(rules, 'out', false)).toBe(false);
    expect(matchIgnore(rules, 'a/out', true)).toBe(true);
  });
});
