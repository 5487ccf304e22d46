// The one IPC contract between the renderer and the host (Electron main process or the WebSocket
// server of browser mode). Every channel has a zod request and response schema, every event a payload
// schema. Nothing else in the code base names a channel with a bare string.
//
// Adding a feature: add its schemas here (or in a sibling file imported here), then implement the
// handler in src-main/host/services; the `Handlers` type makes the compiler refuse a host that misses
// a channel.
import { z } from 'zod';
import { engineChannels, engineEvents } from './channels/engine.js';
import { gitChannels, gitEvents } from './channels/git.js';
import { deliveryChannels, deliveryEvents } from './channels/delivery.js';
import { fileOpsChannels } from './channels/files.js';
import { folderBrowserChannels } from './channels/folder-browser.js';
import { debugChannels, debugEvents } from './channels/debug.js';
import { MAX_EDITOR_FILE_BYTES } from './limits.js';
import { languageChannels } from './channels/language.js';
import { graphChannels } from './channels/graph.js';
import { insightChannels } from './channels/insight.js';

// ---------------------------------------------------------------------------------------------
// Shared shapes

/** A path relative to the open project root, with `/` separators (never absolute, never `..`). */
export const ProjectPath = z.string().min(1).max(4096);

const FileText = z.string().max(MAX_EDITOR_FILE_BYTES, `The content is larger than ${MAX_EDITOR_FILE_BYTES / 1024 / 1024} MB, the limit for files opened in the editor. Edit such a file outside the app.`);

export const FileNodeKind = z.enum(['file', 'dir']);
/** Role of a top-level Choreo folder; `other` for everything else. */
export const ChoreoRole = z.enum(['crds', 'in', 'reconcilers', 'libs', 'refs', 'other']);

export interface FileNode {
  name: string;
  path: string;
  kind: 'file' | 'dir';
  role: z.infer<typeof ChoreoRole>;
  children?: FileNode[];
}
export const FileNode: z.ZodType<FileNode> = z.lazy(() =>
  z.object({
    name: z.string(),
    path: z.string(),
    kind: FileNodeKind,
    role: ChoreoRole,
    children: z.array(FileNode).optional(),
  }),
);

export const ProjectInfo = z.object({
  root: z.string(),
  name: z.string(),
  isGitRepo: z.boolean(),
});
export type ProjectInfo = z.infer<typeof ProjectInfo>;

export const RecentProject = z.object({
  root: z.string(),
  name: z.string(),
  openedAt: z.string(),
  /** Set by the host when the folder is gone (moved or deleted): the list marks it and offers removal. */
  missing: z.boolean().optional(),
});
export type RecentProject = z.infer<typeof RecentProject>;

export const FileContent = z.object({
  path: ProjectPath,
  content: z.string(),
  /** sha-256 of the content on disk; pass it back on write to detect external changes. */
  hash: z.string(),
});
export type FileContent = z.infer<typeof FileContent>;

// ---------------------------------------------------------------------------------------------
// Errors: every failed request comes back as one of these (never as a crash or a hang).

