import { describe, expect, it } from 'vitest';
import type { GraphEdge } from '../../../src-shared/ipc/channels/graph';
import { neighbourhood, relations } from './graph-focus';

const edges: GraphEdge[] = [
  { from: 'kind:a/Node', to: 'rec:bgp', kind: 'for' },
  { from: 'kind:a/Design', to: 'rec:bgp', kind: 'watches' },
  { from: 'rec:bgp', to: 'kind:a/BGP', kind: 'owns' },
  { from: 'rec:bgp', to: 'kind:a/Peer', kind: 'owns' },
  { from: 'lib:nodes', to: 'rec:bgp', kind: 'load' },
  { from: 'lib:util', to: 'lib:nodes', kind: 'load' },
  { from: 'kind:a/Node', to: 'rec:id', kind: 'for' },
];

describe('neighbourhood', () => {
  it('is the node and everything one edge away, with the edges that touch it', () => {
    const h = neighbourhood(edges, 'rec:bgp');
    expect([...h.nodes].sort()).toEqual(['kind:a/BGP', 'kind:a/Design', 'kind:a/Node', 'kind:a/Peer', 'lib:nodes', 'rec:bgp']);
    expect(h.edges).toHaveLength(5);
    expect(h.nodes.has('rec:id')).toBe(false); // a sibling through Node is two edges away
    expect(h.nodes.has('lib:util')).toBe(false);
  });

  it('is the node alone when nothing touches it', () => {
    expect([...neighbourhood(edges, 'ref:x').nodes]).toEqual(['ref:x']);
  });
});

describe('relations', () => {
  it("names each relation from the node's side, in a fixed order", () => {
    expect(relations(edges, 'rec:bgp')).toEqual([
      { label: 'for', ids: ['kind:a/Node'] },
      { label: 'watches', ids: ['kind:a/Design'] },
      { label: 'owns', ids: ['kind:a/BGP', 'kind:a/Peer'] },
      { label: 'loads', ids: ['lib:nodes'] },
    ]);
    expect(relations(edges, 'kind:a/Node')).toEqual([{ label: 'reconciled by', ids: ['rec:bgp', 'rec:id'] }]);
    expect(relations(edges, 'kind:a/BGP')).toEqual([{ label: 'owned by', ids: ['rec:bgp'] }]);
    expect(relations(edges, 'lib:nodes')).toEqual([
      { label: 'loads', ids: ['lib:util'] },
      { label: 'loaded by', ids: ['rec:bgp'] },
    ]);
  });
});
