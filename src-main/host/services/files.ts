// Handlers of the file-operation channels (src-shared/ipc/channels/files.ts): create, rename/move,
// delete to the project trash, restore, and search in project. Spread into the core handler group
// (services/core.ts) because the channels belong to the core contract group.
import type { fileOpsChannels } from '../../../src-shared/ipc/channels/files.js';
import { createDir, createFile, deleteEntry, listTrash, renameEntry, restoreEntry } from '../../project/file-ops.js';
import type { HandlerGroup } from '../handlers.js';

/** `noteWrite` tells the watcher about content we wrote, so it is not reported back as an external change. */
export function createFileOpsHandlers(noteWrite: (path: string, hash: string) => void): HandlerGroup<typeof fileOpsChannels> {
  // Search-as-you-type sends a search per pause in typing; a new one stops the previous scan of a big
  // project instead of letting them pile up (the renderer only shows the newest answer anyway).
  let running: AbortController | undefined;
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
    'file.search': async (req, ctx) => {
      running?.abort();
      const mine = new AbortController();
      running = mine;
      // Loaded on the first search: its RE2 engine (re2js) is as big as the rest of the core handlers.
      const { searchProject } = await import('../../project/search.js');
      try {
        return await searchProject(ctx.projectRoot(), req, mine.signal);
      } finally {
        if (running === mine) running = undefined;
      }
    },
  };
}
