// The inventory of objects and their owner edges (engine.md §7.3): the base of deps, load-time
// garbage collection (§7.4) and owner-cycle detection. Linear in the number of objects.
import type { KrmObject } from '../../../src-shared/krm/object.js';

export interface InventoryNode {
  key: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  /** undefined for an owner that is referenced but does not exist. */
  object?: KrmObject;
  choreo: boolean;
  children: InventoryNode[];
}

export interface InventoryInput {
  object: KrmObject;
  /** the object's kind is a choreo API (CRD, Reconciler, Library, …) */
  choreo: boolean;
  /** the object's kind is namespaced */
  namespaced?: boolean;
}

function refKey(apiVersion: string, kind: string, ns: string, name: string): string {
  return `${apiVersion}\u0000${kind}\u0000${ns}\u0000${name}`;
}

export function nodeLabel(n: { kind: string; apiVersion: string; name: string }): string {
  return `${n.kind}.${n.apiVersion} ${n.name}`;
}

function cmpLabel(a: InventoryNode, b: InventoryNode): number {
  const la = nodeLabel(a).toLowerCase();
  const lb = nodeLabel(b).toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : 0;
}

export interface InventoryOptions {
  /**
   * The apiVersion objects of a kind are kept at, for an owner reference written at another served version
   * of that kind (the owner is found whatever version the reference names).
   */
  ownerApiVersion?: (apiVersion: string, kind: string) => string;
}

/**
 * Builds the owner graph. An owner reference points at (ownerRef.apiVersion, ownerRef.kind,
 * <child's namespace>, ownerRef.name) [profile A]; when no such object exists but a cluster-scoped
 * one with that name does, that one is the owner.
 */
export function buildInventory(items: Iterable<InventoryInput>, opts: InventoryOptions = {}): Map<string, InventoryNode> {
  const nodes = new Map<string, InventoryNode>();
  // the objects that name owners, and their nodes: most objects name none, and the edges need every node first
  const owned: KrmObject[] = [];
  const ownedNodes: InventoryNode[] = [];
  for (const it of items) {
    const o = it.object;
    const ns = o.metadata.namespace ?? '';
    const key = refKey(o.apiVersion, o.kind, ns, o.metadata.name ?? '');
    let n = nodes.get(key);
    if (n) {
      n.object = o;
      n.choreo = it.choreo;
    } else nodes.set(key, (n = { key, apiVersion: o.apiVersion, kind: o.kind, namespace: ns, name: o.metadata.name ?? '', object: o, choreo: it.choreo, children: [] }));
    if (o.metadata.ownerReferences?.length) {
      owned.push(o);
      ownedNodes.push(n);
    }
  }
  for (let i = 0; i < owned.length; i++) {
    const refs = owned[i]!.metadata.ownerReferences!;
    const child = ownedNodes[i]!;
    const ns = child.namespace;
    // an owner named twice is one edge (a Set only for the rare object with several owners)
    const seen = refs.length > 1 ? new Set<string>() : undefined;
    for (const r of refs) {
      if (!r) continue;
      const apiVersion = opts.ownerApiVersion ? opts.ownerApiVersion(r.apiVersion, r.kind) : r.apiVersion;
      let key = refKey(apiVersion, r.kind, ns, r.name);
      let owner = nodes.get(key);
      if (!owner?.object) {
        const clusterKey = refKey(apiVersion, r.kind, '', r.name);
        const clusterOwner = nodes.get(clusterKey);
        if (clusterOwner?.object) {
          key = clusterKey;
          owner = clusterOwner;
        }
      }
      if (seen?.has(key)) continue;
      seen?.add(key);
      if (!owner) {
        owner = { key, apiVersion, kind: r.kind, namespace: ns, name: r.name, choreo: false, children: [] };
        nodes.set(key, owner);
      }
      owner.children.push(child);
    }
  }
  for (const n of nodes.values()) if (n.children.length > 1) n.children.sort(cmpLabel);
  return nodes;
}

/** All descendants of owners that do not exist (the load-time garbage), each once. */
export function findGarbage(nodes: Map<string, InventoryNode>): InventoryNode[] {
  const out: InventoryNode[] = [];
  const seen = new Set<string>();
  const stack: InventoryNode[] = [];
  for (const n of nodes.values()) if (!n.object) stack.push(...n.children);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n.key)) continue;
    seen.add(n.key);
    if (n.object) out.push(n);
    stack.push(...n.children);
  }
  return out;
}

/**
 * A cycle of owner references as a list of nodes (first = last), or undefined. Iterative DFS. Nodes that own
 * nothing (most objects) close no cycle and are not visited; the state is kept by node, not by key text.
 */
export function findOwnerCycle(nodes: Map<string, InventoryNode>): InventoryNode[] | undefined {
  const state = new Map<InventoryNode, 1 | 2>(); // 1 = on stack, 2 = done
  for (const start of nodes.values()) {
    if (start.children.length === 0 || state.has(start)) continue;
    const path: InventoryNode[] = [];
    const iters: number[] = [];
    path.push(start);
    iters.push(0);
    state.set(start, 1);
    while (path.length > 0) {
      const n = path[path.length - 1]!;
      const i = iters[iters.length - 1]!;
      if (i >= n.children.length) {
        state.set(n, 2);
        path.pop();
        iters.pop();
        continue;
      }
      iters[iters.length - 1] = i + 1;
      const c = n.children[i]!;
      if (c.children.length === 0) continue;
      const s = state.get(c);
      if (s === 1) return [...path.slice(path.indexOf(c)), c];
      if (s === 2) continue;
      state.set(c, 1);
      path.push(c);
      iters.push(0);
    }
  }
  return undefined;
}