export const ErrorCode = z.enum([
  'invalid-request', // the payload did not match the channel's request schema
  'unknown-channel',
  'no-project', // the channel needs an open project
  'path-escape', // a path left the project root
  'not-found',
  'conflict', // the file changed on disk since it was read
  'io',
  'unavailable', // not possible in this mode (e.g. a native dialog in browser mode), or the host is unreachable
  'forbidden', // the sender is not our own window (Electron trusted-sender check)
  'timeout', // the host did not answer in time (client side)
  'internal',
  // git (src-shared/ipc/channels/git.ts): codes the UI answers with a specific action
  'not-a-repo', // offer git.init
  'identity-required', // ask for name + email once (git.identity.set), then retry
  'auth-required', // ask for username + token (the host refused or wants credentials), then retry with them
  'uncommitted-changes', // the action would overwrite local changes: offer a stash (where = first file)
  'read-only', // a choreo-mode workspace pinned to a hash or tag
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const IpcError = z.object({
  code: ErrorCode,
  message: z.string(),
  /** file:line:col or a path, when the error refers to a place. */
  where: z.string().optional(),
});
export type IpcError = z.infer<typeof IpcError>;

/** The envelope every response travels in, on both transports. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

// ---------------------------------------------------------------------------------------------
// Channels

/** A channel: a request schema and a response schema. */
export interface ChannelDef {
  request: z.ZodType;
  response: z.ZodType;
}
export type ChannelGroup = Record<string, ChannelDef>;
export type EventGroup = Record<string, z.ZodType>;

const Empty = z.object({}).strict();

/** Core channels of the skeleton: app, project folder, files. Feature groups live in ./channels/. */
export const coreChannels = {
  'app.info': {
    request: Empty,
    response: z.object({
      version: z.string(),
      transport: z.enum(['electron', 'websocket']),
      platform: z.string(),
      /** Absolute path of the bundled example project (examples/hello-world), for the welcome screen. */
      exampleProject: z.string().optional(),
    }),
  },
  'project.current': { request: Empty, response: ProjectInfo.nullable() },
  'project.open': { request: z.object({ root: z.string().min(1) }).strict(), response: ProjectInfo },
  /** Native folder picker; `unavailable` in browser mode (the UI then shows its folder browser, project.folders). */
  'project.pickFolder': { request: Empty, response: z.object({ root: z.string().nullable() }) },
  /** Closes the open folder (the renderer goes back to the welcome screen); nothing on disk changes. */
  'project.close': { request: Empty, response: Empty },
  /**
   * "Create a Choreo project": writes the starter files (a CRD, an input, a reconciler, a library) into
   * the open folder; `conflict` when one of them exists (nothing is written then). Answers the paths written.
   */
  'project.scaffold': { request: Empty, response: z.object({ files: z.array(ProjectPath) }) },
  'project.recent': { request: Empty, response: z.array(RecentProject) },
  /** Drops a folder from the recent list (the folder itself is untouched); answers the list left. */
  'project.recent.remove': { request: z.object({ root: z.string().min(1) }).strict(), response: z.array(RecentProject) },
  'project.tree': { request: Empty, response: FileNode },
  'file.read': { request: z.object({ path: ProjectPath }).strict(), response: FileContent },
  'file.write': {
    request: z
      .object({
        path: ProjectPath,
        content: FileText,
        /** Hash the editor last read; a mismatch means the file changed on disk (code `conflict`). */
        expectedHash: z.string().optional(),
      })
      .strict(),
    response: z.object({ hash: z.string() }),
  },
  ...fileOpsChannels,
  ...folderBrowserChannels,
} as const satisfies ChannelGroup;

/** Every channel of the app: the core ones plus one spread line per feature group. */
export const channels = {
  ...coreChannels,
  ...engineChannels,
  ...languageChannels,
  ...graphChannels,
  ...insightChannels,
  ...gitChannels,
  ...deliveryChannels,
  ...debugChannels,
} as const satisfies ChannelGroup;

// ---------------------------------------------------------------------------------------------
// Events (host → renderer)

/** Commands the native menu sends to the renderer (menus, buttons and the palette share them). */
export const AppCommand = z.enum(['open-folder', 'close-folder', 'save', 'toggle-theme', 'about']);
export type AppCommand = z.infer<typeof AppCommand>;

export const events = {
  /** A file or folder changed on disk (by us or by another program). */
  'file.changed': z.object({ path: z.string(), kind: z.enum(['created', 'changed', 'deleted']), hash: z.string().optional() }),
  'project.opened': ProjectInfo,
  /** A native menu item was chosen (Electron); the renderer runs the command of the same name. */
  'app.command': z.object({ command: AppCommand }),
  ...engineEvents,
  ...gitEvents,
  ...deliveryEvents,
  ...debugEvents,
} as const satisfies EventGroup;

// ---------------------------------------------------------------------------------------------
// Derived types

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type Request<C extends ChannelName> = z.input<Channels[C]['request']>;
export type Response<C extends ChannelName> = z.output<Channels[C]['response']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const channelNames = Object.keys(channels) as ChannelName[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/**
 * What the Electron preload exposes as `window.choreo` (and nothing else). `invoke` resolves to the
 * response envelope, never rejects for a host error; names outside the contract are refused.
 */
export interface ChoreoBridge {
  invoke(channel: string, request: unknown): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** What the renderer sees, whatever the transport. `invoke` rejects with an ApiError on `{ ok: false }`. */
export interface ApiClient {
  invoke<C extends ChannelName>(channel: C, request: Request<C>): Promise<Response<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
