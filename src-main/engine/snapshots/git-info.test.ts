import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gitInfo } from './git-info.js';
import { runOnce } from '../runner/run-once.js';
import { listSnapshots } from './snapshot-files.js';
import { bundledExample } from '../../testing/temp-projects.js';

const tmp: string[] = [];
afterEach(() => {
  for (const d of tmp.splice(0)) rmSync(d, { recursive: true, force: true });
});

function git(dir: string, ...args: string[]) {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'pipe' });
}

describe('gitInfo', () => {
  it('gives the commit, branch and dirty flag of the project folder; .choreo does not count', async () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'choreo-git-'));
    tmp.push(repo);
    const proj = path.join(repo, 'proj');
    mkdirSync(path.join(proj, 'in'), { recursive: true });
    writeFileSync(path.join(proj, 'in', 'a.yaml'), 'a: 1\n');
    writeFileSync(path.join(repo, 'other.txt'), 'x');
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'init');
    const clean = await gitInfo(proj);
    expect(clean).toMatchObject({ dirty: false, branch: 'main' });
    expect(clean?.commit).toMatch(/^[0-9a-f]{40}$/);
    mkdirSync(path.join(proj, '.choreo', 'db'), { recursive: true });
    writeFileSync(path.join(proj, '.choreo', 'db', 'x.ndjson'), '{}\n');
    writeFileSync(path.join(repo, 'other.txt'), 'changed outside the project');
    expect((await gitInfo(proj))?.dirty).toBe(false);
    writeFileSync(path.join(proj, 'in', 'a.yaml'), 'a: 2\n');
    expect((await gitInfo(proj))?.dirty).toBe(true);
  });

  it('leaves the branch out on a detached HEAD, and is undefined before the first commit', async () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'choreo-git-'));
    tmp.push(repo);
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(path.join(repo, 'a.yaml'), 'a: 1\n');
    expect(await gitInfo(repo)).toBeUndefined();
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'init');
    git(repo, 'checkout', '-q', '--detach');
    const info = await gitInfo(repo);
    expect(info).toEqual({ commit: expect.stringMatching(/^[0-9a-f]{40}$/), dirty: false });
  });

  it('is undefined outside a git repository', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'choreo-nogit-'));
    tmp.push(dir);
    expect(await gitInfo(dir)).toBeUndefined();
  });

  it('is what run once records in its snapshot (looked up while the project runs)', async () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'choreo-git-run-'));
    tmp.push(repo);
    cpSync(bundledExample('hello-world'), repo, { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'init');
    expect((await runOnce(repo)).success).toBe(true);
    const first = (await listSnapshots(repo))[0]!;
    expect(first.git).toEqual({ ...(await gitInfo(repo)), dirty: false, branch: 'main' });
    writeFileSync(path.join(repo, 'README.md'), 'edited\n');
    expect((await runOnce(repo)).success).toBe(true);
    const second = (await listSnapshots(repo))[0]!;
    expect(second.id).not.toBe(first.id);
    expect(second.git).toEqual({ ...first.git, dirty: true });
  });
});
