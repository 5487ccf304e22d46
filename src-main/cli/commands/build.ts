// `choreo build [REV]`: builds a commit (default HEAD) in an isolated checkout; `--list` shows the builds.
import { out } from './data-common.js';
import { INTERNAL_RECONCILERS_FLAGS, UsageError } from '../flags.js';
import { deliveryCommand, duration, short } from './delivery-verb.js';
import { textTable, timeCell } from '../text-table.js';

const USAGE = `usage: choreo build [REV] [-r] [--list] [--auto on|off] [--backends on|off] [--dir DIR]
Builds REV (branch, tag or commit; default HEAD) once: an isolated checkout of exactly that commit,
upstream refs pinned, the whole project checked, one run, and an immutable content-addressed artifact.
Prints the build id (deploy it with \`choreo deploy ENV BUILD\`). Exit 1 when the check or run failed.
  -r, --internal-reconcilers   check and run with the engine's built-in backends (IPAM/VLAN/AS/GENID
                  indexes, as \`run once -r\`); the build records it, and its health checks and
                  environment runners enable them too (deploy, promote and rollback need no flag)
  --list      list the builds (newest first; BACKENDS says which were made with -r)
  --auto on|off   auto build: the app builds every new commit on the current branch and deploys
                  successful builds to the first environment (the setting is stored per project)
  --backends on|off   build with the built-in backends without -r: the app's Build, auto build and
                  \`choreo build\` (the setting is stored per project; the app's "Built-in backends" box)
DIR defaults to the current folder.`;

/** `on` or `off` of a setting flag; a usage error naming the flag otherwise. */
function onOff(value: string, flag: string): boolean {
  if (value !== 'on' && value !== 'off') throw new UsageError(`${flag} takes on or off`);
  return value === 'on';
}

export const buildCommand = deliveryCommand({
  name: 'build',
  usage: USAGE,
  progress: true,
  flags: { bools: { '--list': 'list', ...INTERNAL_RECONCILERS_FLAGS }, values: { '--auto': 'auto', '--backends': 'backends' } },
  async run(d, args) {
    const { auto, backends } = args.values;
    if (auto !== undefined || backends !== undefined) {
      const s = await d.updateSettings({
        ...(auto !== undefined && { autoBuild: onOff(auto, '--auto') }),
        ...(backends !== undefined && { internalReconcilers: onOff(backends, '--backends') }),
      });
      if (auto !== undefined) out(`auto build ${s.autoBuild ? 'on' : 'off'} (runs while the app has the project open)`);
      if (backends !== undefined) out(`built-in backends ${s.internalReconcilers ? 'on' : 'off'} for the project's builds${s.internalReconcilers ? '' : ' (-r still enables them for one build)'}`);
      return 0;
    }
    if (args.bools.has('list')) {
      const rows = [['BUILD', 'COMMIT', 'STATUS', 'BACKENDS', 'CREATED', 'DURATION', 'OBJECTS', 'MESSAGE']];
      for (const b of await d.listBuilds()) rows.push([b.id, short(b.commit), b.status, b.internalReconcilers ? 'built-in' : '-', timeCell(b.createdAt), duration(b.durationMs), String(b.objectCount), b.message]);
      out(textTable(rows));
      return 0;
    }
    // -r for this build; without it, the project's setting decides (Delivery.build)
    const b = await d.build(args.positional[0] ?? 'HEAD', args.bools.has('internal') ? { internalReconcilers: true } : {});
    for (const f of b.findings) out(`${f.severity}: ${f.where ? f.where + ': ' : ''}${f.message}`);
    const keys = b.keys.map((k) => `${k.key}${k.kind === 'secret' ? ' (secret)' : ''}${k.required ? '' : ' (optional)'}`);
    out(`build ${b.id} of ${short(b.commit)}: ${b.status} (${b.message})${b.internalReconcilers ? ', with the built-in backends' : ''}`);
    out(`digest ${b.digest}`);
    if (keys.length) out(`uses keys: ${keys.join(', ')}`);
    if (b.refs.length) out(`pinned refs: ${b.refs.map((r) => `${r.name}@${short(r.commit)}`).join(', ')}`);
    return b.status === 'succeeded' ? 0 : 1;
  },
});
