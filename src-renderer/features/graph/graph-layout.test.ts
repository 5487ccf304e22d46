import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode } from '../../../src-shared/ipc/channels/graph';
import { boxText, clip, layoutGraph, NODE_HEIGHT, nodeWidth, type GraphLayout, type PlacedNode } from './graph-layout';

const node = (id: string, kind: GraphNode['kind'], label: string, detail = label): GraphNode => ({ id, kind, label, detail });

/** A graph of the shape that was unreadable: two inputs each feeding the same reconcilers, a library loaded by both. */
const nodes = [
  node('kind:a/Node', 'crd', 'Node'),
  node('kind:a/Design', 'crd', 'Design'),
  node('rec:a.nodes.bgp', 'reconciler', 'bgp'),
  node('rec:a.nodes.id', 'reconciler', 'id'),
  node('kind:a/Port', 'crd', 'Port'),
  node('kind:a/Claim', 'kind', 'Claim'),
  node('lib:a.nodes.star', 'library', 'a.nodes', 'a.nodes.star'),
  node('lib:util.star', 'library', 'util', 'util.star'),
  node('ref:r', 'ref', 'upstream'),
];
const edges: GraphEdge[] = [
  { from: 'kind:a/Node', to: 'rec:a.nodes.bgp', kind: 'for' },
  { from: 'kind:a/Node', to: 'rec:a.nodes.id', kind: 'for' },
  { from: 'kind:a/Design', to: 'rec:a.nodes.bgp', kind: 'watches' },
  { from: 'kind:a/Design', to: 'rec:a.nodes.id', kind: 'watches' },
  { from: 'rec:a.nodes.bgp', to: 'kind:a/Port', kind: 'owns' },
  { from: 'rec:a.nodes.id', to: 'kind:a/Claim', kind: 'owns' },
  { from: 'lib:a.nodes.star', to: 'rec:a.nodes.bgp', kind: 'load' },
  { from: 'lib:a.nodes.star', to: 'rec:a.nodes.id', kind: 'load' },
  { from: 'lib:util.star', to: 'lib:a.nodes.star', kind: 'load' },
];

/**
 * A project shaped like the large ones this view must keep readable: a design kind every reconciler watches,
 * three generations of kinds each reconciled into the next (a reconciler owning 1-5 kinds), and libraries,
 * one per kind plus a shared one, each loaded by several reconcilers.
 */
function projectOfSize(): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const ns: GraphNode[] = [node('kind:g/Design', 'crd', 'Design'), node('lib:g.shared.star', 'library', 'g.shared', 'g.shared.star')];
  const es: GraphEdge[] = [];
  let generation = ['kind:g/Topo', 'kind:g/Plan'];
  for (const k of generation) ns.push(node(k, 'crd', k.slice(6)));
  let r = 0;
  for (let gen = 0; gen < 3; gen++) {
    const next: string[] = [];
    for (const k of generation) {
      for (let j = 0; j < (gen === 0 ? 3 : 2); j++, r++) {
        const rec = `rec:g.r${r}`;
        ns.push(node(rec, 'reconciler', `r${r}`, `g.${k.slice(6).toLowerCase()}.r${r}`));
        es.push({ from: k, to: rec, kind: 'for' }, { from: 'kind:g/Design', to: rec, kind: 'watches' });
        for (let o = 0; o < 1 + ((r * 7) % 5) && next.length < 7 * (gen + 1); o++) {
          const owned = `kind:g/K${gen}x${next.length}`;
          next.push(owned);
          ns.push(node(owned, 'crd', `Kind${gen}x${next.length}`, 'derived.example.dev'));
          es.push({ from: rec, to: owned, kind: 'owns' });
        }
        es.push({ from: 'lib:g.shared.star', to: rec, kind: 'load' });
        for (let l = 0; l < 4; l++) es.push({ from: `lib:g.l${(r + l * 5) % 20}.star`, to: rec, kind: 'load' });
      }
    }
    generation = next.slice(0, 3);
  }
  for (let l = 0; l < 20; l++) ns.push(node(`lib:g.l${l}.star`, 'library', `g.l${l}`, `g.l${l}.star`));
  const ids = new Set(ns.map((n) => n.id));
  return { nodes: ns, edges: es.filter((e) => ids.has(e.from) && ids.has(e.to)) };
}

