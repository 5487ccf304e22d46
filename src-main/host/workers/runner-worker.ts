// A runner thread (listed in ./entries.ts; its owner's side is ./runner-thread.ts): runs ONE job that runs
// reconcilers — a continuous runner (prod mode, a delivery environment, `choreo run start`), a run once, or a
// delivery build's check and run — so that a reconciler that loops, fills memory or gets stuck never blocks
// the owner's thread. It keeps the shared RunProbe
// current (which reconcile, since when) and honours its cancel flag at Starlark checkpoints. What the run
// reports on its own (runner events, condition rows) is sent in batches, at most one message per turn of the
// event loop, and always before the answer of a request that follows it.
//
// Static imports are what `choreo run once` needs (it waits for this thread to load); prod mode's rows and
// deps, a delivery environment's builtins and the delivery build load on first use.
import { parentPort, workerData } from 'node:worker_threads';
import { parseApiVersion } from '../../../src-shared/krm/object.js';
import type { RunEvent } from '../../../src-shared/run/result.js';
import { trimRunResult } from '../../../src-shared/run/format.js';
import { RunLoadError, runOnce, startRunner, type Runner, createApiStore, storeInventory } from '../../engine/index.js';
import { RunProbe } from './run-probe.js';
import type { RowChange, RunnerMessage, RunnerOps, RunnerRequest, RunnerStartArgs, RunnerThreadEvent, RunnerWorkerData } from './runner-protocol.js';

const port = parentPort;
if (!port) throw new Error('runner-worker.ts must run in a worker thread (see runner-thread.ts).');

const probe = new RunProbe((workerData as RunnerWorkerData).shared);
let runner: Runner | undefined;

// ---- reports, batched ------------------------------------------------------------------------

const events: RunnerThreadEvent[] = [];
const rows = new Map<string, RowChange>();
let flushQueued = false;

function post(m: RunnerMessage): void {
  port!.postMessage(m);
}

function flush(): void {
  flushQueued = false;
  if (events.length) post({ id: 0, type: 'events', events: events.splice(0) });
  if (rows.size) {
    post({ id: 0, type: 'rows', rows: [...rows.values()] });
    rows.clear();
  }
}

function queueFlush(): void {
  if (flushQueued) return;
  flushQueued = true;
  setImmediate(flush);
}

function report(e: RunnerThreadEvent): void {
  events.push(e);
  queueFlush();
}

/** The probe follows the reconcile in progress: START enters it, its end (STOP, REQUEUE, ERROR) leaves it. */
function follow(e: RunEvent): void {
  if (e.operation === 'START') probe.enter({ reconciler: e.reconciler, resource: e.resource });
  else probe.leave();
}

/** The run's reason to stop mid-reconcile: the owner raised the probe's cancel flag after this call. */
function cancelledBy(why: string): () => string | undefined {
  const mark = probe.mark();
  return () => (probe.cancelledSince(mark) ? why : undefined);
}

class LoadFailure extends Error {}

// ---- jobs ------------------------------------------------------------------------------------

async function start(a: RunnerStartArgs): Promise<RunnerOps['start']['value']> {
  if (runner) throw new Error('this thread runs a runner already');
  // A delivery environment gets its config() and secret() and a store of its own (the folder's db is not read).
  const environment = a.environment && {
    store: createApiStore(),
    extraBuiltins: (await import('../../delivery/config-builtins.js')).configBuiltins(a.environment),
  };
  // Loaded before the runner starts: its first reconcile runs at the next turn, and may keep the thread.
  const feed = a.rows ? await rowFeed() : undefined;
  try {
    runner = await startRunner(a.dir, {
      internalReconcilers: a.internalReconcilers,
      offline: a.offline,
      limits: a.limits,
      persist: a.persist,
      store: a.store,
      identity: a.identity,
      load: { ...(environment && { store: environment.store }), ...(a.folders && { folders: a.folders }) },
      extraBuiltins: environment?.extraBuiltins,
      interrupt: cancelledBy('the runner was stopped'),
      onPrint: (line, file) => report({ type: 'print', line, file }),
      onEvent: (e) => {
        if (e.type === 'reconcile') follow(e.event);
        // on the etcd store a runner that lost the leadership reads a new working set: the rows follow it
        if (e.type === 'leadership' && runner) feed?.(runner);
        report(e);
      },
    });
  } catch (e) {
    if (e instanceof RunLoadError) throw new LoadFailure(e.message);
    throw e;
  }
  feed?.(runner);
  const leadership = runner.leadership();
  return { project: runner.project, ...(leadership && { leadership }) };
}

