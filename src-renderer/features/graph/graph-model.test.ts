import { describe, expect, it } from 'vitest';
import type { ConditionRow, RunOnceResponse } from '../../../src-shared/ipc/channels/engine';
import type { ProjectGraph } from '../../../src-shared/ipc/channels/graph';
import { ALL_KINDS, filterGraph, nodeHealth } from './graph-model';
import { runResult } from '../../testing/responses';

const graph: ProjectGraph = {
  nodes: [
    { id: 'kind:a.dev/Node', kind: 'crd', label: 'Node', detail: 'a.dev' },
    { id: 'kind:a.dev/Port', kind: 'crd', label: 'Port', detail: 'a.dev' },
    { id: 'kind:/ConfigMap', kind: 'kind', label: 'ConfigMap', detail: 'core' },
    { id: 'rec:a.dev.nodes.ports', kind: 'reconciler', label: 'ports', detail: 'a.dev.nodes.ports' },
    { id: 'rec:a.dev.ports.cm', kind: 'reconciler', label: 'cm', detail: 'a.dev.ports.cm' },
    { id: 'lib:util.star', kind: 'library', label: 'util', detail: 'util.star' },
  ],
  edges: [
    { from: 'kind:a.dev/Node', to: 'rec:a.dev.nodes.ports', kind: 'for' },
    { from: 'rec:a.dev.nodes.ports', to: 'kind:a.dev/Port', kind: 'owns' },
    { from: 'kind:a.dev/Port', to: 'rec:a.dev.ports.cm', kind: 'for' },
    { from: 'rec:a.dev.ports.cm', to: 'kind:/ConfigMap', kind: 'owns' },
    { from: 'lib:util.star', to: 'rec:a.dev.ports.cm', kind: 'load' },
  ],
  problems: [],
};

const res = (group: string, kind: string) => ({ group, version: 'v1', kind, namespace: 'default', name: 'x' });

function runOnce(partial: Partial<NonNullable<RunOnceResponse['result']>>): RunOnceResponse {
  return { result: runResult(partial), objectPlaces: [], durationMs: 1 };
}

describe('nodeHealth', () => {
  it('knows nothing before a run', () => {
    expect(nodeHealth(graph, null, null).size).toBe(0);
  });

  it('marks what ran ok, a reconciler with an error and the kind of its object as errors, a looping one as a warning', () => {
    const ev = (reconciler: string, group: string, kind: string) => ({ timeMs: 0, reconciler, reconcileUid: 'u', resource: res(group, kind), operation: 'START' as const, message: '' });
    const last = runOnce({
      runners: [{ runner: 'r', success: false, taskId: 't', message: '', events: [ev('a.dev.nodes.ports', 'a.dev', 'Node'), ev('a.dev.ports.cm', 'a.dev', 'Port'), ev('gone', 'x', 'Y')] }],
      errors: [{ taskId: 't', reconciler: 'a.dev.ports.cm', resource: res('a.dev', 'Port'), message: 'boom' }],
      stillLooping: ['a.dev.nodes.ports'],
    });
    const h = nodeHealth(graph, last, null);
    expect(h.get('rec:a.dev.nodes.ports')).toBe('warning');
    expect(h.get('rec:a.dev.ports.cm')).toBe('error');
    expect(h.get('kind:a.dev/Node')).toBe('ok');
    expect(h.get('kind:a.dev/Port')).toBe('error');
    expect(h.has('lib:util.star')).toBe(false);
    expect(h.has('rec:gone')).toBe(false); // not a node of this graph
  });

  it('takes the worst Ready condition of a kind from the live runner', () => {
    const row = (kind: string, apiVersion: string, status: string | undefined): ConditionRow => ({
      key: `${apiVersion}|${kind}|default|${status}`,
      apiVersion,
      kind,
      namespace: 'default',
      name: String(status),
      conditions: status ? { Ready: { status, reason: '', message: '', lastTransitionTime: '' } } : {},
    });
    const h = nodeHealth(graph, null, [row('Node', 'a.dev/v1', 'True'), row('Port', 'a.dev/v1', 'True'), row('Port', 'a.dev/v1', 'Unknown'), row('ConfigMap', 'v1', undefined)]);
    expect(h.get('kind:a.dev/Node')).toBe('ok');
    expect(h.get('kind:a.dev/Port')).toBe('warning');
    expect(h.get('kind:/ConfigMap')).toBe('ok');
    expect(nodeHealth(graph, null, [row('Node', 'a.dev/v1', 'False')]).get('kind:a.dev/Node')).toBe('error');
  });
});

describe('filterGraph', () => {
  const all = { text: '', kinds: new Set(ALL_KINDS) };

  it('keeps everything without a filter', () => {
    const r = filterGraph(graph, all);
    expect(r.nodes).toHaveLength(6);
    expect(r.edges).toHaveLength(5);
  });

  it('keeps a text match with its direct neighbours, and the edges among them', () => {
    const r = filterGraph(graph, { ...all, text: ' CM ' });
    expect(r.nodes.map((n) => n.id).sort()).toEqual(['kind:/ConfigMap', 'kind:a.dev/Port', 'lib:util.star', 'rec:a.dev.ports.cm']);
    expect(r.edges).toHaveLength(3);
  });

  it('hides node kinds that are switched off (APIs include the kinds the project only refers to), with their edges', () => {
    const r = filterGraph(graph, { text: '', kinds: new Set(['reconciler', 'library'] as const) });
    expect(r.nodes.map((n) => n.kind).sort()).toEqual(['library', 'reconciler', 'reconciler']);
    expect(r.edges).toEqual([{ from: 'lib:util.star', to: 'rec:a.dev.ports.cm', kind: 'load' }]);
  });
});
