// The delivery service of one project: environments (each with its own configuration, secrets, store and
// runner), builds, deployments (immutable: build + configuration at that moment), promotion with a health
// check in a separate runner and zero downtime, rollback in one action, auto build, and the execution
// history. The CLI opens it for one command; the host keeps one per open project (runners stay up).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KrmObject } from '../../src-shared/krm/object.js';
import type { RunResult } from '../../src-shared/run/result.js';
import { diffSnapshots, ensureChoreoDir, gitInfo, type DiffItem, type Snapshot, withFileLock } from '../engine/index.js';
import { SecretStore, type OsEncryptor } from '../project/secret-store.js';
import { CredentialStore } from '../project/git/auth.js';
import { buildProjectDir, buildRevision, listBuilds, readBuild, readBuildSnapshot } from './build.js';
import { deploymentForRef } from './build-ref.js';
import { headCommit } from './checkout.js';
import { ConfigValues, type ResolvedValues } from './config-values.js';
import { Environments } from './environments.js';
import { waitHealthy } from './health.js';
import { publishDeployment } from './gitops.js';
import { History, type ExecutionHandle, type HistoryFilter } from './history.js';
import { missingKeys } from './key-scan.js';
import { deliveryPaths, deploymentSnapshotFile, newId, projectId, readJson, SECRETS_FILE, writeJson, type DeliveryPaths } from './layout.js';
import { makeRedactor, redactJson } from './redact.js';
import type { DeliveryRunners, EnvironmentRunner, EnvironmentRunnerEvent } from './runners.js';
import {
  DEFAULT_SETTINGS,
  DeliveryError,
  GLOBAL_SCOPE,
  type BuildRecord,
  type ConfigEntry,
  type DeliveryEvent,
  type DeliverySettings,
  type Deployment,
  type DeploymentReason,
  type Environment,
  type Execution,
  type GitOpsTarget,
  type Health,
  type PublishedCommit,
  type ReconcileFailure,
  type Trigger,
} from './types.js';
import { CHOREO_PATHS } from '../../src-shared/project/choreo-dir.js';

export interface DeliveryOptions {
  projectRoot: string;
  /** App data folder (secrets file + key); CHOREO_STUDIO_HOME in tests. */
  appDataDir: string;
  encryptor?: OsEncryptor;
  onEvent?: (e: DeliveryEvent) => void;
  /** Upstream refs from cached clones only. */
  offline?: boolean;
  /**
   * Where builds, health checks and environment runners run the project's code: runner threads with a heap
   * limit and a watchdog (host/workers/delivery-runners.ts), so a runaway reconciler stops its runner, not
   * the process that opened delivery.
   */
  runners: DeliveryRunners;
  /** Start a serving runner again when it dies (the host; the CLI's runners end with the command anyway). */
  restartDeadRunners?: boolean;
}

/** A dead serving runner is restarted after RESTART_DELAY_MS × attempt, at most RESTART_LIMIT times per window. */
const RESTART_DELAY_MS = 1_000;
const RESTART_LIMIT = 3;
const RESTART_WINDOW_MS = 10 * 60_000;

interface DeploymentsFile {
  version: 1;
  deployments: Deployment[];
  /** env id → active deployment id */
  active: Record<string, string>;
}

interface Live {
  deployment: Deployment;
  runner: EnvironmentRunner;
  dir: string;
  session: ExecutionHandle;
}

export interface EnvironmentOverview {
  env: Environment;
  active: Deployment | undefined;
  build: BuildRecord | undefined;
  runner: 'running' | 'stopped';
  /** Required keys of the active build that this environment lacks now. */
  missingKeys: string[];
}

export interface DeployOptions {
  trigger?: Trigger;
  reason?: DeploymentReason;
  parent?: ExecutionHandle;
  signal?: AbortSignal;
  onStart?: (executionId: string) => void;
}

/** The project's delivery settings (defaults where the file says nothing), without opening its delivery. */
export async function readDeliverySettings(projectRoot: string): Promise<DeliverySettings> {
  return { ...DEFAULT_SETTINGS, ...(await readJson<Partial<DeliverySettings>>(deliveryPaths(projectRoot).settings, {})) };
}

export class Delivery {
  readonly paths: DeliveryPaths;
  readonly environments: Environments;
  readonly config: ConfigValues;
  readonly history: History;
  private readonly live = new Map<string, Live>();
  private readonly ops = new Map<string, AbortController>();
  /** Environment id → the end of the deployments in progress or waiting there (takeTurn). */
  private readonly turns = new Map<string, Promise<void>>();
  /** Deployment id → when its runner was restarted after dying (restartLater). */
  private readonly restarts = new Map<string, number[]>();
  private readonly restartTimers = new Set<NodeJS.Timeout>();
  private redactor = makeRedactor([]);
  private autoTimer: NodeJS.Timeout | undefined;
  private lastHead: string | undefined;
  private autoBusy = false;
  private closed = false;

  private constructor(
    private readonly opts: DeliveryOptions,
    paths: DeliveryPaths,
    config: ConfigValues,
  ) {
    this.paths = paths;
    this.environments = new Environments(paths);
    this.config = config;
    this.history = new History(
      paths,
      () => this.redactor,
      (execution) => this.emit({ type: 'execution', execution }),
      (executionId, line) => this.emit({ type: 'progress', executionId, line }),
    );
  }

