// SourceFs implementations: a folder on disk, an in-memory map (tests), unsaved buffers over another source; and
// the listing every path-only source (a map, a git tree) shares.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { NotRegularFileError, readRegularFile } from '../files/regular-file.js';
import type { SourceEntry, SourceFs } from './types.js';

/**
 * The entries of folder `dir` (`''` or `.` for the root) in a flat list of project-relative file paths: its
 * files, and its sub-folders (a path below `dir/sub/`), each once. `base` (another source's listing of the
 * same folder) is kept, a path's entry overriding it. The listing of every SourceFs that knows only paths.
 */
export function childEntries(paths: Iterable<string>, dir: string, base: readonly SourceEntry[] = []): SourceEntry[] {
  const prefix = dir === '' || dir === '.' ? '' : `${dir.replace(/^\.\//, '').replace(/\/$/, '')}/`;
  const seen = new Map<string, boolean>();
  for (const e of base) seen.set(e.name, e.isDir);
  for (const f of paths) {
    if (!f.startsWith(prefix)) continue;
    const rest = f.slice(prefix.length);
    const i = rest.indexOf('/');
    seen.set(i < 0 ? rest : rest.slice(0, i), i >= 0);
  }
  return [...seen].map(([name, isDir]) => ({ name, isDir }));
}

export function diskFs(root: string): SourceFs {
  return {
    async list(dir) {
      try {
        const entries = await fs.readdir(path.join(root, dir), { withFileTypes: true });
        const out: SourceEntry[] = [];
        for (const e of entries) {
          let isDir = e.isDirectory();
          if (e.isSymbolicLink()) isDir = (await fs.stat(path.join(root, dir, e.name)).catch(() => undefined))?.isDirectory() ?? false;
          out.push({ name: e.name, isDir });
        }
        return out;
      } catch {
        return [];
      }
    },
    read(p) {
      // a FIFO or device in the project is refused, never waited on
      return readRegularFile(path.join(root, p), 'utf8').catch((e: unknown) => {
        throw e instanceof NotRegularFileError ? new Error(NotRegularFileError.explain(p, e.what)) : e;
      });
    },
  };
}

/** A SourceFs over `{ 'in/a.yaml': '…' }`. */
export function memoryFs(files: Record<string, string>): SourceFs {
  return {
    async list(dir) {
      return childEntries(Object.keys(files), dir);
    },
    async read(p) {
      const v = files[p];
      if (v === undefined) throw new Error(`${p}: no such file`);
      return v;
    },
  };
}

/**
 * `base` with some files' text replaced or added (`files`: path → text): the project as the editor holds it,
 * its unsaved buffers over the folder (the editor's plan, issue 13).
 */
export function overlayFs(base: SourceFs, files: Record<string, string>): SourceFs {
  const norm = (p: string) => p.replace(/^\.\//, '').replace(/\/$/, '');
  const over = new Map(Object.entries(files).map(([p, text]) => [norm(p), text]));
  return {
    async list(dir) {
      // a buffer of a file that is not on disk yet (created, not saved) is listed too
      return childEntries(over.keys(), dir, await base.list(dir));
    },
    read(p) {
      const text = over.get(norm(p));
      return text !== undefined ? Promise.resolve(text) : base.read(p);
    },
  };
}
