// Places the graph's boxes with ELK (elkjs, pinned) in two parts, so a project of ~60 nodes stays readable:
// - the flow: APIs, reconcilers and the kinds they refer to, with ELK's layered algorithm left to right
//   (input APIs → reconcilers → the APIs they own → ...). Each box has one input port on its left side and
//   one output port on its right, and edges are routed orthogonally between the layers, so lines never run
//   through a label and the edges of one box leave it as one bundle.
// - side groups: libraries (and refs) have no place in that flow (a library is loaded by half the project),
//   so each kind is packed into a compact frame under the flow by ELK's box algorithm. Their load() edges are
//   not routed: the view draws them only for the node in focus (./graph-focus.ts).
// Box sizes are estimated from the label length (monospace), so layout needs no DOM.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode, ElkPort } from 'elkjs/lib/elk-api';
import type { GraphEdge, GraphNode } from '../../../src-shared/ipc/channels/graph';

export interface PlacedNode {
  node: GraphNode;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The two lines shown in the box (a library shows its last name part, with the rest as detail). */
  title: string;
  subtitle: string;
}

export interface PlacedEdge {
  edge: GraphEdge;
  /** The orthogonal polyline, start to end. */
  points: { x: number; y: number }[];
}

/** A frame holding the nodes of one side kind (libraries, refs), packed in rows. */
export interface SideGroup {
  kind: 'library' | 'ref';
  x: number;
  y: number;
  width: number;
  height: number;
  count: number;
}

export interface GraphLayout {
  /** Every node: the flow's and the side groups'. */
  nodes: PlacedNode[];
  /** The flow's edges (for, owns, watches), routed by ELK. */
  edges: PlacedEdge[];
  /** load() edges: not routed; drawn for the node in focus only. */
  loads: GraphEdge[];
  groups: SideGroup[];
  width: number;
  height: number;
}

export const NODE_HEIGHT = 40;
/** Side-group chips are lower: they are a list to pick from rather than a step of the flow. */
export const CHIP_HEIGHT = 36;
/** Monospace advance at the label's 13 px and the detail's 11 px (0.6 em). */
const LABEL_CHAR = 7.85;
const DETAIL_CHAR = 6.65;
/** Left padding (health dot) + right padding inside a box. */
const BOX_PAD = 34;
const MIN_WIDTH = 136;
const MAX_WIDTH = 220;
/** The height of a side group's caption row, above its chips. */
export const GROUP_CAPTION = 24;
const GROUP_PAD = 12;
const GROUP_GAP = 40;

const SIDE_KINDS = ['library', 'ref'] as const;

function isSide(n: GraphNode): n is GraphNode & { kind: (typeof SIDE_KINDS)[number] } {
  return n.kind === 'library' || n.kind === 'ref';
}

/**
 * The two lines of a box. A library's module name is long and dotted (`group.plural`): its last part is
 * what tells libraries apart in a packed list, so it leads and the rest follows as detail.
 */
export function boxText(n: GraphNode): { title: string; subtitle: string } {
  if (n.kind === 'library') {
    const dot = n.label.lastIndexOf('.');
    return dot > 0 ? { title: n.label.slice(dot + 1), subtitle: n.label.slice(0, dot) } : { title: n.label, subtitle: n.detail };
  }
  return { title: n.label, subtitle: n.detail };
}

/** A box wide enough for its title (the detail is clipped with an ellipsis if it is longer). */
export function nodeWidth(n: GraphNode): number {
  const { title, subtitle } = boxText(n);
  const want = title.length * LABEL_CHAR + BOX_PAD;
  return Math.round(Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, want)));
}

/** How many characters of `text` fit in `px` at the label (or detail) size; the rest is cut with an ellipsis. */
export function clip(text: string, px: number, detail = false): string {
  const max = Math.max(4, Math.floor(px / (detail ? DETAIL_CHAR : LABEL_CHAR)));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const elk = new ELK();

const flowOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '64',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '8',
  'elk.spacing.nodeNode': '12',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '8',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  // unconnected parts (an API nothing reconciles) are packed beside the rest rather than in one long row
  'elk.separateConnectedComponents': 'true',
  'elk.spacing.componentComponent': '32',
  // ...and into the free corners of the big part
  'elk.layered.compaction.connectedComponents': 'true',
} as const;

/**
 * Ports: each edge gets its own, incoming ones on the box's left side and outgoing ones on its right, so the
 * router gives every edge its own track (edges sharing a port would be merged into one unreadable trunk).
 */
function flowChild(n: GraphNode, edges: readonly GraphEdge[]): ElkNode {
  const ports: ElkPort[] = [];
  edges.forEach((e, i) => {
    if (e.to === n.id) ports.push({ id: `e${i}#in`, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'WEST' } });
    if (e.from === n.id) ports.push({ id: `e${i}#out`, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'EAST' } });
  });
  return { id: n.id, width: nodeWidth(n), height: NODE_HEIGHT, layoutOptions: { 'elk.portConstraints': 'FIXED_SIDE' }, ports };
}

