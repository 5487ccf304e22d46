import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode } from '../../../src-shared/ipc/channels/graph';
import { layoutGraph, NODE_HEIGHT, nodeWidth } from './graph-layout';

const node = (id: string, kind: GraphNode['kind'], label: string): GraphNode => ({ id, kind, label, detail: label });

describe('layoutGraph', () => {
  it('places every node without overlaps, data flowing left to right, and routes every edge', async () => {
    const nodes = [node('kind:a/Node', 'crd', 'Node'), node('rec:n', 'reconciler', 'nodes.bgp'), node('kind:a/Port', 'crd', 'Port'), node('lib:u', 'library', 'util'), node('ref:r', 'ref', 'upstream')];
    const edges: GraphEdge[] = [
      { from: 'kind:a/Node', to: 'rec:n', kind: 'for' },
      { from: 'rec:n', to: 'kind:a/Port', kind: 'owns' },
      { from: 'lib:u', to: 'rec:n', kind: 'load' },
    ];
    const l = await layoutGraph(nodes, edges);
    expect(l.nodes).toHaveLength(5);
    expect(l.edges).toHaveLength(3);
    const at = new Map(l.nodes.map((p) => [p.node.id, p]));
    expect(at.get('kind:a/Node')!.x).toBeLessThan(at.get('rec:n')!.x);
    expect(at.get('rec:n')!.x).toBeLessThan(at.get('kind:a/Port')!.x);
    for (const a of l.nodes) {
      expect(a.height).toBe(NODE_HEIGHT);
      expect(a.width).toBe(nodeWidth(a.node));
      expect(a.x + a.width).toBeLessThanOrEqual(l.width);
      for (const b of l.nodes) {
        if (a === b) continue;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${a.node.id} overlaps ${b.node.id}`).toBe(true);
      }
    }
    for (const e of l.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
  });

  it('lays out an empty graph', async () => {
    const l = await layoutGraph([], []);
    expect(l.nodes).toEqual([]);
  });
});
