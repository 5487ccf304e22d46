// `choreo rollback ENV [DEPLOYMENT|BUILD]`: back to the previous deployment (build + its configuration).
import { out } from './data-common.js';
import { deliveryCommand, describeDeployment, need, short } from './delivery-verb.js';
import { environmentId } from './delivery-host.js';
import { textTable, timeCell } from '../text-table.js';

const USAGE = `usage: choreo rollback ENV [DEPLOYMENT|BUILD] [--list] [--dir DIR]
Makes an earlier deployment of ENV active again, with the build and configuration it had (default: the
one before the current). BUILD (id, digest, or a unique prefix of either) names the newest earlier
deployment of that build. --list shows ENV's deployments. The project's host does the rollback (started
in the background when none runs); ENV keeps running after this command.
DIR defaults to the current folder.`;

export const rollbackCommand = deliveryCommand({
  name: 'rollback',
  usage: USAGE,
  progress: true,
  flags: { bools: { '--list': 'list' } },
  async run(d, args) {
    need(args, 1, 'ENV');
    if (args.bools.has('list')) {
      const rows = [['DEPLOYMENT', 'BUILD', 'COMMIT', 'CREATED', 'REASON', 'STATUS']];
      for (const x of await d.deployments(args.positional[0])) rows.push([x.id, x.buildId, short(x.commit), timeCell(x.createdAt), x.reason, x.status]);
      out(textTable(rows));
      return 0;
    }
    out(describeDeployment(await d.rollback(args.positional[0]!, args.positional[1])));
    return 0;
  },
  onHost(args) {
    need(args, 1, 'ENV');
    if (args.bools.has('list')) return undefined;
    const [ref, deployment] = args.positional as [string, string | undefined];
    return {
      always: true,
      async run(host, follow) {
        const env = await environmentId(host, ref);
        follow({ kind: 'rollback', env });
        out(describeDeployment(await host.invoke('delivery.rollback', { env, ...(deployment ? { deployment } : {}) })));
        return 0;
      },
    };
  },
});
