// `choreo api-resources [-o wide|name] [--dir DIR]`: the APIs of the project (built-ins, crds/, and
// what the last run registered), sorted by resource name.
import type { Command } from './command.js';
import { textTable } from '../text-table.js';
import { openProjectStore, out, projectDir } from './data-common.js';
import { parseFlags, UsageError, withUsage } from '../flags.js';

const USAGE = `usage: choreo api-resources [-o name] [--dir DIR]
  Lists the registered APIs: NAME GROUP VERSION KIND NAMESPACED CATEGORIES (sorted by NAME).`;

export const apiResourcesCommand: Command = {
  name: 'api-resources',
  run: (args) =>
    withUsage(USAGE, async () => {
      const p = parseFlags(args, { values: { '-o': 'output', '--output': 'output' } });
      if (p.help) return out(USAGE), 0;
      if (p.positional.length > 0) throw new UsageError(`unexpected argument ${p.positional[0]}`);
      const store = await openProjectStore(projectDir(p.dir));
      const apis = store.apis();
      if (p.values.output === 'name') {
        out(apis.map((a) => `${a.resource}.${a.group}`).join('\n'));
        return 0;
      }
      if (p.values.output !== undefined && p.values.output !== 'wide') throw new UsageError(`unsupported output format ${p.values.output}, supported: name wide`);
      const rows = [['NAME', 'GROUP', 'VERSION', 'KIND', 'NAMESPACED', 'CATEGORIES']];
      for (const a of apis) rows.push([a.resource, a.group, a.version, a.kind, String(a.namespaced), a.categories.join(',')]);
      // three spaces between columns, as kubectl api-resources prints them
      out(textTable(rows, 3));
      return 0;
    }),
};
