// What the Graph view shows, as pure functions of the host's project graph (channels/graph.ts) and the run
// state the renderer already has: the health of each node (from the last run, or the live runner's
// conditions while it runs) and the filter (text, node kinds, "neighbours of a match too").
import type { ConditionRow, RunOnceResponse } from '../../../src-shared/ipc/channels/engine';
import type { GraphEdge, GraphNode, GraphNodeKind, ProjectGraph } from '../../../src-shared/ipc/channels/graph';

/** `unknown`: nothing ran yet (or the node is not something that runs: a library, a ref). */
export type Health = 'ok' | 'warning' | 'error' | 'unknown';

export interface GraphFilter {
  text: string;
  /** Node kinds shown; `crd` covers the kinds a project only refers to (`kind`) as well. */
  kinds: ReadonlySet<'crd' | 'reconciler' | 'library' | 'ref'>;
}

export const ALL_KINDS = ['crd', 'reconciler', 'library', 'ref'] as const;

/** Group and Kind of an apiVersion/kind pair (`infra.kuid.dev/v1alpha1` → `infra.kuid.dev`; `v1` → core ""). */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

const worse: Record<Health, number> = { unknown: 0, ok: 1, warning: 2, error: 3 };
function worst(a: Health, b: Health): Health {
  return worse[b] > worse[a] ? b : a;
}

/**
 * The health of each node id. A reconciler is `error` when the last run has an error of it, `warning` when it
 * was still looping, `ok` when it ran. A kind is `error` when a run error names an object of it, and, while the
 * runner runs, takes the worst Ready condition of its objects (False → error, Unknown → warning).
 */
export function nodeHealth(graph: ProjectGraph, last: RunOnceResponse | null, prodRows: Iterable<ConditionRow> | null): Map<string, Health> {
  const health = new Map<string, Health>();
  const set = (id: string, h: Health) => health.set(id, worst(health.get(id) ?? 'unknown', h));
  const kindId = (group: string, kind: string) => `kind:${group}/${kind}`;
  const result = last?.result;
  if (result) {
    for (const r of result.runners) for (const e of r.events) {
      set(`rec:${e.reconciler}`, 'ok');
      set(kindId(e.resource.group, e.resource.kind), 'ok');
    }
    for (const name of result.stillLooping) set(`rec:${name}`, 'warning');
    for (const e of result.errors) {
      set(`rec:${e.reconciler}`, 'error');
      if (e.resource) set(kindId(e.resource.group, e.resource.kind), 'error');
    }
  }
  if (prodRows) {
    for (const row of prodRows) {
      const ready = row.conditions['Ready']?.status;
      set(kindId(groupOf(row.apiVersion), row.kind), ready === 'False' ? 'error' : ready === 'Unknown' ? 'warning' : 'ok');
    }
  }
  // only the graph's own nodes (a run may name reconcilers the graph does not have)
  const ids = new Set(graph.nodes.map((n) => n.id));
  for (const id of [...health.keys()]) if (!ids.has(id)) health.delete(id);
  return health;
}

function kindGroup(k: GraphNodeKind): 'crd' | 'reconciler' | 'library' | 'ref' {
  return k === 'kind' ? 'crd' : k;
}

function matches(n: GraphNode, text: string): boolean {
  return !text || n.label.toLowerCase().includes(text) || n.detail.toLowerCase().includes(text);
}

/**
 * The nodes and edges the filter keeps. A text filter keeps the matching nodes and their direct neighbours
 * (a reconciler with its kinds and libraries), so a match is shown in its context rather than alone.
 */
export function filterGraph(graph: ProjectGraph, filter: GraphFilter): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const text = filter.text.trim().toLowerCase();
  const byKind = graph.nodes.filter((n) => filter.kinds.has(kindGroup(n.kind)));
  const kindIds = new Set(byKind.map((n) => n.id));
  const edges = graph.edges.filter((e) => kindIds.has(e.from) && kindIds.has(e.to));
  if (!text) return { nodes: byKind, edges };
  const hit = new Set(byKind.filter((n) => matches(n, text)).map((n) => n.id));
  const keep = new Set(hit);
  for (const e of edges) {
    if (hit.has(e.from)) keep.add(e.to);
    if (hit.has(e.to)) keep.add(e.from);
  }
  return { nodes: byKind.filter((n) => keep.has(n.id)), edges: edges.filter((e) => keep.has(e.from) && keep.has(e.to)) };
}
