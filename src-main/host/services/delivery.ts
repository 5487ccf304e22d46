// Handlers of the delivery channels (src-shared/ipc/channels/delivery.ts): one Delivery per host and open
// project (runners of active deployments are resumed when it opens and stay up while it is open), its
// events forwarded to the renderer, DeliveryErrors turned into typed HostErrors with actionable messages.
//
// In the app, a project whose setting "keep deployments running" is on is not delivered here: every request
// goes to the project's background host (the one the CLI uses, ../background-host.ts), started when none runs,
// and its events come back, so its deployments outlive the app. Turning the setting on or off moves the
// project's secrets between the app's store (OS keychain) and the host's (key file) and hands the runners
// over (docs/design-notes.md, "Deployments that outlive the app").
import type { deliveryChannels } from '../../../src-shared/ipc/channels/delivery.js';
import type { ChannelName, ErrorCode, Request, Response } from '../../../src-shared/ipc/contract.js';
import { Delivery, DeliveryError, moveProjectSecrets, readDeliverySettings, type DeliverySettings } from '../../delivery/index.js';
import { ensureProjectHost, stopProjectHost } from '../background-host.js';
import { HostError, type HandlerGroup, type HostContext, type ProjectHostOptions } from '../handlers.js';
import { connectHost, HostCallError, type HostClient } from '../host-client.js';
import { hostState } from '../host-lock.js';
import { threadDeliveryRunners } from '../workers/delivery-runners.js';

const CODE: Record<DeliveryError['code'], ErrorCode> = {
  'not-found': 'not-found',
  invalid: 'invalid-request',
  'missing-keys': 'conflict',
  unhealthy: 'conflict',
  'build-failed': 'conflict',
  cancelled: 'unavailable',
  git: 'not-a-repo',
};

/** Where the open project's delivery runs: here, or in its background host (reached as a client). */
type Route = { kind: 'local'; delivery: Delivery; timer: NodeJS.Timeout } | { kind: 'remote'; client: HostClient; pid: number; off: () => void };

interface Service {
  root: string;
  route: Promise<Route>;
}

const services = new WeakMap<object, Service>();

async function openLocal(ctx: HostContext, root: string): Promise<Route> {
  const d = await Delivery.open({
    projectRoot: root,
    appDataDir: ctx.appDataDir,
    encryptor: ctx.encryptor,
    runners: threadDeliveryRunners({ limits: ctx.limits }),
    restartDeadRunners: true,
    onEvent: (e) => {
      if (e.type === 'progress') ctx.emit('delivery.progress', { executionId: e.executionId, line: e.line });
      else if (e.type === 'execution') ctx.emit('delivery.execution', e.execution);
      else ctx.emit('delivery.changed', { what: e.what });
    },
  });
  // Active deployments serve again after a restart; dev runs (run once / prod mode) join the history.
  void d.resume().catch(() => undefined);
  d.watchCommits(true);
  await d.importLastRun().catch(() => undefined);
  const timer = setInterval(() => void d.importLastRun().catch(() => undefined), 2000);
  timer.unref?.();
  return { kind: 'local', delivery: d, timer };
}

/** Connects to the project's background host (started when none runs: it resumes the active deployments). */
async function openRemote(ctx: HostContext, projectHost: ProjectHostOptions, root: string): Promise<Route> {
  const host = await ensureProjectHost(root, projectHost.start);
  const client = await connectHost(host.url);
  const offs = [
    client.on('delivery.progress', (p) => ctx.emit('delivery.progress', p)),
    client.on('delivery.execution', (x) => ctx.emit('delivery.execution', x)),
    client.on('delivery.changed', (c) => ctx.emit('delivery.changed', c)),
  ];
  return { kind: 'remote', client, pid: host.pid, off: () => offs.forEach((off) => off()) };
}

/** Whether the app hands this project to its background host (never in the host itself: it has no projectHost). */
async function handsOver(ctx: HostContext, root: string): Promise<ProjectHostOptions | undefined> {
  if (!ctx.projectHost) return undefined;
  return (await readDeliverySettings(root)).keepDeploymentsRunning ? ctx.projectHost : undefined;
}

async function openRoute(ctx: HostContext, root: string): Promise<Route> {
  const projectHost = await handsOver(ctx, root);
  return projectHost ? openRemote(ctx, projectHost, root) : openLocal(ctx, root);
}

