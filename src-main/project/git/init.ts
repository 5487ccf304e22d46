// `git init` for a project that is not a repository yet (the UI offers it on the Git view).
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import nodeFs from 'node:fs';
import { GitError } from './errors.js';
import { crashSafeGitFs } from './git-fs.js';
import { findRepo, openRepo, type Repo } from './repo.js';
import { CHOREO_GITIGNORE_LINE } from '../../../src-shared/project/choreo-dir.js';
import { TEMP_SUFFIX } from '../../engine/index.js';

/** Files every Choreo project should keep out of git (engine state, spec design §4). */
const GITIGNORE = `# Choreo Studio: local engine state, and temp files of interrupted writes\n${CHOREO_GITIGNORE_LINE}\n*${TEMP_SUFFIX}\n`;

export async function initRepo(dir: string, opts: { defaultBranch?: string } = {}): Promise<Repo> {
  const existing = await findRepo(dir);
  if (existing && existing.dir === path.resolve(dir)) {
    throw new GitError('invalid', `${dir} is already a git repository.`);
  }
  await fsp.mkdir(dir, { recursive: true });
  await git.init({ fs: crashSafeGitFs(path.join(dir, '.git')), dir, defaultBranch: opts.defaultBranch ?? 'main' });
  const ignore = path.join(dir, '.gitignore');
  if (!nodeFs.existsSync(ignore)) await fsp.writeFile(ignore, GITIGNORE);
  return openRepo(dir);
}
