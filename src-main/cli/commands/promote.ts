// `choreo promote FROM [TO]`: promotes the build active in FROM to TO (default: the next environment).
import { out } from './data-common.js';
import { deliveryCommand, describeDeployment, need } from './delivery-verb.js';

const USAGE = `usage: choreo promote FROM [TO] [--dir DIR]
Promotes the build deployed in FROM to TO (default: the next environment in order). The build is first
health-checked with TO's configuration in a separate runner; TO switches only when healthy, otherwise the
promotion is refused (exit 1) with the failing resources and conditions and TO keeps its deployment.
DIR defaults to the current folder.`;

export const promoteCommand = deliveryCommand({
  name: 'promote',
  usage: USAGE,
  progress: true,
  async run(d, args) {
    need(args, 1, 'FROM');
    out(describeDeployment(await d.promote(args.positional[0]!, args.positional[1])));
    return 0;
  },
});