function install(ctx: HostContext, root: string, route: Promise<Route>): Promise<Route> {
  const service: Service = { root, route };
  services.set(ctx, service);
  // a route that failed to open (a host that did not start) is tried again on the next request
  route.catch(() => services.get(ctx) === service && services.delete(ctx));
  return route;
}

/** The open project's delivery route; another project replaces it, a background host that went away is reached again. */
async function routeFor(ctx: HostContext): Promise<Route> {
  const root = ctx.projectRoot();
  const s = services.get(ctx);
  if (s && s.root !== root) await disposeDeliveryService(ctx);
  else if (s) {
    const route = await s.route;
    if (route.kind === 'local' || !route.client.closed) return route;
    // the host crashed or was stopped: the next host (started now) resumes the deployments
    if (services.get(ctx) === s) await disposeDeliveryService(ctx);
    else return routeFor(ctx);
  }
  const current = services.get(ctx);
  if (current && current.root === root) return current.route;
  return install(ctx, root, openRoute(ctx, root));
}

/** Opens the open project's delivery now (its active deployments serve again, here or in its background host). */
export async function resumeDeliveryService(ctx: HostContext): Promise<void> {
  await routeFor(ctx);
}

/** Stops runners, polling and watchers of a host's delivery service (host shutdown, tests); a background host keeps running. */
export async function disposeDeliveryService(ctx: HostContext): Promise<void> {
  const s = services.get(ctx);
  services.delete(ctx);
  const route = await s?.route.catch(() => undefined);
  if (route) await closeRoute(route);
}

async function closeRoute(route: Route): Promise<void> {
  if (route.kind === 'local') {
    clearInterval(route.timer);
    await route.delivery.close();
  } else {
    route.off();
    route.client.close();
  }
}

type DeliveryChannel = keyof typeof deliveryChannels & ChannelName;

/** A request to the background host; its refusals keep their code and message. */
async function forward<C extends DeliveryChannel>(route: Route & { kind: 'remote' }, channel: C, request: Request<C>): Promise<Response<C>> {
  try {
    return await route.client.invoke(channel, request);
  } catch (err) {
    if (err instanceof HostCallError) throw new HostError(err.code as ErrorCode, err.message);
    throw new HostError('unavailable', `The project's background host (pid ${route.pid}) stopped before it answered (${(err as Error).message}); the next request starts it again. \`choreo history\` shows what was done.`);
  }
}

/** Runs `fn` on the project's Delivery here, or sends the request to the project's background host. */
async function guard<C extends DeliveryChannel, T>(ctx: HostContext, channel: C, request: Request<C>, fn: (d: Delivery) => Promise<T>): Promise<T | Response<C>> {
  const route = await routeFor(ctx);
  if (route.kind === 'remote') return forward(route, channel, request);
  try {
    return await fn(route.delivery);
  } catch (err) {
    if (err instanceof DeliveryError) throw new HostError(CODE[err.code], err.message);
    throw err;
  }
}

/**
 * Saves the settings; turning "keep deployments running" on or off in the app moves the project between the
 * app and its background host: the runners here stop (or the host is stopped), the project's secrets are
 * re-sealed for the other side, and the other side resumes the active deployments.
 */
async function setSettings(ctx: HostContext, patch: Request<'delivery.settings.set'>): Promise<DeliverySettings> {
  const route = await routeFor(ctx);
  const projectHost = ctx.projectHost;
  const toHost = patch.keepDeploymentsRunning;
  if (!projectHost || toHost === undefined || toHost === (route.kind === 'remote')) {
    return (await guard(ctx, 'delivery.settings.set', patch, (d) => d.updateSettings(patch))) as DeliverySettings;
  }
  const root = ctx.projectRoot();
  const app = { dir: ctx.appDataDir, encryptor: ctx.encryptor };
  const host = { dir: projectHost.appDataDir };
  // The setting is saved where the project is delivered now; the handover is installed as the route at once,
  // so requests meanwhile wait for it rather than open a route of their own.
  const settings = route.kind === 'local' ? await route.delivery.updateSettings(patch) : await forward(route, 'delivery.settings.set', patch);
  const handover = async (): Promise<Route> => {
    await closeRoute(route); // the app's runners stop, or the app lets go of the host
    // the host is (re)started after the move: one the CLI started before it could not open the app's secrets
    await stopHost(root);
    if (toHost) {
      await moveProjectSecrets(root, app, host);
      return openRemote(ctx, projectHost, root);
    }
    await moveProjectSecrets(root, host, app);
    return openLocal(ctx, root);
  };
  await install(ctx, root, handover());
  return settings;
}

