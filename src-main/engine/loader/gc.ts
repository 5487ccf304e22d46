// Garbage collection of objects whose owners are gone (engine.md §7.4), and owner-cycle detection.
// The loader runs it after loading data; the runtime may run it after deletes in continuous mode.
import { parseApiVersion, type KrmObject } from '../../../src-shared/krm/object.js';
import { buildInventory, findGarbage, findOwnerCycle, nodeLabel, type InventoryNode } from '../snapshots/inventory.js';
import { StoreError } from '../store/errors.js';
import { MemoryApiStore } from '../store/store.js';
import type { ApiStore, RegisteredApi } from '../store/types.js';

/** Read-only views of the stored objects (no copies for the in-memory store). */
export function storedObjects(store: ApiStore, api: RegisteredApi): KrmObject[] {
  return store instanceof MemoryApiStore ? store.storedObjects(api) : store.list(api, { showManagedFields: true });
}

export function storeOwnerGraph(store: ApiStore): Map<string, InventoryNode> {
  const items = store.apis().flatMap((api) => storedObjects(store, api).map((object) => ({ object, choreo: api.choreoAPI, namespaced: api.namespaced })));
  return buildInventory(items, store instanceof MemoryApiStore ? { ownerApiVersion: (av, kind) => store.preferredApiVersion(av, kind) } : {});
}

/**
 * Whether any stored object names an owner. Without one the owner graph has no edge: no garbage and no cycle
 * (a first load of plain inputs), and the graph of 100,000 objects need not be built.
 */
export function anyOwnerReferences(store: ApiStore): boolean {
  return store.apis().some((api) => storedObjects(store, api).some((o) => (o.metadata.ownerReferences?.length ?? 0) > 0));
}

/** A cycle of owner references as readable text, or undefined. */
export function ownerCycleText(graph: Map<string, InventoryNode>): { text: string; first: KrmObject | undefined } | undefined {
  const cycle = findOwnerCycle(graph);
  if (!cycle) return undefined;
  return {
    text: `cycle of owner references: ${cycle.map((n) => `${nodeLabel(n)}${n.namespace ? ` (${n.namespace})` : ''}`).join(' -> ')}`,
    first: cycle[0]!.object,
  };
}

export interface GcResult {
  /** Objects removed from the store. */
  deleted: KrmObject[];
  /** Objects that got a deletionTimestamp (they have finalizers; their reconciler finishes them). */
  terminating: KrmObject[];
  errors: string[];
}

/** Deletes every descendant of an owner that no longer exists (store Delete: finalizers respected). */
export function collectGarbage(store: ApiStore, graph = storeOwnerGraph(store)): GcResult {
  const out: GcResult = { deleted: [], terminating: [], errors: [] };
  for (const g of findGarbage(graph)) {
    const { group, version } = parseApiVersion(g.apiVersion);
    try {
      const r = store.delete({ group, version, kind: g.kind }, g.namespace, g.name);
      if (r.deleted) out.deleted.push(r.object);
      else if (r.changed) out.terminating.push(r.object);
    } catch (e) {
      if (!(e instanceof StoreError && e.code === 'NotFound')) out.errors.push(`delete garbage resource ${nodeLabel(g)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}