  static async open(opts: DeliveryOptions): Promise<Delivery> {
    const paths = deliveryPaths(opts.projectRoot);
    await ensureChoreoDir(opts.projectRoot);
    const secrets = new SecretStore({ dir: opts.appDataDir, file: SECRETS_FILE, encryptor: opts.encryptor });
    const d = new Delivery(opts, paths, new ConfigValues(paths, secrets, await projectId(paths)));
    await d.refreshRedactor();
    const settings = await d.settings();
    await d.history.prune(settings.historyRetentionDays).catch(() => 0);
    return d;
  }

  private emit(e: DeliveryEvent): void {
    this.opts.onEvent?.(e);
  }

  /** Redacts every known secret value of the project (current and sealed in deployments). */
  redact(text: string): string {
    return this.redactor(text);
  }

  private async refreshRedactor(): Promise<void> {
    this.redactor = makeRedactor(await this.config.allSecretValues());
  }

  // ---- settings --------------------------------------------------------------------------

  async settings(): Promise<DeliverySettings> {
    return readDeliverySettings(this.opts.projectRoot);
  }

  async updateSettings(patch: Partial<DeliverySettings>): Promise<DeliverySettings> {
    const next = await withFileLock(this.paths.settings, async () => {
      const merged = { ...(await this.settings()), ...patch };
      if (!(merged.historyRetentionDays >= 1)) throw new DeliveryError('invalid', 'The history retention must be at least 1 day.');
      await writeJson(this.paths.settings, merged);
      return merged;
    });
    if (patch.historyRetentionDays !== undefined) await this.history.prune(next.historyRetentionDays);
    this.emit({ type: 'changed', what: 'settings' });
    if (this.autoTimer) this.watchCommits(true);
    return next;
  }

  // ---- environments ------------------------------------------------------------------------

  async overview(): Promise<EnvironmentOverview[]> {
    const [envs, file, builds] = await Promise.all([this.environments.list(), this.readDeployments(), listBuilds(this.paths)]);
    const out: EnvironmentOverview[] = [];
    for (const env of envs) {
      const active = file.deployments.find((d) => d.id === file.active[env.id]);
      const build = active ? builds.find((b) => b.id === active.buildId) : undefined;
      const missing = build ? missingKeys(build.keys, await this.config.resolve(env.id)) : [];
      out.push({ env, active, build, runner: this.live.has(env.id) ? 'running' : 'stopped', missingKeys: missing });
    }
    return out;
  }

  async createEnvironment(name: string, position?: number): Promise<Environment> {
    const env = await this.environments.create(name, { position });
    this.emit({ type: 'changed', what: 'environments' });
    return env;
  }

  async renameEnvironment(ref: string, name: string): Promise<Environment> {
    const env = await this.environments.rename(ref, name);
    this.emit({ type: 'changed', what: 'environments' });
    return env;
  }

  async reorderEnvironments(ids: string[]): Promise<Environment[]> {
    const list = await this.environments.reorder(ids);
    this.emit({ type: 'changed', what: 'environments' });
    return list;
  }

  /** Sets (or removes, with `undefined`) the repository and branch the environment publishes its deployments to. */
  async setGitOps(ref: string, target: GitOpsTarget | undefined): Promise<Environment> {
    const env = await this.environments.setGitOps(ref, target);
    this.emit({ type: 'changed', what: 'environments' });
    return env;
  }

  /** Stops the environment's runner and forgets its configuration; its deployments stay in the history. */
  async deleteEnvironment(ref: string): Promise<Environment> {
    const env = await this.environments.get(ref);
    await this.stopRunner(env.id);
    const env2 = await this.environments.delete(env.id);
    await this.config.dropScope(env.id);
    await this.withDeployments((f) => {
      delete f.active[env.id];
    });
    this.emit({ type: 'changed', what: 'environments' });
    return env2;
  }

  // ---- configuration -----------------------------------------------------------------------

  private async scopeOf(scope: string): Promise<string> {
    return scope === GLOBAL_SCOPE ? GLOBAL_SCOPE : (await this.environments.get(scope)).id;
  }

  async listConfig(scope?: string): Promise<ConfigEntry[]> {
    return this.config.list(scope ? await this.scopeOf(scope) : undefined);
  }

  /**
   * Sets a value. Deployments are immutable, so every affected environment with an active deployment gets
   * a new deployment (same build, new configuration); when that is impossible (missing keys, unhealthy)
   * the old one keeps running and the reason is returned.
   */
  async setConfig(scope: string, key: string, value: string, secret: boolean, opts: { redeploy?: boolean } = {}): Promise<{ entry: ConfigEntry; redeployed: RedeployResult[] }> {
    const s = await this.scopeOf(scope);
    const entry = await this.config.set(s, key, value, secret);
    if (secret) await this.refreshRedactor();
    this.emit({ type: 'changed', what: 'config' });
    return { entry, redeployed: opts.redeploy === false ? [] : await this.redeployAfterConfig(s) };
  }

  async unsetConfig(scope: string, key: string, opts: { redeploy?: boolean } = {}): Promise<{ removed: boolean; redeployed: RedeployResult[] }> {
    const s = await this.scopeOf(scope);
    const removed = await this.config.unset(s, key);
    this.emit({ type: 'changed', what: 'config' });
    return { removed, redeployed: removed && opts.redeploy !== false ? await this.redeployAfterConfig(s) : [] };
  }

