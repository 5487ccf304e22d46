// `run once` (engine spec §5): load the project (upstream refs first), check the reconcilers, run them until
// the queues are idle, decide success deterministically, persist the store, write a snapshot and the run
// result (`.choreo/last-run.json`, read by `run result`). Progress lines are the profile-B ones (§5.3).
import path from 'node:path';
import { trimRunResult } from '../../../src-shared/run/format.js';
import type { RunError, RunEvent, RunResult } from '../../../src-shared/run/result.js';
import type { ChildPackage, LoadedProject, LoadOptions, ReconcilerDef, SourceFs } from '../loader/types.js';
import { VirtualClock } from '../reconcilers/clock.js';
import { problemAt, ReconcilerLoadError } from '../reconcilers/outcome.js';
import { formatDiagnostic, LoadError } from '../loader/errors.js';
import type { BackendRestore } from '../backends/generation.js';
import type { ConfigValidatorOptions } from '../sdc/config-validator.js';
import { readUrlRewrites, type UrlRewrite } from '../refs/url-rewrite.js';
import { detectProfile, diskFs, loadProject, readProjectSources, resolveFolders } from './data.js';
import { removeSnapshotTemps, writeSnapshotData } from '../snapshots/snapshot-store.js';
import { gitInfo } from '../snapshots/git-info.js';
import type { GitInfo } from '../snapshots/types.js';
import { driveUntilIdle, type DriveEnd } from './drive.js';
import type { ReconcileLimits } from './limits.js';
import type { InterruptHook } from '../starlark/index.js';
import { ReconcilerRuntime, type ConditionChange, type RuntimeDebug, type RuntimeOptions } from './runtime.js';
import { acquireRunner, RunnerBusyError } from './status.js';
import { RunLoadError } from './run-load-error.js';
import { CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';
import { ensureChoreoDir } from '../files/choreo-dir.js';
import { jsonPieces } from '../files/json-pieces.js';
import { resolveStoreSelection, StoreConfigError, type StoreOverrides, type StoreSelection } from '../store/etcd/config.js';
import { ProvenanceRecorder } from '../provenance/recorder.js';
import { writeProvenance } from '../provenance/provenance-store.js';
import { phase, reportPhases } from './phase-times.js';
import { readMemoBook, writeMemoBook } from '../reconcilers/memo-file.js';

// re-exported: callers of run once catch it from here
export { RunLoadError };

export interface RunOnceOptions {
  /** Progress lines (`loading ...`, `running root reconciler <dir>` …). */
  onProgress?: (line: string) => void;
  /** Every START/STOP/REQUEUE/ERROR as it happens. */
  onEvent?: (e: RunEvent) => void;
  onCondition?: (c: ConditionChange) => void;
  onWarning?: (line: string) => void;
  /** Library and reconciler `print` output. */
  onPrint?: (msg: string, file: string) => void;
  /** Wall-clock limit for the reconcile phase (default 10 minutes); it also stops a reconcile mid-way. */
  timeoutMs?: number;
  /** Reconcile limit (default 1000 + 50 per object in the store after loading). */
  maxReconciles?: number;
  /** Step and time budgets of each reconcile (`--max-steps`, `--reconcile-timeout`). */
  limits?: ReconcileLimits;
  /** Cancels the run, also in the middle of a reconcile. */
  signal?: AbortSignal;
  /** Another reason to stop mid-reconcile, asked at Starlark checkpoints (a worker's shared cancel flag). */
  interrupt?: InterruptHook;
  /** URL rewrites for upstream refs (default: .choreo/config.yaml + CHOREO_URL_REWRITE). */
  urlRewrites?: UrlRewrite[];
  /** Use cached upstream clones only (default: CHOREO_OFFLINE=1). */
  offline?: boolean;
  /** Save .choreo/db, the snapshot and last-run.json (default true). */
  persist?: boolean;
  /** Passed to loadProject (tests: clock, newUid). */
  load?: Omit<LoadOptions, 'children'>;
  /** Extra Starlark builtins for reconcilers (extension point; delivery's config()/secret()). */
  extraBuiltins?: RuntimeOptions['extraBuiltins'];
  /** `-r`: register and run the internal backends (IPAM, VLAN, AS, GENID), engine spec §11. */
  internalReconcilers?: boolean;
  /**
   * With `internalReconcilers`: what opening the kept store does with the claims' dynamic IDs. `keep` (the
   * default) as a Go server that kept running; `redeal` as a Go server process restarting on it
   * (backends/generation.ts). The conformance replay of how Go wrote a db/ uses `redeal` for its restarts.
   */
  backendRestore?: BackendRestore;
  /** `-s`: after the reconcilers, run the config validator (engine spec §11.3, engine/sdc/). */
  configValidator?: boolean | ConfigValidatorOptions;
  /** Debug mode: Starlark runs under this debugger (engine/debug/ sets it up). */
  debug?: RuntimeDebug;
  /** `--store` and its options: wins over `.choreo/config.yaml`'s store (default: the file store). */
  store?: StoreOverrides;
  /** The runner's name in the etcd store's leader election (default `<host>/<pid>/<random>`). */
  identity?: string;
  /** Record field provenance and store it with the snapshot (default: when persisting). */
  provenance?: boolean;
  /**
   * Skip the reconciles that the last run found to change nothing while everything they read is the same
   * (`.choreo/reconcile-memo.json`, reconcilers/reconcile-memo.ts), and remember this run's (default: when
   * persisting). The final state is the same either way.
   */
  incremental?: boolean;
}


/** The store a run uses: `--store`, else `.choreo/config.yaml`, else the file store. A bad setting is a load error. */
export async function storeSelection(root: string, overrides: StoreOverrides | undefined): Promise<StoreSelection> {
  try {
    return await resolveStoreSelection(root, overrides);
  } catch (e) {
    if (e instanceof StoreConfigError) throw new RunLoadError(e.message);
    throw e;
  }
}

/** Events kept per runner in the result stored inside a snapshot. */
export const SNAPSHOT_MAX_EVENTS = 5000;
/** How deep last-run.json is walked when written in pieces: result → runners → runner → events (json-pieces.ts). */
const LAST_RUN_DEPTH = 4;

/** Loads a project with its upstream children (refs cloned/reused per spec §8). */
export async function loadWithUpstreams(
  dir: string,
  opts: Pick<RunOnceOptions, 'urlRewrites' | 'offline' | 'onProgress' | 'onWarning' | 'load' | 'internalReconcilers' | 'backendRestore'> = {},
): Promise<LoadedProject> {
  try {
    // Only refs/ is needed to find the children: read it through a view of the project that hides the rest.
    const files = opts.load?.sources ?? diskFs(dir);
    const folders = await resolveFolders(files, opts.load?.folders);
    const refsOnly = await readProjectSources(onlyDir(files, folders.refs), { folders: opts.load?.folders });
    const children: ChildPackage[] = [];
    if (refsOnly.upstreamRefs.length) {
      // Loaded only for projects with refs: it brings isomorphic-git, which costs more to load than a small run.
      const { childPackages, loadRefTree } = await import('../refs/ref-tree.js');
      const nodes = await loadRefTree(dir, refsOnly.upstreamRefs, {
        rewrites: opts.urlRewrites ?? (await readUrlRewrites(dir)),
        offline: opts.offline ?? process.env.CHOREO_OFFLINE === '1',
        onProgress: opts.onProgress,
        onWarning: opts.onWarning,
        folders: opts.load?.folders,
        // profile B writes the directory into the origin annotation, profile A does not (engine.md §2.1)
        originWithDirectory: (await detectProfile(files, folders)) === 'B',
      });
      children.push(...childPackages(nodes));
    }
    // -r backends; loaded only then, as the config validator below: a plain run once does not parse them
    const load = opts.internalReconcilers ? (await import('../backends/install.js')).withInternalReconcilers(opts.load, opts.backendRestore) : opts.load;
    return await loadProject(dir, { ...load, children });
  } catch (e) {
    if (e instanceof LoadError) {
      const errors = e.diagnostics.filter((d) => d.severity === 'error');
      throw new RunLoadError(e.message, errors.map((d) => problemAt(formatDiagnostic(d), d.where)));
    }
    throw new RunLoadError(e instanceof Error ? e.message : String(e));
  }
}

export async function runOnce(dir: string, opts: RunOnceOptions = {}): Promise<RunResult> {
  return (await runOnceWithProject(dir, opts)).result;
}

/** runOnce that also hands back the loaded project (its store holds the final objects). */
export async function runOnceWithProject(dir: string, opts: RunOnceOptions = {}): Promise<{ result: RunResult; project: LoadedProject }> {
  const root = path.resolve(dir);
  let release: () => void;
  try {
    release = acquireRunner(root, 'Once');
  } catch (e) {
    if (e instanceof RunnerBusyError) throw new RunLoadError(e.message);
    throw e;
  }
  try {
    return await runOnceLocked(root, opts);
  } finally {
    release();
  }
}

async function runOnceLocked(root: string, opts: RunOnceOptions): Promise<{ result: RunResult; project: LoadedProject }> {
  await ensureChoreoDir(root);
  const project = path.basename(root);
  const progress: string[] = [];
  const warnings: string[] = [];
  const say = (line: string) => {
    progress.push(line);
    opts.onProgress?.(line);
  };
  const warn = (line: string) => {
    warnings.push(line);
    opts.onWarning?.(line);
  };
  const startedAtMs = Date.now();
  const selection = await storeSelection(root, opts.store);
  if (selection.kind === 'etcd') {
    // loaded only for the etcd store: the file store never pays for the etcd client
    const { leadForRun } = await import('./etcd-run-once.js');
    const lead = await leadForRun(root, project, selection.etcd, { onWarning: warn, identity: opts.identity, clock: opts.load?.clock, newUid: opts.load?.newUid });
    try {
      say(`store etcd://${selection.etcd.endpoints.join(',')}${selection.etcd.prefix}`);
      const interrupt: InterruptHook = () => {
        const why = lead.lost();
        return why ? `this run lost the leadership of the store: ${why}` : opts.interrupt?.();
      };
      return await runLoaded(root, project, { ...opts, interrupt, load: { ...opts.load, store: lead.store } }, { say, warn, progress, warnings, startedAtMs });
    } catch (e) {
      if (e instanceof RunLoadError) throw e;
      throw new RunLoadError(`the run's changes could not be committed to etcd://${selection.etcd.endpoints.join(',')}${selection.etcd.prefix}: ${(e as Error).message}`);
    } finally {
      await lead.close();
    }
  }
  return runLoaded(root, project, opts, { say, warn, progress, warnings, startedAtMs });
}

interface RunOutput {
  say: (line: string) => void;
  warn: (line: string) => void;
  progress: string[];
  warnings: string[];
  startedAtMs: number;
}

/** Loads the project (onto opts.load.store when given), runs it until idle, persists (store, snapshot, last-run). */
async function runLoaded(root: string, project: string, opts: RunOnceOptions, out: RunOutput): Promise<{ result: RunResult; project: LoadedProject }> {
  const { say, warn, progress, warnings, startedAtMs } = out;
  say('loading ...');
  // the snapshot's git state, looked up (a git process) while the project loads and runs
  const git = opts.persist !== false ? gitInfo(root) : undefined;
  phase('load');
  const loaded = await loadWithUpstreams(root, { ...opts, onProgress: say, onWarning: warn });
  for (const d of loaded.diagnostics) if (d.severity === 'warning') warn(d.where ? `${d.where.file}: ${d.message}` : d.message);
  say('loading done');
  say('running reconcilers ...');
  phase('prepare-runners');

  // Prepare every runner before running any, so a bad reconciler anywhere writes nothing.
  const groups = runnerGroups(loaded, project, warn);
  const timeoutMs = opts.timeoutMs ?? 600_000;
  const deadline = performance.now() + timeoutMs;
  const interrupt: InterruptHook = () => {
    if (opts.signal?.aborted) return 'the run was cancelled';
    if (performance.now() > deadline) return `the run timed out after ${timeoutMs} ms (--timeout)`;
    return opts.interrupt?.();
  };
  const provenance = (opts.provenance ?? opts.persist !== false) ? new ProvenanceRecorder() : undefined;
  const memo = (opts.incremental ?? opts.persist !== false) ? await readMemoBook(root) : undefined;
  const prepared = groups.map((g) => {
    const clock = new VirtualClock();
    const rt = new ReconcilerRuntime({
      store: loaded.store,
      reconcilers: g.reconcilers,
      libraries: loaded.libraries,
      profile: loaded.profile,
      projectDir: root,
      clock,
      failFast: true,
      onEvent: opts.onEvent,
      onCondition: opts.onCondition,
      onWarning: warn,
      onPrint: opts.onPrint,
      extraBuiltins: opts.extraBuiltins,
      limits: opts.limits,
      interrupt,
      debug: opts.debug,
      provenance,
      memo,
    });
    try {
      rt.prepare();
    } catch (e) {
      if (e instanceof ReconcilerLoadError) throw new RunLoadError(e.message, e.details);
      throw e;
    }
    return { ...g, rt, clock };
  });
  const parts: RunResult[] = [];
  phase('reconcile');
  for (const g of prepared) {
    if (g.reconcilers.length === 0) continue;
    say(g.progress);
    g.rt.start();
    const end = await driveUntilIdle(g.rt, {
      clock: g.clock,
      failFast: true,
      maxReconciles: opts.maxReconciles ?? 1000 + 50 * loaded.store.size(),
      deadline,
      signal: opts.signal,
      interrupted: opts.interrupt,
    });
    g.rt.stop();
    const part = buildResult({ project, startedAtMs, end, events: g.rt.events, errors: g.rt.errors, failure: g.rt.failure, progress, warnings, runner: g.runner });
    parts.push(part);
    if (!part.success) break; // a failed child runner ends the run (spec §5.3: overall success = all runners)
  }
  // No reconcilers at all: still report an (empty, successful) root runner.
  if (parts.length === 0) parts.push(buildResult({ project, startedAtMs, end: { kind: 'idle' }, events: [], errors: [], failure: undefined, progress, warnings }));
  const result = combineResults(parts, { project, startedAtMs, progress, warnings });
  if (opts.configValidator) {
    // upstream runs it after the reconcilers whatever their outcome; its errors fail the run
    say('running config validator ...');
    const { runConfigValidator } = await import('../sdc/config-validator.js');
    const v = await runConfigValidator(loaded.store, diskFs(root), opts.configValidator === true ? {} : opts.configValidator);
    for (const w of v.warnings) warn(w);
    if (v.errors.length > 0) {
      result.success = false;
      result.message = result.message ? `${result.message}\n${v.errors.join('\n')}` : v.errors.join('\n');
    }
  }
  if (opts.persist !== false) {
    await persistRun(root, loaded, result, 'once', provenance, git);
    if (memo) {
      phase('persist.memo');
      await writeMemoBook(root, memo, provenance && ((h) => provenance.stored(h)));
    }
  }
  reportPhases();
  return { result, project: loaded };
}

interface BuildInput {
  project: string;
  startedAtMs: number;
  end: DriveEnd;
  events: RunEvent[];
  errors: RunError[];
  failure: RunError | undefined;
  progress: string[];
  warnings: string[];
  mode?: 'once' | 'prod';
  /** `root` or the upstream ref name of a profile-B child runner. */
  runner?: string;
}

export function buildResult(b: BuildInput): RunResult {
  let success = b.end.kind === 'idle' && !b.failure;
  let message = '';
  let taskId = '';
  let stillLooping: string[] = [];
  if (b.failure && (b.end.kind === 'error' || b.end.kind === 'idle')) {
    success = false;
    taskId = b.failure.taskId;
    message = b.failure.message;
  } else if (b.end.kind === 'limit') {
    stillLooping = b.end.busy;
    message = `run stopped after ${b.end.steps} reconciles without becoming idle; still looping: ${b.end.busy.join(', ') || '(none)'} (raise the limit with --max-reconciles if the project is just large)`;
  } else if (b.end.kind === 'timeout') {
    stillLooping = b.end.busy;
    message = `run timed out after ${Math.round(b.end.ms)} ms; still looping: ${b.end.busy.join(', ') || '(none)'}`;
  } else if (b.end.kind === 'aborted') {
    stillLooping = b.end.busy;
    message = 'run cancelled';
  }
  if (!success && !taskId && stillLooping.length) taskId = stillLooping.join(',');
  return {
    version: 1,
    mode: b.mode ?? 'once',
    project: b.project,
    startedAtMs: b.startedAtMs,
    finishedAtMs: Date.now(),
    success,
    message,
    runners: [{ runner: b.runner ?? 'root', success, taskId, message, events: b.events }],
    errors: b.errors,
    progress: b.progress,
    warnings: b.warnings,
    stillLooping,
  };
}

interface RunnerGroup {
  runner: string;
  progress: string;
  reconcilers: ReconcilerDef[];
}

/**
 * Which reconcilers run together (spec §1.6). Profile A: one runner with every reconciler (root and
 * upstream children alike). Profile B: one runner per child of type `all`, run first, then the root
 * runner; `crd` children contribute no reconcilers (ref-tree.ts leaves them out).
 */
export function runnerGroups(loaded: LoadedProject, project: string, warn: (line: string) => void = () => {}): RunnerGroup[] {
  const root: RunnerGroup = { runner: 'root', progress: `running root reconciler ${project}`, reconcilers: [] };
  if (loaded.profile !== 'B') return [{ ...root, reconcilers: loaded.reconcilers }];
  const refs = new Map(loaded.upstreamRefs.map((r) => [r.name, r]));
  const children = new Map<string, RunnerGroup>();
  for (const def of loaded.reconcilers) {
    // a child's files are named `<ref>:<file>` (`<ref>/<ref>:<file>` below it); its top-level ref runs it
    const i = def.origin.file.indexOf(':');
    const ref = i > 0 ? refs.get(def.origin.file.slice(0, i).split('/')[0]!) : undefined;
    if (!ref) {
      root.reconcilers.push(def);
      continue;
    }
    if (ref.type !== 'all') {
      warn(`reconciler ${def.name} of upstream ${ref.name} (type ${ref.type}) is not run: only children of type all run their reconcilers`);
      continue;
    }
    let g = children.get(ref.name);
    if (!g) children.set(ref.name, (g = { runner: ref.name, progress: `running child reconciler ${ref.name}`, reconcilers: [] }));
    g.reconcilers.push(def);
  }
  return [...children.values(), root];
}

/** One RunResult from the results of the runners that ran (in order). */
export function combineResults(parts: RunResult[], base: { project: string; startedAtMs: number; progress: string[]; warnings: string[] }): RunResult {
  const failed = parts.find((p) => !p.success);
  return {
    version: 1,
    mode: 'once',
    project: base.project,
    startedAtMs: base.startedAtMs,
    finishedAtMs: Date.now(),
    success: !failed,
    message: failed?.message ?? '',
    runners: parts.flatMap((p) => p.runners),
    errors: parts.flatMap((p) => p.errors),
    progress: base.progress,
    warnings: base.warnings,
    stillLooping: parts.flatMap((p) => p.stillLooping),
  };
}

/**
 * Saves the store, the run's snapshot and the last-run file as one commit (store/generations.ts): after a
 * kill at any point the db, the newest snapshot and last-run.json are all of the old run or all of the new.
 */
export async function persistRun(root: string, loaded: LoadedProject, result: RunResult, mode: string, provenance?: ProvenanceRecorder, git?: Promise<GitInfo | undefined>): Promise<void> {
  const dbDir = path.join(root, CHOREO_PATHS.db);
  phase('persist');
  await loaded.store.save({
    prepare: async (at) => {
      phase('snapshot');
      await removeSnapshotTemps(root);
      const { info, metaFile, metaJson } = await writeSnapshotData(root, loaded.store, {
        mode,
        success: result.success,
        summary: result.success ? 'execution success' : `execution failed ${result.runners[0]?.taskId ?? ''} ${result.message}`.trim(),
        // The full timeline goes to last-run.json; snapshots keep the counts and the last events only, so
        // reading (and diffing) snapshots of large runs stays fast.
        result: trimRunResult(result, SNAPSHOT_MAX_EVENTS),
        ...(at.revision !== undefined ? { revision: at.revision } : {}),
      }, { git });
      result.snapshotId = info.id;
      phase('provenance');
      if (provenance) await writeProvenance(root, info.id, provenance.entries());
      phase('persist.last-run');
      return [
        { file: path.relative(dbDir, metaFile), content: metaJson },
        // in pieces: the events of a large run are ~100 MB of text
        { file: path.relative(dbDir, path.join(root, CHOREO_PATHS.lastRun)), content: () => jsonPieces(result, LAST_RUN_DEPTH) },
      ];
    },
  });
}

function onlyDir(fs: SourceFs, dir: string): SourceFs {
  return {
    list: (d) => (d === dir || d.startsWith(`${dir}/`) ? fs.list(d) : Promise.resolve([])),
    read: (p) => fs.read(p),
  };
}
