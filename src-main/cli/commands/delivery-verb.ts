// What the delivery CLI verbs share ({env,config,build,deploy,promote,rollback,history,logs}.ts beside
// this file): flag parsing with --dir/--help, opening the project's Delivery (secrets in the app
// data folder; CHOREO_STUDIO_HOME overrides it), progress lines on stderr, and exit codes: 0 ok, 1 the
// operation was refused or failed (the message says why and what to do), 2 usage.
// What changes which runners serve (deploy, promote, rollback, config set/unset, env delete) is done by the
// project's host (./delivery-host.ts), so deployments keep running after the command; the rest reads and
// writes the project's delivery files here, under their cross-process locks. When the project has active
// deployments but no host runs (a crash, a reboot, `server stop`), any delivery command starts the host
// again, which resumes them.
import { Delivery } from '../../delivery/delivery.js';
import { DeliveryError, type Deployment, type Execution, type PublishedCommit } from '../../delivery/types.js';
import { commitWebUrl } from '../../../src-shared/git/commit-link.js';
import { resolveAppDataDir } from '../../project/settings.js';
import { timeCell } from '../text-table.js';
import type { Command } from './command.js';
import { err, projectDir } from './data-common.js';
import { parseFlags, UsageError, withUsage, type FlagSpec, type ParsedArgs } from '../flags.js';
import { ensureProjectHost } from '../../host/background-host.js';
import { hostState } from '../../host/host-lock.js';
import { runOnProjectHost, type HostWork } from './delivery-host.js';

export interface DeliveryVerb {
  name: string;
  usage: string;
  flags?: FlagSpec;
  /** Print progress lines of executions on stderr (long operations). */
  progress?: boolean;
  run(d: Delivery, args: ParsedArgs): Promise<number>;
  /** The work to do on the project's host instead, when these arguments change what runs. */
  onHost?(args: ParsedArgs): HostWork | undefined;
}

export function deliveryCommand(v: DeliveryVerb): Command {
  return {
    name: v.name,
    run: (argv) =>
      withUsage(v.usage, async () => {
        const args = parseFlags(argv, v.flags ?? {});
        if (args.help) {
          process.stdout.write(v.usage + '\n');
          return 0;
        }
        const dir = projectDir(args.dir);
        const onHost = v.onHost?.(args);
        // Builds and environment runners run in runner threads with a heap limit (loaded here: only these verbs need them).
        const { threadDeliveryRunners } = await import('../../host/workers/delivery-runners.js');
        const d = await Delivery.open({
          projectRoot: dir,
          appDataDir: resolveAppDataDir(),
          runners: threadDeliveryRunners(),
          onEvent: v.progress ? (e) => e.type === 'progress' && err(`  ${e.line}`) : undefined,
        });
        try {
          // dev runs made since the last look (run once, prod mode) join the history first
          await d.importLastRun().catch(() => undefined);
          if (onHost && (onHost.always || (await hostState(dir)).state === 'running' || (await d.activeDeployments()).length > 0)) {
            return await runOnProjectHost(v.name, dir, onHost, v.progress ?? false);
          }
          await resumeDeployments(d, dir);
          return await v.run(d, args);
        } catch (e) {
          if (e instanceof UsageError) throw e;
          if (e instanceof DeliveryError) {
            err(`choreo ${v.name}: ${e.message}`);
            return 1;
          }
          throw e;
        } finally {
          await d.close();
        }
      }),
  };
}

/** Active deployments and no host (it crashed, the machine rebooted, or it was stopped): the host is started again and resumes them. */
async function resumeDeployments(d: Delivery, dir: string): Promise<void> {
  if ((await d.activeDeployments()).length === 0) return;
  try {
    const h = await ensureProjectHost(dir);
    if (h.started) err(`the project's host was not running; started it again (pid ${h.pid}) and it resumes the active deployments`);
  } catch (e) {
    err(`warning: the project's active deployments are not served: ${(e as Error).message}`);
  }
}

export function need(args: ParsedArgs, n: number, what: string): void {
  if (args.positional.length < n) throw new UsageError(`missing ${what}`);
}

export function short(commit: string | undefined): string {
  return commit ? commit.slice(0, 12) : '-';
}

export function duration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  return ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`;
}

export function describeDeployment(d: Deployment): string {
  return `deployment ${d.id} of build ${d.buildId} (${short(d.commit)}) in ${d.env}: ${d.status}${d.health ? `, ${d.health.message}` : ''}${d.published ? `\n${publishedLine(d.published)}` : ''}`;
}

/** Where a deployment was published: commit, branch, repository, and the commit's web page when known. */
export function publishedLine(p: PublishedCommit): string {
  const web = commitWebUrl(p);
  return `published ${p.commit} on ${p.branch} of ${p.url}${p.unchanged ? ' (the branch already held these objects)' : ''}${web ? ` — ${web}` : ''}`;
}

export function executionRow(e: Execution): string[] {
  return [e.id, e.kind, e.trigger, e.env ?? '-', `${short(e.commit)}${e.dirty ? '*' : ''}`, timeCell(e.startedAt), duration(e.durationMs), e.status, e.summary ?? ''];
}
