// Git commit and dirty flag of a project folder for snapshot headers: the git command line when it
// is installed, else isomorphic-git (resolveRef + statusMatrix restricted to the project's path).
// A folder outside git gives undefined. isomorphic-git is imported only when the command line is missing:
// loading it costs more than the whole `run once` of a small project.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { GitInfo } from './types.js';
import { CHOREO_DIR } from '../../../src-shared/project/choreo-dir.js';

function findRepoRoot(dir: string): string | undefined {
  let d = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

const run = promisify(execFile);

/**
 * The git command line, when installed: `git status` is ~100x faster than statusMatrix on big trees. One
 * process answers all three questions (`--branch` adds the commit and branch as header lines), because
 * starting a process is most of the cost on a small project.
 */
async function nativeGitInfo(root: string, rel: string): Promise<GitInfo | undefined> {
  try {
    const opts = { cwd: root, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 };
    const pathspec = [rel === '' ? '.' : rel, `:(exclude)${rel === '' ? '' : `${rel}/`}.choreo`];
    const lines = (await run('git', ['status', '--porcelain=v2', '--branch', '--no-ahead-behind', '--', ...pathspec], opts)).stdout.split('\n');
    const header = (name: string) => lines.find((l) => l.startsWith(`# branch.${name} `))?.slice(`# branch.${name} `.length).trim();
    const commit = header('oid') ?? '';
    if (!/^[0-9a-f]{40,64}$/.test(commit)) return undefined; // "(initial)": no commit yet
    const head = header('head');
    const branch = head && head !== '(detached)' ? head : '';
    const dirty = lines.some((l) => l !== '' && !l.startsWith('#'));
    return branch ? { commit, dirty, branch } : { commit, dirty };
  } catch {
    return undefined;
  }
}

export async function gitInfo(projectDir: string): Promise<GitInfo | undefined> {
  const root = findRepoRoot(projectDir);
  if (!root) return undefined;
  const native = await nativeGitInfo(root, path.relative(root, path.resolve(projectDir)).split(path.sep).join('/'));
  if (native) return native;
  try {
    const { default: git } = await import('isomorphic-git');
    const commit = await git.resolveRef({ fs, dir: root, ref: 'HEAD' });
    const branch = (await git.currentBranch({ fs, dir: root, fullname: false })) ?? undefined;
    const rel = path.relative(root, path.resolve(projectDir)).split(path.sep).join('/');
    const rows = await git.statusMatrix({
      fs,
      dir: root,
      filepaths: rel === '' ? undefined : [rel],
      filter: (f) => !f.split('/').includes(CHOREO_DIR),
    });
    const dirty = rows.some(([, head, work, stage]) => !(head === 1 && work === 1 && stage === 1));
    return branch ? { commit, dirty, branch } : { commit, dirty };
  } catch {
    return undefined; // no commit yet, or an unreadable repository
  }
}
