// `choreo run list|diff|deps`: the data sub-verbs of `choreo run` (./run.ts dispatches here). They read
// stored snapshots and the db, no server. `choreo run` answers --help for them. The diff and deps code is
// imported by those sub-verbs only.
import { goTimeString, listSnapshots, readSnapshot, resolveSnapshot, storeInventory } from '../../engine/snapshots/snapshot-store.js';
import type { Snapshot, SnapshotInfo } from '../../engine/snapshots/types.js';
import { exitOnStoreError, openProjectStore, out, projectDir } from './data-common.js';
import { parseFlags, UsageError } from '../flags.js';

function dirOf(p: { positional: string[]; dir: string }): string {
  if (p.positional.length > 1) throw new UsageError(`unexpected argument ${p.positional[1]}`);
  return projectDir(p.positional[0] ?? p.dir);
}

export async function list(args: string[]): Promise<number> {
  const p = parseFlags(args, { values: { '-o': 'output', '--output': 'output' } });
  const snaps = await listSnapshots(dirOf(p));
  if (p.values.output === 'wide') {
    for (const s of snaps) out(`${s.id} ${goTimeString(s.createdAt)} ${s.mode} ${s.success === undefined ? '' : s.success ? 'success' : 'failed'} ${s.objectCount} objects${s.git ? ` ${s.git.commit.slice(0, 7)}${s.git.dirty ? '+dirty' : ''}` : ''}`);
  } else for (const s of snaps) out(`${s.id} ${goTimeString(s.createdAt)}`);
  return 0;
}

export async function diff(args: string[]): Promise<number> {
  const p = parseFlags(args, {
    values: { '--from': 'from', '--to': 'to', '-o': 'output', '--output': 'output' },
    bools: { '-a': 'details', '--show-diff-details': 'details', '-i': 'choreo', '--show-choreo-apis': 'choreo', '-m': 'managed', '--show-managed-fields': 'managed' },
  });
  const dir = dirOf(p);
  // Both snapshots through their indexes: only the objects that changed are parsed (indexed-snapshot.ts).
  const [{ diffIndexedSnapshots, formatDiff }, { openIndexedSnapshot }] = await Promise.all([import('../../engine/snapshots/diff.js'), import('../../engine/snapshots/indexed-snapshot.js')]);
  try {
    const toInfo = await resolveSnapshot(dir, p.values.to ?? 'latest');
    let fromInfo: SnapshotInfo | undefined;
    if (p.values.from) fromInfo = await resolveSnapshot(dir, p.values.from);
    else {
      const all = await listSnapshots(dir);
      const i = all.findIndex((s) => s.id === toInfo.id);
      if (i >= 0) fromInfo = all[i + 1];
    }
    if (p.values.output !== undefined && p.values.output !== 'json') throw new UsageError(`unsupported output format ${p.values.output}, supported: json`);
    const [from, to] = await Promise.all([fromInfo ? openIndexedSnapshot(dir, fromInfo) : null, openIndexedSnapshot(dir, toInfo)]);
    const items = await diffIndexedSnapshots(from, to, { includeChoreoApis: p.bools.has('choreo'), keepManagedFields: p.bools.has('managed'), details: p.bools.has('details') });
    if (p.values.output === 'json') out(JSON.stringify({ from: from?.id ?? null, to: to.id, items }, null, 2));
    else out(formatDiff(items, { details: p.bools.has('details') }));
    return 0;
  } catch (e) {
    return exitOnStoreError(e);
  }
}

export async function deps(args: string[]): Promise<number> {
  const p = parseFlags(args, { values: { '--snapshot': 'snapshot' }, bools: { '-i': 'choreo', '--show-choreo-apis': 'choreo', '--show-choreo': 'choreo' } });
  const dir = dirOf(p);
  const { buildDeps, choreoKindSet, formatDeps } = await import('../../engine/snapshots/deps.js');
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
