// Continuous (prod) mode (engine spec §6): one runtime that keeps reconciling and reacts to every store
// change. Input applied while it runs is validated first (dry run) and then applied live; nothing is applied
// when any document is invalid. Reconcile, condition and error events stream to the caller. stop() ends the
// loop, records the result and writes a snapshot (the docs' intent; Go takes none) so sessions can be diffed.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ORIGIN_ANNOTATION, ORIGIN_FILE, type KrmObject } from '../../../src-shared/krm/object.js';
import type { RunError, RunEvent, RunResult } from '../../../src-shared/run/result.js';
import { RealClock } from '../reconcilers/clock.js';
import { ReconcilerLoadError } from '../reconcilers/outcome.js';
import { buildResult, loadWithUpstreams, persistRun, RunLoadError, type RunOnceOptions } from './run-once.js';
import type { ApiStore } from '../store/types.js';
import { ReconcilerRuntime, type ConditionChange } from './runtime.js';
import { acquireRunner, RunnerBusyError } from './status.js';
import { ensureChoreoDir } from '../files/choreo-dir.js';

export type RunnerEvent =
  | { type: 'progress'; line: string }
  | { type: 'warning'; line: string }
  | { type: 'reconcile'; event: RunEvent }
  | { type: 'condition'; change: ConditionChange }
  | { type: 'error'; error: RunError }
  | { type: 'input'; applied: string[] }
  | { type: 'stopped'; snapshotId: string; success: boolean };

export interface StartRunnerOptions extends Pick<RunOnceOptions, 'urlRewrites' | 'offline' | 'load' | 'onPrint' | 'extraBuiltins' | 'internalReconcilers' | 'limits' | 'interrupt'> {
  onEvent?: (e: RunnerEvent) => void;
  /** Save the store / snapshot / last-run on stop (default true). */
  persist?: boolean;
}

export interface ApplyInputResult {
  ok: boolean;
  /** `<Kind>/<namespace>/<name>` of every applied object. */
  applied: string[];
  /** Validation errors; when non-empty nothing was applied. */
  errors: string[];
}

export interface StopResult {
  result: RunResult;
  snapshotId: string | undefined;
}

export interface Runner {
  readonly project: string;
  readonly dir: string;
  /** The live store (read it; write through applyInput so input is validated). */
  readonly store: ApiStore;
  status(): 'Running' | 'Stopped';
  /** Validates and applies objects (or the YAML documents of a file) to the live store. */
  applyInput(input: KrmObject | KrmObject[] | { file: string }): Promise<ApplyInputResult>;
  /** Queues every for-object again. */
  reconcileAll(): void;
  /** Resolves when no reconcile is ready or running (delayed keys may remain). Handy for tests. */
  whenIdle(): Promise<void>;
  stop(): Promise<StopResult>;
}

export async function startRunner(dir: string, opts: StartRunnerOptions = {}): Promise<Runner> {
  const root = path.resolve(dir);
  const project = path.basename(root);
  let release: () => void;
  try {
    release = acquireRunner(root, 'Running');
  } catch (e) {
    if (e instanceof RunnerBusyError) throw new RunLoadError(e.message);
    throw e;
  }
  try {
    return await startLocked(root, project, opts, release);
  } catch (e) {
    release();
    throw e;
  }
}

