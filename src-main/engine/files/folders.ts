// Which folders of a package hold its APIs, input, refs, reconcilers and libraries (engine.md §1.1).
// Upstream's server takes them as flags (`--apis crds`, `--input in`, `--refs refs`, `--reconcilers
// reconcilers`, `--libraries libs`); projects from before v0.0.9 keep their CRDs in `apis/` and are run
// with `--apis apis`. We accept the same options and, when none is given for the APIs, read `apis/` if a
// package has no `crds/` but an `apis/` folder, so those projects run without flags.
import type { SourceFs } from '../loader/types.js';

/** Project-relative folder names (one path segment or a relative path with `/`). */
export interface ProjectFolders {
  /** CRDs (and profile-B `*.star` libraries): `--apis`, default `crds` (`apis` in earlier layouts). */
  apis: string;
  /** Input data: `--input`, default `in`. */
  input: string;
  /** UpstreamRefs: `--refs`, default `refs`. */
  refs: string;
  /** Reconciler sources: `--reconcilers`, default `reconcilers`. */
  reconcilers: string;
  /** Profile-A libraries: `--libraries`, default `libs`. */
  libraries: string;
}

export type FolderName = keyof ProjectFolders;

export const DEFAULT_FOLDERS: Readonly<ProjectFolders> = Object.freeze({
  apis: 'crds',
  input: 'in',
  refs: 'refs',
  reconcilers: 'reconcilers',
  libraries: 'libs',
});

/** The earlier layout's name for the APIs folder. */
export const LEGACY_APIS_FOLDER = 'apis';

/** Upstream's flag name for each folder (`choreoctl server start --apis apis`). */
export const FOLDER_FLAGS: Readonly<Record<FolderName, string>> = Object.freeze({
  apis: '--apis',
  input: '--input',
  refs: '--refs',
  reconcilers: '--reconcilers',
  libraries: '--libraries',
});

export class FolderOptionError extends Error {
  override name = 'FolderOptionError';
}

/**
 * Checks a folder option and returns it normalised (`./in/` → `in`). A folder must stay inside the
 * project: absolute paths and `..` segments are refused, since nothing may be read from outside it.
 */
export function normaliseFolder(flag: string, value: string): string {
  const v = value.replace(/\\/g, '/');
  if (v.trim() === '') throw new FolderOptionError(`${flag}: expected a folder of the project, got an empty value`);
  if (v.startsWith('/') || /^[a-zA-Z]:/.test(v)) throw new FolderOptionError(`${flag} ${value}: give a folder relative to the project, not an absolute path`);
  const parts = v.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new FolderOptionError(`${flag} ${value}: the folder must be inside the project (no ".." segments)`);
  if (parts.length === 0) throw new FolderOptionError(`${flag} ${value}: expected a folder of the project, not the project itself`);
  return parts.join('/');
}

/** Normalises every given override (throws FolderOptionError naming the flag). */
export function checkFolderOverrides(overrides: Partial<ProjectFolders> = {}): Partial<ProjectFolders> {
  const out: Partial<ProjectFolders> = {};
  for (const [k, v] of Object.entries(overrides) as [FolderName, string | undefined][]) {
    if (v !== undefined) out[k] = normaliseFolder(FOLDER_FLAGS[k], v);
  }
  return out;
}

/**
 * The folders of one package: the overrides given, else the defaults, with the earlier layout's `apis/`
 * used for the APIs when `crds/` is absent. `topLevelDirs`: the names of the package's top-level folders.
 */
export function chooseFolders(overrides: Partial<ProjectFolders>, topLevelDirs: ReadonlySet<string>): ProjectFolders {
  const folders: ProjectFolders = { ...DEFAULT_FOLDERS, ...checkFolderOverrides(overrides) };
  if (overrides.apis === undefined && !topLevelDirs.has(DEFAULT_FOLDERS.apis) && topLevelDirs.has(LEGACY_APIS_FOLDER)) {
    folders.apis = LEGACY_APIS_FOLDER;
  }
  return folders;
}

/** chooseFolders for a package read through a SourceFs (a folder on disk or a git tree). */
export async function resolveFolders(fs: SourceFs, overrides: Partial<ProjectFolders> = {}): Promise<ProjectFolders> {
  const dirs = new Set((await fs.list('')).filter((e) => e.isDir).map((e) => e.name));
  return chooseFolders(overrides, dirs);
}
