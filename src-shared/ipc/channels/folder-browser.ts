// The folder browser of browser mode ("Browse…" without a native dialog): the host lists the folders
// below one browse root (the user's home unless `server start --browse-root` says otherwise), one level
// at a time, and refuses any path outside it. The renderer shows them in a keyboard-driven picker
// (features/project/FolderPicker.tsx) and opens the chosen one with project.open.
import { z } from 'zod';

/** Longest path accepted from the renderer (Linux PATH_MAX). */
export const MAX_HOST_PATH = 4096;

/** Folders one listing sends at most; a bigger folder is cut (and says so) rather than sent whole. */
export const MAX_FOLDER_ENTRIES = 2000;

/**
 * An absolute path on the host: `/…` (POSIX) or `C:\…` (Windows). Relative paths, `~` and NUL bytes are
 * refused here, before any handler runs; the host then confines the path to the browse root.
 */
export const HostFolderPath = z
  .string()
  .min(1)
  .max(MAX_HOST_PATH, `The path is longer than ${MAX_HOST_PATH} characters.`)
  .refine((p) => !p.includes('\0'), 'The path contains a NUL byte.')
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'The path must be absolute (start with / or a drive letter).');

/** `choreo`: a Choreo project (crds/ or apis/, with in/ or reconcilers/); `git`: a git work tree. */
export const FolderKind = z.enum(['choreo', 'git', 'folder']);
export type FolderKind = z.infer<typeof FolderKind>;

export const FolderEntry = z.object({
  name: z.string(),
  /** Absolute real path (symbolic links resolved), as project.open takes it. */
  path: z.string(),
  kind: FolderKind,
  /** A dot-folder (`.config`); the picker hides these unless asked. */
  hidden: z.boolean(),
});
export type FolderEntry = z.infer<typeof FolderEntry>;

export const FolderListing = z.object({
  /** The browse root: nothing above it is listed. */
  root: z.string(),
  /** The folder listed (absolute, real). */
  path: z.string(),
  /** The folder above, or null at the browse root. */
  parent: z.string().nullable(),
  /** What the listed folder itself is. */
  kind: FolderKind,
  /** Its sub-folders, by name (numbers in order); files are not listed. */
  entries: z.array(FolderEntry),
  /** More than MAX_FOLDER_ENTRIES sub-folders: the first ones by name are sent. */
  truncated: z.boolean(),
});
export type FolderListing = z.infer<typeof FolderListing>;

export const folderBrowserChannels = {
  /**
   * Lists the sub-folders of `path` (default: the browse root). `path-escape` when it is outside the
   * browse root (symbolic links resolved) or in a refused place (the app data folder, system folders);
   * `not-found` when it does not exist or is not a folder; `io` when it cannot be read.
   */
  'project.folders': {
    request: z.object({ path: HostFolderPath.optional() }).strict(),
    response: FolderListing,
  },
} as const;