async function stopHost(root: string): Promise<void> {
  const stopped = await stopProjectHost(root);
  if (!stopped.stopped) {
    throw new HostError('unavailable', `The project's background host (pid ${stopped.pid}) did not stop within 15 s; it may be finishing a deployment. Try again, or stop it with \`choreo server stop ${root}\`.`);
  }
}

/** Which process runs the deployments of the open project here: this one, and whether it is the project's host. */
async function runsIn(root: string): Promise<{ pid: number; projectHost: boolean }> {
  const s = await hostState(root);
  // the holder reads its own file as "stopped" (hostState speaks of other processes), with the file's info
  const holder = s.state === 'running' ? s.info : s.stale;
  return { pid: process.pid, projectHost: holder?.pid === process.pid };
}

export const deliveryHandlers: HandlerGroup<typeof deliveryChannels> = {
  'delivery.overview': (r, ctx) =>
    guard(ctx, 'delivery.overview', r, async (d) => ({
      environments: await d.overview(),
      builds: await d.listBuilds(),
      settings: await d.settings(),
      runningNow: d.history.runningNow(),
      count30: await d.history.count(30),
      host: await runsIn(ctx.projectRoot()),
    })),
  'delivery.env.create': (r, ctx) => guard(ctx, 'delivery.env.create', r, (d) => d.createEnvironment(r.name, r.position)),
  'delivery.env.rename': (r, ctx) => guard(ctx, 'delivery.env.rename', r, (d) => d.renameEnvironment(r.env, r.name)),
  'delivery.env.reorder': (r, ctx) => guard(ctx, 'delivery.env.reorder', r, (d) => d.reorderEnvironments(r.ids)),
  'delivery.env.delete': (r, ctx) => guard(ctx, 'delivery.env.delete', r, (d) => d.deleteEnvironment(r.env)),
  'delivery.env.gitops': (r, ctx) => guard(ctx, 'delivery.env.gitops', r, (d) => d.setGitOps(r.env, r.gitops)),
  'delivery.config.list': (r, ctx) => guard(ctx, 'delivery.config.list', r, (d) => d.listConfig(r.scope)),
  'delivery.config.set': (r, ctx) => guard(ctx, 'delivery.config.set', r, (d) => d.setConfig(r.scope, r.key, r.value, r.secret)),
  'delivery.config.unset': (r, ctx) => guard(ctx, 'delivery.config.unset', r, (d) => d.unsetConfig(r.scope, r.key)),
  'delivery.build': (r, ctx) => guard(ctx, 'delivery.build', r, (d) => d.build(r.rev ?? 'HEAD')),
  'delivery.deploy': (r, ctx) => guard(ctx, 'delivery.deploy', r, (d) => d.deploy(r.env, r.build)),
  'delivery.promote': (r, ctx) => guard(ctx, 'delivery.promote', r, (d) => d.promote(r.from, r.to, { build: r.build })),
  'delivery.rollback': (r, ctx) => guard(ctx, 'delivery.rollback', r, (d) => d.rollback(r.env, r.deployment)),
  'delivery.deployments': (r, ctx) => guard(ctx, 'delivery.deployments', r, (d) => d.deployments(r.env)),
  'delivery.preview': (r, ctx) =>
    guard(ctx, 'delivery.preview', r, async (d) => {
      const p = await d.previewDiff(r.from, r.to);
      return { ...p, items: p.items.map((i) => ({ kind: i.kind, ...(i.namespace ? { namespace: i.namespace } : {}), name: i.name, status: i.status, symbol: i.symbol, ...(i.diff ? { diff: i.diff } : {}) })) };
    }),
  'delivery.objects': (r, ctx) => guard(ctx, 'delivery.objects', r, async (d) => (await d.readObjects((await d.environments.get(r.env)).id)) as unknown as Record<string, unknown>[]),
  'delivery.history': (r, ctx) =>
    guard(ctx, 'delivery.history', r, async (d) => ({
      executions: await d.listHistory({ env: r.env, kind: r.kind, status: r.status, sinceDays: r.sinceDays, limit: r.limit ?? 500 }),
      runningNow: d.history.runningNow(),
      count30: await d.history.count(30),
    })),
  'delivery.logs': (r, ctx) => guard(ctx, 'delivery.logs', r, (d) => d.logs(r.id)),
  'delivery.cancel': (r, ctx) => guard(ctx, 'delivery.cancel', r, async (d) => ({ cancelled: d.cancel(r.id) })),
  'delivery.settings.set': (r, ctx) => setSettings(ctx, r),
};
