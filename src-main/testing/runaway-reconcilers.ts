// Runaway reconcilers for the tests of budgets, heap limits and the watchdog (issue 18 item 1): Starlark
// bodies of hello-world's Greeter reconciler (reconcilers/studio.example.com.greeters.greeter.star).
import { crdYaml } from './crd-yaml.js';

/** The Greeter reconciler's file in examples/hello-world. */
export const GREETER_RECONCILER = 'reconcilers/studio.example.com.greeters.greeter.star';

/** A reconciler whose reconcile runs `body` (two-space indented lines), then reports Ready. */
export function reconcilerWith(body: string): string {
  return `def reconcile(self):\n${body}\n  return reconcile_result(self, False, 0, "Ready", "", False)\n`;
}

/** Loops (practically) forever: the step or time budget ends it. */
export const SPIN_BODY = '  n = 0\n  for i in range(2000000000):\n    for j in range(2000000000):\n      n += 1';

/**
 * Fills the heap fast: lists of a million ints (8 MB each). Each costs a million steps, so the default step
 * budget (1e8) lets it reach about 800 MB, past the heap limits the tests set (at most 256 MB), within
 * a second or so, before a short time budget could stop it.
 */
export const FILL_HEAP_BODY = '  l = []\n  for i in range(1000):\n    l.append([i] * 1000000)';

/**
 * Stuck outside Starlark: each update of a 100,000-key object takes seconds in the store and a handful of
 * Starlark steps, so the reconcile does not reach a checkpoint where its budgets could stop it for a long
 * time. Needs BLOB_CRD in the project.
 */
export const STUCK_IN_STORE_BODY = [
  '  big = {"k%d" % i: i for i in range(100000)}',
  '  for i in range(1000000):',
  '    client_update({"apiVersion": "studio.example.com/v1alpha1", "kind": "Blob", "metadata": {"name": "b", "namespace": "default"}, "spec": {"big": big, "i": i}})',
].join('\n');

/** A kind that takes any spec, for STUCK_IN_STORE_BODY (crds/studio.example.com_blobs.yaml). */
export const BLOB_CRD: Record<string, string> = {
  'crds/studio.example.com_blobs.yaml': crdYaml('studio.example.com', 'Blob', 'blobs', ['v1alpha1'], '{}', true),
};
