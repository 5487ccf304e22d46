// The health rule of delivery, as Kubernetes tools judge objects: kstatus (sigs.k8s.io/cli-utils,
// pkg/kstatus/status) and Argo CD's health assessment. Pure functions over objects, so the same rule runs
// wherever the runner's store lives (this thread or a runner thread). The rule, per object of a kind that a
// reconciler is `for`:
//   1. a reconcile of it failed and has not succeeded since                           → Failed
//   2. status.observedGeneration < metadata.generation (the spec was not seen yet)   → InProgress
//   3. conditions, skipping none but judging stale ones (condition.observedGeneration < generation) InProgress:
//      Stalled=True → Failed; Ready=False → Failed; another condition False → Failed (Choreo reconcilers
//      report their own outcome as a condition of their own type, so False is a failed reconcile);
//      Reconciling=True or any condition Unknown → InProgress; otherwise → Current
//   4. no conditions: selected by a reconciler's `for` selector → InProgress (not reconciled yet);
//      selected by none → Current (kstatus: an object without conditions is Current)
// A deployment is healthy when every object is Current and no reconcile failed.
import type { KrmObject } from '../../src-shared/krm/object.js';
import { compileSelector, type Selector } from '../engine/index.js';
import type { Health, ObjectHealth, ObjectHealthStatus, ReconcileFailure, ReconciledKind } from './types.js';

/** How many judged objects a verdict keeps with their reason (not-Current ones first): bounds deployments.json. */
export const HEALTH_DETAIL_LIMIT = 200;

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

type FailingEntry = Health['failing'][number];

/** Conditions whose True means trouble (kstatus' "abnormal-true" polarity); every other type is "normal-true". */
const ABNORMAL_TRUE = new Set(['Stalled', 'Reconciling']);

/** The reconcilers whose `for` selector selects `o` (an absent selector selects nothing; an unrecorded one everything). */
function selectorsOf(kinds: ReconciledKind[]): Array<{ reconciler: string; selector: Selector | 'all' }> {
  return kinds.map((k) => {
    if (k.selector === undefined) return { reconciler: k.reconciler, selector: 'all' as const };
    try {
      return { reconciler: k.reconciler, selector: compileSelector(k.selector) };
    } catch {
      return { reconciler: k.reconciler, selector: 'all' as const }; // the build's check reports a bad selector
    }
  });
}

export function resourceName(o: { kind?: string; metadata: { namespace?: string; name?: string } }): string {
  return `${o.kind}/${o.metadata.namespace ? o.metadata.namespace + '/' : ''}${o.metadata.name}`;
}

const conditionText = (c: Condition) => `${c.type ?? '?'}=${c.status ?? 'Unknown'}${c.message ? ` (${c.message})` : c.reason ? ` (${c.reason})` : ''}`;
const asCondition = (c: Condition) => ({ type: c.type ?? '', status: c.status ?? 'Unknown', reason: c.reason ?? '', message: c.message ?? '' });

/** kstatus' verdict on one object; `selectedBy` = reconcilers whose for-selector selects it. */
export function judgeObject(o: KrmObject, selectedBy: string[], failure?: ReconcileFailure): ObjectHealth & { conditions: FailingEntry['conditions'] } {
  const resource = resourceName(o);
  const verdict = (status: ObjectHealthStatus, why: string, conditions: FailingEntry['conditions'] = []) => ({ resource, status, why, conditions });
  if (failure) return verdict('Failed', `the reconcile by ${failure.reconciler} failed: ${failure.message}`, [{ type: 'Reconcile', status: 'False', reason: 'ReconcileError', message: failure.message }]);
  const generation = typeof o.metadata.generation === 'number' ? o.metadata.generation : undefined;
  const status = (o as { status?: { observedGeneration?: unknown; conditions?: unknown } }).status;
  const observed = typeof status?.observedGeneration === 'number' ? status.observedGeneration : undefined;
  if (generation !== undefined && observed !== undefined && observed < generation) {
    return verdict('InProgress', `status.observedGeneration ${observed} < generation ${generation}: the latest spec is not reconciled yet`, [
      { type: 'ObservedGeneration', status: 'Unknown', reason: 'Stale', message: `${observed} < ${generation}` },
    ]);
  }
  const conditions = (Array.isArray(status?.conditions) ? status.conditions : []) as Condition[];
  if (!conditions.length) {
    return selectedBy.length
      ? verdict('InProgress', `selected by ${selectedBy.join(', ')} but has no condition yet (not reconciled)`, [{ type: '(none)', status: 'Unknown', reason: 'NotReconciled', message: 'no condition yet' }])
      : verdict('Current', 'no reconciler selects it and it reports no conditions');
  }
  const stale = conditions.filter((c) => generation !== undefined && typeof c.observedGeneration === 'number' && c.observedGeneration < generation);
  const fresh = conditions.filter((c) => !stale.includes(c));
  const failed = fresh.filter((c) => (ABNORMAL_TRUE.has(c.type ?? '') ? c.type === 'Stalled' && c.status === 'True' : c.status === 'False'));
  if (failed.length) return verdict('Failed', failed.map(conditionText).join(', '), failed.map(asCondition));
  const pending = [
    ...stale,
    ...fresh.filter((c) => (c.type === 'Reconciling' && c.status === 'True') || (c.status !== 'True' && c.status !== 'False')),
  ];
  if (pending.length) {
    const why = pending.map((c) => (stale.includes(c) ? `${c.type} is stale (observedGeneration ${c.observedGeneration} < generation ${generation})` : conditionText(c))).join(', ');
    return verdict('InProgress', why, pending.map(asCondition));
  }
  const ready = fresh.find((c) => c.type === 'Ready');
  return verdict('Current', ready ? `Ready=True${generation !== undefined && observed !== undefined ? ` at generation ${generation}` : ''}` : `conditions ${fresh.map((c) => `${c.type}=${c.status}`).join(', ')}`);
}

