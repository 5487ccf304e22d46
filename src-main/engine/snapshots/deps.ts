// The dependency (owner) tree printed by `run deps` (engine.md §7.3).
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { buildInventory, nodeLabel, type InventoryNode } from './inventory.js';
import type { DepsNode } from './types.js';

export interface DepsInput {
  objects: KrmObject[];
  /** `apiVersion\u0000Kind` of choreo APIs; such objects are hidden unless includeChoreoApis. */
  choreoKinds: Set<string>;
}

function toDeps(n: InventoryNode, include: (n: InventoryNode) => boolean, path: Set<string>): DepsNode {
  const next = new Set(path).add(n.key);
  return {
    kind: n.kind,
    apiVersion: n.apiVersion,
    namespace: n.namespace,
    name: n.name,
    exists: !!n.object,
    hasOwners: (n.object?.metadata.ownerReferences ?? []).length > 0,
    children: n.children.filter((c) => include(c) && !path.has(c.key) && c.key !== n.key).map((c) => toDeps(c, include, next)),
  };
}

/** Roots (objects without ownerReferences) with their descendants, sorted case-insensitively. */
export function buildDeps(input: DepsInput, opts: { includeChoreoApis?: boolean } = {}): DepsNode[] {
  const isChoreo = (o: KrmObject) => input.choreoKinds.has(`${o.apiVersion}\u0000${o.kind}`);
  const objects = opts.includeChoreoApis ? input.objects : input.objects.filter((o) => !isChoreo(o));
  const inv = buildInventory(objects.map((object) => ({ object, choreo: isChoreo(object) })));
  const include = (n: InventoryNode) => !!n.object;
  const roots = [...inv.values()].filter((n) => n.object && (n.object.metadata.ownerReferences ?? []).length === 0);
  roots.sort((a, b) => {
    const la = nodeLabel(a).toLowerCase();
    const lb = nodeLabel(b).toLowerCase();
    return la < lb ? -1 : la > lb ? 1 : 0;
  });
  return roots.map((r) => toDeps(r, include, new Set()));
}

export function formatDeps(roots: DepsNode[]): string {
  const out: string[] = [];
  const walk = (n: DepsNode, depth: number) => {
    out.push(`${depth === 0 ? '' : '  '.repeat(depth - 1) + '+-'}${n.kind}.${n.apiVersion} ${n.name}`);
    for (const c of n.children) walk(c, depth + 1);
  };
  for (const r of roots) walk(r, 0);
  return out.length ? out.join('\n') + '\n' : '';
}

/** `apiVersion\u0000Kind` of every choreo API in a discovery list (plus the fixed choreo kinds). */
export function choreoKindSet(apis: { group: string; version: string; kind: string; choreoAPI: boolean }[]): Set<string> {
  const out = new Set<string>(['apiextensions.k8s.io/v1\u0000CustomResourceDefinition']);
  for (const k of ['Reconciler', 'Library', 'UpstreamRef', 'ConfigGenerator']) out.add(`choreo.kform.dev/v1alpha1\u0000${k}`);
  for (const a of apis) if (a.choreoAPI) out.add(`${a.group ? `${a.group}/` : ''}${a.version}\u0000${a.kind}`);
  return out;
}
