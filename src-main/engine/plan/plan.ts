// `choreo plan` (issue 13 item 2): what a run of the project as it is now would change, as `terraform plan`
// shows it. The project runs on its last run's store (.choreo/db) in memory, writing nothing (no db, snapshot
// or last-run.json), and the result is compared object by object with the last run's snapshot: `+` added,
// `~` changed (with the changed fields), `-` deleted.
import { storeInventory, listSnapshots, readSnapshot } from '../snapshots/snapshot-store.js';
import { diffSnapshots } from '../snapshots/diff.js';
import type { DiffItem, Snapshot } from '../snapshots/types.js';
import { runOnceWithProject, type RunOnceOptions } from '../runner/run-once.js';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import type { SourceFs } from '../loader/types.js';

export interface PlanResult {
  /** The snapshot compared with (the last run), or null when the project never ran. */
  against: string | null;
  /** Did the planned run succeed? A failed run's plan is not trustworthy (exit 1). */
  success: boolean;
  /** The run's failure message. */
  message: string;
  /** Changed objects only, each with its field changes. */
  items: DiffItem[];
  counts: { add: number; change: number; destroy: number };
}

/**
 * Bookkeeping that every run may rewrite without a change of meaning: compared without it, a plan right
 * after a run is empty.
 */
function meaningful(o: KrmObject): KrmObject {
  const { resourceVersion: _r, managedFields: _m, generation: _g, ...meta } = o.metadata;
  return { ...o, metadata: meta, ...(o.status?.conditions ? { status: { ...o.status, conditions: o.status.conditions.map(withoutTimes) } } : {}) };
}

function withoutTimes(c: unknown): unknown {
  if (!c || typeof c !== 'object') return c;
  const { lastTransitionTime: _t, ...rest } = c as Record<string, unknown>;
  return rest;
}

export interface PlanOptions extends Pick<RunOnceOptions, 'internalReconcilers' | 'timeoutMs' | 'offline' | 'load' | 'signal'> {
  /** The files to plan (default: the folder's as they are now): unsaved buffers over it, or the git index. */
  sources?: SourceFs;
  /** The last run's snapshot, when the caller has it already (a worker keeps it between plans). */
  before?: Snapshot | null;
}

/** A plan with the objects it compared: the last run's and the planned run's (an editor opens their diff). */
export interface PlanWithObjects {
  plan: PlanResult;
  before: KrmObject[];
  after: KrmObject[];
}

/** Plans the project in `dir`: its files (or `sources`) run on the last run's store, compared with its snapshot. */
export async function planProject(dir: string, opts: PlanOptions = {}): Promise<PlanResult> {
  return (await planProjectWithObjects(dir, opts)).plan;
}

/** planProject that also hands back both sides' objects. */
export async function planProjectWithObjects(dir: string, opts: PlanOptions = {}): Promise<PlanWithObjects> {
  const { sources, before: given, ...run } = opts;
  const last = given === undefined ? (await listSnapshots(dir))[0] : undefined;
  const before: Snapshot | null = given !== undefined ? given : last ? await readSnapshot(dir, last.id) : null;
  const { result, project } = await runOnceWithProject(dir, { ...run, load: { ...run.load, ...(sources ? { sources } : {}) }, persist: false, provenance: false });
  const after = storeInventory(project.store);
  const items = diffSnapshots(before && { ...before, objects: before.objects.map(meaningful) }, { ...after, objects: after.objects.map(meaningful) }, { details: true }).filter(
    (i) => i.status !== 'equal',
  );
  const count = (s: DiffItem['status']) => items.filter((i) => i.status === s).length;
  const plan: PlanResult = {
    against: before?.id ?? null,
    success: result.success,
    message: result.message,
    items: items.map(({ diff: _d, ...rest }) => rest),
    counts: { add: count('added'), change: count('modified'), destroy: count('deleted') },
  };
  return { plan, before: before?.objects ?? [], after: after.objects };
}

/** The plan as text: one line per object, the changed fields under each changed object, then the totals. */
export function formatPlan(p: PlanResult): string {
  const lines: string[] = [];
  for (const it of p.items) {
    const gvk = `${it.group ? `${it.group}/` : ''}${it.version}, Kind=${it.kind}`;
    lines.push(`${it.symbol} ${gvk} ${it.namespace ? `${it.namespace}/` : ''}${it.name}`);
    if (it.status !== 'modified') continue;
    for (const c of it.changes ?? []) {
      if (c.op === 'added') lines.push(`    + ${c.path}: ${JSON.stringify(c.after)}`);
      else if (c.op === 'removed') lines.push(`    - ${c.path}: ${JSON.stringify(c.before)}`);
      else lines.push(`    ~ ${c.path}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`);
    }
  }
  const { add, change, destroy } = p.counts;
  const against = p.against ? `the last run (${p.against})` : 'an empty store (the project has not run yet)';
  if (!p.success) lines.push(`the planned run failed: ${p.message}`);
  lines.push(add + change + destroy === 0 ? `No changes against ${against}.` : `Plan: ${add} to add, ${change} to change, ${destroy} to destroy, against ${against}.`);
  return lines.join('\n') + '\n';
}
