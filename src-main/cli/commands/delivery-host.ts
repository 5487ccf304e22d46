// Delivery verbs that change what runs (deploy, promote, rollback, config set/unset, env delete) are done by
// the project's one host (issue 15 item 3): found through `.choreo/host.json`, started in the background when
// none runs (host/background-host.ts). The environment runners then live in the host and keep serving after
// this command exits. The command prints the progress of the executions it started, as a local one would.
import type { ExecutionKind } from '../../delivery/types.js';
import { ensureProjectHost, HostStartError, hostLogFile } from '../../host/background-host.js';
import { connectHost, HostCallError, type HostClient } from '../../host/host-client.js';
import { err } from './data-common.js';

/** Whose progress to print: the first new execution of `kind` (in `env`, when known) and the executions under it. */
export interface FollowExecutions {
  kind: ExecutionKind;
  env?: string;
}

/** What a verb does on the host; it calls `follow` before the request whose progress it prints. */
export interface HostWork {
  /**
   * Always on the host (it starts a runner), or only when a host runs or an environment serves a deployment
   * (a configuration change redeploys, deleting an environment stops its runner); otherwise it is done here.
   */
  always: boolean;
  run(client: HostClient, follow: (f: FollowExecutions) => void): Promise<number>;
}

/**
 * Runs `work` against the project's host (started when needed). Refusals print `choreo VERB: message` and
 * give exit code 1, as a local refusal does.
 */
export async function runOnProjectHost(verb: string, dir: string, work: HostWork, progress: boolean): Promise<number> {
  let client: HostClient;
  try {
    const host = await ensureProjectHost(dir);
    if (host.started) err(`started the project's host in the background (pid ${host.pid}; output in ${hostLogFile(dir)}); it keeps the deployments running after this command. \`choreo server stop\` stops it.`);
    client = await connectHost(host.url);
  } catch (e) {
    if (e instanceof HostStartError) {
      err(`choreo ${verb}: cannot start the project's host: ${e.message}`);
      return 1;
    }
    err(`choreo ${verb}: cannot reach the project's host: ${(e as Error).message}. \`choreo server status\` shows it; \`choreo server stop\` and a new command start it again.`);
    return 1;
  }
  let unfollow = () => {};
  const follow = (f: FollowExecutions) => {
    unfollow();
    if (progress) unfollow = followProgress(client, f);
  };
  try {
    return await work.run(client, follow);
  } catch (e) {
    if (e instanceof HostCallError) {
      err(`choreo ${verb}: ${e.message}`);
      return 1;
    }
    if ((e as Error).message === 'the host closed the connection') {
      err(`choreo ${verb}: the project's host stopped before it answered; its output is in ${hostLogFile(dir)}. \`choreo history\` shows what was done.`);
      return 1;
    }
    throw e;
  } finally {
    unfollow();
    client.close();
  }
}

/** Prints the progress lines of the executions this command started (see FollowExecutions); returns the unsubscribe. */
function followProgress(client: HostClient, follow: FollowExecutions): () => void {
  const mine = new Set<string>();
  const offExecution = client.on('delivery.execution', (x) => {
    if (mine.has(x.id)) return;
    const root = mine.size === 0 && !x.parentId && x.kind === follow.kind && (follow.env === undefined || x.env === follow.env);
    if (root || (x.parentId !== undefined && mine.has(x.parentId))) mine.add(x.id);
  });
  const offProgress = client.on('delivery.progress', (p) => {
    if (mine.has(p.executionId)) err(`  ${p.line}`);
  });
  return () => {
    offExecution();
    offProgress();
  };
}

/** The id of an environment given by id or name (execution events carry ids), or the reference itself. */
export async function environmentId(client: HostClient, ref: string): Promise<string> {
  const { environments } = await client.invoke('delivery.overview', {});
  return environments.find((o) => o.env.id === ref || o.env.name === ref)?.env.id ?? ref;
}
