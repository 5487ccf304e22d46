// The project's `.choreo/` folder (local state of the engine and the app) keeps itself out of git: it holds
// a `.gitignore` with `*`, as a build folder does, so `git status` on the command line stays clean even in
// a repository whose own .gitignore does not name `.choreo/`. Every writer that may create the folder first
// (run once, the prod runner, the trash, delivery) calls ensureChoreoDir; opening a project adds the file
// to a `.choreo/` made by an older version.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CHOREO_DIR, CHOREO_DIR_GITIGNORE, CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';

/**
 * Makes sure `<root>/.choreo/.gitignore` exists (creating `.choreo/` unless `create` is false). A file the
 * user edited is left alone; a missing or empty one (a write cut short) is written, through a temp file
 * renamed into place. Never throws for a read-only or odd folder: ignoring state is a courtesy, not a
 * reason to fail a run.
 */
export async function ensureChoreoDir(root: string, opts: { create?: boolean } = {}): Promise<void> {
  const dir = path.join(root, CHOREO_DIR);
  const file = path.join(root, CHOREO_PATHS.gitignore);
  try {
    if (opts.create === false) {
      if (!(await fs.stat(dir)).isDirectory()) return;
    } else {
      await fs.mkdir(dir, { recursive: true });
    }
    const current = await fs.readFile(file, 'utf8').catch(() => '');
    if (current.trim()) return;
    const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(temp, CHOREO_DIR_GITIGNORE);
    await fs.rename(temp, file).catch(async (err: unknown) => {
      await fs.rm(temp, { force: true });
      throw err;
    });
  } catch {
    // no .choreo/ (create: false), a read-only project, or .choreo is a file: nothing to do
  }
}
