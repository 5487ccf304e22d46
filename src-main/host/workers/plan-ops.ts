// The plan worker's work (issue 13 item 2): plans the project as the editor holds it (its unsaved buffers over
// the folder) or as the git index holds it, in a worker thread of its own, so the editor's plan-as-you-type
// never waits behind a run or a big snapshot diff, and the host's event loop never runs reconcilers.
// Plans run one at a time (the engine takes the runner lock per plan); the last run's snapshot is read once
// and kept while it is the latest; the last few plans' objects are kept for plan.object (an object's diff).
import type { PlanItem, PlanResponse, PlanSource } from '../../../src-shared/ipc/channels/insight.js';
import { diskFs, listSnapshots, overlayFs, planProjectWithObjects, readSnapshot, RunLoadError, type KrmObject, type ProjectFolders, type ReconcileLimits, type Snapshot, type SourceFs } from '../../engine/index.js';
import { stagedFs } from '../../project/git/staged-fs.js';
import { indexObjects, objectPair } from './engine-data.js';

export interface PlanArgs {
  dir: string;
  source: PlanSource;
  /** source `buffers`: project-relative path → the buffer's text (already confined by the host). */
  buffers?: Record<string, string>;
  internalReconcilers?: boolean;
  limits?: ReconcileLimits;
  folders?: Partial<ProjectFolders>;
}

export type ObjectPair = ReturnType<typeof objectPair>;

/** A planned run that does not finish in this time is stopped (a plan is a preview, not a run). */
const PLAN_TIMEOUT_MS = 60_000;
/** Plans whose objects are kept for plan.object. */
const PLANS_KEPT = 4;

interface KeptPlan {
  before: Map<string, KrmObject>;
  after: Map<string, KrmObject>;
}

let queue: Promise<unknown> = Promise.resolve();
let seq = 0;
const kept = new Map<string, KeptPlan>();
let lastSnapshot: Snapshot | undefined;

/** Plans run one after the other: a second plan would find the runner taken by the first. */
export function plan(args: PlanArgs): Promise<PlanResponse> {
  const next = queue.then(() => planNow(args));
  queue = next.catch(() => undefined);
  return next;
}

/** The last run's snapshot, read again only when a newer run replaced it. */
async function latestSnapshot(dir: string): Promise<Snapshot | null> {
  const latest = (await listSnapshots(dir))[0];
  if (!latest) return null;
  if (lastSnapshot?.id !== latest.id) lastSnapshot = await readSnapshot(dir, latest.id);
  return lastSnapshot;
}

async function planNow({ dir, source, buffers, internalReconcilers, limits, folders }: PlanArgs): Promise<PlanResponse> {
  const t0 = performance.now();
  const planId = `p${++seq}`;
  let sources: SourceFs;
  let files: string[];
  if (source === 'staged') {
    sources = await stagedFs(dir);
    files = [];
  } else {
    sources = overlayFs(diskFs(dir), buffers ?? {});
    files = Object.keys(buffers ?? {}).sort();
  }
  const base = { planId, source, files };
  try {
    const before = await latestSnapshot(dir);
    const planned = await planProjectWithObjects(dir, { sources, before, internalReconcilers, timeoutMs: PLAN_TIMEOUT_MS, load: folders && { folders }, ...(limits ? { limits } : {}) });
    kept.set(planId, { before: indexObjects(planned.before), after: indexObjects(planned.after) });
    while (kept.size > PLANS_KEPT) kept.delete(kept.keys().next().value!);
    const { plan: p } = planned;
    const items: PlanItem[] = p.items.map((i) => {
      const apiVersion = i.group ? `${i.group}/${i.version}` : i.version;
      const namespace = i.namespace ?? '';
      return { key: `${apiVersion}|${i.kind}|${namespace}|${i.name}`, symbol: i.symbol as PlanItem['symbol'], apiVersion, kind: i.kind, namespace, name: i.name, changes: i.changes ?? [] };
    });
    return { ...base, against: p.against, success: p.success, message: p.message, items, counts: p.counts, durationMs: performance.now() - t0 };
  } catch (e) {
    if (!(e instanceof RunLoadError)) throw e;
    // the planned files do not load (a YAML or Starlark error in a buffer): the plan says where
    const placed = e.problems.find((pr) => pr.file);
    return {
      ...base,
      against: null,
      success: false,
      message: e.message,
      loadError: { message: placed?.message ?? e.message, ...(placed ? { file: placed.file, line: placed.line, col: placed.col } : {}) },
      items: [],
      counts: { add: 0, change: 0, destroy: 0 },
      durationMs: performance.now() - t0,
    };
  }
}

/** Both sides of one object of a kept plan, bookkeeping hidden, for the diff editor. */
export function planObject({ planId, key }: { planId: string; key: string }): ObjectPair {
  const p = kept.get(planId);
  if (!p) throw Object.assign(new Error(`Plan ${planId} is no longer kept (only the last ${PLANS_KEPT} are). Plan again.`), { notFound: true });
  const a = p.before.get(key);
  const b = p.after.get(key);
  if (!a && !b) throw Object.assign(new Error(`${key.replaceAll('|', ' ')} is not in plan ${planId}.`), { notFound: true });
  return objectPair(a, b, true);
}
