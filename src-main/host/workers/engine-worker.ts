// The engine worker thread: runs `run once`, plans (./plan-ops.ts) and reads/diffs snapshots so the host's
// event loop (and so every other request and event) stays responsive. Parsed snapshots are cached (they are immutable and
// content-addressed), so picking objects of a 10,000-object diff one by one does not re-read files.
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { RunOnceResponse } from '../../../src-shared/ipc/channels/engine.js';
import { resourceIdOf } from '../../../src-shared/run/result.js';
import { listSnapshots, readSnapshot, RunLoadError, runOnceWithProject, toYaml, type Snapshot, explainStored, isStoreError } from '../../engine/index.js';
import { depsTree, diffRows, indexObjects, objectPair, resourceRows, resourcesList } from './engine-data.js';
import type { WorkerMessage, WorkerOps, WorkerRequest } from './protocol.js';
import { RunProbe } from './run-probe.js';
import { starlarkMarkers } from './starlark-check.js';
import { graphOp, languageOp } from './language-ops.js';
import type { KrmObject } from '../../../src-shared/krm/index.js';
import { CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';
import { parseApiVersion } from '../../../src-shared/krm/object.js';
import { comparable, isRunSideToken } from '../../delivery/diff-sides.js';
import { explainSide, openSideOrNotFound, prepareSides } from './compare-ops.js';
import { plan, planObject } from './plan-ops.js';

interface Cached {
  /** Names the content: the project and snapshot id, or a comparison side's token / comparable view. */
  key: string;
  snap: Snapshot;
  index: Map<string, KrmObject>;
}

const port = parentPort;
if (!port) throw new Error('engine-worker.ts must run in a worker thread (the host starts it; see engine-workers.ts).');

const aborts = new Map<number, AbortController>();
/** Shared with the host (run worker only): its cancel flag, and the reconcile in progress. */
const probe = (workerData as { shared?: SharedArrayBuffer } | undefined)?.shared ? new RunProbe((workerData as { shared: SharedArrayBuffer }).shared) : undefined;
const cache = new Map<string, Cached>();
const CACHE_MAX = 4;

function post(m: WorkerMessage): void {
  port!.postMessage(m);
}

async function resolveId(dir: string, ref: string): Promise<string> {
  const list = await listSnapshots(dir);
  const found = ref === 'latest' ? list[0] : ref === 'previous' ? list[1] : list.find((s) => s.id === ref) ?? list.find((s) => s.id.startsWith(ref));
  if (!found) throw Object.assign(new Error(`Snapshot "${ref}" not found in ${path.join(dir, CHOREO_PATHS.snapshots)}. Run the project (F5) to create one.`), { notFound: true });
  return found.id;
}

async function load(dir: string, ref: string): Promise<Cached> {
  const id = await resolveId(dir, ref);
  return cached(`${dir}\u0000${id}`, async () => readSnapshot(dir, id));
}

async function cached(key: string, read: () => Promise<Snapshot>): Promise<Cached> {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit); // most recently used last
    return hit;
  }
  const snap = await read();
  const entry = { key, snap, index: indexObjects(snap.objects) };
  cache.set(key, entry);
  while (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  return entry;
}

/**
 * The two sides of a diff. When either is a revision's or an environment's (delivery/diff-sides.ts), both are
 * seen without what differs between separate runs (uids, times, managedFields), as `run diff --rev` compares them.
 */
async function loadPair(dir: string, from: string, to: string): Promise<[Cached, Cached]> {
  if (!isRunSideToken(from) && !isRunSideToken(to)) return [await load(dir, from), await load(dir, to)];
  const side = (ref: string) =>
    cached(`${dir}\u0000${ref}\u0000comparable`, async () => {
      const snap = isRunSideToken(ref) ? (await openSideOrNotFound(dir, ref)).snapshot : (await load(dir, ref)).snap;
      return { ...snap, objects: snap.objects.map(comparable) };
    });
  return [await side(from), await side(to)];
}

// Diffs of immutable snapshots never change: the counts shown in the snapshot list compute the same
// diff the viewer asks for next, so keep the last few.
const diffs = new Map<string, ReturnType<typeof diffRows>>();
function cachedDiff(a: Cached, b: Cached, includeChoreoApis: boolean | undefined): ReturnType<typeof diffRows> {
  const key = `${a.key}>${b.key}:${!!includeChoreoApis}`;
  let d = diffs.get(key);
  if (!d) {
    d = diffRows(a.snap, b.snap, a.index, b.index, { includeChoreoApis });
    diffs.set(key, d);
    while (diffs.size > 8) diffs.delete(diffs.keys().next().value!);
  }
  return d;
}

