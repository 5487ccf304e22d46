// The project as the git index holds it (issue 13: `choreo plan --staged`, the git panel's plan of what
// is staged): a SourceFs for the engine's loader over the index's stage-0 entries under the project folder.
import type { SourceFs } from '../../engine/index.js';
import { blobMapFs, projectPrefix } from './blob-map-fs.js';
import { readIndexFile } from './index-file.js';
import { openRepo } from './repo.js';

const GITLINK = 0o160000;
const SYMLINK = 0o120000;

/** Throws GitError `not-a-repo` when the project is in no repository. */
export async function stagedFs(projectDir: string): Promise<SourceFs> {
  const repo = await openRepo(projectDir);
  const under = projectPrefix(repo, projectDir);
  const { entries } = await readIndexFile(repo.gitdir);
  // project-relative path → blob id (a submodule or a symbolic link is no project file)
  const files = new Map<string, string>();
  for (const e of entries) {
    if (e.stage !== 0 || e.mode === GITLINK || e.mode === SYMLINK || !e.path.startsWith(under)) continue;
    files.set(e.path.slice(under.length), e.oid);
  }
  return blobMapFs(repo, files, 'the git index');
}
