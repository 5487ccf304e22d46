import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseYamlDocuments } from '../src-main/engine/index.js';
import { tempProjects } from '../src-main/testing/temp-projects.js';
import { scaleInputs, scaleKubenet, scaleTopology } from './kubenet-scale.js';

const projects = tempProjects('choreo-kubenet-scale-');
afterAll(() => projects.cleanup());

const TOPOLOGY = `apiVersion: topo.kubenet.dev/v1alpha1
kind: Topology
metadata: {name: t, namespace: default}
spec:
  defaults: {site: s}
  nodes:
  - name: node1
  - name: node2
    platformType: ixrd2
  links:
  - endpoints:
    - {node: node1, port: 1}
    - {node: node2, port: 1}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: other}
`;

describe('kubenet-scale', () => {
  it('repeats nodes and links, the k-th copy renamed <name>-<k>, links kept within their copy', () => {
    const spec = scaleTopology({ defaults: { site: 's' }, nodes: [{ name: 'a' }, { name: 'b', x: 1 }], links: [{ endpoints: [{ node: 'a', port: 1 }, { node: 'b' }, { port: 3 }] }] }, 3);
    expect(spec.defaults).toEqual({ site: 's' });
    expect(spec.nodes).toEqual([{ name: 'a' }, { name: 'b', x: 1 }, { name: 'a-1' }, { name: 'b-1', x: 1 }, { name: 'a-2' }, { name: 'b-2', x: 1 }]);
    expect(spec.links!.map((l) => l.endpoints)).toEqual([
      [{ node: 'a', port: 1 }, { node: 'b' }, { port: 3 }],
      [{ node: 'a-1', port: 1 }, { node: 'b-1' }, { port: 3 }],
      [{ node: 'a-2', port: 1 }, { node: 'b-2' }, { port: 3 }],
    ]);
  });

  it('copies a project without db/ and .choreo/ and scales the Topology of its in/ files, other documents as they are', () => {
    const source = projects.withFiles({ 'in/topo.yaml': TOPOLOGY, 'in/other.yaml': 'kind: X\n', 'db/x.json': '{}', '.choreo/y': '', 'crds/c.yaml': 'kind: C\n' });
    const dest = path.join(projects.emptyDir(), 'scaled');
    expect(scaleKubenet(source, dest, 10)).toEqual({ topologies: 1, nodes: 20 });
    const docs = parseYamlDocuments(readFileSync(path.join(dest, 'in/topo.yaml'), 'utf8'), 'topo.yaml').map((d) => d.value as Record<string, any>);
    expect(docs.map((d) => d.kind)).toEqual(['Topology', 'ConfigMap']);
    expect(docs[0]!.spec.nodes.map((n: { name: string }) => n.name)).toEqual(['node1', 'node2', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((k) => [`node1-${k}`, `node2-${k}`])]);
    expect(docs[0]!.spec.nodes[19]).toEqual({ name: 'node2-9', platformType: 'ixrd2' });
    expect(docs[0]!.spec.links[9].endpoints).toEqual([{ node: 'node1-9', port: 1 }, { node: 'node2-9', port: 1 }]);
    expect(readFileSync(path.join(dest, 'in/other.yaml'), 'utf8')).toBe('kind: X\n');
    expect(readFileSync(path.join(dest, 'crds/c.yaml'), 'utf8')).toBe('kind: C\n');
    expect(() => readFileSync(path.join(dest, 'db/x.json'))).toThrow();
    expect(() => readFileSync(path.join(dest, '.choreo/y'))).toThrow();
  });

  it('factor 1 leaves the files untouched', () => {
    const dir = projects.withFiles({ 'in/topo.yaml': TOPOLOGY });
    expect(scaleInputs(dir, 1)).toEqual({ topologies: 1, nodes: 2 });
    expect(readFileSync(path.join(dir, 'in/topo.yaml'), 'utf8')).toBe(TOPOLOGY);
  });
});