/**
 * The verdict on a deployment: `objects[i]` holds the objects of `kinds[i]` (null: the kind is not served);
 * `failures` are reconciles that failed and did not succeed since.
 */
export function assessHealth(kinds: ReconciledKind[], objects: Array<KrmObject[] | null>, failures: ReconcileFailure[] = []): Health {
  const selectors = selectorsOf(kinds);
  const kindKey = (k: ReconciledKind) => `${k.group}/${k.version}/${k.kind}`;
  const byKind = new Map<string, KrmObject[]>();
  for (const [i, k] of kinds.entries()) if (!byKind.has(kindKey(k))) byKind.set(kindKey(k), objects[i] ?? []);
  // a failure is the reconciler's, on an object of its for-kind
  const kindOf = new Map(kinds.map((k) => [k.reconciler, kindKey(k)]));
  const failureAt = new Map<string, ReconcileFailure>();
  const unplaced: ReconcileFailure[] = [];
  for (const f of failures) {
    const kind = kindOf.get(f.reconciler);
    if (kind) failureAt.set(`${kind}|${f.namespace}|${f.name}`, f);
    else unplaced.push(f);
  }
  const judged: Array<ReturnType<typeof judgeObject>> = [];
  const matched = new Set<string>();
  for (const [key, list] of byKind) {
    const mine = selectors.filter((s) => kindOf.get(s.reconciler) === key);
    for (const o of list) {
      const at = `${key}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;
      const failure = failureAt.get(at);
      if (failure) matched.add(at);
      const selectedBy = mine.filter((s) => s.selector === 'all' || s.selector.matches(o)).map((s) => s.reconciler);
      judged.push(judgeObject(o, selectedBy, failure));
    }
  }
  for (const [at, f] of failureAt) if (!matched.has(at)) unplaced.push(f);
  const counts: Record<ObjectHealthStatus, number> = { Current: 0, InProgress: 0, Failed: 0 };
  for (const j of judged) counts[j.status]++;
  const notCurrent = judged.filter((j) => j.status !== 'Current').sort((a, b) => (a.status === b.status ? 0 : a.status === 'Failed' ? -1 : 1));
  const failing: Health['failing'] = notCurrent.map((j) => ({ resource: j.resource, status: j.status as Exclude<ObjectHealthStatus, 'Current'>, why: j.why, conditions: j.conditions }));
  for (const f of unplaced) {
    failing.push({ resource: `${f.reconciler}: ${f.namespace ? f.namespace + '/' : ''}${f.name}`, status: 'Failed', why: `the reconcile by ${f.reconciler} failed: ${f.message}`, conditions: [{ type: 'Reconcile', status: 'False', reason: 'ReconcileError', message: f.message }] });
  }
  const detail = [...notCurrent, ...judged.filter((j) => j.status === 'Current')].slice(0, HEALTH_DETAIL_LIMIT).map(({ resource, status, why }) => ({ resource, status, why }));
  const healthy = failing.length === 0;
  const message = healthy
    ? `healthy: ${judged.length} resource(s) Current`
    : `unhealthy: ${counts.Failed + unplaced.length} Failed, ${counts.InProgress} InProgress of ${judged.length} resource(s): ${failing
        .slice(0, 5)
        .map((f) => `${f.resource} ${f.status}: ${f.why}`)
        .join('; ')}${failing.length > 5 ? '; …' : ''}`;
  return { healthy, checkedAt: new Date().toISOString(), message, failing, counts, objects: detail };
}