// The Resources view's rows of a snapshot (and its changes against the one before) never change either;
// a filter typed in a huge project re-reads them from here instead of recomputing.
const resourceCache = new Map<string, { rows: ReturnType<typeof resourceRows>; previous: string | null }>();
async function resources({ dir, snapshot, kind, text, changedOnly, limit }: WorkerOps['resources']['args']): Promise<WorkerOps['resources']['value']> {
  const list = await listSnapshots(dir);
  if (!list.length) return { snapshot: null, previous: null, total: 0, kinds: {}, changes: { added: 0, modified: 0, deleted: 0 }, rows: [], matched: 0, truncated: false };
  const cur = await load(dir, snapshot);
  const meta = list.find((s) => s.id === cur.snap.id)!;
  const prevMeta = list[list.indexOf(meta) + 1];
  const key = `${dir}\u0000${cur.snap.id}`;
  let entry = resourceCache.get(key);
  if (!entry) {
    const prev = prevMeta ? await load(dir, prevMeta.id) : undefined;
    const changes = prev ? new Map(cachedDiff(prev, cur, false).items.map((i) => [i.key, i.status] as const)) : undefined;
    entry = { rows: resourceRows(cur.snap, changes, prev?.index), previous: prev?.snap.id ?? null };
    resourceCache.set(key, entry);
    while (resourceCache.size > 4) resourceCache.delete(resourceCache.keys().next().value!);
  }
  return resourcesList(entry.rows, { snapshot: { id: meta.id, createdAt: meta.createdAt, mode: meta.mode }, previous: entry.previous }, { kind, text, changedOnly }, limit);
}

/**
 * The run's snapshot against the one before it, answered with the run (the run panel shows the counts and
 * marks the changed objects); the diff is cached, so the Snapshots view asking for it next costs nothing.
 */
async function againstPrevious(dir: string, snapshotId: string): Promise<RunOnceResponse['vsPrevious']> {
  try {
    const list = await listSnapshots(dir);
    const at = list.findIndex((s) => s.id === snapshotId);
    const prevMeta = at >= 0 ? list[at + 1] : undefined;
    if (!prevMeta) return undefined;
    const d = cachedDiff(await load(dir, prevMeta.id), await load(dir, snapshotId), false);
    const changed = d.items.filter((i) => i.status !== 'equal').map((i) => resourceIdOf({ ...parseApiVersion(i.apiVersion), kind: i.kind, namespace: i.namespace, name: i.name }));
    return { previous: prevMeta.id, counts: d.counts, changed };
  } catch {
    return undefined; // the comparison is a bonus; the run result stands without it
  }
}

async function runOnce(id: number, { dir, internalReconcilers, limits, folders, configValidator }: WorkerOps['runOnce']['args']): Promise<RunOnceResponse> {
  const ac = new AbortController();
  aborts.set(id, ac);
  const t0 = performance.now();
  // The host's cancel reaches a busy reconcile through shared memory (this thread reads no messages then).
  const mark = probe?.mark();
  try {
    const { result, project } = await runOnceWithProject(dir, {
      internalReconcilers, // server start -r
      limits,
      load: folders && { folders }, // server start --apis …
      configValidator, // server start -s
      signal: ac.signal,
      interrupt: probe ? () => (probe.cancelledSince(mark!) ? 'the run was cancelled' : undefined) : undefined,
      // The probe follows the reconcile in progress (for the host's watchdog and out-of-memory message).
      onEvent: probe ? (e) => (e.operation === 'START' ? probe.enter({ reconciler: e.reconciler, resource: e.resource }) : probe.leave()) : undefined,
      onProgress: (line) => post({ id, type: 'progress', line, kind: 'progress' }),
      onWarning: (line) => post({ id, type: 'progress', line, kind: 'warning' }),
      onPrint: (msg, file) => post({ id, type: 'progress', line: `${file}: ${msg}`, kind: 'print' }),
    });
    // Input objects behind each failing resource, so the run panel can open their YAML.
    const wanted = new Set(result.errors.filter((e) => e.resource).map((e) => resourceIdOf(e.resource!)));
    const objectPlaces: RunOnceResponse['objectPlaces'] = [];
    if (wanted.size) {
      for (const input of project.inputs) {
        const o = input.object;
        const rid = resourceIdOf({ ...parseApiVersion(o.apiVersion), kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '' });
        if (wanted.has(rid)) objectPlaces.push({ resource: rid, file: input.origin.file, line: input.origin.line ?? 1 });
      }
    }
    const vsPrevious = result.snapshotId ? await againstPrevious(dir, result.snapshotId) : undefined;
    return { result, objectPlaces, durationMs: performance.now() - t0, ...(vsPrevious ? { vsPrevious } : {}) };
  } catch (e) {
    if (!(e instanceof RunLoadError)) throw e;
    const placed = e.problems.find((p) => p.file);
    return {
      result: null,
      loadError: { ...(placed ? { file: placed.file, line: placed.line, col: placed.col } : {}), message: e.message },
      loadErrors: e.problems,
      objectPlaces: [],
      durationMs: performance.now() - t0,
    };
  } finally {
    probe?.leave();
    aborts.delete(id);
  }
}