function apart(a: PlacedNode, b: PlacedNode): boolean {
  return a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
}

/** Where any routed edge runs through a box that is not one of its two ends. */
function edgesThroughBoxes(l: GraphLayout): string[] {
  const out: string[] = [];
  for (const e of l.edges)
    for (let i = 1; i < e.points.length; i++) {
      const [p, q] = [e.points[i - 1]!, e.points[i]!];
      for (const n of l.nodes) {
        if (n.node.id === e.edge.from || n.node.id === e.edge.to) continue;
        const x0 = Math.min(p.x, q.x);
        const x1 = Math.max(p.x, q.x);
        const y0 = Math.min(p.y, q.y);
        const y1 = Math.max(p.y, q.y);
        if (x1 > n.x + 0.5 && x0 < n.x + n.width - 0.5 && y1 > n.y + 0.5 && y0 < n.y + n.height - 0.5) out.push(`${e.edge.from}>${e.edge.to} through ${n.node.id}`);
      }
    }
  return out;
}

/** Vertical segments of edges from different sources that lie on the same track (the same x, overlapping). */
function sharedTracks(l: GraphLayout): string[] {
  const segs = l.edges.flatMap((e) =>
    e.points.slice(1).flatMap((q, i) => {
      const p = e.points[i]!;
      return Math.abs(p.x - q.x) < 0.5 && Math.abs(p.y - q.y) > 0.5 ? [{ e, x: p.x, y0: Math.min(p.y, q.y), y1: Math.max(p.y, q.y) }] : [];
    }),
  );
  const out: string[] = [];
  for (let i = 0; i < segs.length; i++)
    for (let j = i + 1; j < segs.length; j++) {
      const [a, b] = [segs[i]!, segs[j]!];
      if (a.e.edge.from !== b.e.edge.from && a.e.edge.to !== b.e.edge.to && Math.abs(a.x - b.x) < 0.5 && a.y1 > b.y0 + 0.5 && b.y1 > a.y0 + 0.5)
        out.push(`${a.e.edge.from}>${a.e.edge.to} / ${b.e.edge.from}>${b.e.edge.to}`);
    }
  return out;
}

