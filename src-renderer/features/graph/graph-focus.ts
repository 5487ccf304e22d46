// The node in focus (hovered, or else selected) and what the Graph view shows around it: its direct
// neighbours stay lit while the rest dims, its edges are drawn strong (its load() edges are drawn at all only
// then), and the details panel lists its neighbours by relation. Pure functions of the shown edges.
import type { GraphEdge, GraphEdgeKind } from '../../../src-shared/ipc/channels/graph';

export interface Neighbourhood {
  /** The node itself and every node one edge away. */
  nodes: Set<string>;
  /** The edges that touch the node. */
  edges: GraphEdge[];
}

/** One line of the details panel: a relation and the nodes at its other end. */
export interface Relation {
  label: string;
  ids: string[];
}

export function neighbourhood(edges: readonly GraphEdge[], id: string): Neighbourhood {
  const nodes = new Set([id]);
  const touching = edges.filter((e) => e.from === id || e.to === id);
  for (const e of touching) nodes.add(e.from === id ? e.to : e.from);
  return { nodes, edges: touching };
}

/** Edges point the way data flows; the panel names each relation from the focused node's side. */
const OUTGOING: Record<GraphEdgeKind, string> = { for: 'reconciled by', watches: 'watched by', owns: 'owns', load: 'loaded by' };
const INCOMING: Record<GraphEdgeKind, string> = { for: 'for', watches: 'watches', owns: 'owned by', load: 'loads' };
const ORDER = ['for', 'watches', 'owns', 'owned by', 'reconciled by', 'watched by', 'loads', 'loaded by'];

/** The node's neighbours grouped by relation (`for`, `owns`, `loaded by`...), in a fixed order, ids sorted. */
export function relations(edges: readonly GraphEdge[], id: string): Relation[] {
  const by = new Map<string, string[]>();
  for (const e of edges) {
    const label = e.from === id ? OUTGOING[e.kind] : e.to === id ? INCOMING[e.kind] : undefined;
    if (!label) continue;
    const list = by.get(label) ?? [];
    list.push(e.from === id ? e.to : e.from);
    by.set(label, list);
  }
  return ORDER.filter((l) => by.has(l)).map((label) => ({ label, ids: [...new Set(by.get(label))].sort() }));
}