async function layoutFlow(nodes: GraphNode[], edges: GraphEdge[]): Promise<{ placed: Map<string, { x: number; y: number; width: number; height: number }>; routed: PlacedEdge[]; width: number; height: number }> {
  const root: ElkNode = {
    id: 'flow',
    layoutOptions: flowOptions,
    children: nodes.map((n) => flowChild(n, edges)),
    edges: edges.map((e, i): ElkExtendedEdge => ({ id: `e${i}`, sources: [`e${i}#out`], targets: [`e${i}#in`] })),
  };
  const out = await elk.layout(root);
  const placed = new Map((out.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? NODE_HEIGHT }]));
  const routed = ((out.edges ?? []) as ElkExtendedEdge[]).flatMap((e) => {
    const edge = edges[Number(e.id.slice(1))];
    const s = e.sections?.[0];
    return edge && s ? [{ edge, points: [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] }] : [];
  });
  return { placed, routed, width: nodes.length ? (out.width ?? 0) : 0, height: nodes.length ? (out.height ?? 0) : 0 };
}

/** Packs a side group's chips into rows about `rowWidth` wide (ELK's box algorithm keeps the given order). */
async function layoutGroup(nodes: GraphNode[], rowWidth: number): Promise<{ placed: Map<string, { x: number; y: number; width: number; height: number }>; width: number; height: number }> {
  const sized = nodes.map((n) => ({ id: n.id, width: nodeWidth(n), height: CHIP_HEIGHT }));
  const area = sized.reduce((a, c) => a + (c.width + 10) * (CHIP_HEIGHT + 10), 0);
  const rows = Math.max(1, Math.round(area / rowWidth / (CHIP_HEIGHT + 10)));
  const group: ElkNode = {
    id: 'group',
    layoutOptions: {
      'elk.algorithm': 'box',
      'elk.spacing.nodeNode': '10',
      'elk.padding': `[top=${GROUP_CAPTION + GROUP_PAD / 2},left=${GROUP_PAD},bottom=${GROUP_PAD},right=${GROUP_PAD}]`,
      // the width/height ratio that fills the flow's width
      'elk.aspectRatio': String(Math.max(0.5, rowWidth / (rows * (CHIP_HEIGHT + 10)))),
      'elk.box.packingMode': 'SIMPLE',
    },
    children: sized,
  };
  const out = await elk.layout(group);
  const placed = new Map((out.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? CHIP_HEIGHT }]));
  return { placed, width: out.width ?? 0, height: out.height ?? 0 };
}

/** Libraries in a stable, readable order: by the part shown first, then the whole name. */
function sideOrder(a: GraphNode, b: GraphNode): number {
  const ta = boxText(a).title;
  const tb = boxText(b).title;
  return ta.localeCompare(tb) || a.label.localeCompare(b.label);
}

export async function layoutGraph(nodes: GraphNode[], edges: GraphEdge[]): Promise<GraphLayout> {
  const flowNodes = nodes.filter((n) => !isSide(n));
  const flowIds = new Set(flowNodes.map((n) => n.id));
  const flowEdges = edges.filter((e) => e.kind !== 'load' && flowIds.has(e.from) && flowIds.has(e.to));
  const loads = edges.filter((e) => e.kind === 'load');
  const flow = await layoutFlow(flowNodes, flowEdges);

  const placedNodes: PlacedNode[] = [];
  const put = (n: GraphNode, at: { x: number; y: number; width: number; height: number }, dx = 0, dy = 0) =>
    placedNodes.push({ node: n, x: at.x + dx, y: at.y + dy, width: at.width, height: at.height, ...boxText(n) });
  for (const n of flowNodes) {
    const at = flow.placed.get(n.id);
    if (at) put(n, at);
  }

  // Side groups stack under the flow, each as wide as the flow (or as a few chips when there is no flow).
  const groups: SideGroup[] = [];
  const rowWidth = Math.max(flow.width, 720);
  let y = flow.height ? flow.height + GROUP_GAP : 0;
  let width = flow.width;
  for (const kind of SIDE_KINDS) {
    const members = nodes.filter((n) => n.kind === kind).sort(sideOrder);
    if (!members.length) continue;
    const g = await layoutGroup(members, rowWidth);
    for (const n of members) {
      const at = g.placed.get(n.id);
      if (at) put(n, at, 0, y);
    }
    groups.push({ kind, x: 0, y, width: g.width, height: g.height, count: members.length });
    width = Math.max(width, g.width);
    y += g.height + GROUP_GAP;
  }
  const height = groups.length ? y - GROUP_GAP : flow.height;
  return { nodes: placedNodes, edges: flow.routed, loads, groups, width, height };
}
