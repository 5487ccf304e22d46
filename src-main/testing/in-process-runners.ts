// Delivery's runners (delivery/runners.ts) in the test's own thread, for the delivery tests that check what
// delivery does with its runners (deploy, health, promotion, rollback …) and need not pay a thread start per
// runner. The app never uses these (production code cannot import testing/): the host and the CLI give
// Delivery the thread runners of host/workers/delivery-runners.ts, which their own tests cover.
import { evaluateBuild } from '../delivery/build-eval.js';
import { configBuiltins } from '../delivery/config-builtins.js';
import type { DeliveryRunners, EnvironmentRunner } from '../delivery/runners.js';
import { createApiStore, startRunner, storeInventory } from '../engine/index.js';

export function inProcessDeliveryRunners(): DeliveryRunners {
  return {
    async startEnvironment(dir, { values, internalReconcilers, onEvent }): Promise<EnvironmentRunner> {
      const runner = await startRunner(dir, {
        persist: false,
        offline: true,
        internalReconcilers,
        load: { store: createApiStore() },
        extraBuiltins: configBuiltins(values),
        onPrint: (line, file) => onEvent?.({ type: 'print', line, file }),
        onEvent,
      });
      return {
        applyInput: (objects) => runner.applyInput(objects),
        whenIdle: () => runner.whenIdle(),
        list: async (kinds) =>
          kinds.map((k) => {
            try {
              return runner.store.list(k);
            } catch {
              return null; // a kind the store does not serve
            }
          }),
        content: async () => storeInventory(runner.store),
        stop: () => runner.stop(),
        died: new Promise<string>(() => {}), // it lives in this thread: it can only stop
      };
    },
    evaluateBuild: (dir, opts, signal) => evaluateBuild(dir, { ...opts, signal }),
  };
}
