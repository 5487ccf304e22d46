// `choreo run <sub>`: dispatcher. The data sub-verbs (they read stored snapshots and the db, no server) live
// in ./run-snapshots.ts (list, diff) and ./run-data.ts (deps); the reconciling ones (once, start, stop,
// result) in ./run-exec.ts. Each module loads when its sub-verb runs, so `run once` loads neither the store
// nor the diff code (its run happens in a runner thread, which loads the engine itself), and `run diff` not
// the runner's flags and thread.
import type { Command } from './command.js';
import { UsageError, withUsage } from '../flags.js';
import { FOLDER_FLAGS_USAGE } from '../folder-flags.js';
import { STORE_FLAGS_USAGE } from '../store-flags.js';
import { UPSTREAM_SERVER_FLAGS_USAGE } from '../upstream-server-flags.js';

const USAGE = `usage: choreo run <command> [DIR] [options]   (DIR or --dir DIR: the project, default the current folder)
  once [-o reconciler|resource|raw]   load the project, run the reconcilers until idle, store a snapshot
  start | stop                        continuous runner in the foreground (stop: from another shell)
  start | stop --server URL           the prod runner of a \`choreo server start\` host (the URL it printed)
  once|start -r                       with the internal IPAM/VLAN/AS/GENID backends
  once -s [--runningconfigs DIR] [--schemas DIR]   (--runningConfigs: upstream's spelling)
                                      then the config validator: RunningConfig and merged Config per Node
                                      (no YANG schema checks: a warning says so)
  once|start --max-steps N            Starlark steps one reconcile may take (default 100000000; bulk string
                                      and list operations count by their size)
  once|start --reconcile-timeout MS   time one reconcile may take (default 60000)
  once|start ${FOLDER_FLAGS_USAGE}
  once|start ${STORE_FLAGS_USAGE}
  once|start ${UPSTREAM_SERVER_FLAGS_USAGE}
  once --timeout MS                   time the whole run may take (default 600000)
  once --max-reconciles N             reconciles the run may take (default 1000 + 50 per object)
  result [-o reconciler|resource|raw] print the result of the last run
  list                                snapshots, newest first: <id> <time>
  diff [--from ID] [--to ID] [-a] [-i] [-m] [-o json]
                                      compare two snapshots (default: the latest with the one before)
  diff --rev A..B [-r]                the project as git revisions A and B hold it (branch, tag, hash, HEAD~N),
                                      each run once from the commit's files (never checked out; cached by
                                      commit in .choreo/revisions/), compared object by object
  diff --env A..B                     what two delivery environments serve (their active deployments)
  diff --from rev:X|env:X|ID --to …   any two sides: a revision, an environment or a snapshot; two
                                      separate runs are compared without uids, times and managedFields
                                      -a/--show-diff-details  field-level diff under each changed object
                                      -i/--show-choreo-apis   include CRDs, Reconcilers, Libraries, UpstreamRefs
                                      -m/--show-managed-fields compare managedFields too (two snapshots)
  deps [-i] [--snapshot ID]           owner tree of the current store (or of a snapshot)`;

const out = (line: string) => process.stdout.write(line + '\n');

/** A reconciling sub-verb of ./run-exec.ts, loaded when it runs: `run diff` and `run list` never load it. */
const execSubcommand = (name: string) => async (args: string[]) => (await import('./run-exec.js')).runExecSubcommands[name]!(args);

/** Each sub-verb, its module loaded when it runs (list and diff read snapshot files only). */
const subcommands: Record<string, (args: string[]) => Promise<number>> = {
  list: async (args) => (await import('./run-snapshots.js')).list(args),
  diff: async (args) => (await import('./run-snapshots.js')).diff(args),
  deps: async (args) => (await import('./run-data.js')).deps(args),
  once: execSubcommand('once'),
  start: execSubcommand('start'),
  stop: execSubcommand('stop'),
  result: execSubcommand('result'),
};

export const runCommand: Command = {
  name: 'run',
  run: (args) =>
    withUsage(USAGE, async () => {
      const [sub, ...rest] = args;
      if (sub === undefined || sub === '--help' || sub === '-h') {
        out(USAGE);
        return sub === undefined ? 2 : 0;
      }
      const fn = Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
      if (!fn) throw new UsageError(`unknown run command ${sub}`);
      if (rest.includes('--help') || rest.includes('-h')) {
        out(USAGE);
        return 0;
      }
      return fn(rest);
    }),
};
