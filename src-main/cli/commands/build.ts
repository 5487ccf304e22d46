// `choreo build [REV]`: builds a commit (default HEAD) in an isolated checkout; `--list` shows the builds.
import { out } from './data-common.js';
import { UsageError } from '../flags.js';
import { deliveryCommand, duration, short } from './delivery-verb.js';
import { textTable, timeCell } from '../text-table.js';

const USAGE = `usage: choreo build [REV] [--list] [--auto on|off] [--dir DIR]
Builds REV (branch, tag or commit; default HEAD) once: an isolated checkout of exactly that commit,
upstream refs pinned, the whole project checked, one run, and an immutable content-addressed artifact.
Prints the build id (deploy it with \`choreo deploy ENV BUILD\`). Exit 1 when the check or run failed.
  --list      list the builds (newest first)
  --auto on|off   auto build: the app builds every new commit on the current branch and deploys
                  successful builds to the first environment (the setting is stored per project)
DIR defaults to the current folder.`;

export const buildCommand = deliveryCommand({
  name: 'build',
  usage: USAGE,
  progress: true,
  flags: { bools: { '--list': 'list' }, values: { '--auto': 'auto' } },
  async run(d, args) {
    if (args.values.auto !== undefined) {
      if (args.values.auto !== 'on' && args.values.auto !== 'off') throw new UsageError('--auto takes on or off');
      const s = await d.updateSettings({ autoBuild: args.values.auto === 'on' });
      out(`auto build ${s.autoBuild ? 'on' : 'off'} (runs while the app has the project open)`);
      return 0;
    }
    if (args.bools.has('list')) {
      const rows = [['BUILD', 'COMMIT', 'STATUS', 'CREATED', 'DURATION', 'OBJECTS', 'MESSAGE']];
      for (const b of await d.listBuilds()) rows.push([b.id, short(b.commit), b.status, timeCell(b.createdAt), duration(b.durationMs), String(b.objectCount), b.message]);
      out(textTable(rows));
      return 0;
    }
    const b = await d.build(args.positional[0] ?? 'HEAD');
    for (const f of b.findings) out(`${f.severity}: ${f.where ? f.where + ': ' : ''}${f.message}`);
    const keys = b.keys.map((k) => `${k.key}${k.kind === 'secret' ? ' (secret)' : ''}${k.required ? '' : ' (optional)'}`);
    out(`build ${b.id} of ${short(b.commit)}: ${b.status} (${b.message})`);
    out(`digest ${b.digest}`);
    if (keys.length) out(`uses keys: ${keys.join(', ')}`);
    if (b.refs.length) out(`pinned refs: ${b.refs.map((r) => `${r.name}@${short(r.commit)}`).join(', ')}`);
    return b.status === 'succeeded' ? 0 : 1;
  },
});