  private async redeployAfterConfig(scope: string): Promise<RedeployResult[]> {
    const file = await this.readDeployments();
    const out: RedeployResult[] = [];
    for (const env of await this.environments.list()) {
      if (scope !== GLOBAL_SCOPE && scope !== env.id) continue;
      const activeId = file.active[env.id];
      const active = file.deployments.find((d) => d.id === activeId);
      if (!active) continue;
      try {
        const d = await this.deploy(env.id, active.buildId, { reason: 'config', trigger: 'manual' });
        out.push({ env: env.id, deploymentId: d.id });
      } catch (e) {
        out.push({ env: env.id, error: (e as Error).message });
      }
    }
    return out;
  }

  // ---- builds ------------------------------------------------------------------------------

  /**
   * Builds `rev`. `internalReconcilers`: with the engine's built-in backends (default: the project's delivery
   * setting); the build records it and every deployment of it runs the same way.
   */
  async build(rev = 'HEAD', opts: { trigger?: Trigger; signal?: AbortSignal; onStart?: (id: string) => void; internalReconcilers?: boolean } = {}): Promise<BuildRecord> {
    const internalReconcilers = opts.internalReconcilers ?? (await this.settings()).internalReconcilers;
    const abort = new AbortController();
    opts.signal?.addEventListener('abort', () => abort.abort());
    let execId: string | undefined;
    try {
      const rec = await buildRevision(this.paths.root, {
        paths: this.paths,
        history: this.history,
        runners: this.opts.runners,
        rev,
        trigger: opts.trigger ?? 'manual',
        signal: abort.signal,
        offline: this.opts.offline,
        internalReconcilers,
        onStart: (id) => {
          execId = id;
          this.ops.set(id, abort);
          opts.onStart?.(id);
        },
      });
      this.emit({ type: 'changed', what: 'builds' });
      return rec;
    } finally {
      if (execId) this.ops.delete(execId);
    }
  }

  listBuilds(): Promise<BuildRecord[]> {
    return listBuilds(this.paths);
  }

  getBuild(ref: string): Promise<BuildRecord> {
    return readBuild(this.paths, ref);
  }

  /** The snapshot diff between two builds (what a promotion or rollback would change), redacted. */
  async previewDiff(fromBuild: string | undefined, toBuild: string): Promise<{ items: DiffItem[]; from?: string; to: string }> {
    const next = await readBuildSnapshot(this.paths, (await readBuild(this.paths, toBuild)).id);
    const prev = fromBuild ? await readBuildSnapshot(this.paths, (await readBuild(this.paths, fromBuild)).id) : null;
    const items = diffSnapshots(prev, next, { details: true }) as unknown as DiffItem[];
    return redactJson({ items, ...(prev ? { from: prev.id } : {}), to: next.id }, this.redactor);
  }

  // ---- deployments -------------------------------------------------------------------------

  async deployments(envRef?: string): Promise<Deployment[]> {
    const env = envRef ? (await this.environments.get(envRef)).id : undefined;
    const f = await this.readDeployments();
    return f.deployments.filter((d) => !env || d.env === env).sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
  }

  /**
   * Deploys a build into an environment: refuses failed builds and environments missing a required key,
   * starts a new runner with the environment's configuration (a separate store), waits until healthy, then
   * switches; the previous deployment keeps serving until that moment and is stopped after it.
   */
  async deploy(envRef: string, buildRef: string, opts: DeployOptions = {}): Promise<Deployment> {
    const env = await this.environments.get(envRef);
    const build = await readBuild(this.paths, buildRef);
    try {
      this.checkDeployable(env, build, await this.config.resolve(env.id));
    } catch (e) {
      // a refusal is an execution too: it shows in the history with its reason
      const x = await this.history.start({ kind: 'deploy', trigger: opts.trigger ?? 'manual', env: env.id, commit: build.commit, buildId: build.id, parentId: opts.parent?.execution.id });
      x.log(`refused: ${(e as Error).message}`);
      await x.end('failed', (e as Error).message);
      throw e;
    }
    const values = await this.config.resolve(env.id);
    return this.activate(env, build, values, { reason: opts.reason ?? 'deploy', trigger: opts.trigger ?? 'manual', parent: opts.parent, signal: opts.signal, onStart: opts.onStart });
  }

  private checkDeployable(env: Environment, build: BuildRecord, values: ResolvedValues): void {
    if (build.status !== 'succeeded') {
      throw new DeliveryError('build-failed', `Build ${build.id} of ${build.commit.slice(0, 12)} failed (${build.message}); it cannot be deployed. Fix the project and build again.`);
    }
    const missing = missingKeys(build.keys, values);
    if (missing.length) {
      throw new DeliveryError(
        'missing-keys',
        `Cannot deploy build ${build.id} to ${env.name}: the environment lacks ${missing.length === 1 ? 'the required key' : 'required keys'} ${missing.join(', ')}. Set ${missing.length === 1 ? 'it' : 'them'} with \`choreo config set ${env.id} KEY VALUE [--secret]\` (or scope "all").`,
        { missingKeys: missing },
      );
    }
  }

