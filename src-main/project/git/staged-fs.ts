// The project as the git index holds it (issue 13: `choreo plan --staged`, the git panel's plan of what
// is staged): a SourceFs for the engine's loader that lists the index's stage-0 entries under the project
// folder and reads their blobs on demand, so only the files the loader asks for are read.
import path from 'node:path';
import type { SourceFs } from '../../engine/loader/types.js';
import { readBlob } from './diff.js';
import { readIndexFile } from './index-file.js';
import { openRepo } from './repo.js';

const GITLINK = 0o160000;
const SYMLINK = 0o120000;

/** Throws GitError `not-a-repo` when the project is in no repository. */
export async function stagedFs(projectDir: string): Promise<SourceFs> {
  const repo = await openRepo(projectDir);
  const prefix = path.relative(repo.dir, path.resolve(projectDir)).split(path.sep).join('/');
  const under = prefix === '' ? '' : `${prefix}/`;
  const { entries } = await readIndexFile(repo.gitdir);
  // project-relative path → blob id (a submodule or a symbolic link is no project file)
  const files = new Map<string, string>();
  for (const e of entries) {
    if (e.stage !== 0 || e.mode === GITLINK || e.mode === SYMLINK || !e.path.startsWith(under)) continue;
    files.set(e.path.slice(under.length), e.oid);
  }
  return {
    async list(dir) {
      const at = dir === '' || dir === '.' ? '' : `${dir.replace(/\/$/, '')}/`;
      const seen = new Map<string, boolean>();
      for (const f of files.keys()) {
        if (!f.startsWith(at)) continue;
        const rest = f.slice(at.length);
        const i = rest.indexOf('/');
        seen.set(i < 0 ? rest : rest.slice(0, i), i >= 0);
      }
      return [...seen].map(([name, isDir]) => ({ name, isDir }));
    },
    async read(p) {
      const oid = files.get(p.replace(/^\.\//, ''));
      if (!oid) throw new Error(`${p}: not in the git index`);
      return (await readBlob(repo, oid)).toString('utf8');
    },
  };
}
