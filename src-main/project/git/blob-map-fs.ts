// A SourceFs (the engine loader's replaceable file source) over project-relative paths → git blob ids: the
// project as a commit's tree (revision-fs.ts) or the index (staged-fs.ts) holds it. Blobs are read on
// demand, so only the files the loader asks for are read; nothing is written anywhere.
import path from 'node:path';
import { childEntries, type SourceFs } from '../../engine/index.js';
import { readBlob } from './diff.js';
import type { Repo } from './repo.js';

/** `files`: project-relative POSIX path → blob id (submodules and symbolic links already left out). */
export function blobMapFs(repo: Repo, files: ReadonlyMap<string, string>, where: string): SourceFs {
  return {
    list: async (dir) => childEntries(files.keys(), dir),
    async read(p) {
      const oid = files.get(p.replace(/^\.\//, ''));
      if (!oid) throw new Error(`${p}: not in ${where}`);
      return (await readBlob(repo, oid)).toString('utf8');
    },
  };
}

/** The project's folder inside its repository, repository-relative: `''` at the root, else ending in `/`. */
export function projectPrefix(repo: Repo, projectDir: string): string {
  const prefix = path.relative(repo.dir, path.resolve(projectDir)).split(path.sep).join('/');
  return prefix === '' ? '' : `${prefix}/`;
}
