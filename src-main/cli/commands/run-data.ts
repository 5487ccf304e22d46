// `choreo run deps`: the owner tree of the project's store or of a snapshot (./run.ts dispatches here; it
// reads the db, no server). `run list` and `run diff` are ./run-snapshots.ts.
import { buildDeps, choreoKindSet, formatDeps, readSnapshot, storeInventory, type Snapshot } from '../../engine/index.js';
import { exitOnStoreError, openProjectStore, out } from './data-common.js';
import { parseFlags } from '../flags.js';
import { dirOf } from './run-snapshots.js';

export async function deps(args: string[]): Promise<number> {
  const p = parseFlags(args, { values: { '--snapshot': 'snapshot' }, bools: { '-i': 'choreo', '--show-choreo-apis': 'choreo', '--show-choreo': 'choreo' } });
  const dir = dirOf(p);
  let inv: { objects: Snapshot['objects']; apiResources: Snapshot['apiResources'] };
  if (p.values.snapshot) {
    try {
      inv = await readSnapshot(dir, p.values.snapshot);
    } catch (e) {
      return exitOnStoreError(e);
    }
  } else inv = storeInventory(await openProjectStore(dir));
  out(formatDeps(buildDeps({ objects: inv.objects, choreoKinds: choreoKindSet(inv.apiResources) }, { includeChoreoApis: p.bools.has('choreo') })));
  return 0;
}