async function explain({ dir, key, field, snapshot }: WorkerOps['explain']['args']): Promise<WorkerOps['explain']['value']> {
  try {
    if (snapshot !== undefined && isRunSideToken(snapshot)) return await explainSide(dir, snapshot, key, field);
    return await explainStored(dir, { key, field, snapshot, inputPlaces: true });
  } catch (e) {
    // a snapshot, object or field that is not there: the host answers not-found with the engine's words
    if (isStoreError(e, 'NotFound')) throw Object.assign(new Error(e.desc), { notFound: true });
    throw e;
  }
}

async function handle(req: Exclude<WorkerRequest, { op: 'cancel' }>): Promise<unknown> {
  switch (req.op) {
    case 'runOnce':
      return runOnce(req.id, req.args);
    case 'diff': {
      const [a, b] = await loadPair(req.args.dir, req.args.from, req.args.to);
      const name = (ref: string, c: Cached) => (isRunSideToken(ref) ? ref : c.snap.id);
      return { from: name(req.args.from, a), to: name(req.args.to, b), ...cachedDiff(a, b, req.args.includeChoreoApis) };
    }
    case 'counts': {
      const out: Record<string, unknown> = {};
      for (const [prev, next] of req.args.pairs) {
        const a = await load(req.args.dir, prev);
        const b = await load(req.args.dir, next);
        out[next] = cachedDiff(a, b, false).counts;
      }
      return out;
    }
    case 'objectPair': {
      const [a, b] = await loadPair(req.args.dir, req.args.from, req.args.to);
      return objectPair(a.index.get(req.args.key), b.index.get(req.args.key), req.args.hideNoise);
    }
    case 'deps': {
      const s = await load(req.args.dir, req.args.snapshot);
      return { source: `snapshot ${s.snap.id}`, ...depsTree(s.snap, { includeChoreoApis: req.args.includeChoreoApis }) };
    }
    case 'resources':
      return resources(req.args);
    case 'check':
      return starlarkMarkers(req.args.file, req.args.text);
    case 'language':
      return languageOp(req.args);
    case 'graph':
      return graphOp(req.args.dir, req.args.folders);
    case 'explain':
      return explain(req.args);
    case 'prepareSides':
      return prepareSides(req.args, (line) => post({ id: req.id, type: 'progress', line, kind: 'progress' }));
    case 'plan':
      return plan(req.args);
    case 'planObject':
      return planObject(req.args);
    case 'depsObject': {
      const s = await load(req.args.dir, req.args.snapshot);
      const o = s.index.get(req.args.key);
      if (!o) throw Object.assign(new Error(`${req.args.key.replaceAll('|', ' ')} is not in snapshot ${s.snap.id}.`), { notFound: true });
      return { yaml: toYaml(o) };
    }
  }
}

port.on('message', (req: WorkerRequest) => {
  if (req.op === 'cancel') {
    aborts.get(req.target)?.abort();
    return;
  }
  handle(req).then(
    (value) => post({ id: req.id, type: 'done', value }),
    (e: unknown) => post({ id: req.id, type: 'error', message: e instanceof Error ? e.message : String(e), ...((e as { notFound?: boolean })?.notFound ? { notFound: true } : {}) }),
  );
});
