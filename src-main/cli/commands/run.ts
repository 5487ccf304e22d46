// `choreo run <sub>`: dispatcher. The data sub-verbs live here (list, diff, deps: they read stored
// snapshots and the db, no server); the reconciling ones (once, start, stop, result) come from
// ./run-exec.ts. The diff and deps code is imported by those sub-verbs only, so `run once` does not load it.
import { goTimeString, listSnapshots, readSnapshot, storeInventory } from '../../engine/snapshots/snapshot-store.js';
import type { Snapshot } from '../../engine/snapshots/types.js';
import type { Command } from './command.js';
import { exitOnStoreError, openProjectStore, out, projectDir } from './data-common.js';
import { parseFlags, UsageError, withUsage } from '../flags.js';
import { runExecSubcommands } from './run-exec.js';
import { FOLDER_FLAGS_USAGE } from '../folder-flags.js';
import { STORE_FLAGS_USAGE } from '../store-flags.js';

const USAGE = `usage: choreo run <command> [DIR] [options]   (DIR or --dir DIR: the project, default the current folder)
  once [-o reconciler|resource|raw]   load the project, run the reconcilers until idle, store a snapshot
  start | stop                        continuous runner in the foreground (stop: from another shell)
  start | stop --server URL           the prod runner of a \`choreo server start\` host (the URL it printed)
  once|start -r                       with the internal IPAM/VLAN/AS/GENID backends
  once -s [--runningconfigs DIR] [--schemas DIR]
                                      then the config validator: RunningConfig and merged Config per Node
                                      (no YANG schema checks: a warning says so)
  once|start --max-steps N            Starlark steps one reconcile may take (default 100000000; bulk string
                                      and list operations count by their size)
  once|start --reconcile-timeout MS   time one reconcile may take (default 60000)
  once|start ${FOLDER_FLAGS_USAGE}
  once|start ${STORE_FLAGS_USAGE}
  once --timeout MS                   time the whole run may take (default 600000)
  once --max-reconciles N             reconciles the run may take (default 1000 + 50 per object)
  result [-o reconciler|resource|raw] print the result of the last run
  list                                snapshots, newest first: <id> <time>
  diff [--from ID] [--to ID] [-a] [-i] [-m] [-o json]
                                      compare two snapshots (default: the latest with the one before)
                                      -a/--show-diff-details  field-level diff under each changed object
                                      -i/--show-choreo-apis   include CRDs, Reconcilers, Libraries, UpstreamRefs
                                      -m/--show-managed-fields compare managedFields too
  deps [-i] [--snapshot ID]           owner tree of the current store (or of a snapshot)`;

function dirOf(p: { positional: string[]; dir: string }): string {
  if (p.positional.length > 1) throw new UsageError(`unexpected argument ${p.positional[1]}`);
  return projectDir(p.positional[0] ?? p.dir);
}

async function list(args: string[]): Promise<number> {
  const p = parseFlags(args, { values: { '-o': 'output', '--output': 'output' } });
  if (p.help) return out(USAGE), 0;
  const snaps = await listSnapshots(dirOf(p));
  if (p.values.output === 'wide') {
    for (const s of snaps) out(`${s.id} ${goTimeString(s.createdAt)} ${s.mode} ${s.success === undefined ? '' : s.success ? 'success' : 'failed'} ${s.objectCount} objects${s.git ? ` ${s.git.commit.slice(0, 7)}${s.git.dirty ? '+dirty' : ''}` : ''}`);
  } else for (const s of snaps) out(`${s.id} ${goTimeString(s.createdAt)}`);
  return 0;
}

async function diff(args: string[]): Promise<number> {
  const p = parseFlags(args, {
    values: { '--from': 'from', '--to': 'to', '-o': 'output', '--output': 'output' },
    bools: { '-a': 'details', '--show-diff-details': 'details', '-i': 'choreo', '--show-choreo-apis': 'choreo', '-m': 'managed', '--show-managed-fields': 'managed' },
  });
  if (p.help) return out(USAGE), 0;
  const dir = dirOf(p);
  const { diffSnapshots, formatDiff } = await import('../../engine/snapshots/diff.js');
  try {
    const to = await readSnapshot(dir, p.values.to ?? 'latest');
    let from: Snapshot | null = null;
    if (p.values.from) from = await readSnapshot(dir, p.values.from);
    else {
      const all = await listSnapshots(dir);
      const i = all.findIndex((s) => s.id === to.id);
      if (i >= 0 && all[i + 1]) from = await readSnapshot(dir, all[i + 1]!.id);
    }
    if (p.values.output !== undefined && p.values.output !== 'json') throw new UsageError(`unsupported output format ${p.values.output}, supported: json`);
    const items = diffSnapshots(from, to, { includeChoreoApis: p.bools.has('choreo'), keepManagedFields: p.bools.has('managed'), details: p.bools.has('details') });
    if (p.values.output === 'json') out(JSON.stringify({ from: from?.id ?? null, to: to.id, items }, null, 2));
    else out(formatDiff(items, { details: p.bools.has('details') }));
    return 0;
  } catch (e) {
    return exitOnStoreError(e);
  }
}

async function deps(args: string[]): Promise<number> {
  const p = parseFlags(args, { values: { '--snapshot': 'snapshot' }, bools: { '-i': 'choreo', '--show-choreo-apis': 'choreo', '--show-choreo': 'choreo' } });
  if (p.help) return out(USAGE), 0;
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

const dataSubcommands: Record<string, (args: string[]) => Promise<number>> = { list, diff, deps };

export const runCommand: Command = {
  name: 'run',
  run: (args) =>
    withUsage(USAGE, async () => {
      const [sub, ...rest] = args;
      if (sub === undefined || sub === '--help' || sub === '-h') {
        out(USAGE);
        return sub === undefined ? 2 : 0;
      }
      const fn = dataSubcommands[sub] ?? runExecSubcommands[sub];
      if (!fn) throw new UsageError(`unknown run command ${sub}`);
      if (rest.includes('--help') && !dataSubcommands[sub]) {
        out(USAGE);
        return 0;
      }
      return fn(rest);
    }),
};