async function startLocked(root: string, project: string, opts: StartRunnerOptions, release: () => void): Promise<Runner> {
  await ensureChoreoDir(root);
  const emit = (e: RunnerEvent) => opts.onEvent?.(e);
  const progress: string[] = [];
  const warnings: string[] = [];
  const say = (line: string) => {
    progress.push(line);
    emit({ type: 'progress', line });
  };
  const warn = (line: string) => {
    warnings.push(line);
    emit({ type: 'warning', line });
  };
  const startedAtMs = Date.now();
  say('loading ...');
  const loaded = await loadWithUpstreams(root, { ...opts, onProgress: say, onWarning: warn });
  say('loading done');
  let running = true;
  const rt = new ReconcilerRuntime({
    store: loaded.store,
    reconcilers: loaded.reconcilers,
    libraries: loaded.libraries,
    profile: loaded.profile,
    projectDir: root,
    clock: new RealClock(),
    failFast: false,
    onEvent: (event) => {
      emit({ type: 'reconcile', event });
      if (event.operation === 'ERROR') {
        const err = rt.errors[rt.errors.length - 1];
        if (err) emit({ type: 'error', error: err });
      }
    },
    onCondition: (change) => emit({ type: 'condition', change }),
    onWarning: warn,
    onPrint: opts.onPrint,
    extraBuiltins: opts.extraBuiltins,
    limits: opts.limits,
    interrupt: () => (running ? opts.interrupt?.() : 'prod mode was stopped'),
  });
  try {
    rt.prepare();
  } catch (e) {
    if (e instanceof ReconcilerLoadError) throw new RunLoadError(e.message);
    throw e;
  }
  say(`running root reconciler ${project}`);

  let wake: (() => void) | undefined;
  const idleWaiters: Array<() => void> = [];
  rt.onWork = () => wake?.();
  rt.start();

  const loop = (async () => {
    let steps = 0;
    while (running) {
      if (rt.step()) {
        if ((++steps & 63) === 0) await new Promise<void>((r) => setImmediate(r));
        continue;
      }
      for (const w of idleWaiters.splice(0)) w();
      const due = rt.nextDue();
      await new Promise<void>((resolve) => {
        const timer = due !== undefined ? setTimeout(resolve, Math.max(0, due - performance.now())) : undefined;
        wake = () => {
          if (timer) clearTimeout(timer);
          wake = undefined;
          resolve();
        };
      });
      wake = undefined;
    }
    for (const w of idleWaiters.splice(0)) w();
  })();

  let stopped: Promise<StopResult> | undefined;
  return {
    project,
    dir: root,
    store: loaded.store,
    status: () => (running ? 'Running' : 'Stopped'),
    async applyInput(input) {
      const objects = await inputObjects(root, input);
      const errors: string[] = [];
      if (!running) return { ok: false, applied: [], errors: ['runner is not running'] };
      for (const { obj, where } of objects) {
        try {
          loaded.store.apply(obj, { fieldManager: 'inputfileloader', dryRun: true });
        } catch (e) {
          errors.push(`${where}: ${(e as Error).message}`);
        }
      }
      if (errors.length) {
        for (const line of errors) warn(`input rejected: ${line}`);
        return { ok: false, applied: [], errors };
      }
      const applied: string[] = [];
      for (const { obj } of objects) {
        loaded.store.apply(obj, { fieldManager: 'inputfileloader' });
        applied.push(`${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`);
      }
      emit({ type: 'input', applied });
      return { ok: true, applied, errors: [] };
    },
    reconcileAll() {
      rt.requeueAll();
      wake?.();
    },
    whenIdle() {
      if (!running) return Promise.resolve();
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wake?.();
      });
    },
    stop() {
      stopped ??= (async () => {
        running = false;
        wake?.();
        await loop;
        rt.stop();
        release();
        const result = buildResult({
          project,
          startedAtMs,
          end: { kind: 'idle' },
          events: rt.events,
          errors: rt.errors,
          failure: rt.failure,
          progress,
          warnings,
          mode: 'prod',
        });
        if (opts.persist !== false) await persistRun(root, loaded, result, 'stop');
        emit({ type: 'stopped', snapshotId: result.snapshotId ?? '', success: result.success });
        return { result, snapshotId: result.snapshotId };
      })();
      return stopped;
    },
  };
}

async function inputObjects(root: string, input: KrmObject | KrmObject[] | { file: string }): Promise<Array<{ obj: KrmObject; where: string }>> {
  if (Array.isArray(input)) return input.map((obj, i) => ({ obj: withOrigin(obj), where: `object ${i + 1}` }));
  if ('file' in input && typeof input.file === 'string' && !('apiVersion' in input)) {
    const file = path.resolve(root, input.file);
    const rel = path.relative(root, file);
    const text = await readFile(file, 'utf8');
    const out: Array<{ obj: KrmObject; where: string }> = [];
    for (const [i, doc] of parseAllDocuments(text).entries()) {
      if (doc.errors.length) throw new Error(`${rel}: document ${i + 1}: ${doc.errors[0]!.message}`);
      const obj = doc.toJSON() as KrmObject | null;
      if (obj === null) continue;
      const line = doc.contents?.range ? text.slice(0, doc.contents.range[0]).split('\n').length : undefined;
      out.push({ obj: withOrigin(obj), where: line ? `${rel}:${line}` : rel });
    }
    return out;
  }
  return [{ obj: withOrigin(input as KrmObject), where: 'object' }];
}

function withOrigin(obj: KrmObject): KrmObject {
  const o = structuredClone(obj);
  o.metadata ??= {};
  o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [ORIGIN_ANNOTATION]: ORIGIN_FILE };
  return o;
}
