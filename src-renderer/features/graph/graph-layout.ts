// Places the graph's boxes and routes its edges with ELK's layered algorithm (elkjs, pinned): data flows
// left to right (kind → reconciler → kind it owns; library → its users), edges are orthogonal. Box sizes are
// estimated from the label length (one monospace-ish width per character), so layout needs no DOM.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { GraphEdge, GraphNode } from '../../../src-shared/ipc/channels/graph';

export interface PlacedNode {
  node: GraphNode;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  edge: GraphEdge;
  /** The polyline, start to end. */
  points: { x: number; y: number }[];
}

export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

export const NODE_HEIGHT = 36;
const CHAR_WIDTH = 7.2;

export function nodeWidth(n: GraphNode): number {
  return Math.round(Math.max(96, Math.min(260, Math.max(n.label.length, n.detail.length * 0.85) * CHAR_WIDTH + 28)));
}

const elk = new ELK();

const layoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.nodeNode': '14',
  'elk.spacing.edgeNode': '12',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  // unconnected parts (a ref, a library nobody loads) are packed beside the rest rather than in one long row
  'elk.separateConnectedComponents': 'true',
  'elk.spacing.componentComponent': '32',
} as const;

export async function layoutGraph(nodes: GraphNode[], edges: GraphEdge[]): Promise<GraphLayout> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const elkEdges: ElkExtendedEdge[] = edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] }));
  const root: ElkNode = {
    id: 'root',
    layoutOptions,
    children: nodes.map((n) => ({ id: n.id, width: nodeWidth(n), height: NODE_HEIGHT })),
    edges: elkEdges,
  };
  const out = await elk.layout(root);
  const placed: PlacedNode[] = (out.children ?? []).flatMap((c) => {
    const node = byId.get(c.id);
    return node ? [{ node, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? nodeWidth(node), height: c.height ?? NODE_HEIGHT }] : [];
  });
  const routed: PlacedEdge[] = ((out.edges ?? []) as ElkExtendedEdge[]).flatMap((e) => {
    const edge = edges[Number(e.id.slice(1))];
    const s = e.sections?.[0];
    return edge && s ? [{ edge, points: [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] }] : [];
  });
  return { nodes: placed, edges: routed, width: out.width ?? 0, height: out.height ?? 0 };
}
