// `choreo deploy ENV BUILD`: deploys a build with ENV's configuration (refused for failed builds, missing
// keys or an unhealthy result), through the project's host, whose runner keeps serving after the command.
import { out } from './data-common.js';
import { deliveryCommand, describeDeployment, need } from './delivery-verb.js';
import { environmentId } from './delivery-host.js';

const USAGE = `usage: choreo deploy ENV BUILD [--dir DIR]
Deploys BUILD to ENV with ENV's configuration and secrets: starts a runner, health-checks it (every object of a
reconciled kind Current, as kstatus judges it: see src-main/delivery/README.md) and switches only when healthy.
BUILD is a build id, the digest \`choreo build\` prints (or sha256:DIGEST), a unique prefix of either, or a
commit prefix (see \`choreo build --list\`); an ambiguous prefix is refused with the candidates listed.
Refused (exit 1) when the build failed, ENV lacks a required key (listed), or the result is unhealthy.
The project's host does it (\`choreo server status\`), started in the background when none runs: the
deployment keeps running after this command exits, until \`choreo server stop\`.
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
  onHost(args) {
    need(args, 2, 'ENV BUILD');
    const [env, build] = args.positional as [string, string];
    return {
      always: true,
      async run(host, follow) {
        const id = await environmentId(host, env);
        follow({ kind: 'deploy', env: id });
        out(describeDeployment(await host.invoke('delivery.deploy', { env: id, build })));
        return 0;
      },
    };
  },
});
