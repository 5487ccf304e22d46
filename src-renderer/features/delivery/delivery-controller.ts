// The delivery side of the workbench: follows the host's delivery events into the delivery store and runs
// the actions of the Environments view and the History panel (build, deploy, promote and rollback with a
// preview, configuration and write-only secrets, environments, auto build, logs, "compare with…"). Components call these
// functions (buttons go through the commands below where one exists); nothing here keeps a secret value.
import { errorMessage } from '../../kit/ipc-errors';
import { needsProject } from '../../kit/command-guards';
import type { Command } from '../../kit/commands';
import { getApiClient, invoke } from '../../api';
import { useLayout } from '../../state/layout';
import { notify } from '../../state/notices';
import { useProject } from '../../state/project';
import { nextEnvironment, patchDelivery, rollbackTarget, useDelivery } from './delivery-store';
import type { DeliveryEnvironment } from '../../../src-shared/ipc/channels/delivery';
import { compareSnapshots, environmentSide, pickComparison } from '../snapshots/snapshots-controller';


let installed = false;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

/** Subscribes to delivery events once and loads the overview (idempotent; views call it on mount). */
export function installDelivery(): void {
  if (installed) return;
  installed = true;
  const client = getApiClient();
  client.on('delivery.changed', () => scheduleRefresh());
  client.on('delivery.execution', (e) => {
    const s = useDelivery.getState();
    const running = e.status === 'running' ? [...s.runningNow.filter((x) => x.id !== e.id), e] : s.runningNow.filter((x) => x.id !== e.id);
    const history = [e, ...s.history.filter((x) => x.id !== e.id)].sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1));
    patchDelivery({ runningNow: running, history, log: s.log && s.log.execution.id === e.id ? { ...s.log, execution: e } : s.log });
    if (e.status !== 'running') scheduleRefresh();
  });
  client.on('delivery.progress', (p) => {
    const log = useDelivery.getState().log;
    if (log && log.execution.id === p.executionId) patchDelivery({ log: { ...log, text: `${log.text}${p.line}\n` } });
  });
  let root = useProject.getState().info?.root;
  useProject.subscribe((s) => {
    if (s.info?.root === root) return;
    root = s.info?.root;
    patchDelivery({ loaded: false, environments: [], builds: [], history: [], config: [], deployments: [], log: null, pending: null });
    if (root) void refreshAll();
  });
  if (useProject.getState().status === 'open') void refreshAll();
}

function scheduleRefresh(): void {
  if (refreshTimer) clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void refreshAll(), 60);
}

export async function refreshAll(): Promise<void> {
  if (needsProject()) return;
  try {
    const [overview, config, deployments, history] = await Promise.all([
      invoke('delivery.overview', {}),
      invoke('delivery.config.list', {}),
      invoke('delivery.deployments', {}),
      invoke('delivery.history', { limit: 1000 }),
    ]);
    patchDelivery({
      loaded: true,
      environments: overview.environments,
      builds: overview.builds,
      settings: overview.settings,
      host: overview.host ?? null,
      runningNow: history.runningNow,
      count30: history.count30,
      config,
      deployments,
      history: history.executions,
    });
  } catch (e) {
    patchDelivery({ loaded: true, error: errorMessage(e) });
  }
}

/** Runs one action with a busy marker; errors become a notice and the view's error line. */
async function act<T>(busy: string, fn: () => Promise<T>, ok?: (r: T) => string): Promise<T | undefined> {
  patchDelivery({ busy, error: null });
  try {
    const r = await fn();
    if (ok) notify('info', ok(r));
    return r;
  } catch (e) {
    const msg = errorMessage(e);
    patchDelivery({ error: msg });
    notify('error', msg);
    return undefined;
  } finally {
    patchDelivery({ busy: null });
    await refreshAll();
  }
}

export function buildRevision(rev = 'HEAD') {
  return act('build', () => invoke('delivery.build', { rev }), (b) => `Build ${b.id.slice(0, 8)} of ${b.commit.slice(0, 8)} ${b.status}${b.status === 'failed' ? `: ${b.message}` : ''}.`);
}

export function deployBuild(env: string, build: string) {
  return act(`deploy:${env}`, () => invoke('delivery.deploy', { env, build }), (d) => `Deployed build ${d.buildId.slice(0, 8)} to ${env}: healthy.`);
}

