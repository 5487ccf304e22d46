// Health of a deployment's runner: every object of every reconciled (for) kind is Current by the kstatus
// rule of ./health-rules.ts. `waitHealthy` re-evaluates as the runner works, until healthy or the timeout.
import type { ApiStore, Runner } from '../engine/index.js';
import { assessHealth } from './health-rules.js';
import type { Health, ReconcileFailure, ReconciledKind } from './types.js';

/** The verdict of ./health-rules.ts on the objects of each reconciled kind in `store`. */
export function evaluateHealth(store: ApiStore, kinds: ReconciledKind[], failures: ReconcileFailure[] = []): Health {
  const objects = kinds.map((k) => {
    try {
      return store.list({ group: k.group, version: k.version, kind: k.kind });
    } catch {
      return null; // the kind is not served
    }
  });
  return assessHealth(kinds, objects, failures);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until the runner is idle and healthy, or `timeoutMs` passed; returns the last verdict. */
export async function waitHealthy(runner: Runner, kinds: ReconciledKind[], opts: { timeoutMs: number; signal?: AbortSignal; errors?: () => ReconcileFailure[] }): Promise<Health> {
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
