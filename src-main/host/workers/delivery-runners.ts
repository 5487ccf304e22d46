// Delivery's runners (delivery/runners.ts) as threads: each environment runner (a deploy's health check runs
// in the new deployment's runner) and each build runs in a runner thread of its own (./runner-thread.ts),
// with a heap limit and a watchdog. The host and the CLI give these to Delivery.open(), so a reconciler that
// loops, fills memory or gets stuck stops its runner or fails its build, and the process goes on.
import type { DeliveryRunners } from '../../delivery/runners.js';
import type { ReconcileLimits } from '../../engine/index.js';
import { LiveRunnerThread, RunnerThread, RunnerThreadError } from './runner-thread.js';

export interface ThreadRunnersOptions {
  /** Heap limit of each thread in MB (default: runHeapMb()). */
  heapMb?: number;
  /** Budgets of each reconcile (server start's --max-steps and --reconcile-timeout). */
  limits?: ReconcileLimits;
}

export function threadDeliveryRunners(opts: ThreadRunnersOptions = {}): DeliveryRunners {
  return {
    startEnvironment: (dir, { values, internalReconcilers, onEvent }) =>
      LiveRunnerThread.start({ dir, persist: false, offline: true, environment: values, internalReconcilers, limits: opts.limits }, { heapMb: opts.heapMb, onEvent }),

    async evaluateBuild(dir, { root, offline, internalReconcilers, log }, signal) {
      if (signal?.aborted) throw new Error('the build was cancelled');
      const thread = new RunnerThread({
        heapMb: opts.heapMb,
        limits: opts.limits,
        onEvent: (e) => e.type === 'progress' && log(e.line), // the build's log lines (the worker sends them as progress)
      });
      // Nothing of a build's thread is worth keeping once it is cancelled (its checkout is thrown away).
      const cancel = () => void thread.kill('was cancelled');
      signal?.addEventListener('abort', cancel, { once: true });
      try {
        return await thread.call('build', { dir, root, offline, internalReconcilers });
      } catch (e) {
        // a thread that ended without an answer: "the check and run ran out of memory (…) while reconciler X reconciled …"
        throw e instanceof RunnerThreadError && e.kind === 'ended' ? new Error(`the check and run ${e.message}`) : e;
      } finally {
        signal?.removeEventListener('abort', cancel);
        await thread.close();
      }
    },
  };
}