/** Opens the confirmation for promoting `from` to the next environment, with the diff between the two builds. */
export async function requestPromote(from: string): Promise<void> {
  const s = useDelivery.getState();
  const src = s.environments.find((e) => e.env.id === from);
  const target = nextEnvironment(s.environments, from);
  if (!src?.active || !target) return notify('warning', src?.active ? `${from} is the last environment.` : `${from} has no active deployment to promote.`);
  const pending = { kind: 'promote' as const, env: target.env.id, from, to: target.env.id, fromBuild: target.active?.buildId, toBuild: src.active.buildId, items: null };
  patchDelivery({ pending });
  await loadPreview();
}

/** Opens the confirmation for rolling `env` back (to `deploymentId`, default the previous deployment). */
export async function requestRollback(env: string, deploymentId?: string): Promise<void> {
  const s = useDelivery.getState();
  const ov = s.environments.find((e) => e.env.id === env);
  const target = deploymentId ? s.deployments.find((d) => d.id === deploymentId) : rollbackTarget(s.deployments, env, ov?.active?.id);
  if (!target) return notify('warning', `${env} has no earlier deployment to roll back to.`);
  patchDelivery({ pending: { kind: 'rollback', env, from: target.id, fromBuild: ov?.active?.buildId, toBuild: target.buildId, items: null } });
  await loadPreview();
}

async function loadPreview(): Promise<void> {
  const p = useDelivery.getState().pending;
  if (!p) return;
  try {
    const res = await invoke('delivery.preview', { to: p.toBuild, ...(p.fromBuild ? { from: p.fromBuild } : {}) });
    const cur = useDelivery.getState().pending;
    if (cur === p) patchDelivery({ pending: { ...p, items: res.items } });
  } catch (e) {
    const cur = useDelivery.getState().pending;
    if (cur === p) patchDelivery({ pending: { ...p, items: [], error: errorMessage(e) } });
  }
}

export function cancelPending(): void {
  patchDelivery({ pending: null });
}

export async function confirmPending(): Promise<void> {
  const p = useDelivery.getState().pending;
  if (!p) return;
  patchDelivery({ pending: null });
  if (p.kind === 'promote') {
    await act(`promote:${p.from}`, () => invoke('delivery.promote', { from: p.from, ...(p.to ? { to: p.to } : {}) }), (d) => `Promoted build ${d.buildId.slice(0, 8)} to ${d.env}: healthy.`);
  } else {
    await act(`rollback:${p.env}`, () => invoke('delivery.rollback', { env: p.env, deployment: p.from }), (d) => `Rolled ${d.env} back to build ${d.buildId.slice(0, 8)}.`);
  }
}

export function setConfigValue(scope: string, key: string, value: string, secret: boolean) {
  return act(`config:${scope}`, () => invoke('delivery.config.set', { scope, key, value, secret }), (r) =>
    `${secret ? 'Secret' : 'Value'} ${key} saved for ${scope === 'all' ? 'all environments' : scope}${r.redeployed.length ? `; redeployed ${r.redeployed.map((x) => x.env).join(', ')}` : ''}.`,
  );
}

export function unsetConfigValue(scope: string, key: string) {
  return act(`config:${scope}`, () => invoke('delivery.config.unset', { scope, key }), () => `${key} removed from ${scope}.`);
}

export function createEnvironment(name: string) {
  return act('env', () => invoke('delivery.env.create', { name }), (e) => `Environment ${e.name} created.`);
}

export function renameEnvironment(env: string, name: string) {
  return act('env', () => invoke('delivery.env.rename', { env, name }));
}

export function deleteEnvironment(env: string) {
  return act('env', () => invoke('delivery.env.delete', { env }), (e) => `Environment ${e.name} deleted.`);
}

/** Sets or removes where an environment publishes; credentials, when given, are stored for the URL's host first. */
export function setGitOps(env: string, gitops: { url: string; branch: string } | undefined, credentials?: { username: string; token: string }) {
  return act(
    `gitops:${env}`,
    async () => {
      if (gitops && credentials) await invoke('git.credentials.set', { url: gitops.url, username: credentials.username, token: credentials.token });
      return invoke('delivery.env.gitops', gitops ? { env, gitops } : { env });
    },
    (e) => (e.gitops ? `${e.name} publishes each deployment to ${e.gitops.url} (branch ${e.gitops.branch}).` : `${e.name} no longer publishes its deployments.`),
  );
}

