// Health of a deployment's runner: the run did not fail and every object of every reconciled (for) kind
// has conditions, all True. `waitHealthy` re-evaluates as the runner works, until healthy or the timeout.
import type { KrmObject } from '../../src-shared/krm/object.js';
import type { ApiStore, Runner } from '../engine/index.js';
import type { Health, ReconciledKind } from './types.js';

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

export function evaluateHealth(store: ApiStore, kinds: ReconciledKind[], runErrors: string[] = []): Health {
  const failing: Health['failing'] = [];
  let checked = 0;
  const seen = new Set<string>();
  for (const k of kinds) {
    const key = `${k.group}/${k.version}/${k.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let objects: KrmObject[];
    try {
      objects = store.list({ group: k.group, version: k.version, kind: k.kind });
    } catch {
      continue;
    }
    for (const o of objects) {
      checked++;
      const conds = ((o as { status?: { conditions?: Condition[] } }).status?.conditions ?? []) as Condition[];
      const name = `${o.kind}/${o.metadata.namespace ? o.metadata.namespace + '/' : ''}${o.metadata.name}`;
      const bad = conds.filter((c) => c.status !== 'True');
      if (!conds.length) failing.push({ resource: name, conditions: [{ type: '(none)', status: 'Unknown', reason: 'NotReconciled', message: 'no condition yet' }] });
      else if (bad.length) {
        failing.push({
          resource: name,
          conditions: bad.map((c) => ({ type: c.type ?? '', status: c.status ?? 'Unknown', reason: c.reason ?? '', message: c.message ?? '' })),
        });
      }
    }
  }
  const healthy = failing.length === 0 && runErrors.length === 0;
  const message = healthy
    ? `healthy: ${checked} resource(s), every condition True`
    : failing.length
      ? `unhealthy: ${failing.length} of ${checked} resource(s) not ready: ${failing
          .slice(0, 5)
          .map((f) => `${f.resource} ${f.conditions.map((c) => `${c.type}=${c.status}${c.message ? ` (${c.message})` : ''}`).join(', ')}`)
          .join('; ')}${failing.length > 5 ? '; …' : ''}`
      : `unhealthy: ${runErrors[0]}`;
  return { healthy, checkedAt: new Date().toISOString(), message, failing };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until the runner is idle and healthy, or `timeoutMs` passed; returns the last verdict. */
export async function waitHealthy(runner: Runner, kinds: ReconciledKind[], opts: { timeoutMs: number; signal?: AbortSignal; errors?: () => string[] }): Promise<Health> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: Health;
  for (;;) {
    // whenIdle may never resolve for a reconciler that requeues forever: bound each wait
    await Promise.race([runner.whenIdle(), sleep(250)]);
    last = evaluateHealth(runner.store, kinds, opts.errors?.() ?? []);
    if (last.healthy || Date.now() >= deadline || opts.signal?.aborted) return last;
    await sleep(100);
  }
}
