// Health of a deployment's runner: every object of every reconciled (for) kind is Current by the kstatus
// rule of ./health-rules.ts. `waitHealthy` re-evaluates as the runner works, until healthy or the timeout.
// The runner's store lives in its runner thread (./runners.ts): the objects are read by message, and the
// rule runs here, on plain objects.
import type { EnvironmentRunner } from './runners.js';
import { assessHealth } from './health-rules.js';
import type { Health, ReconcileFailure, ReconciledKind } from './types.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Waits until the runner is idle and healthy, or `timeoutMs` passed; returns the last verdict. Rejects with
 * the reason when the runner's thread died (out of memory, stopped by the watchdog).
 */
export async function waitHealthy(
  runner: Pick<EnvironmentRunner, 'whenIdle' | 'list'>,
  kinds: ReconciledKind[],
  opts: { timeoutMs: number; signal?: AbortSignal; errors?: () => ReconcileFailure[] },
): Promise<Health> {
  const deadline = Date.now() + opts.timeoutMs;
  const gvks = kinds.map((k) => ({ group: k.group, version: k.version, kind: k.kind }));
  let last: Health;
  for (;;) {
    // whenIdle may never resolve for a reconciler that requeues forever: bound each wait. A dead runner's
    // whenIdle rejects; list() below rejects too and says why.
    await Promise.race([runner.whenIdle().catch(() => undefined), sleep(250)]);
    last = assessHealth(kinds, await runner.list(gvks), opts.errors?.() ?? []);
    if (last.healthy || Date.now() >= deadline || opts.signal?.aborted) return last;
    await sleep(100);
  }
}