export function moveEnvironment(env: string, step: -1 | 1) {
  const ids = useDelivery.getState().environments.map((e) => e.env.id);
  const i = ids.indexOf(env);
  const j = i + step;
  if (i < 0 || j < 0 || j >= ids.length) return Promise.resolve(undefined);
  [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  return act('env', () => invoke('delivery.env.reorder', { ids }));
}

export function setAutoBuild(on: boolean) {
  return act('settings', () => invoke('delivery.settings.set', { autoBuild: on }), () => (on ? 'Auto build on: new commits are built and deployed to the first environment.' : 'Auto build off.'));
}

/** Whether builds (the Build button, auto build) enable the engine's built-in backends (the project's setting). */
export function setBuiltInBackends(on: boolean) {
  return act('settings', () => invoke('delivery.settings.set', { internalReconcilers: on }), () => (on ? 'Builds use the built-in backends from now on; their deployments run with them.' : 'Builds run without the built-in backends.'));
}

/** The app hands the project's deployments to its background host (on) or takes them back (off). */
export async function setKeepDeploymentsRunning(on: boolean) {
  const r = await act(
    'settings',
    () => invoke('delivery.settings.set', { keepDeploymentsRunning: on }),
    () =>
      on
        ? "Deployments now run in the project's background host: they keep running when the app closes (`choreo server stop` stops them)."
        : 'Deployments now run in the app: they stop when it closes.',
  );
  await refreshAll();
  return r;
}

export function updateSettings(patch: { historyRetentionDays?: number; healthTimeoutMs?: number }) {
  return act('settings', () => invoke('delivery.settings.set', patch), (s) => `Settings saved: history kept ${s.historyRetentionDays} days, health timeout ${s.healthTimeoutMs / 1000} s.`);
}

export async function openLog(id: string): Promise<void> {
  try {
    const r = await invoke('delivery.logs', { id });
    patchDelivery({ log: { execution: r.execution, text: r.log } });
    useLayout.getState().showPanel('history');
  } catch (e) {
    notify('error', errorMessage(e));
  }
}

export function closeLog(): void {
  patchDelivery({ log: null });
}

export async function cancelExecution(id: string): Promise<void> {
  try {
    const r = await invoke('delivery.cancel', { id });
    if (!r.cancelled) notify('info', 'That execution cannot be cancelled (it finished, or it is not cancellable).');
  } catch (e) {
    notify('error', errorMessage(e));
  }
}

/** Delivery commands for the palette (buttons in the view call the same ids). */
/**
 * "Compare with…" of an environment (A: what its active deployment serves) in the Snapshots panel: against
 * another environment's deployment, the last run, or (`pick`) a side chosen in the compare picker.
 */
export function compareEnvironment(env: DeliveryEnvironment, other: DeliveryEnvironment | 'last-run' | 'pick'): void {
  const side = environmentSide(env);
  if (other === 'pick') return pickComparison(side, 'latest');
  compareSnapshots(side, other === 'last-run' ? 'latest' : environmentSide(other));
}

export function deliveryCommands(): Command[] {
  // Follow the open project from the start: the host then resumes active deployments, watches commits
  // for auto build and records dev runs, even before the Environments view is opened.
  installDelivery();
  return [
    { id: 'delivery.build', title: 'Build HEAD (build once, deploy many)', category: 'Delivery', disabledReason: needsProject, run: () => void buildRevision('HEAD') },
    {
      id: 'delivery.promoteDevelopment',
      title: 'Promote the First Environment to the Next',
      category: 'Delivery',
      disabledReason: needsProject,
      run: () => {
        const first = useDelivery.getState().environments[0];
        if (first) void requestPromote(first.env.id);
      },
    },
    { id: 'delivery.refresh', title: 'Refresh Environments', category: 'Delivery', disabledReason: needsProject, run: () => refreshAll() },
    { id: 'delivery.history', title: 'Show Execution History', category: 'Delivery', disabledReason: needsProject, run: () => useLayout.getState().showPanel('history') },
  ];
}
