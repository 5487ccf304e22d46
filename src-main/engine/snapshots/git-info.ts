// Git commit and dirty flag of a project folder for snapshot headers. Cheap: resolves HEAD and runs
// statusMatrix restricted to the project's own path; a folder outside git gives undefined.
import fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import type { GitInfo } from './types.js';

function findRepoRoot(dir: string): string | undefined {
  let d = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

export async function gitInfo(projectDir: string): Promise<GitInfo | undefined> {
  const root = findRepoRoot(projectDir);
  if (!root) return undefined;
  try {
    const commit = await git.resolveRef({ fs, dir: root, ref: 'HEAD' });
    const branch = (await git.currentBranch({ fs, dir: root, fullname: false })) ?? undefined;
    const rel = path.relative(root, path.resolve(projectDir)).split(path.sep).join('/');
    const rows = await git.statusMatrix({
      fs,
      dir: root,
      filepaths: rel === '' ? undefined : [rel],
      filter: (f) => !f.split('/').includes('.choreo'),
    });
    const dirty = rows.some(([, head, work, stage]) => !(head === 1 && work === 1 && stage === 1));
    return branch ? { commit, dirty, branch } : { commit, dirty };
  } catch {
    return undefined; // no commit yet, or an unreadable repository
  }
}
