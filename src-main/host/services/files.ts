// Handlers of the file-operation channels (src-shared/ipc/channels/files.ts): create, rename/move,
// delete to the project trash, restore, and search in project. Spread into the core handler group
// (services/core.ts) because the channels belong to the core contract group.
import type { fileOpsChannels } from '../../../src-shared/ipc/channels/files.js';
import { createDir, createFile, deleteEntry, listTrash, renameEntry, restoreEntry } from '../../project/file-ops.js';
import { searchProject } from '../../project/search.js';
import type { HandlerGroup } from '../handlers.js';

/** `noteWrite` tells the watcher about content we wrote, so it is not reported back as an external change. */
export function createFileOpsHandlers(noteWrite: (path: string, hash: string) => void): HandlerGroup<typeof fileOpsChannels> {
  return {
    'file.create': async ({ path, content }, ctx) => {
      const created = await createFile(ctx.projectRoot(), path, content ?? '');
      noteWrite(created.path, created.hash);
      return created;
    },
    'dir.create': async ({ path }, ctx) => createDir(ctx.projectRoot(), path),
    'file.rename': async ({ from, to }, ctx) => renameEntry(ctx.projectRoot(), from, to),
    'file.delete': async ({ path }, ctx) => deleteEntry(ctx.projectRoot(), path),
    'file.restore': async ({ id, to }, ctx) => restoreEntry(ctx.projectRoot(), id, to),
    'file.trashList': async (_req, ctx) => listTrash(ctx.projectRoot()),
    'file.search': async (req, ctx) => searchProject(ctx.projectRoot(), req),
  };
}
