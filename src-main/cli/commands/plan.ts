// `choreo plan [DIR] [-o json]`: what a run of the project as it is now would change against the last run
// (issue 13 item 2). Nothing is written. Exit 0: no change; 2: changes; 1: the planned run failed or
// could not start.
import { formatPlan, planProject, RunLoadError } from '../../engine/index.js';
import type { Command } from './command.js';
import { err, out, projectDir } from './data-common.js';
import { INTERNAL_RECONCILERS_FLAGS, parseFlags, UsageError, withUsage } from '../flags.js';

const USAGE = `usage: choreo plan [DIR] [--staged] [-r] [-o json] [--dir DIR]
  Runs the project as its files are now on a copy of the last run's store, writes nothing, and prints what
  the run would change against the last run's snapshot: + added, ~ changed (with each changed field),
  - deleted objects, then the totals.
  --staged  plan the files as the git index holds them (what a commit would hold), not the folder's
  -r, --internal-reconcilers  with the internal IPAM/VLAN/AS/GENID backends (as run once -r)
  Exit code: 0 no change, 2 changes, 1 the planned run failed or could not start.`;

export const planCommand: Command = {
  name: 'plan',
  run: (args) =>
    withUsage(USAGE, async () => {
      const p = parseFlags(args, { values: { '-o': 'output', '--output': 'output' }, bools: { ...INTERNAL_RECONCILERS_FLAGS, '--staged': 'staged' } });
      if (p.help) return out(USAGE), 0;
      if (p.positional.length > 1) throw new UsageError(`unexpected argument ${p.positional[1]}`);
      if (p.values.output !== undefined && p.values.output !== 'json') throw new UsageError(`unsupported output format ${p.values.output}, supported: json`);
      const dir = projectDir(p.positional[0] ?? p.dir);
      try {
        let sources;
        if (p.bools.has('staged')) {
          const { stagedFs } = await import('../../project/git/staged-fs.js');
          try {
            sources = await stagedFs(dir);
          } catch (e) {
            err(`choreo plan --staged: ${(e as Error).message}`);
            return 1;
          }
        }
        const plan = await planProject(dir, { internalReconcilers: p.bools.has('internal'), sources });
        out(p.values.output === 'json' ? JSON.stringify(plan, null, 2) : formatPlan(plan));
        if (!plan.success) return 1;
        return plan.items.length ? 2 : 0;
      } catch (e) {
        if (!(e instanceof RunLoadError)) throw e;
        err(`the project could not be planned: ${e.message}`);
        return 1;
      }
    }),
};
