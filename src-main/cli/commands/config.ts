// `choreo config set|unset|list`: configuration values and write-only secrets of an environment, or of
// every environment with ENV `all`. A secret VALUE of "-" is read from stdin (keeps it out of the shell
// history). Secrets are never printed. Active deployments of affected environments are redeployed.
import { out, err } from './data-common.js';
import { UsageError } from '../flags.js';
import { deliveryCommand, need } from './delivery-verb.js';
import { textTable, timeCell } from '../text-table.js';
import type { RedeployResult } from '../../delivery/index.js';

const USAGE = `usage: choreo config <command> [--dir DIR]
  list [ENV]                   values per scope (secrets show as ******); ENV "all" = global values
  set ENV KEY VALUE [--secret] set a value (VALUE "-" reads stdin); --secret stores it encrypted, write-only
  unset ENV KEY                remove a value
ENV is an environment or "all" (every environment; an environment's own value wins).
Changing a value redeploys the environment's active deployment with the new configuration; set and unset
are done by the project's host (started in the background when none runs), which serves the deployments.
DIR defaults to the current folder.`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function printRedeployed(list: Array<RedeployResult | { env: string; deploymentId?: string; error?: string }>): number {
  let code = 0;
  for (const r of list) {
    if ('deploymentId' in r && r.deploymentId) out(`redeployed ${r.env}: new deployment ${r.deploymentId}`);
    else {
      err(`${r.env}: kept the current deployment: ${'error' in r ? r.error : 'no reason given'}`);
      code = 1;
    }
  }
  return code;
}

export const configCommand = deliveryCommand({
  name: 'config',
  usage: USAGE,
  progress: true,
  flags: { bools: { '--secret': 'secret' } },
  async run(d, args) {
    const [sub = 'list', ...rest] = args.positional;
    switch (sub) {
      case 'list': {
        const rows = [['SCOPE', 'KEY', 'VALUE', 'UPDATED']];
        for (const e of await d.listConfig(rest[0])) rows.push([e.scope, e.key, e.secret ? '****** (secret)' : JSON.stringify(e.value ?? ''), timeCell(e.updatedAt)]);
        out(textTable(rows));
        return 0;
      }
      case 'set': {
        need(args, 4, 'ENV KEY VALUE');
        const [scope, key, raw] = rest as [string, string, string];
        const secret = args.bools.has('secret');
        const value = raw === '-' ? await readStdin() : raw;
        const { entry, redeployed } = await d.setConfig(scope, key, value, secret);
        out(`set ${entry.key} in ${entry.scope}${entry.secret ? ' (secret, encrypted)' : ''}`);
        return printRedeployed(redeployed);
      }
      case 'unset': {
        need(args, 3, 'ENV KEY');
        const { removed, redeployed } = await d.unsetConfig(rest[0]!, rest[1]!);
        out(removed ? `removed ${rest[1]} from ${rest[0]}` : `${rest[1]} was not set in ${rest[0]}`);
        return printRedeployed(redeployed);
      }
      default:
        throw new UsageError(`unknown config command "${sub}"`);
    }
  },
  onHost(args) {
    const [sub, ...rest] = args.positional;
    if (sub === 'set') {
      need(args, 4, 'ENV KEY VALUE');
      const [scope, key, raw] = rest as [string, string, string];
      const secret = args.bools.has('secret');
      return {
        always: false,
        async run(host, follow) {
          const value = raw === '-' ? await readStdin() : raw;
          follow({ kind: 'deploy' }); // the redeploys
          const { entry, redeployed } = await host.invoke('delivery.config.set', { scope, key, value, secret });
          out(`set ${entry.key} in ${entry.scope}${entry.secret ? ' (secret, encrypted)' : ''}`);
          return printRedeployed(redeployed);
        },
      };
    }
    if (sub === 'unset') {
      need(args, 3, 'ENV KEY');
      const [scope, key] = rest as [string, string];
      return {
        always: false,
        async run(host, follow) {
          follow({ kind: 'deploy' });
          const { removed, redeployed } = await host.invoke('delivery.config.unset', { scope, key });
          out(removed ? `removed ${key} from ${scope}` : `${key} was not set in ${scope}`);
          return printRedeployed(redeployed);
        },
      };
    }
    return undefined;
  },
});
