// `choreo deploy ENV BUILD`: deploys a build with ENV's configuration (refused for failed builds, missing
// keys or an unhealthy result). The CLI stops the runner when it exits; the app keeps it running.
import { out } from './data-common.js';
import { deliveryCommand, describeDeployment, need } from './delivery-verb.js';

const USAGE = `usage: choreo deploy ENV BUILD [--dir DIR]
Deploys BUILD to ENV with ENV's configuration and secrets: starts a runner, health-checks it (every object of a
reconciled kind Current, as kstatus judges it: see src-main/delivery/README.md) and switches only when healthy.
BUILD is a build id, the digest \`choreo build\` prints (or sha256:DIGEST), a unique prefix of either, or a
commit prefix (see \`choreo build --list\`); an ambiguous prefix is refused with the candidates listed.
Refused (exit 1) when the build failed, ENV lacks a required key (listed), or the result is unhealthy.
DIR defaults to the current folder.`;

export const deployCommand = deliveryCommand({
  name: 'deploy',
  usage: USAGE,
  progress: true,
  async run(d, args) {
    need(args, 2, 'ENV BUILD');
    out(describeDeployment(await d.deploy(args.positional[0]!, args.positional[1]!)));
    return 0;
  },
});
