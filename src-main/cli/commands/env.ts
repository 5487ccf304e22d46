// `choreo env list|create|rename|order|delete`: the project's environments (promotion order = list order).
import { out } from './data-common.js';
import { UsageError } from '../flags.js';
import { deliveryCommand, need, short } from './delivery-verb.js';
import { textTable, timeCell } from '../text-table.js';

const USAGE = `usage: choreo env <command> [--dir DIR]
  list                         environments in promotion order, with their active deployment
  create NAME [--position N]   add an environment (lower-case letters, digits, "-"); N = 0-based place in the order
  rename ENV NAME              change the name shown (the id stays)
  order ENV ENV...             set the promotion order (every environment once)
  delete ENV                   stop its runner and forget its configuration and secrets
DIR defaults to the current folder.`;

export const envCommand = deliveryCommand({
  name: 'env',
  usage: USAGE,
  flags: { values: { '--position': 'position' } },
  async run(d, args) {
    const [sub = 'list', ...rest] = args.positional;
    switch (sub) {
      case 'list': {
        const rows = [['ENVIRONMENT', 'NAME', 'DEPLOYMENT', 'BUILD', 'COMMIT', 'DEPLOYED', 'HEALTH']];
        for (const o of await d.overview()) {
          const a = o.active;
          rows.push([o.env.id, o.env.name, a?.id ?? '-', a?.buildId ?? '-', short(a?.commit), (a ? timeCell(a.createdAt) : '-'), a ? (a.health?.healthy ? 'healthy' : 'unhealthy') + (o.missingKeys.length ? ` (missing: ${o.missingKeys.join(', ')})` : '') : '-']);
        }
        out(textTable(rows));
        return 0;
      }
      case 'create': {
        need(args, 2, 'NAME');
        const pos = args.values.position === undefined ? undefined : Number(args.values.position);
        if (pos !== undefined && !(Number.isInteger(pos) && pos >= 0)) throw new UsageError('--position needs a whole number >= 0');
        const env = await d.createEnvironment(rest[0]!, pos);
        out(`created environment ${env.id}`);
        return 0;
      }
      case 'rename': {
        need(args, 3, 'ENV NAME');
        const env = await d.renameEnvironment(rest[0]!, rest.slice(1).join(' '));
        out(`environment ${env.id} is now called "${env.name}"`);
        return 0;
      }
      case 'order': {
        need(args, 2, 'ENV...');
        const ids = [];
        for (const r of rest) ids.push((await d.environments.get(r)).id);
        out((await d.reorderEnvironments(ids)).map((e) => e.id).join(' -> '));
        return 0;
      }
      case 'delete': {
        need(args, 2, 'ENV');
        const env = await d.deleteEnvironment(rest[0]!);
        out(`deleted environment ${env.id}`);
        return 0;
      }
      default:
        throw new UsageError(`unknown env command "${sub}"`);
    }
  },
});