describe('layoutGraph', () => {
  it('lays the flow out left to right: input APIs, reconcilers, the APIs they own', async () => {
    const l = await layoutGraph(nodes, edges);
    const at = new Map(l.nodes.map((p) => [p.node.id, p]));
    expect(at.get('kind:a/Node')!.x + at.get('kind:a/Node')!.width).toBeLessThan(at.get('rec:a.nodes.bgp')!.x);
    expect(at.get('kind:a/Design')!.x + at.get('kind:a/Design')!.width).toBeLessThan(at.get('rec:a.nodes.id')!.x);
    expect(at.get('rec:a.nodes.bgp')!.x + at.get('rec:a.nodes.bgp')!.width).toBeLessThan(at.get('kind:a/Port')!.x);
  });

  it('places every node inside the drawing without overlaps, at its estimated size', async () => {
    const l = await layoutGraph(nodes, edges);
    expect(l.nodes).toHaveLength(nodes.length);
    for (const a of l.nodes) {
      expect(a.width).toBe(nodeWidth(a.node));
      if (a.node.kind !== 'library' && a.node.kind !== 'ref') expect(a.height).toBe(NODE_HEIGHT);
      expect(a.x + a.width).toBeLessThanOrEqual(l.width + 0.5);
      expect(a.y + a.height).toBeLessThanOrEqual(l.height + 0.5);
      for (const b of l.nodes) if (a !== b) expect(apart(a, b), `${a.node.id} overlaps ${b.node.id}`).toBe(true);
    }
  });

  it('routes the flow edges orthogonally from the right side of their source to the left side of their target, around the other boxes and each on its own track', async () => {
    const l = await layoutGraph(nodes, edges);
    expect(l.edges.map((e) => e.edge.kind).sort()).toEqual(['for', 'for', 'owns', 'owns', 'watches', 'watches']);
    const at = new Map(l.nodes.map((p) => [p.node.id, p]));
    for (const e of l.edges) {
      const first = e.points[0]!;
      const last = e.points.at(-1)!;
      const from = at.get(e.edge.from)!;
      const to = at.get(e.edge.to)!;
      // (ports are 1 px wide)
      expect(Math.abs(first.x - (from.x + from.width))).toBeLessThanOrEqual(1.5);
      expect(Math.abs(last.x - to.x)).toBeLessThanOrEqual(1.5);
      for (let i = 1; i < e.points.length; i++) {
        const [p, q] = [e.points[i - 1]!, e.points[i]!];
        expect(Math.abs(p.x - q.x) < 0.01 || Math.abs(p.y - q.y) < 0.01, `segment ${i} of ${e.edge.from}>${e.edge.to} is orthogonal`).toBe(true);
      }
    }
    expect(edgesThroughBoxes(l)).toEqual([]);
    expect(sharedTracks(l)).toEqual([]);
  });

  it('packs libraries and refs into their own groups under the flow, and leaves load() edges unrouted', async () => {
    const l = await layoutGraph(nodes, edges);
    expect(l.groups.map((g) => [g.kind, g.count])).toEqual([
      ['library', 2],
      ['ref', 1],
    ]);
    const flowBottom = Math.max(...l.nodes.filter((n) => n.node.kind !== 'library' && n.node.kind !== 'ref').map((n) => n.y + n.height));
    const [libs, refs] = l.groups;
    expect(libs!.y).toBeGreaterThan(flowBottom);
    expect(refs!.y).toBeGreaterThanOrEqual(libs!.y + libs!.height);
    for (const n of l.nodes.filter((p) => p.node.kind === 'library')) {
      expect(n.y).toBeGreaterThanOrEqual(libs!.y);
      expect(n.y + n.height).toBeLessThanOrEqual(libs!.y + libs!.height);
    }
    expect(l.loads).toHaveLength(3);
    expect(l.edges.some((e) => e.edge.kind === 'load')).toBe(false);
  });

  it('keeps a project of ~60 nodes and ~140 edges readable: no edge through a box, no two sources on one track', async () => {
    const big = projectOfSize();
    expect(big.nodes.length).toBeGreaterThanOrEqual(60);
    expect(big.edges.length).toBeGreaterThanOrEqual(130);
    const l = await layoutGraph(big.nodes, big.edges);
    expect(l.nodes).toHaveLength(big.nodes.length);
    expect(edgesThroughBoxes(l)).toEqual([]);
    expect(sharedTracks(l)).toEqual([]);
  }, 60_000);

  it('lays out an empty graph', async () => {
    const l = await layoutGraph([], []);
    expect(l).toMatchObject({ nodes: [], edges: [], groups: [], width: 0, height: 0 });
  });
});

describe('box text', () => {
  it('leads a library with the last part of its module name', () => {
    expect(boxText(node('lib:x', 'library', 'infra.dev.nodes', 'infra.dev.nodes.star'))).toEqual({ title: 'nodes', subtitle: 'infra.dev' });
    expect(boxText(node('lib:u', 'library', 'util', 'util.star'))).toEqual({ title: 'util', subtitle: 'util.star' });
    expect(boxText(node('kind:a/Node', 'crd', 'Node', 'a.dev'))).toEqual({ title: 'Node', subtitle: 'a.dev' });
  });

  it('clips a text that does not fit with an ellipsis', () => {
    expect(clip('short', 200)).toBe('short');
    expect(clip('device.network.example.dev', 100, true)).toMatch(/^device\.netw.*…$/);
    expect(clip('device.network.example.dev', 100, true).length).toBeLessThanOrEqual(15);
  });
});
