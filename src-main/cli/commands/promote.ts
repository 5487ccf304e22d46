// `choreo promote FROM [TO] [--build BUILD]`: promotes the build active in FROM (or an earlier one that ran there) to TO (default: the next environment).
import { out } from './data-common.js';
import { deliveryCommand, describeDeployment, need } from './delivery-verb.js';
import { environmentId } from './delivery-host.js';

const USAGE = `usage: choreo promote FROM [TO] [--build BUILD] [--dir DIR]
Promotes the build deployed in FROM to TO (default: the next environment in order). --build promotes an
earlier build that ran healthy in FROM instead (id, digest, or a unique prefix of either). The build is first
health-checked with TO's configuration in a separate runner; TO switches only when healthy, otherwise the
promotion is refused (exit 1) with the failing resources and conditions and TO keeps its deployment.
The project's host does it (started in the background when none runs); TO keeps running after this command.
DIR defaults to the current folder.`;

export const promoteCommand = deliveryCommand({
  name: 'promote',
  usage: USAGE,
  progress: true,
  flags: { values: { '--build': 'build' } },
  async run(d, args) {
    need(args, 1, 'FROM');
    out(describeDeployment(await d.promote(args.positional[0]!, args.positional[1], { build: args.values.build })));
    return 0;
  },
  onHost(args) {
    need(args, 1, 'FROM');
    const [from, to] = args.positional as [string, string | undefined];
    return {
      always: true,
      async run(host, follow) {
        follow({ kind: 'promotion', ...(to ? { env: await environmentId(host, to) } : {}) });
        out(describeDeployment(await host.invoke('delivery.promote', { from, ...(to ? { to } : {}), ...(args.values.build ? { build: args.values.build } : {}) })));
        return 0;
      },
    };
  },
});
