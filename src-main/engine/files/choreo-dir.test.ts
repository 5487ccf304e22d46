import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHOREO_DIR_GITIGNORE, CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';
import { runGit } from '../../testing/git-fixture.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { runOnce } from '../runner/run-once.js';
import { ensureChoreoDir } from './choreo-dir.js';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => (tmp = makeTempDir('choreo-dir-')));
afterEach(() => tmp.cleanup());

describe('.choreo/ ignores itself', () => {
  it('creates the folder and its .gitignore with *', async () => {
    await ensureChoreoDir(tmp.dir);
    expect(readFileSync(path.join(tmp.dir, CHOREO_PATHS.gitignore), 'utf8')).toBe(CHOREO_DIR_GITIGNORE);
  });

  it('leaves a .gitignore the user edited alone, and rewrites an empty one', async () => {
    mkdirSync(path.join(tmp.dir, '.choreo'));
    writeFileSync(path.join(tmp.dir, CHOREO_PATHS.gitignore), '*\n!config.yaml\n');
    await ensureChoreoDir(tmp.dir);
    expect(readFileSync(path.join(tmp.dir, CHOREO_PATHS.gitignore), 'utf8')).toBe('*\n!config.yaml\n');
    writeFileSync(path.join(tmp.dir, CHOREO_PATHS.gitignore), '');
    await ensureChoreoDir(tmp.dir);
    expect(readFileSync(path.join(tmp.dir, CHOREO_PATHS.gitignore), 'utf8')).toBe(CHOREO_DIR_GITIGNORE);
  });

  it('with create: false, does nothing in a folder without .choreo/ (opening a plain folder creates nothing)', async () => {
    await ensureChoreoDir(tmp.dir, { create: false });
    expect(existsSync(path.join(tmp.dir, '.choreo'))).toBe(false);
    writeFileSync(path.join(tmp.dir, '.choreo'), 'a file, not a folder');
    await expect(ensureChoreoDir(tmp.dir)).resolves.toBeUndefined();
  });

  it('after a run once, `git status` of a repository whose .gitignore does not name .choreo/ is clean', async () => {
    const project = path.join(tmp.dir, 'p');
    cpSync(path.join(import.meta.dirname, '..', '..', '..', 'examples', 'hello-world'), project, { recursive: true, filter: (f) => !f.includes('.choreo') });
    writeFileSync(path.join(project, '.gitignore'), '# nothing about .choreo here\n');
    await runGit(['init', '-q', '-b', 'main'], project);
    await runGit(['add', '-A'], project);
    await runGit(['commit', '-q', '-m', 'first'], project);
    const result = await runOnce(project);
    expect(result.success).toBe(true);
    expect(existsSync(path.join(project, CHOREO_PATHS.db))).toBe(true);
    expect(await runGit(['status', '--porcelain', '--untracked-files=all'], project)).toBe('');
  });
});
