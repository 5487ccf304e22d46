// File operations beyond read/write (create, rename/move, delete to a project-local trash, restore)
// and search in project. Spread into `coreChannels` of ../contract.ts: they are core file I/O.
import { z } from 'zod';
import type { ChannelGroup } from '../contract.js';
import { MAX_EDITOR_FILE_BYTES } from '../limits.js';

/** A project-relative `/` path (the same rule as contract.ts's ProjectPath; repeated to avoid an import cycle). */
const Path = z.string().min(1).max(4096);

/** One deleted entry, kept under `.choreo/trash/<id>/` until restored or emptied. */
export const TrashEntry = z.object({
  /** Folder name under .choreo/trash (a timestamp plus a random suffix). */
  id: z.string(),
  /** Where the entry was, project-relative. */
  path: z.string(),
  kind: z.enum(['file', 'dir']),
  /** ISO time of the delete. */
  deletedAt: z.string(),
});
export type TrashEntry = z.infer<typeof TrashEntry>;

export const SearchMatch = z.object({
  /** 1-based line and column (UTF-16 units, as Monaco counts). */
  line: z.number().int().positive(),
  col: z.number().int().positive(),
  /** Length of the match in UTF-16 units (0 for an empty regex match). */
  length: z.number().int().nonnegative(),
  /** The line, cut to a readable window around the match. */
  preview: z.string(),
  /** Where the match starts inside `preview`. */
  previewCol: z.number().int().nonnegative(),
});
export type SearchMatch = z.infer<typeof SearchMatch>;

export const SearchFileResult = z.object({ path: z.string(), matches: z.array(SearchMatch) });
export type SearchFileResult = z.infer<typeof SearchFileResult>;

export const SearchRequest = z
  .object({
    query: z.string().min(1).max(2000),
    /** The query is a regular expression in RE2 syntax, as Go and Kubernetes use (linear-time matching; a bad one is `invalid-request`). */
    regex: z.boolean().optional(),
    caseSensitive: z.boolean().optional(),
    wholeWord: z.boolean().optional(),
    /** Globs (`*.yaml`, `in/**`, `reconcilers`); a pattern without `/` matches a name at any depth. */
    include: z.array(z.string().min(1).max(500)).max(50).optional(),
    exclude: z.array(z.string().min(1).max(500)).max(50).optional(),
    /** Matches per page (default 2,000, at most 20,000). */
    maxResults: z.number().int().positive().max(20_000).optional(),
    /** Paging: continue with the files after this path (`nextCursor` of the previous page). */
    cursor: z.string().max(4096).optional(),
  })
  .strict();
export type SearchRequest = z.infer<typeof SearchRequest>;

export const SearchResponse = z.object({
  files: z.array(SearchFileResult),
  matchCount: z.number().int().nonnegative(),
  filesSearched: z.number().int().nonnegative(),
  /** Files skipped as binary or too large. */
  filesSkipped: z.number().int().nonnegative(),
  /** More matches exist: ask again with `cursor: nextCursor`. */
  truncated: z.boolean(),
  nextCursor: z.string().optional(),
});
export type SearchResponse = z.infer<typeof SearchResponse>;

export const fileOpsChannels = {
  /** Creates a file (with optional content); refuses (`conflict`) when the path exists. */
  'file.create': {
    request: z.object({ path: Path, content: z.string().max(MAX_EDITOR_FILE_BYTES).optional() }).strict(),
    response: z.object({ path: z.string(), hash: z.string() }),
  },
  /** Creates a folder (and missing parents); refuses (`conflict`) when the path exists. */
  'dir.create': {
    request: z.object({ path: Path }).strict(),
    response: z.object({ path: z.string() }),
  },
  /** Renames or moves a file or folder; refuses (`conflict`) to overwrite anything. */
  'file.rename': {
    request: z.object({ from: Path, to: Path }).strict(),
    response: z.object({ from: z.string(), to: z.string(), kind: z.enum(['file', 'dir']) }),
  },
  /** Moves a file or folder into `.choreo/trash/<id>/`, so `file.restore` can undo it. */
  'file.delete': {
    request: z.object({ path: Path }).strict(),
    response: TrashEntry,
  },
  /** Puts a trashed entry back where it was (or at `to`); refuses (`conflict`) to overwrite. */
  'file.restore': {
    request: z.object({ id: z.string().min(1).max(200), to: Path.optional() }).strict(),
    response: z.object({ path: z.string(), kind: z.enum(['file', 'dir']) }),
  },
  /** What is in the trash, newest first. */
  'file.trashList': {
    request: z.object({}).strict(),
    response: z.array(TrashEntry),
  },
  'file.search': { request: SearchRequest, response: SearchResponse },
} as const satisfies ChannelGroup;
