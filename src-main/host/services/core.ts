// Handlers of the core channels: app info, the project folder, the explorer tree and file I/O. project/
// throws ProjectError; mapProjectErrors hands it on as a HostError.
import type { coreChannels } from '../../../src-shared/ipc/contract.js';
import { buildTree, readProjectFile, writeProjectFile } from '../../project/files.js';
import { listFolders } from '../../project/folder-browser.js';
import { writeScaffold } from '../../project/scaffold.js';
import { HostError, type HandlerGroup } from '../handlers.js';
import type { ProjectSession } from '../project-session.js';
import { mapProjectErrors } from './project-errors.js';
import { createFileOpsHandlers } from './files.js';

export interface CoreDeps {
  session: ProjectSession;
  transport: 'electron' | 'websocket';
  version: string;
  /** The bundled example project (examples/hello-world), offered on the welcome screen. */
  exampleProject?: string;
  /** The native folder dialog (Electron only); resolves to null when the user cancels. */
  pickFolder?: () => Promise<string | null>;
  /** Where the folder browser (project.folders) starts; nothing outside it is listed. */
  browseRoot: string;
  /** The app data folder, which the folder browser never lists. */
  appDataDir: string;
}

export function createCoreHandlers(deps: CoreDeps): HandlerGroup<typeof coreChannels> {
  const { session } = deps;
  return mapProjectErrors<typeof coreChannels>({
    'app.info': async () => ({
      version: deps.version,
      transport: deps.transport,
      platform: process.platform,
      ...(deps.exampleProject !== undefined ? { exampleProject: deps.exampleProject } : {}),
    }),
    'project.current': async () => session.current(),
    'project.open': async ({ root }) => session.open(root),
    'project.pickFolder': async () => {
      if (!deps.pickFolder) {
        throw new HostError('unavailable', 'There is no native folder dialog in browser mode: use the folder browser (project.folders) or type the folder path.');
      }
      return { root: await deps.pickFolder() };
    },
    'project.folders': async ({ path }) => listFolders({ root: deps.browseRoot, appDataDir: deps.appDataDir }, path),
    'project.close': async () => {
      session.close();
      return {};
    },
    'project.scaffold': async (_req, ctx) => ({ files: await writeScaffold(ctx.projectRoot(), (p, hash) => session.noteWrite(p, hash)) }),
    'project.recent': async () => session.recent.list(),
    'project.recent.remove': async ({ root }) => session.recent.remove(root),
    'project.tree': async (_req, ctx) => buildTree(ctx.projectRoot(), ctx.folders),
    'file.read': async ({ path }, ctx) => readProjectFile(ctx.projectRoot(), path),
    'file.write': async ({ path, content, expectedHash }, ctx) =>
      writeProjectFile(ctx.projectRoot(), path, content, expectedHash, (p, hash) => session.noteWrite(p, hash)),
    ...createFileOpsHandlers((p, hash) => session.noteWrite(p, hash)),
  });
}
