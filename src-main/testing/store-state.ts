// The final state of a store in a form two runs can be compared by: every object with what a run decides
// (spec, status, labels, annotations, finalizers, owners by kind and name, managers and their fields) and
// without what differs between any two runs (uids, timestamps, resourceVersions). Used to show that a run
// on the etcd store, or a run resumed by another runner after a kill, ends where an undisturbed run on the
// file store ends.
import type { KrmObject } from '../../src-shared/krm/object.js';
import { deepEqual, type ApiStore } from '../engine/index.js';
import { objectKey } from './db-oracle.js';

/** An object without its run-specific values. */
export function comparable(o: KrmObject): unknown {
  const { uid: _u, creationTimestamp: _c, resourceVersion: _r, managedFields, ownerReferences, ...meta } = o.metadata;
  const status = o.status as { conditions?: Array<Record<string, unknown>> } | undefined;
  return {
    ...o,
    metadata: {
      ...meta,
      ...(ownerReferences ? { ownerReferences: ownerReferences.map(({ uid: _x, ...r }) => r) } : {}),
      ...(managedFields
        ? { managedFields: managedFields.map(({ time: _t, fieldsV1, ...m }) => ({ ...m, fieldsV1: withoutUids(fieldsV1) })).sort((a, b) => (a.manager ?? '').localeCompare(b.manager ?? '')) }
        : {}),
    },
    ...(status && Array.isArray(status.conditions)
      ? { status: { ...status, conditions: status.conditions.map(({ lastTransitionTime: _t, ...c }) => c) } }
      : {}),
  };
}

/** A field set whose `k:{"uid":"…"}` keys (owner references) name no uid. */
function withoutUids(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/"uid":"[^"]*"/g, '"uid":"-"'), withoutUids(x)]));
}

/** Every object of the store (all APIs), keyed `<group>/<Kind> <namespace>/<name>`. */
export function storeState(store: ApiStore): Map<string, unknown> {
  return objectsState(store.apis().flatMap((api) => store.list(api, { showManagedFields: true })));
}

/** The same for a list of objects (a snapshot's). */
export function objectsState(objects: KrmObject[]): Map<string, unknown> {
  return new Map(objects.map((o) => [objectKey(o), comparable(o)]));
}

/** How two states differ, one line per object (empty when they are the same). */
export function stateDifferences(expected: Map<string, unknown>, actual: Map<string, unknown>, limit = 20): string[] {
  const out: string[] = [];
  for (const [k, v] of expected) {
    if (!actual.has(k)) out.push(`missing: ${k}`);
    else if (!deepEqual(v, actual.get(k))) out.push(`differs: ${k}\n  expected ${JSON.stringify(v)}\n  actual   ${JSON.stringify(actual.get(k))}`);
  }
  for (const k of actual.keys()) if (!expected.has(k)) out.push(`extra: ${k}`);
  return out.slice(0, limit);
}
