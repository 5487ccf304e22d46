// `choreo env list|create|rename|order|delete|gitops`: the project's environments (promotion order = list
// order) and where each publishes its deployments (GitOps).
import { out } from './data-common.js';
import { UsageError } from '../flags.js';
import { deliveryCommand, need, short } from './delivery-verb.js';
import { textTable, timeCell } from '../text-table.js';
import { CredentialStore } from '../../project/git/auth.js';
import { resolveAppDataDir } from '../../project/settings.js';
import { envCredentials } from './server-apply.js';

const USAGE = `usage: choreo env <command> [--dir DIR]
  list                         environments in promotion order, with their active deployment
  create NAME [--position N]   add an environment (lower-case letters, digits, "-"); N = 0-based place in the order
  rename ENV NAME              change the name shown (the id stays)
  order ENV ENV...             set the promotion order (every environment once)
  delete ENV                   stop its runner (in the project's host) and forget its configuration and secrets
  gitops ENV [URL [--branch B] | --off]
                               show, set or remove where ENV publishes each deployment (deploy, promote,
                               rollback): one YAML per object + kustomization.yaml, one commit on branch B
                               (default: the environment id) of the https repository URL, for Argo CD or
                               Flux to sync. Credentials: stored by the app for the URL's host; with
                               CHOREO_GIT_USERNAME and CHOREO_GIT_TOKEN set, this command stores them
                               (encrypted) for that host. A deployment whose objects hold a secret's value
                               is refused, not published.
DIR defaults to the current folder.`;

export const envCommand = deliveryCommand({
  name: 'env',
  usage: USAGE,
  flags: { values: { '--position': 'position', '--branch': 'branch' }, bools: { '--off': 'off' } },
  async run(d, args) {
    const [sub = 'list', ...rest] = args.positional;
    switch (sub) {
      case 'list': {
        const rows = [['ENVIRONMENT', 'NAME', 'DEPLOYMENT', 'BUILD', 'COMMIT', 'DEPLOYED', 'HEALTH', 'PUBLISHED']];
        for (const o of await d.overview()) {
          const a = o.active;
          const published = a?.published ? `${short(a.published.commit)} on ${a.published.branch}` : o.env.gitops ? `(publishes to ${o.env.gitops.branch})` : '-';
          rows.push([o.env.id, o.env.name, a?.id ?? '-', a?.buildId ?? '-', short(a?.commit), (a ? timeCell(a.createdAt) : '-'), a ? (a.health?.healthy ? 'healthy' : 'unhealthy') + (o.missingKeys.length ? ` (missing: ${o.missingKeys.join(', ')})` : '') : '-', published]);
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
      case 'gitops': {
        need(args, 2, 'ENV');
        const [ref, url, extra] = rest;
        if (extra !== undefined) throw new UsageError(`unexpected "${extra}" (one URL; the branch goes with --branch)`);
        if (args.bools.has('off')) {
          if (url !== undefined || args.values.branch !== undefined) throw new UsageError('--off takes no URL or --branch');
          const env = await d.setGitOps(ref!, undefined);
          out(`${env.id} no longer publishes its deployments`);
          return 0;
        }
        if (url === undefined) {
          const env = await d.environments.get(ref!);
          out(env.gitops ? `${env.id} publishes to ${env.gitops.url} (branch ${env.gitops.branch})` : `${env.id} does not publish its deployments; set a repository with \`choreo env gitops ${env.id} URL [--branch B]\``);
          return 0;
        }
        const envId = (await d.environments.get(ref!)).id;
        const env = await d.setGitOps(envId, { url, branch: args.values.branch ?? envId });
        const given = envCredentials();
        if (given) await new CredentialStore(resolveAppDataDir()).set(env.gitops!.url, given);
        out(`${env.id} publishes each deployment to ${env.gitops!.url} (branch ${env.gitops!.branch})${given ? '; credentials stored for its host' : ''}`);
        return 0;
      }
      default:
        throw new UsageError(`unknown env command "${sub}"`);
    }
  },
  onHost(args) {
    const [sub, ref] = args.positional;
    if (sub !== 'delete') return undefined;
    need(args, 2, 'ENV');
    return {
      always: false, // the host stops the environment's runner
      async run(host) {
        const env = await host.invoke('delivery.env.delete', { env: ref! });
        out(`deleted environment ${env.id}`);
        return 0;
      },
    };
  },
});
