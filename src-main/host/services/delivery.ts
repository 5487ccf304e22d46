// Handlers of the delivery channels (src-shared/ipc/channels/delivery.ts): one Delivery per host and open
// project (runners of active deployments are resumed when it opens and stay up while it is open), its
// events forwarded to the renderer, DeliveryErrors turned into typed HostErrors with actionable messages.
import type { deliveryChannels } from '../../../src-shared/ipc/channels/delivery.js';
import type { ErrorCode } from '../../../src-shared/ipc/contract.js';
import { Delivery, DeliveryError } from '../../delivery/index.js';
import { HostError, type HandlerGroup, type HostContext } from '../handlers.js';
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

interface Entry {
  root: string;
  delivery: Promise<Delivery>;
  timer?: NodeJS.Timeout;
}

const services = new WeakMap<object, Entry>();

async function openFor(ctx: HostContext, root: string, entry: Entry): Promise<Delivery> {
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
  entry.timer = setInterval(() => void d.importLastRun().catch(() => undefined), 2000);
  entry.timer.unref?.();
  return d;
}

/** The delivery service of this host's open project; another project replaces it. */
export function deliveryFor(ctx: HostContext): Promise<Delivery> {
  const root = ctx.projectRoot();
  let e = services.get(ctx);
  if (e && e.root !== root) {
    void disposeDeliveryService(ctx);
    e = undefined;
  }
  if (!e) {
    const entry: Entry = { root, delivery: undefined as unknown as Promise<Delivery> };
    entry.delivery = openFor(ctx, root, entry);
    services.set(ctx, entry);
    e = entry;
  }
  return e.delivery;
}

/** Stops runners, polling and watchers of a host's delivery service (host shutdown, tests). */
export async function disposeDeliveryService(ctx: HostContext): Promise<void> {
  const e = services.get(ctx);
  services.delete(ctx);
  if (!e) return;
  if (e.timer) clearInterval(e.timer);
  await (await e.delivery.catch(() => undefined))?.close();
}

async function guard<T>(ctx: HostContext, fn: (d: Delivery) => Promise<T>): Promise<T> {
  const d = await deliveryFor(ctx);
  try {
    return await fn(d);
  } catch (err) {
    if (err instanceof DeliveryError) throw new HostError(CODE[err.code], err.message);
    throw err;
  }
}

export const deliveryHandlers: HandlerGroup<typeof deliveryChannels> = {
  'delivery.overview': (_r, ctx) =>
    guard(ctx, async (d) => ({
      environments: await d.overview(),
      builds: await d.listBuilds(),
      settings: await d.settings(),
      runningNow: d.history.runningNow(),
      count30: await d.history.count(30),
    })),
  'delivery.env.create': (r, ctx) => guard(ctx, (d) => d.createEnvironment(r.name, r.position)),
  'delivery.env.rename': (r, ctx) => guard(ctx, (d) => d.renameEnvironment(r.env, r.name)),
  'delivery.env.reorder': (r, ctx) => guard(ctx, (d) => d.reorderEnvironments(r.ids)),
  'delivery.env.delete': (r, ctx) => guard(ctx, (d) => d.deleteEnvironment(r.env)),
  'delivery.env.gitops': (r, ctx) => guard(ctx, (d) => d.setGitOps(r.env, r.gitops)),
  'delivery.config.list': (r, ctx) => guard(ctx, (d) => d.listConfig(r.scope)),
  'delivery.config.set': (r, ctx) => guard(ctx, (d) => d.setConfig(r.scope, r.key, r.value, r.secret)),
  'delivery.config.unset': (r, ctx) => guard(ctx, (d) => d.unsetConfig(r.scope, r.key)),
  'delivery.build': (r, ctx) => guard(ctx, (d) => d.build(r.rev ?? 'HEAD')),
  'delivery.deploy': (r, ctx) => guard(ctx, (d) => d.deploy(r.env, r.build)),
  'delivery.promote': (r, ctx) => guard(ctx, (d) => d.promote(r.from, r.to, { build: r.build })),
  'delivery.rollback': (r, ctx) => guard(ctx, (d) => d.rollback(r.env, r.deployment)),
  'delivery.deployments': (r, ctx) => guard(ctx, (d) => d.deployments(r.env)),
  'delivery.preview': (r, ctx) =>
    guard(ctx, async (d) => {
      const p = await d.previewDiff(r.from, r.to);
      return { ...p, items: p.items.map((i) => ({ kind: i.kind, ...(i.namespace ? { namespace: i.namespace } : {}), name: i.name, status: i.status, symbol: i.symbol, ...(i.diff ? { diff: i.diff } : {}) })) };
    }),
  'delivery.objects': (r, ctx) => guard(ctx, async (d) => (await d.readObjects((await d.environments.get(r.env)).id)) as unknown as Record<string, unknown>[]),
  'delivery.history': (r, ctx) =>
    guard(ctx, async (d) => ({
      executions: await d.listHistory({ env: r.env, kind: r.kind, status: r.status, sinceDays: r.sinceDays, limit: r.limit ?? 500 }),
      runningNow: d.history.runningNow(),
      count30: await d.history.count(30),
    })),
  'delivery.logs': (r, ctx) => guard(ctx, (d) => d.logs(r.id)),
  'delivery.cancel': (r, ctx) => guard(ctx, async (d) => ({ cancelled: d.cancel(r.id) })),
  'delivery.settings.set': (r, ctx) => guard(ctx, (d) => d.updateSettings(r)),
};
