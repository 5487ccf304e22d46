// Confines every path that comes from the renderer to the open project root. A renderer is not
// trusted with the file system: `..`, absolute paths, NUL bytes and symlinks that lead outside the
// root are refused with a `path-escape` error that names the offending path. So is git's own folder:
// writing `.git/config` (core.fsmonitor) or `.git/hooks/*` would run commands at the next git call.
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { ProjectError } from './errors.js';

/**
 * Resolves `projectPath` (relative, `/`-separated) inside `root` (an absolute, already real path).
 * Returns the absolute real path the caller may touch; the file itself need not exist yet.
 * Symlinks are resolved on the deepest existing ancestor, so a link inside the project that points
 * outside it is refused, while links that stay inside are followed.
 */
export function confinePath(root: string, projectPath: string): string {
  const refuse = (why: string): never => {
    throw new ProjectError('path-escape', `Refused path "${printable(projectPath)}": ${why}. Use a path relative to the project root.`, printable(projectPath));
  };
  if (projectPath.includes('\0')) refuse('it contains a NUL byte');
  const normalised = projectPath.replace(/\\/g, '/');
  if (isAbsolute(projectPath) || normalised.startsWith('/') || /^[a-zA-Z]:/.test(normalised)) refuse('it is absolute');
  const segments = normalised.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) refuse('it contains ".."');
  if (segments.some(isGitDirName)) refuse("it is inside git's own .git folder, which only git may change");
  const long = segments.find((s) => Buffer.byteLength(s) > MAX_NAME_BYTES);
  if (long !== undefined) {
    throw new ProjectError('invalid-request', `The name "${long.slice(0, 40)}…" is too long (${Buffer.byteLength(long)} bytes; file systems allow ${MAX_NAME_BYTES}). Choose a shorter name.`, printable(projectPath));
  }
  const target = join(root, ...segments);
  const real = realpathOfDeepestAncestor(target);
  if (!isInside(root, real)) refuse('it leads outside the project (through a symbolic link)');
  if (toProjectPath(root, real).split('/').some(isGitDirName)) refuse("it leads into git's own .git folder (through a symbolic link)");
  return real;
}

/** Longest file or folder name most file systems accept (ext4, APFS, NTFS: 255). */
const MAX_NAME_BYTES = 255;

/** `.git` in any letter case: case-insensitive disks (macOS, Windows) treat `.GIT` as the same folder. */
function isGitDirName(segment: string): boolean {
  return segment.toLowerCase() === '.git';
}

/** The project-relative `/` path of an absolute path inside `root` ('' for the root itself). */
export function toProjectPath(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
}

export function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  // `..foo` is a name inside the root; only `..` itself (or `../…`) leaves it.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** realpath of `target`, or of its deepest existing ancestor with the missing tail appended. */
export function realpathOfDeepestAncestor(target: string): string {
  const missing: string[] = [];
  let current = target;
  for (;;) {
    try {
      const real = realpathSync(current);
      return missing.length === 0 ? real : join(real, ...missing.reverse());
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      const parent = dirname(current);
      if (parent === current) return target;
      missing.push(current.slice(parent.length).replace(/^[\\/]+/, ''));
      current = parent;
    }
  }
}

function printable(p: string): string {
  return p.replace(/\0/g, '\\0');
}
