// SourceFs implementations: a folder on disk, and an in-memory map (tests, git trees).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { NotRegularFileError, readRegularFile } from '../files/regular-file.js';
import type { SourceFs } from './types.js';

export function diskFs(root: string): SourceFs {
  return {
    async list(dir) {
      try {
        const entries = await fs.readdir(path.join(root, dir), { withFileTypes: true });
        const out: { name: string; isDir: boolean }[] = [];
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
      const prefix = dir === '' || dir === '.' ? '' : dir.replace(/\/$/, '') + '/';
      const seen = new Map<string, boolean>();
      for (const f of Object.keys(files)) {
        if (!f.startsWith(prefix)) continue;
        const rest = f.slice(prefix.length);
        const i = rest.indexOf('/');
        if (i < 0) seen.set(rest, false);
        else seen.set(rest.slice(0, i), true);
      }
      return [...seen].map(([name, isDir]) => ({ name, isDir }));
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
      const prefix = dir === '' || dir === '.' ? '' : norm(dir) + '/';
      const seen = new Map<string, boolean>();
      for (const e of await base.list(dir)) seen.set(e.name, e.isDir);
      // a buffer of a file that is not on disk yet (created, not saved) is listed too
      for (const f of over.keys()) {
        if (!f.startsWith(prefix)) continue;
        const rest = f.slice(prefix.length);
        const i = rest.indexOf('/');
        seen.set(i < 0 ? rest : rest.slice(0, i), i >= 0);
      }
      return [...seen].map(([name, isDir]) => ({ name, isDir }));
    },
    read(p) {
      const text = over.get(norm(p));
      return text !== undefined ? Promise.resolve(text) : base.read(p);
    },
  };
}