  /** Promotes the build active in `fromRef` to `toRef` (default: the next environment in order). */
  async promote(fromRef: string, toRef?: string, opts: { signal?: AbortSignal; onStart?: (id: string) => void; build?: string } = {}): Promise<Deployment> {
    const from = await this.environments.get(fromRef);
    const to = toRef ? await this.environments.get(toRef) : await this.environments.next(from.id);
    if (!to) throw new DeliveryError('invalid', `${from.name} is the last environment; name the target: \`choreo promote ${from.id} TARGET\`.`);
    if (to.id === from.id) throw new DeliveryError('invalid', 'An environment cannot be promoted into itself.');
    const f = await this.readDeployments();
    // default: what FROM serves; --build: a build that ran healthy in FROM (promotion follows the path)
    const source = opts.build
      ? deploymentForRef(f.deployments.filter((d) => d.env === from.id && d.status !== 'refused').sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)), await listBuilds(this.paths), (await readBuild(this.paths, opts.build)).id)
      : f.deployments.find((d) => d.id === f.active[from.id]);
    if (!source) throw new DeliveryError('not-found', opts.build ? `Build ${opts.build} never ran healthy in ${from.name}; deploy it there first, then promote it.` : `${from.name} has no active deployment to promote. Deploy a build there first.`);
    const exec = await this.history.start({ kind: 'promotion', trigger: 'promotion', env: to.id, commit: source.commit, buildId: source.buildId });
    opts.onStart?.(exec.execution.id);
    exec.log(`promote build ${source.buildId} from ${from.name} to ${to.name}`);
    try {
      const d = await this.deploy(to.id, source.buildId, { reason: 'promote', trigger: 'promotion', parent: exec, signal: opts.signal });
      exec.log(d.health?.message ?? 'healthy');
      exec.log(`${to.name} switched to deployment ${d.id}; the previous one served until the switch and is stopped`);
      await exec.end('succeeded', `promoted build ${source.buildId} to ${to.name} (deployment ${d.id})`, { deploymentId: d.id, ...(d.published ? { published: d.published } : {}) });
      return d;
    } catch (e) {
      exec.log(`refused: ${(e as Error).message}`);
      await exec.end('failed', (e as Error).message);
      throw e;
    }
  }

  /** Rolls back to a previous deployment (default: the one active before the current), with its own configuration. */
  async rollback(envRef: string, deploymentRef?: string, opts: { onStart?: (id: string) => void } = {}): Promise<Deployment> {
    const env = await this.environments.get(envRef);
    const f = await this.readDeployments();
    const mine = f.deployments.filter((d) => d.env === env.id && d.status !== 'refused').sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    const currentId = f.active[env.id];
    let target: Deployment | undefined;
    if (deploymentRef) {
      // a deployment id, or a build reference (id, digest, prefixes): its newest deployment here
      target = deploymentForRef(mine.filter((d) => d.id !== currentId), await listBuilds(this.paths), deploymentRef);
      if (!target) throw new DeliveryError('not-found', `${env.name} has no earlier deployment or deployed build "${deploymentRef}". \`choreo rollback ${env.id} --list\` lists them; \`choreo rollback ${env.id}\` goes back to the previous one.`);
    } else {
      const current = mine.find((d) => d.id === currentId);
      // the previous deployment with another build or configuration than the current one
      target = mine.find((d) => d.id !== currentId && (!current || d.createdAt <= current.createdAt));
      if (!target) throw new DeliveryError('not-found', `${env.name} has no earlier deployment to roll back to.`);
    }
    if (target.id === currentId) throw new DeliveryError('invalid', `${target.id} is already the active deployment of ${env.name}.`);
    const build = await readBuild(this.paths, target.buildId).catch(() => {
      throw new DeliveryError('not-found', `The build ${target!.buildId} of deployment ${target!.id} is gone (a newer build of the same commit replaced it); deploy a build instead.`);
    });
    const exec = await this.history.start({ kind: 'rollback', trigger: 'manual', env: env.id, commit: target.commit, buildId: target.buildId });
    opts.onStart?.(exec.execution.id);
    exec.log(`roll back ${env.name} to deployment ${target.id} (build ${target.buildId})`);
    try {
      const secrets = await this.config.openDeployment(target.id, target.secretKeys);
      const d = await this.activate(env, build, { config: { ...target.config }, secrets }, { reason: 'rollback', trigger: 'manual', parent: exec, rollbackOf: target.id });
      await exec.end('succeeded', `rolled back ${env.name} to ${target.id} (new deployment ${d.id})`, { deploymentId: d.id, ...(d.published ? { published: d.published } : {}) });
      return d;
    } catch (e) {
      await exec.end('failed', (e as Error).message);
      throw e;
    }
  }

  private async activate(
    env: Environment,
    build: BuildRecord,
    values: ResolvedValues,
    meta: { reason: DeploymentReason; trigger: Trigger; parent?: ExecutionHandle; rollbackOf?: string; signal?: AbortSignal; onStart?: (id: string) => void },
  ): Promise<Deployment> {
    const abort = new AbortController();
    if (meta.signal?.aborted) abort.abort();
    meta.signal?.addEventListener('abort', () => abort.abort());
    // The execution starts before the turn, so a deploy that waits shows as running and can be cancelled.
    const exec = await this.history.start({ kind: 'deploy', trigger: meta.trigger, env: env.id, commit: build.commit, buildId: build.id, parentId: meta.parent?.execution.id });
    this.ops.set(exec.execution.id, abort);
    const waitedFrom = Date.now();
    const turn = this.takeTurn(env.id, abort.signal); // queued now, so whatever onStart starts comes after it
    meta.onStart?.(exec.execution.id);
    let release: () => void;
    try {
      release = await turn;
    } catch (e) {
      this.ops.delete(exec.execution.id);
      exec.log(`cancelled while waiting for the deployment in progress in ${env.name} to finish`);
      await exec.end('cancelled', (e as Error).message, { buildId: build.id });
      throw e;
    }
    const waitedMs = Date.now() - waitedFrom;
    if (waitedMs >= 100) exec.log(`waited ${(waitedMs / 1000).toFixed(1)} s for the deployment in progress in ${env.name} to finish`);
    const deploymentId = newId('d');
    let runner: EnvironmentRunner | undefined;
    let session: ExecutionHandle | undefined;
    try {
      const settings = await this.settings();
      exec.log(`deploy build ${build.id} (${build.commit.slice(0, 12)}) to ${env.name} as ${deploymentId} (${meta.reason})`);
      exec.log(`configuration: ${Object.keys(values.config).length} value(s) [${Object.keys(values.config).sort().join(', ')}], ${Object.keys(values.secrets).length} secret(s) [${Object.keys(values.secrets).sort().join(', ')}]`);
      const dir = path.join(this.paths.envs, env.id, 'deployments', deploymentId, 'project');
      await fs.cp(buildProjectDir(this.paths, build.id), dir, { recursive: true });
      // the health check runs in this new, separate runner; the old one keeps serving until the switch
      const health = await this.history.start({ kind: 'health-check', trigger: meta.trigger, env: env.id, commit: build.commit, buildId: build.id, parentId: exec.execution.id });
      session = await this.history.start({ kind: 'prod-session', trigger: meta.trigger, env: env.id, commit: build.commit, buildId: build.id, deploymentId, parentId: exec.execution.id });
      const errors = new Map<string, ReconcileFailure>();
      const s = session;
      if (build.internalReconcilers) exec.log('with the built-in backends (the build was made with them)');
      runner = await this.opts.runners.startEnvironment(dir, {
        values,
        internalReconcilers: build.internalReconcilers,
        onEvent: (e) => {
          if (logRunnerEvent(s, e)) return;
          if (e.type === 'reconcile') {
            const k = `${e.event.reconciler}/${e.event.resource.namespace ?? ''}/${e.event.resource.name}`;
            if (e.event.operation === 'ERROR') errors.set(k, { reconciler: e.event.reconciler, namespace: e.event.resource.namespace ?? '', name: e.event.resource.name, message: e.event.message ?? '' });
            else if (e.event.operation === 'STOP') errors.delete(k);
          } else if (e.type === 'condition') s.log(`condition ${e.change.resource.kind}/${e.change.resource.name} ${e.change.type}=${e.change.status} ${e.change.message}`.trim());
        },
      });
      health.log(`health check of build ${build.id} with ${env.name}'s configuration (timeout ${settings.healthTimeoutMs} ms)`);
      // the new runner's thread may die (out of memory, a stuck reconcile): the deployment never serves, and
      // is recorded as refused like any other unhealthy one
      let stoppedWhy: string | undefined;
      const verdict = await waitHealthy(runner, build.kinds, { timeoutMs: settings.healthTimeoutMs, signal: abort.signal, errors: () => [...errors.values()] }).catch(
        (e: Error): Health => {
          stoppedWhy = e.message;
          return { healthy: false, checkedAt: new Date().toISOString(), message: `the runner stopped: it ${e.message}`, failing: [] };
        },
      );
      health.log(verdict.message);
      for (const f of verdict.failing) health.log(`  ${f.resource} ${f.status ?? 'not ready'}: ${f.why ?? f.conditions.map((c) => `${c.type}=${c.status} ${c.message}`).join(', ')}`.trimEnd());
      if (abort.signal.aborted) {
        await health.end('cancelled', 'cancelled');
        throw new DeliveryError('cancelled', `Deploying to ${env.name} was cancelled; the previous deployment is untouched.`);
      }
      await health.end(verdict.healthy ? 'succeeded' : 'failed', verdict.message);
      // GitOps: published before the switch, so a push that fails leaves the environment as it was
      const published = verdict.healthy && env.gitops ? await this.publish(env as Environment & { gitops: GitOpsTarget }, build, deploymentId, meta, runner, values.secrets, exec) : undefined;
      const deployment: Deployment = {
        id: deploymentId,
        env: env.id,
        buildId: build.id,
        commit: build.commit,
        createdAt: new Date().toISOString(),
        reason: meta.reason,
        trigger: meta.trigger,
        config: { ...values.config },
        secretKeys: Object.keys(values.secrets).sort(),
        status: verdict.healthy ? 'active' : 'refused',
        health: verdict,
        ...(meta.rollbackOf ? { rollbackOf: meta.rollbackOf } : {}),
        executionId: exec.execution.id,
        ...(published ? { published } : {}),
        ...(build.internalReconcilers ? { internalReconcilers: true } : {}),
      };
      if (!verdict.healthy) {
        await runner.stop().catch(() => undefined);
        await session.end('failed', 'health check failed: never served');
        await this.withDeployments((f) => void f.deployments.push(deployment));
        throw new DeliveryError(
          'unhealthy',
          stoppedWhy !== undefined
            ? `Refused: the runner of build ${build.id} with ${env.name}'s configuration stopped: it ${stoppedWhy}. ${env.name} keeps its current deployment.`
            : `Refused: build ${build.id} is not healthy with ${env.name}'s configuration; ${env.name} keeps its current deployment. ${verdict.message}`,
          { health: verdict },
        );
      }
      await this.config.sealDeployment(deploymentId, values.secrets);
      await this.writeEnvSnapshot(env.id, deploymentId, runner, 'active');
      // The switch: one synchronous pointer swap, so readers always find a serving store.
      const previous = this.live.get(env.id);
      this.serve(env.id, { deployment, runner, dir, session });
      runner = undefined;
      await this.withDeployments((f) => {
        const old = f.deployments.find((d) => d.id === f.active[env.id]);
        if (old) old.status = 'superseded';
        f.deployments.push(deployment);
        f.active[env.id] = deployment.id;
      });
      this.emit({ type: 'changed', what: 'deployments' });
      exec.log(`switched ${env.name} to ${deployment.id}`);
      if (previous) await this.retire(env.id, previous);
      await exec.end('succeeded', `${env.name}: deployment ${deployment.id} of build ${build.id} is active and healthy${published ? `, published as ${published.commit.slice(0, 12)} on ${published.branch}` : ''}`, { deploymentId: deployment.id, buildId: build.id, ...(published ? { published } : {}) });
      return deployment;
    } catch (e) {
      if (runner) await runner.stop().catch(() => undefined);
      if (session && this.live.get(env.id)?.session !== session) await session.end('failed', (e as Error).message);
      const cancelled = e instanceof DeliveryError && e.code === 'cancelled';
      exec.log(`${cancelled ? 'cancelled' : 'failed'}: ${(e as Error).message}`);
      await exec.end(cancelled ? 'cancelled' : 'failed', (e as Error).message, { buildId: build.id });
      this.emit({ type: 'changed', what: 'deployments' });
      throw e;
    } finally {
      this.ops.delete(exec.execution.id);
      release();
    }
  }

  /**
   * One deployment at a time per environment: a deploy, promotion, rollback or redeploy that finds another in
   * progress there (from another client of the same host) waits for it, then goes on from what it left. An
   * abort while waiting (a cancel of its execution) ends the wait with a 'cancelled' DeliveryError and leaves
   * the order of the others as it was. Resolves with the release of the turn.
   */
  private async takeTurn(envId: string, signal: AbortSignal): Promise<() => void> {
    const ahead = this.turns.get(envId);
    const before = ahead ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    // Whoever comes next waits for `before` too: a waiter that gives up (release early) keeps the order.
    const tail = before.then(() => done);
    this.turns.set(envId, tail);
    const releaseTurn = () => {
      release();
      if (this.turns.get(envId) === tail) this.turns.delete(envId);
    };
    // Nobody ahead: no wait to abort (a cancel then stops the deploy's own health check).
    if (!ahead) return releaseTurn;
    try {
      await new Promise<void>((resolve, reject) => {
        const cancelled = () => reject(new DeliveryError('cancelled', 'Cancelled while waiting for the deployment in progress to finish; nothing was deployed.'));
        if (signal.aborted) return cancelled();
        signal.addEventListener('abort', cancelled, { once: true });
        void before.then(() => {
          signal.removeEventListener('abort', cancelled);
          resolve();
        });
      });
    } catch (e) {
      releaseTurn();
      throw e;
    }
    return releaseTurn;
  }

  /** Publishes a healthy deployment's objects to the environment's GitOps branch (gitops.ts), logging the commit. */
  private async publish(
    env: Environment & { gitops: GitOpsTarget },
    build: BuildRecord,
    deploymentId: string,
    meta: { reason: DeploymentReason; rollbackOf?: string },
    runner: EnvironmentRunner,
    secrets: Record<string, string>,
    exec: ExecutionHandle,
  ): Promise<PublishedCommit> {
    exec.log(`publish to ${env.gitops.url} (branch ${env.gitops.branch})`);
    const { objects } = await runner.content();
    const credentials = new CredentialStore(this.opts.appDataDir, this.opts.encryptor);
    const published = await publishDeployment({ paths: this.paths, env, build, deploymentId, reason: meta.reason, rollbackOf: meta.rollbackOf, objects, secrets, credentials });
    exec.log(published.unchanged ? `the branch already holds these objects: commit ${published.commit}` : `published commit ${published.commit}`);
    return published;
  }

  /** Stops a replaced deployment's runner after the switch, keeping its final (redacted) snapshot. */
  private async retire(envId: string, live: Live, why = 'replaced'): Promise<void> {
    await this.writeEnvSnapshot(envId, live.deployment.id, live.runner, 'final').catch(() => undefined);
    await live.runner.stop().catch(() => undefined);
    await live.session.end('succeeded', `deployment ${live.deployment.id} ${why}`);
    // the working copy is not needed any more: a rollback starts again from the immutable build artifact
    if (why === 'replaced') await fs.rm(live.dir, { recursive: true, force: true }).catch(() => undefined);
  }

  /** Makes `live` the environment's serving runner, and notices when its thread dies. */
  private serve(envId: string, live: Live): void {
    this.live.set(envId, live);
    void live.runner.died.then(async (why) => {
      if (this.live.get(envId) !== live) return;
      // The deployment stays the active one on disk: resume() (the host calls it when it opens the project) starts it again.
      this.live.delete(envId);
      live.session.log(`the runner stopped: it ${why}`);
      await live.session.end('failed', `the runner of deployment ${live.deployment.id} stopped: it ${why}`).catch(() => undefined);
      this.emit({ type: 'changed', what: 'deployments' });
      if (this.opts.restartDeadRunners) await this.restartLater(envId, live.deployment, why).catch(() => undefined);
    });
  }

  /**
   * A serving runner died (out of memory, a stuck reconcile, a crash of its thread): the host starts the
   * deployment again after a pause, at most RESTART_LIMIT times within RESTART_WINDOW_MS, so a deployment that
   * kills its runner every time does not loop; then it stays stopped, the history says so, and a deploy or a
   * rollback serves the environment again.
   */
  private async restartLater(envId: string, deployment: Deployment, why: string): Promise<void> {
    if (this.closed) return;
    const now = Date.now();
    const recent = (this.restarts.get(deployment.id) ?? []).filter((t) => now - t < RESTART_WINDOW_MS);
    if (recent.length >= RESTART_LIMIT) {
      const x = await this.history.start({ kind: 'prod-session', trigger: deployment.trigger, env: envId, commit: deployment.commit, buildId: deployment.buildId, deploymentId: deployment.id });
      const message = `not restarted: the runner of deployment ${deployment.id} stopped ${RESTART_LIMIT + 1} times within ${RESTART_WINDOW_MS / 60_000} minutes (last: it ${why}); deploy a fixed build or roll back to serve ${envId} again`;
      x.log(message);
      await x.end('failed', message);
      return;
    }
    recent.push(now);
    this.restarts.set(deployment.id, recent);
    const timer = setTimeout(() => {
      this.restartTimers.delete(timer);
      void this.resume({ envs: [envId], note: `restart ${recent.length} of ${RESTART_LIMIT} after the runner stopped: it ${why}` }).catch(() => undefined);
    }, RESTART_DELAY_MS * recent.length);
    timer.unref?.();
    this.restartTimers.add(timer);
  }

  private async writeEnvSnapshot(envId: string, deploymentId: string, runner: EnvironmentRunner, label: 'active' | 'final'): Promise<void> {
    const inv = await runner.content();
    const snap: Snapshot = {
      id: `${deploymentId}-${label}`,
      createdAt: new Date().toISOString(),
      mode: 'deployment',
      runId: deploymentId,
      objectCount: inv.objects.length,
      apiResources: inv.apiResources,
      objects: inv.objects,
    };
    const file = deploymentSnapshotFile(this.paths, envId, deploymentId, label);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeJson(file, redactJson(snap, this.redactor));
  }

  /** The objects an environment serves right now (its active runner's store), redacted; [] when not running. */
  async readObjects(envId: string): Promise<KrmObject[]> {
    const live = this.live.get(envId);
    if (!live) return [];
    const { objects } = await live.runner.content().catch(() => ({ objects: [] as KrmObject[] })); // its thread just died
    return redactJson(objects, this.redactor);
  }

  /** The active deployment of each environment that has one (whether or not its runner runs in this process). */
  async activeDeployments(): Promise<Deployment[]> {
    const f = await this.readDeployments();
    const envs = new Set((await this.environments.list()).map((e) => e.id));
    return f.deployments.filter((d) => envs.has(d.env) && f.active[d.env] === d.id);
  }

  /** The live runner of an environment (tests, host). */
  runnerOf(envId: string): EnvironmentRunner | undefined {
    return this.live.get(envId)?.runner;
  }

  /**
   * Starts the runners of active deployments that are not running (after a restart of the host, or of one
   * runner: `envs`), the session log starting with `note`.
   */
  async resume(opts: { envs?: string[]; note?: string } = {}): Promise<string[]> {
    if (this.closed) return [];
    const f = await this.readDeployments();
    const started: string[] = [];
    for (const env of await this.environments.list()) {
      const d = f.deployments.find((x) => x.id === f.active[env.id]);
      if (!d || this.live.has(env.id) || this.turns.has(env.id) || (opts.envs && !opts.envs.includes(env.id))) continue;
      const dir = path.join(this.paths.envs, env.id, 'deployments', d.id, 'project');
      const session = await this.history.start({ kind: 'prod-session', trigger: d.trigger, env: env.id, commit: d.commit, buildId: d.buildId, deploymentId: d.id });
      if (opts.note) session.log(opts.note);
      try {
        const secrets = await this.config.openDeployment(d.id, d.secretKeys);
        const runner = await this.opts.runners.startEnvironment(dir, {
          values: { config: d.config, secrets },
          internalReconcilers: d.internalReconcilers,
          onEvent: (e) => void logRunnerEvent(session, e),
        });
        this.serve(env.id, { deployment: d, runner, dir, session });
        started.push(env.id);
      } catch (e) {
        await session.end('failed', (e as Error).message);
      }
    }
    if (started.length) this.emit({ type: 'changed', what: 'deployments' });
    return started;
  }

  private async stopRunner(envId: string): Promise<void> {
    const live = this.live.get(envId);
    if (!live) return;
    this.live.delete(envId);
    await this.retire(envId, live, 'stopped (still the active deployment)');
  }

  cancel(executionId: string): boolean {
    const c = this.ops.get(executionId);
    if (!c) return false;
    c.abort();
    return true;
  }

  // ---- history -----------------------------------------------------------------------------

  listHistory(filter: HistoryFilter = {}): Promise<Execution[]> {
    return this.history.list(filter);
  }

  async logs(executionId: string): Promise<{ execution: Execution; log: string }> {
    const execution = await this.history.get(executionId);
    if (!execution) throw new DeliveryError('not-found', `There is no execution "${executionId}". \`choreo history\` lists them.`);
    return { execution, log: await this.history.logs(execution.id) };
  }

  /**
   * Records the engine's last dev run (`.choreo/last-run.json`: run once, or a prod-mode session when it
   * stopped) in the history once, so runs made outside delivery (the Run view, `choreo run once`) count too.
   */
  async importLastRun(): Promise<Execution | undefined> {
    const result = await readJson<RunResult | undefined>(path.join(this.paths.root, CHOREO_PATHS.lastRun), undefined).catch(() => undefined);
    if (!result || typeof result.startedAtMs !== 'number') return undefined;
    const marker = path.join(this.paths.delivery, 'imported-run.json');
    const seen = await readJson<{ startedAtMs?: number }>(marker, {});
    if (seen.startedAtMs === result.startedAtMs) return undefined;
    await writeJson(marker, { startedAtMs: result.startedAtMs });
    const git = await gitInfo(this.paths.root).catch(() => undefined);
    const lines = [
      ...result.progress,
      ...result.warnings.map((w) => `warning: ${w}`),
      ...result.runners.flatMap((r) => r.events.map((e) => `${new Date(e.timeMs).toISOString()} ${e.operation} ${e.reconciler} ${e.resource.kind}/${e.resource.name}${e.message ? ' ' + e.message : ''}`)),
      ...result.errors.map((e) => `ERROR ${e.taskId}: ${e.message}`),
      result.success ? 'execution success' : `execution failed: ${result.message}`,
    ];
    return this.history.record(
      {
        kind: result.mode === 'prod' ? 'prod-session' : 'run',
        trigger: 'manual',
        ...(git ? { commit: git.commit } : {}),
        dirty: git?.dirty ?? false,
        startedAt: new Date(result.startedAtMs).toISOString(),
        durationMs: Math.max(0, result.finishedAtMs - result.startedAtMs),
        status: result.success ? 'succeeded' : 'failed',
        summary: result.success ? `${result.mode === 'prod' ? 'prod session' : 'run once'} succeeded` : result.message,
      },
      lines.join('\n'),
    );
  }

  // ---- auto build --------------------------------------------------------------------------

  /** Polls HEAD of the current branch (host only); a new commit is built and, if it succeeds, deployed to the first environment. */
  watchCommits(on: boolean): void {
    if (this.autoTimer) clearInterval(this.autoTimer);
    this.autoTimer = undefined;
    if (!on || this.closed) return;
    void this.settings().then((s) => {
      if (this.closed) return;
      this.autoTimer = setInterval(() => void this.autoBuildTick(), s.autoBuildPollMs);
      this.autoTimer.unref?.();
    });
  }

  /** One auto-build step (exported for tests): returns the build it made, if any. */
  async autoBuildTick(): Promise<{ build?: BuildRecord; deployment?: Deployment; error?: string } | undefined> {
    if (this.autoBusy || this.closed) return undefined;
    const settings = await this.settings();
    const head = await headCommit(this.paths.root);
    if (!head) return undefined;
    if (this.lastHead === undefined) {
      this.lastHead = head.commit; // only commits made after auto build is watching are built
      return undefined;
    }
    if (!settings.autoBuild || head.commit === this.lastHead) return undefined;
    this.lastHead = head.commit;
    this.autoBusy = true;
    try {
      const build = await this.build(head.commit, { trigger: 'commit' });
      if (build.status !== 'succeeded') return { build };
      const first = (await this.environments.list())[0]!;
      try {
        return { build, deployment: await this.deploy(first.id, build.id, { trigger: 'commit', reason: 'auto' }) };
      } catch (e) {
        return { build, error: (e as Error).message };
      }
    } catch (e) {
      return { error: (e as Error).message };
    } finally {
      this.autoBusy = false;
    }
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  /** Stops every runner (CLI exit, project close). Deployments stay active on disk; `resume` restarts them. */
  async close(): Promise<void> {
    this.closed = true;
    this.watchCommits(false);
    for (const t of this.restartTimers) clearTimeout(t);
    this.restartTimers.clear();
    for (const c of this.ops.values()) c.abort();
    for (const envId of [...this.live.keys()]) await this.stopRunner(envId);
  }

  private async readDeployments(): Promise<DeploymentsFile> {
    const f = await readJson<DeploymentsFile | undefined>(this.paths.deployments, undefined);
    return f && Array.isArray(f.deployments) ? f : { version: 1, deployments: [], active: {} };
  }

  /** Read-modify-write of deployments.json under its cross-process lock, written atomically. */
  private withDeployments(fn: (f: DeploymentsFile) => void): Promise<void> {
    return withFileLock(this.paths.deployments, async () => {
      const f = await this.readDeployments();
      fn(f);
      await writeJson(this.paths.deployments, f);
    });
  }
}

export type RedeployResult = { env: string; deploymentId: string } | { env: string; error: string };

/** Logs what a session log shows of a runner's event (progress, warnings, print(), errors); false for the others. */
function logRunnerEvent(session: ExecutionHandle, e: EnvironmentRunnerEvent): boolean {
  if (e.type === 'progress' || e.type === 'warning') session.log(e.line);
  else if (e.type === 'print') session.log(`print ${e.file}: ${e.line}`);
  else if (e.type === 'error') session.log(`ERROR ${e.error.taskId}: ${e.error.message}`);
  else return false;
  return true;
}
