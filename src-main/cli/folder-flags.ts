// Upstream's server folder options (`choreoctl server start --apis apis …`), shared by `run once`,
// `run start` and `server start`: which folders of the project hold its APIs, input, refs, reconcilers
// and libraries (engine/files/folders.ts).
import { checkFolderOverrides, FOLDER_FLAGS, FolderOptionError, type FolderName, type ProjectFolders } from '../engine/index.js';
import { UsageError, type FlagSpec } from './flags.js';

/** The value flags to merge into a verb's FlagSpec. */
export const FOLDER_FLAG_VALUES: Readonly<Record<string, FolderName>> = Object.freeze(
  Object.fromEntries((Object.entries(FOLDER_FLAGS) as [FolderName, string][]).map(([k, flag]) => [flag, k])),
);

export const FOLDER_FLAGS_USAGE = '--apis DIR --input DIR --refs DIR --reconcilers DIR --libraries DIR   folders of the project (default crds, in, refs, reconcilers, libs; apis/ is read when there is no crds/)';

export function withFolderFlags(spec: FlagSpec): FlagSpec {
  return { ...spec, values: { ...(spec.values ?? {}), ...FOLDER_FLAG_VALUES } };
}

/** The folder options given (checked: inside the project), or undefined when none was. */
export function foldersFrom(values: Record<string, string>): Partial<ProjectFolders> | undefined {
  const given: Partial<ProjectFolders> = {};
  let any = false;
  for (const k of Object.values(FOLDER_FLAG_VALUES)) {
    if (values[k] === undefined) continue;
    given[k] = values[k];
    any = true;
  }
  if (!any) return undefined;
  try {
    return checkFolderOverrides(given);
  } catch (e) {
    if (e instanceof FolderOptionError) throw new UsageError(e.message);
    throw e;
  }
}
