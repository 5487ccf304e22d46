// Synthetic Choreo projects for the engine benchmark and scale tests: N `Item` inputs and one profile-A
// Starlark reconciler that creates one `Child` per Item (client_create + client_apply + reconcile_result).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crdObject, krmObjectSchema } from '../src-main/engine/index.js';

const conditions = {
  type: 'array',
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
  items: {
    type: 'object',
    required: ['lastTransitionTime', 'message', 'reason', 'status', 'type'],
    properties: {
      lastTransitionTime: { type: 'string', format: 'date-time' },
      message: { type: 'string' },
      reason: { type: 'string' },
      status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
      type: { type: 'string' },
    },
  },
};

function crd(kind: string, plural: string, spec: Record<string, unknown>): string {
  const schema = krmObjectSchema({ type: 'object', properties: spec }, { type: 'object', properties: { conditions } });
  return JSON.stringify(crdObject({ group: 'bench.example.com', version: 'v1alpha1', kind, plural, schema, statusSubresource: true }), null, 1);
}

export const BENCH_RECONCILER = `conditionType = "Ready"

def reconcile(self):
  meta = self["metadata"]
  spec = self.get("spec", {})
  child = {
    "apiVersion": "bench.example.com/v1alpha1",
    "kind": "Child",
    "metadata": {"name": meta["name"], "namespace": meta.get("namespace", "default")},
    "spec": {"message": "child of " + meta["name"] + " value " + str(int(spec.get("value", 0)))},
  }
  rsp = client_create(child)
  if rsp["error"] != None:
    return reconcile_result(self, True, 0, conditionType, rsp["error"], rsp["fatal"])
  rsp = client_apply()
  if rsp["error"] != None:
    return reconcile_result(self, True, 0, conditionType, rsp["error"], rsp["fatal"])
  return reconcile_result(self, False, 0, conditionType, "", False)
`;

export interface BenchProjectOptions {
  n: number;
  /** Without the reconciler (baseline pass). */
  withReconciler?: boolean;
  perFile?: number;
  /** Added to every value (a second generation of the same inputs for diffs). */
  valueOffset?: number;
}

/** Writes the project into `dir` (which must be empty or absent). */
export function writeBenchProject(dir: string, opts: BenchProjectOptions): void {
  const perFile = opts.perFile ?? 1000;
  mkdirSync(path.join(dir, 'crds'), { recursive: true });
  mkdirSync(path.join(dir, 'in'), { recursive: true });
  writeFileSync(path.join(dir, 'crds', 'bench.example.com_items.yaml'), crd('Item', 'items', { value: { type: 'integer' }, label: { type: 'string' } }));
  writeFileSync(path.join(dir, 'crds', 'bench.example.com_children.yaml'), crd('Child', 'children', { message: { type: 'string' } }));
  writeInputs(dir, opts.n, perFile, opts.valueOffset ?? 0);
  if (opts.withReconciler !== false) {
    mkdirSync(path.join(dir, 'reconcilers'), { recursive: true });
    writeFileSync(
      path.join(dir, 'reconcilers', 'bench.example.com.items.child.yaml'),
      'apiVersion: choreo.kform.dev/v1alpha1\nkind: Reconciler\nspec:\n  for:\n    group: bench.example.com\n    version: v1alpha1\n    kind: Item\n    selector: {}\n  owns:\n  - group: bench.example.com\n    version: v1alpha1\n    kind: Child\n',
    );
    writeFileSync(path.join(dir, 'reconcilers', 'bench.example.com.items.child.star'), BENCH_RECONCILER);
  }
}

/** (Re)writes the `in/` files; `valueOffset` changes every value so a second run modifies every object. */
export function writeInputs(dir: string, n: number, perFile = 1000, valueOffset = 0, only?: (i: number) => boolean): void {
  for (let f = 0; f * perFile < n; f++) {
    const docs: string[] = [];
    for (let i = f * perFile; i < Math.min(n, (f + 1) * perFile); i++) {
      const v = only && !only(i) ? i : i + valueOffset;
      docs.push(`apiVersion: bench.example.com/v1alpha1\nkind: Item\nmetadata:\n  name: item-${i}\n  namespace: default\nspec:\n  value: ${v}\n  label: item number ${i}\n`);
    }
    writeFileSync(path.join(dir, 'in', `bench.example.com.items.${String(f).padStart(4, '0')}.yaml`), docs.join('---\n'));
  }
}
