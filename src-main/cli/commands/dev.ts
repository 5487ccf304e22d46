// `choreo dev parse DIR`: writes in/choreo.kform.dev.reconciler.<name>.yaml and
// in/choreo.kform.dev.library.<file>.yaml from reconcilers/ and libs/ (profile A; engine.md §1.3).
import { devParse, formatDiagnostic } from '../../engine/index.js';
import type { Command } from './command.js';
import { err, out, projectDir } from './data-common.js';
import { parseFlags, UsageError, withUsage } from '../flags.js';

const USAGE = `usage: choreo dev parse [DIR] [--dir DIR]
  Converts reconcilers/ and libs/ of project DIR into the generated input files under DIR/in/.
  (Not needed to run a project: \`choreo run once\` reads reconcilers/ and libs/ directly.)`;

export const devCommand: Command = {
  name: 'dev',
  run: (args) =>
    withUsage(USAGE, async () => {
      const p = parseFlags(args, {});
      if (p.help) return out(USAGE), 0;
      const [sub, dirArg, ...rest] = p.positional;
      if (sub !== 'parse' || rest.length > 0) throw new UsageError(sub ? `unknown dev command ${sub}` : 'expected: dev parse DIR');
      const dir = projectDir(dirArg ?? p.dir);
      const res = await devParse(dir);
      for (const w of res.written) out(`wrote ${w}`);
      for (const e of res.errors) err(formatDiagnostic(e));
      return res.errors.length > 0 ? 1 : 0;
    }),
};
