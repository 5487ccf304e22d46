// The Starlark language service and the project graph, as the Starlark worker thread runs them (ops
// `language` and `graph` of ./protocol.ts). The project is read from disk once and kept while no file it
// read changed: a request re-lists the folders and stats the files read (about a hundred stats for a
// project of ~20 reconcilers and ~40 APIs) instead of parsing every CRD and library again.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { languageChannels } from '../../../src-shared/ipc/channels/language.js';
import type { ProjectGraph } from '../../../src-shared/ipc/channels/graph.js';
import { diskFs, type ProjectFolders, type SourceFs, LanguageService, loadLanguageProject, RenameError, type LanguageProject, buildProjectGraph } from '../../engine/index.js';

export type LanguageChannel = keyof typeof languageChannels;

export interface LanguageOpArgs {
  dir: string;
  folders?: Partial<ProjectFolders>;
  channel: LanguageChannel;
  /** The channel's request, validated by the host. */
  request: unknown;
}

/** A refusal the user should read (a rename that cannot be done), rather than a failure. */
export interface LanguageRefusal {
  refused: string;
}

/** What one load read: the folders it listed (names) and the files it read (mtime and size). */
interface Stamp {
  lists: Map<string, string>;
  files: Map<string, string>;
}

/** A SourceFs that records what it lists and reads, so a later check can tell whether anything changed. */
function recordingFs(root: string, stamp: Stamp): SourceFs {
  const disk = diskFs(root);
  return {
    async list(dir) {
      const entries = await disk.list(dir);
      stamp.lists.set(dir, entries.map((e) => `${e.name}${e.isDir ? '/' : ''}`).sort().join('\n'));
      return entries;
    },
    async read(p) {
      const st = await fsp.stat(path.join(root, p)).catch(() => undefined);
      stamp.files.set(p, st ? `${st.mtimeMs}:${st.size}` : '');
      return disk.read(p);
    },
  };
}

async function unchanged(root: string, stamp: Stamp): Promise<boolean> {
  const disk = diskFs(root);
  for (const [dir, names] of stamp.lists) {
    const now = (await disk.list(dir)).map((e) => `${e.name}${e.isDir ? '/' : ''}`).sort().join('\n');
    if (now !== names) return false;
  }
  for (const [p, was] of stamp.files) {
    const st = await fsp.stat(path.join(root, p)).catch(() => undefined);
    if ((st ? `${st.mtimeMs}:${st.size}` : '') !== was) return false;
  }
  return true;
}

interface Loaded {
  key: string;
  project: LanguageProject;
  stamp: Stamp;
  service: LanguageService;
}

let loaded: Loaded | undefined;

/** The project at `dir`, read again only when a file it read or a folder it listed changed. */
export async function projectAt(dir: string, folders: Partial<ProjectFolders> = {}): Promise<Loaded> {
  const key = `${dir}\u0000${JSON.stringify(folders)}`;
  if (loaded && loaded.key === key && (await unchanged(dir, loaded.stamp))) return loaded;
  const stamp: Stamp = { lists: new Map(), files: new Map() };
  const project = await loadLanguageProject(recordingFs(dir, stamp), folders);
  // The service keeps its file analyses across re-reads of the same project (it checks each file's text).
  const service = loaded?.key === key ? loaded.service : new LanguageService();
  loaded = { key, project, stamp, service };
  return loaded;
}

export async function languageOp(args: LanguageOpArgs): Promise<unknown> {
  const { project, service } = await projectAt(args.dir, args.folders);
  const r = args.request as never;
  try {
    switch (args.channel) {
      case 'starlark.hover':
        return { hover: service.hover(project, r) };
      case 'starlark.definition':
        return { locations: service.definition(project, r) };
      case 'starlark.references':
        return { locations: service.references(project, r) };
      case 'starlark.completion':
        return service.completion(project, r);
      case 'starlark.signatureHelp':
        return { help: service.signatureHelp(project, r) };
      case 'starlark.prepareRename':
        return service.prepareRename(project, r);
      case 'starlark.rename':
        return { edits: service.rename(project, r) };
      case 'starlark.symbols':
        return { symbols: service.symbols(project, r) };
    }
  } catch (e) {
    if (e instanceof RenameError) return { refused: e.message } satisfies LanguageRefusal;
    throw e;
  }
}

export async function graphOp(dir: string, folders: Partial<ProjectFolders> = {}): Promise<ProjectGraph> {
  const { project, service } = await projectAt(dir, folders);
  return buildProjectGraph(service.workspaceOf(project));
}
