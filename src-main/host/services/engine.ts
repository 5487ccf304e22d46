// Handlers of the engine channels (src-shared/ipc/channels/engine.ts). One EngineService per host (keyed
// by its HostContext) follows the open project: run once and snapshot work go to worker threads, the prod
// runner to a thread of its own (engine-prod.ts keeps its live condition rows here), and small folder
// watchers feed the editor's schemas (crds/), apply saved input files to the running prod store (in/), and
// tell a running prod session that a reconciler or library changed (reconcilers/, libs/).
import { readdirSync, watch, promises as fs, type Dirent, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { DiffCounts, engineChannels, RunOnceResponse } from '../../../src-shared/ipc/channels/engine.js';
import { taskIdOf, type RunError, type RunResult } from '../../../src-shared/run/result.js';
import { buildResult, listSnapshots, isTempName, projectSchemas, chooseFolders, type ProjectFolders } from '../../engine/index.js';
import { HostError, type HandlerGroup, type HostContext } from '../handlers.js';
import type { StarlarkMarker } from '../../../src-shared/ipc/channels/engine.js';
import type { ProjectGraph } from '../../../src-shared/ipc/channels/graph.js';
import type { LanguageChannel } from '../workers/language-ops.js';
import { EngineWorker, WorkerError } from '../workers/engine-workers.js';
import { RunProbe, whileTask } from '../workers/run-probe.js';
import { outOfMemoryText, ReconcileWatchdog, runHeapMb } from '../workers/watchdog.js';
import type { WorkerOp, WorkerOps } from '../workers/protocol.js';
import { ProdSession } from './engine-prod.js';
import { environmentChoices } from '../../delivery/diff-sides.js';
import { CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';

interface ActiveRun {
  id: number;
  abort: AbortController;
  /** Set by a cancel: stops the worker if the run does not stop by itself. */
  kill?: NodeJS.Timeout;
}

/** How long a cancelled run may take to stop by itself before its worker is stopped. */
const CANCEL_GRACE_MS = 3000;

export class EngineService {
  /** Shared with the run worker: the cancel flag a busy reconcile sees, and which reconcile it is in. */
  private readonly probe = new RunProbe();
  private readonly heapMb = runHeapMb();
  private readonly runWorker = new EngineWorker('run', { resourceLimits: { maxOldGenerationSizeMb: this.heapMb }, shared: this.probe.buffer });

  private readonly dataWorker = new EngineWorker('snapshot');
  /** Its own thread, so markers keep coming while a run or a big diff occupies the others. */
  private readonly checkWorker = new EngineWorker('Starlark check');
  /** Plans (the editor's as you type, the git panel's of the index) run reconcilers: a thread of their own, with the run's heap limit. */
  private readonly planWorker = new EngineWorker('plan', { resourceLimits: { maxOldGenerationSizeMb: this.heapMb } });
  private run: ActiveRun | undefined;
  private runSeq = 0;
  readonly prod: ProdSession;
  private schemaVersion = 1;
  private watchers: FSWatcher[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly countsCache = new Map<string, DiffCounts>();

  constructor(
    readonly root: string,
    private readonly ctx: Pick<HostContext, 'emit' | 'internalReconcilers' | 'limits' | 'folders' | 'configValidator'>,
    opts: { watchDebounceMs?: number } = {},
  ) {
    this.folders = foldersOnDisk(root, ctx.folders);
    this.prod = new ProdSession(root, ctx.emit, { internalReconcilers: ctx.internalReconcilers, folders: ctx.folders, limits: ctx.limits });
    this.debounceMs = opts.watchDebounceMs ?? 120;
    this.startWatching();
    // Loading the engine in a fresh thread takes a second or two; do it before the user presses F5.
    this.runWorker.warm();
    this.dataWorker.warm();
    this.checkWorker.warm();
    this.planWorker.warm();
  }
  private readonly debounceMs: number;
  /** Where the project keeps its APIs and input (the `apis/` layout, or `server start --apis …`). */
  private readonly folders: ProjectFolders;

  // ---- run once ----------------------------------------------------------------------------

  async runOnce(): Promise<RunOnceResponse> {
    if (this.run) throw new HostError('unavailable', 'A run is already in progress. Wait for it to finish, or cancel it (Shift+F5).');
    if (this.prod.running || this.prod.status().state !== 'stopped') {
      throw new HostError('unavailable', 'Prod mode is running. Stop it first (Shift+F5), then run once.');
    }
    const id = ++this.runSeq;
    const abort = new AbortController();
    const run: ActiveRun = { id, abort };
    this.run = run;
    this.ctx.emit('run.state', { running: true, runId: id });
    const startedAtMs = Date.now();
    // A reconcile stuck outside Starlark past its budget gets the worker stopped (the budgets cannot end it).
    let stuck: string | undefined;
    const watchdog = new ReconcileWatchdog(this.probe, {
      reconcileTimeoutMs: this.ctx.limits?.reconcileTimeoutMs,
      onStuck: (why) => {
        stuck = why;
        void this.runWorker.kill(why);
      },
    });
    watchdog.start();
    try {
      const res = await this.runWorker.call('runOnce', { dir: this.root, internalReconcilers: this.ctx.internalReconcilers, limits: this.ctx.limits, folders: this.ctx.folders, configValidator: this.ctx.configValidator }, {
        signal: abort.signal,
        onProgress: (line, kind) => this.ctx.emit('run.progress', { runId: id, line, kind }),
      });
      if (res.result?.snapshotId) this.ctx.emit('snapshots.changed', { id: res.result.snapshotId });
      return res;
    } catch (err) {
      // The worker died (heap limit) or was stopped (a cancel it did not honour): the run failed, the host did not.
      if (!(err instanceof WorkerError) || err.notFound) throw err;
      return { result: this.stoppedRun(err, startedAtMs, abort.signal.aborted, stuck), objectPlaces: [], durationMs: Date.now() - startedAtMs };
    } finally {
      watchdog.stop();
      clearTimeout(run.kill);
      this.run = undefined;
      this.ctx.emit('run.state', { running: false, runId: id });
    }
  }

  /** Stops the run: at once between reconciles or at the running reconcile's next checkpoint, else by force. */
  cancelRun(): boolean {
    const run = this.run;
    if (!run) return false;
    if (run.abort.signal.aborted) return true;
    run.abort.abort();
    this.probe.cancel();
    run.kill = setTimeout(() => void this.runWorker.kill(`the run did not stop within ${CANCEL_GRACE_MS} ms of the cancel, so its worker was stopped`), CANCEL_GRACE_MS);
    run.kill.unref();
    return true;
  }

  /** The result of a run whose worker died or was stopped, naming the reconcile it was in. */
  private stoppedRun(err: WorkerError, startedAtMs: number, cancelled: boolean, stuck: string | undefined): RunResult {
    const task = this.probe.current();
    this.probe.leave();
    const message = err.outOfMemory
      ? `the run ${outOfMemoryText(this.heapMb)}${whileTask(task)}`
      : stuck
        ? `the run was stopped: ${stuck}`
        : cancelled
          ? 'run cancelled'
          : `${err.message}${whileTask(task)}`;
    const error: RunError | undefined = task ? { taskId: taskIdOf(task.reconciler, task.resource), reconciler: task.reconciler, resource: task.resource, message } : undefined;
    const result = buildResult({ project: path.basename(this.root), startedAtMs, end: { kind: 'error' }, events: [], errors: error ? [error] : [], failure: error, progress: [], warnings: [] });
    result.success = false;
    result.message = message;
    for (const runner of result.runners) Object.assign(runner, { success: false, message });
    return result;
  }

  async lastResult(): Promise<RunResult | null> {
    try {
      return JSON.parse(await fs.readFile(path.join(this.root, CHOREO_PATHS.lastRun), 'utf8')) as RunResult;
    } catch {
      return null;
    }
  }

  // ---- prod ----------------------------------------------------------------------------------

  async startProd() {
    if (this.run) throw new HostError('unavailable', 'A run once is in progress. Wait for it to finish, then start prod mode.');
    const id = ++this.runSeq;
    try {
      return await this.prod.start((line, kind) => this.ctx.emit('run.progress', { runId: id, line, kind }));
    } catch (err) {
      throw new HostError('invalid-request', `Prod mode could not start: ${(err as Error).message}`);
    }
  }

  async stopProd() {
    const r = await this.prod.stop();
    if (r.snapshotId) this.ctx.emit('snapshots.changed', { id: r.snapshotId });
    return r;
  }

  // ---- snapshots and deps --------------------------------------------------------------------

  async snapshotCounts(ids: string[]) {
    const list = await listSnapshots(this.root);
    const out: Record<string, DiffCounts | null> = {};
    const pairs: Array<[string, string]> = [];
    for (const id of ids) {
      const i = list.findIndex((s) => s.id === id);
      const prev = i >= 0 ? list[i + 1] : undefined;
      if (!prev) {
        out[id] = null;
        continue;
      }
      const cached = this.countsCache.get(`${prev.id}>${id}`);
      if (cached) out[id] = cached;
      else pairs.push([prev.id, id]);
    }
    if (pairs.length) {
      const computed = await this.data('counts', { dir: this.root, pairs });
      for (const [prev, id] of pairs) {
        const c = computed[id];
        if (!c) continue;
        this.countsCache.set(`${prev}>${id}`, c);
        out[id] = c;
      }
    }
    return out;
  }

  /** A snapshot request in the data worker; a missing snapshot becomes a `not-found` error. */
  async data<K extends WorkerOp>(op: K, args: WorkerOps[K]['args']): Promise<WorkerOps[K]['value']> {
    try {
      return await this.dataWorker.call(op, args);
    } catch (err) {
      if (err instanceof WorkerError && err.notFound) throw new HostError('not-found', err.message);
      throw err;
    }
  }

  /** The owner tree of the running prod store, or undefined when prod mode does not run. */
  async liveDeps(includeChoreoApis?: boolean) {
    const deps = await this.prod.liveDeps(includeChoreoApis);
    return deps && { source: 'live prod store', ...deps };
  }

  /** An object of the running prod store as YAML, or undefined when prod mode does not run. */
  async liveObjectYaml(key: string): Promise<string | undefined> {
    const yaml = await this.prod.liveObjectYaml(key);
    if (yaml === null) throw new HostError('not-found', `${key.replaceAll('|', ' ')} is not in the live store.`);
    return yaml;
  }

  // ---- schemas and watchers ------------------------------------------------------------------

  schemas() {
    return projectSchemas(this.root, this.folders.apis).then((schemas) => ({ version: this.schemaVersion, schemas }));
  }

  /**
   * One plain watcher per folder of crds/ and in/ (sub-folders included, as they are when the service
   * starts). Node's recursive mode on Linux loses files replaced by an atomic rename after the first save.
   */
  private startWatching(): void {
    const add = (rel: string) => {
      try {
        const w = watch(path.join(this.root, rel), (_type, name) => {
          const file = name?.toString();
          if (file && !isTempName(file)) this.schedule(`${rel}/${file}`);
        });
        w.on('error', () => {});
        w.unref();
        this.watchers.push(w);
      } catch {
        return; // the folder does not exist (yet): nothing to watch
      }
      let entries: Dirent[] = [];
      try {
        entries = readdirSync(path.join(this.root, rel), { withFileTypes: true });
      } catch {
        // unreadable: its own watcher is enough
      }
      for (const e of entries) if (e.isDirectory()) add(`${rel}/${e.name}`);
    };
    add(this.folders.apis);
    add(this.folders.input);
    // Reconciler and library saves tell a running prod session that it runs older code.
    add(this.folders.reconcilers);
    add(this.folders.libraries);
  }

  /** A reconciler or library source: anything under reconcilers/ or libs/, or a profile-B `*.star` under crds/. */
  private isCode(rel: string): boolean {
    const under = (folder: string) => rel.startsWith(`${folder}/`);
    return under(this.folders.reconcilers) || under(this.folders.libraries) || (under(this.folders.apis) && rel.endsWith('.star'));
  }

  /** A file under crds/, in/, reconcilers/ or libs/ was written (by us or another program). */
  private schedule(rel: string): void {
    clearTimeout(this.timers.get(rel));
    const t = setTimeout(() => {
      this.timers.delete(rel);
      void this.fileChanged(rel);
    }, this.debounceMs);
    t.unref();
    this.timers.set(rel, t);
  }

  async fileChanged(rel: string): Promise<void> {
    if (this.isCode(rel)) {
      if (await fs.stat(path.join(this.root, rel)).then((st) => st.isFile(), () => true)) this.prod.noteCodeChanged(rel);
      return;
    }
    if (!/\.ya?ml$/.test(rel)) return;
    if (rel.startsWith(`${this.folders.apis}/`)) {
      this.schemaVersion++;
      this.ctx.emit('schemas.changed', { version: this.schemaVersion });
      return;
    }
    if (rel.startsWith(`${this.folders.input}/`) && this.prod.running) {
      const exists = await fs.stat(path.join(this.root, rel)).then(() => true, () => false);
      if (!exists) return;
      const r = await this.prod.applyInputFile(rel);
      this.ctx.emit('prod.inputApplied', { file: rel, ok: r.ok, applied: r.applied, errors: r.errors });
    }
  }

  /** Parser and resolver markers of an editor buffer, computed in the check worker thread. */
  checkStarlark(file: string, text: string): Promise<StarlarkMarker[]> {
    return this.checkWorker.call('check', { file, text });
  }

  /** A Starlark language service request, answered in the check worker thread (workers/language-ops.ts). */
  language(channel: LanguageChannel, request: unknown): Promise<unknown> {
    return this.checkWorker.call('language', { dir: this.root, ...(this.ctx.folders ? { folders: this.ctx.folders } : {}), channel, request });
  }

  /** The project graph, built in the check worker thread from the files on disk. */
  graph(): Promise<ProjectGraph> {
    return this.checkWorker.call('graph', { dir: this.root, ...(this.ctx.folders ? { folders: this.ctx.folders } : {}) });
  }

  /**
   * The diff of two comparison sides (snapshots, revisions, environments): the sides are resolved in the run
   * worker (a revision not run yet runs there, heap-limited, after any run in progress), then diffed in the
   * data worker like two snapshots.
   */
  async compare(from: string, to: string, includeChoreoApis: boolean | undefined) {
    const sides = await this.runWorker.call('prepareSides', { dir: this.root, from, to, ...(this.ctx.internalReconcilers ? { internalReconcilers: true } : {}) });
    if (!sides.ok) throw new HostError(sides.code, sides.message);
    const d = await this.data('diff', { dir: this.root, from: sides.from.token, to: sides.to.token, ...(includeChoreoApis !== undefined ? { includeChoreoApis } : {}) });
    return { from: sides.from, to: sides.to, items: d.items, counts: d.counts };
  }

  /** A plan of unsaved buffers (path → text, confined by the caller) or of the git index, in the plan worker. */
  plan(source: 'buffers' | 'staged', buffers?: Record<string, string>): Promise<WorkerOps['plan']['value']> {
    return this.planWorker.call('plan', {
      dir: this.root,
      source,
      ...(buffers ? { buffers } : {}),
      ...(this.ctx.internalReconcilers ? { internalReconcilers: true } : {}),
      ...(this.ctx.limits ? { limits: this.ctx.limits } : {}),
      ...(this.ctx.folders ? { folders: this.ctx.folders } : {}),
    });
  }

  /** Both sides of an object of a recent plan; a plan no longer kept is `not-found`. */
  async planObject(planId: string, key: string): Promise<WorkerOps['planObject']['value']> {
    try {
      return await this.planWorker.call('planObject', { planId, key });
    } catch (err) {
      if (err instanceof WorkerError && err.notFound) throw new HostError('not-found', err.message);
      throw err;
    }
  }

  async dispose(): Promise<void> {
    for (const w of this.watchers) w.close();
    this.watchers = [];
    for (const t of this.timers.values()) clearTimeout(t);
    this.run?.abort.abort();
    if (this.prod.running) await this.prod.stop().catch(() => {});
    else this.prod.dispose();
    await Promise.all([this.runWorker.close(), this.dataWorker.close(), this.checkWorker.close(), this.planWorker.close()]);
  }
}

const services = new WeakMap<object, EngineService>();

/** The service of this host for its open project; a different project replaces it. */
export function engineServiceFor(ctx: HostContext): EngineService {
  const root = ctx.projectRoot();
  let s = services.get(ctx);
  if (s && s.root !== root) {
    void s.dispose();
    s = undefined;
  }
  if (!s) {
    s = new EngineService(root, ctx);
    services.set(ctx, s);
  }
  return s;
}

/** Stops the service of a host (prod runner, watchers, workers). Tests and host shutdown. */
export async function disposeEngineService(ctx: HostContext): Promise<void> {
  const s = services.get(ctx);
  services.delete(ctx);
  await s?.dispose();
}

export const engineHandlers: HandlerGroup<typeof engineChannels> = {
  'run.once': async (_req, ctx) => engineServiceFor(ctx).runOnce(),
  'run.cancel': async (_req, ctx) => ({ cancelled: engineServiceFor(ctx).cancelRun() }),
  'run.result': async (_req, ctx) => engineServiceFor(ctx).lastResult(),
  'prod.start': async (_req, ctx) => engineServiceFor(ctx).startProd(),
  'prod.stop': async (_req, ctx) => engineServiceFor(ctx).stopProd(),
  'prod.status': async (_req, ctx) => engineServiceFor(ctx).prod.status(),
  'prod.conditions': async (_req, ctx) => engineServiceFor(ctx).prod.conditions(),
  'prod.object': async ({ key }, ctx) => engineServiceFor(ctx).prod.object(key),
  'snapshots.list': async (_req, ctx) => {
    return (await listSnapshots(engineServiceFor(ctx).root)).map((s) => ({
      id: s.id,
      createdAt: s.createdAt,
      mode: s.mode,
      objectCount: s.objectCount,
      ...(s.summary !== undefined ? { summary: s.summary } : {}),
      ...(s.success !== undefined ? { success: s.success } : {}),
      ...(s.git ? { git: s.git } : {}),
    }));
  },
  'snapshots.counts': async ({ ids }, ctx) => engineServiceFor(ctx).snapshotCounts(ids),
  'snapshots.diff': async ({ from, to, includeChoreoApis }, ctx) => {
    const s = engineServiceFor(ctx);
    return s.data('diff', { dir: s.root, from, to, ...(includeChoreoApis !== undefined ? { includeChoreoApis } : {}) });
  },
  'snapshots.compare': async ({ from, to, includeChoreoApis }, ctx) => engineServiceFor(ctx).compare(from, to, includeChoreoApis),
  'snapshots.compareChoices': async (_req, ctx) => ({ environments: await environmentChoices(engineServiceFor(ctx).root) }),
  'snapshots.objectPair': async ({ from, to, key, hideNoise }, ctx) => {
    const s = engineServiceFor(ctx);
    return s.data('objectPair', { dir: s.root, from, to, key, hideNoise });
  },
  'deps.tree': async ({ snapshot, includeChoreoApis }, ctx) => {
    const s = engineServiceFor(ctx);
    if (!snapshot) {
      const live = await s.liveDeps(includeChoreoApis);
      if (live) return live;
    }
    try {
      return await s.data('deps', { dir: s.root, snapshot: snapshot ?? 'latest', ...(includeChoreoApis !== undefined ? { includeChoreoApis } : {}) });
    } catch (err) {
      // No snapshot yet is the normal state of a fresh project: an empty tree, not an error.
      if (!snapshot && err instanceof HostError && err.code === 'not-found') return { source: '', nodes: [], roots: [], kindCounts: {} };
      throw err;
    }
  },
  'deps.object': async ({ snapshot, key }, ctx) => {
    const s = engineServiceFor(ctx);
    if (!snapshot) {
      const yaml = await s.liveObjectYaml(key);
      if (yaml !== undefined) return { yaml };
    }
    return s.data('depsObject', { dir: s.root, snapshot: snapshot ?? 'latest', key });
  },
  'resources.list': async ({ snapshot, kind, text, changedOnly, limit }, ctx) => {
    const s = engineServiceFor(ctx);
    return s.data('resources', { dir: s.root, snapshot: snapshot ?? 'latest', kind, text, changedOnly, limit: limit ?? 20_000 });
  },
  'schemas.forProject': async (_req, ctx) => engineServiceFor(ctx).schemas(),
  'starlark.check': async ({ file, text }, ctx) => ({ markers: await engineServiceFor(ctx).checkStarlark(file, text) }),
};

/** The project's folders, chosen as the loader chooses them (engine/files/folders.ts). */
function foldersOnDisk(root: string, overrides: Partial<ProjectFolders> | undefined): ProjectFolders {
  let dirs: string[] = [];
  try {
    dirs = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    // an unreadable project has default folders (and fails visibly when it runs)
  }
  return chooseFolders(overrides ?? {}, new Set(dirs));
}
