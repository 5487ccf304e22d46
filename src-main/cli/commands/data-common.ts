// Shared bits of the data verbs (get, api-resources, apply, delete, dev, run deps): opening a project's store
// without a server, and the light bits of ./data-basics.ts (output lines, the project folder, store errors),
// re-exported. Flags: ../flags.ts.
import path from 'node:path';
import {
  readProjectSources,
  diskFs,
  openApiStore,
  readEtcdStore,
  resolveStoreSelection,
  type MemoryApiStore,
  type RegisteredApi,
  type StoreOverrides,
} from '../../engine/index.js';
import { UsageError } from '../flags.js';
import { CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';
import { err } from './data-basics.js';

export { err, exitOnStoreError, out, projectDir } from './data-basics.js';

/**
 * The project's store as the last run left it, plus the APIs of the project's own `crds/` so that kinds are
 * known before the first run. Nothing is saved. The store is the one runs use (`--store`, else
 * `.choreo/config.yaml`'s `store`): `.choreo/db`, or what etcd holds at one revision.
 */
export async function openProjectStore(dir: string, overrides?: StoreOverrides): Promise<MemoryApiStore> {
  const selection = await resolveStoreSelection(dir, overrides);
  const store = selection.kind === 'etcd' ? await readEtcdStore(selection.etcd) : await openApiStore(path.join(dir, CHOREO_PATHS.db));
  const src = await readProjectSources(diskFs(dir), { noDevParse: true });
  for (const c of src.crds) {
    try {
      store.registerApi(c.object);
    } catch (e) {
      err(`warning: ${c.origin.file}:${c.origin.line}: ${(e as Error).message}`);
    }
  }
  return store;
}

/**
 * The API a `<plural>.<group>` argument names. When the project has no such API, prints upstream's
 * "not registered" error and returns undefined (the verb exits 1); a name without a group is a usage error.
 */
export function registeredApiOrReport(store: MemoryApiStore, resource: string): RegisteredApi | undefined {
  const api = store.api(resource);
  if (api) return api;
  if (!resource.includes('.')) throw new UsageError(`expecting <resource>.<group>, got: [${resource}]`);
  err(`rpc error: code = Unavailable desc = resource ${resource} not registered (see \`choreo api-resources\`)`);
  return undefined;
}