/**
 * Condition rows of the user's objects (prod mode's live view), from a store watch with replay. Call the
 * feed again whenever the runner's store may have been replaced (an etcd runner that lost the leadership
 * reads a fresh working set): it then watches the new store, and objects the new store lacks go away.
 */
async function rowFeed(): Promise<(r: Runner) => void> {
  const { choreoKindSet, conditionRow, isUserObject, objectKey } = await import('./engine-data.js');
  let watched: Runner['store'] | undefined;
  let unwatch: (() => void) | undefined;
  /** Keys the owner has a row for. */
  const shown = new Set<string>();
  return (r) => {
    if (r.store === watched) return;
    unwatch?.();
    watched = r.store;
    const choreoKinds = choreoKindSet(watched.apis());
    const gone = new Set(shown);
    unwatch = watched.watch(
      (ev) => {
        if (!isUserObject(ev.object, choreoKinds)) return;
        const key = objectKey(ev.object);
        gone.delete(key);
        if (ev.type === 'DELETED') shown.delete(key);
        else shown.add(key);
        rows.set(key, ev.type === 'DELETED' ? { key } : { key, row: conditionRow(ev.object) });
        queueFlush();
      },
      { replay: true },
    );
    // the replay above was synchronous: what it did not list is not in the new store
    for (const key of gone) {
      shown.delete(key);
      rows.set(key, { key });
    }
    queueFlush();
  };
}

function live(): Runner {
  if (!runner) throw new Error('no runner runs in this thread');
  return runner;
}

async function handle(req: RunnerRequest): Promise<unknown> {
  switch (req.op) {
    case 'start':
      return start(req.args);
    case 'once':
      try {
        const a = req.args;
        const result = await runOnce(a.dir, {
          internalReconcilers: a.internalReconcilers,
          offline: a.offline,
          limits: a.limits,
          timeoutMs: a.timeoutMs,
          maxReconciles: a.maxReconciles,
          load: a.folders && { folders: a.folders },
          configValidator: a.configValidator,
          store: a.store,
          identity: a.identity,
          interrupt: cancelledBy('the run was cancelled'),
          onEvent: follow,
          onProgress: (line) => report({ type: 'progress', line }),
          onWarning: (line) => report({ type: 'warning', line }),
          onPrint: (line, file) => report({ type: 'print', line, file }),
        });
        return { result: a.maxEvents !== undefined ? trimRunResult(result, a.maxEvents) : result } satisfies RunnerOps['once']['value'];
      } catch (e) {
        if (e instanceof RunLoadError) return { loadError: e.message } satisfies RunnerOps['once']['value'];
        throw e;
      }
    case 'build': {
      const { evaluateBuild } = await import('../../delivery/build-eval.js');
      const { dir, root, offline, internalReconcilers } = req.args;
      return evaluateBuild(dir, { root, offline, internalReconcilers, log: (line) => report({ type: 'progress', line }), onReconcile: follow });
    }
    case 'apply':
      return live().applyInput(req.args.input);
    case 'idle':
      await live().whenIdle();
      return null;
    case 'list': {
      const store = live().store;
      return req.args.kinds.map((k) => {
        try {
          return store.list(k);
        } catch {
          return null; // a kind the store does not serve
        }
      });
    }
    case 'content':
      return storeInventory(live().store);
    case 'objectYaml': {
      const { splitKey, toYaml } = await import('./engine-data.js');
      const { apiVersion, kind, namespace, name } = splitKey(req.args.key);
      const o = live().store.tryGet({ ...parseApiVersion(apiVersion), kind }, namespace, name);
      return o ? toYaml(o) : null;
    }
    case 'deps': {
      const { depsTree } = await import('./engine-data.js');
      return depsTree(storeInventory(live().store), { includeChoreoApis: req.args.includeChoreoApis });
    }
    case 'stop': {
      const r = live();
      const stopped = await r.stop();
      probe.leave();
      return stopped;
    }
  }
}

port.on('message', (req: RunnerRequest) => {
  handle(req).then(
    (value) => {
      flush();
      post({ id: req.id, type: 'done', value });
    },
    (e: unknown) => {
      flush();
      post({ id: req.id, type: 'error', message: e instanceof Error ? e.message : String(e), ...(e instanceof LoadFailure ? { loadError: true } : {}) });
    },
  );
});
