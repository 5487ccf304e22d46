// Handlers of the insight channels (src-shared/ipc/channels/insight.ts): field provenance, answered in the
// engine service's data worker from the stored runs, and plans, run in its plan worker; so reading and
// comparing snapshots, or running the project as planned, never blocks the host's event loop.
import type { insightChannels } from '../../../src-shared/ipc/channels/insight.js';
import { parseFieldPath } from '../../../src-shared/insight/provenance.js';
import { confinePath, toProjectPath } from '../../project/confine.js';
import { GitError } from '../../project/git/errors.js';
import { openRepo } from '../../project/git/repo.js';
import { HostError, type HandlerGroup } from '../handlers.js';
import { engineServiceFor } from './engine.js';
import { toHostError } from './project-errors.js';

export const insightHandlers: HandlerGroup<typeof insightChannels> = {
  'provenance.explain': async ({ key, field, snapshot }, ctx) => {
    if (key.split('|').length !== 4) throw new HostError('invalid-request', `object key ${JSON.stringify(key)}: expected apiVersion|kind|namespace|name`);
    if (field !== undefined) {
      try {
        parseFieldPath(field);
      } catch (e) {
        throw new HostError('invalid-request', (e as Error).message);
      }
    }
    const s = engineServiceFor(ctx);
    return s.data('explain', { dir: s.root, key, ...(field !== undefined ? { field } : {}), ...(snapshot !== undefined ? { snapshot } : {}) });
  },
  'plan.compute': async (req, ctx) => {
    const s = engineServiceFor(ctx);
    if (req.source === 'staged') {
      try {
        await openRepo(s.root);
      } catch (e) {
        if (e instanceof GitError && e.code === 'not-a-repo') throw new HostError('not-a-repo', e.message);
        throw e;
      }
      return s.plan('staged');
    }
    // every buffer's path stays inside the project (no `..`, no absolute path, no link out, not .git/)
    const buffers: Record<string, string> = {};
    for (const b of req.buffers) {
      let real: string;
      try {
        real = confinePath(s.root, b.path);
      } catch (e) {
        throw toHostError(e);
      }
      buffers[toProjectPath(s.root, real)] = b.content;
    }
    return s.plan('buffers', buffers);
  },
  'plan.object': async ({ planId, key }, ctx) => {
    if (key.split('|').length !== 4) throw new HostError('invalid-request', `object key ${JSON.stringify(key)}: expected apiVersion|kind|namespace|name`);
    return engineServiceFor(ctx).planObject(planId, key);
  },
};
