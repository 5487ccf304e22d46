// Continuous (prod) mode (engine spec §6): one runtime that keeps reconciling and reacts to every store
// change. Input applied while it runs is validated first (dry run) and then applied live; nothing is applied
// when any document is invalid. Reconcile, condition and error events stream to the caller. stop() ends the
// loop, records the result and writes a snapshot (the docs' intent; Go takes none) so sessions can be diffed.
import path from 'node:path';
import { ReconcilerLoadError } from '../reconcilers/outcome.js';
import { buildResult, loadWithUpstreams, persistRun, RunLoadError, storeSelection } from './run-once.js';
import type { Runner, StartRunnerOptions, StopResult } from './runner-types.js';
import { applyInputObjects, inputObjects } from './input.js';
import { acquireRunner, RunnerBusyError } from './status.js';
import { ensureChoreoDir } from '../files/choreo-dir.js';
import { continuousRuntime, runnerEvents, startReconcileLoop } from './reconcile-loop.js';


export type { RunnerEvent, StartRunnerOptions, ApplyInputResult, StopResult, Runner, Leadership } from './runner-types.js';

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
    await ensureChoreoDir(root);
    const selection = await storeSelection(root, opts.store);
    if (selection.kind === 'etcd') {
      // loaded only for the etcd store: the file store never pays for the etcd client
      const { startEtcdRunner } = await import('./etcd-runner.js');
      return await startEtcdRunner(root, project, selection.etcd, opts, release);
    }
    return await startLocked(root, project, opts, release);
  } catch (e) {
    release();
    throw e;
  }
}

async function startLocked(root: string, project: string, opts: StartRunnerOptions, release: () => void): Promise<Runner> {
  const { emit, progress, warnings, say, warn } = runnerEvents(opts);
  const startedAtMs = Date.now();
  say('loading ...');
  const loaded = await loadWithUpstreams(root, { ...opts, onProgress: say, onWarning: warn });
  say('loading done');
  let stopping = false;
  const rt = continuousRuntime(root, loaded, opts, emit, warn, () => (stopping ? 'prod mode was stopped' : opts.interrupt?.()));
  try {
    rt.prepare();
  } catch (e) {
    if (e instanceof ReconcilerLoadError) throw new RunLoadError(e.message, e.details);
    throw e;
  }
  say(`running root reconciler ${project}`);

  rt.start();
  const loop = startReconcileLoop(rt);

  let stopped: Promise<StopResult> | undefined;
  return {
    project,
    dir: root,
    store: loaded.store,
    status: () => (loop.running ? 'Running' : 'Stopped'),
    leadership: () => undefined,
    async applyInput(input) {
      const objects = await inputObjects(root, input);
      if (!loop.running) return { ok: false, applied: [], errors: ['runner is not running'] };
      const r = applyInputObjects(loaded.store, objects, warn);
      if (r.ok) emit({ type: 'input', applied: r.applied });
      return r;
    },
    reconcileAll() {
      rt.requeueAll();
      loop.wake();
    },
    whenIdle: () => loop.whenIdle(),
    stop() {
      stopped ??= (async () => {
        stopping = true;
        await loop.stop();
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
