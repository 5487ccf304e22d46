// Handlers of the insight channels (src-shared/ipc/channels/insight.ts): field provenance, answered in the
// engine service's data worker from the stored runs, so reading and comparing snapshots never blocks the
// host's event loop.
import type { insightChannels } from '../../../src-shared/ipc/channels/insight.js';
import { parseFieldPath } from '../../../src-shared/insight/provenance.js';
import { HostError, type HandlerGroup } from '../handlers.js';
import { engineServiceFor } from './engine.js';

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
};
