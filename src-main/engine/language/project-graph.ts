// The project graph (issue 12 item 6): kinds, reconcilers, libraries and refs as nodes; for/owns/watches
// and load() edges. Built from the same project model and file analyses as the language service, so a
// load() the editor resolves is an edge here, and a library that does not parse is reported, not dropped.
import type { GraphEdge, GraphNode, ProjectGraph } from '../../../src-shared/ipc/channels/graph.js';
import type { KindRef, ReconcilerInfo } from './project.js';
import type { Workspace } from './workspace.js';

export function kindNodeId(group: string, kind: string): string {
  return `kind:${group}/${kind}`;
}

/** A reconciler's own part of its name: `infra.kuid.dev.nodes.bgp` for kind Node (plural nodes) → `bgp`. */
export function reconcilerLabel(r: ReconcilerInfo, plural: string | undefined): string {
  const prefix = r.for && plural ? `${r.for.group}.${plural}.` : '';
  return prefix && r.name.startsWith(prefix) && r.name.length > prefix.length ? r.name.slice(prefix.length) : r.name;
}

export function buildProjectGraph(ws: Workspace): ProjectGraph {
  const { project } = ws;
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const problems = [...project.problems];
  const edgeKeys = new Set<string>();
  const edge = (from: string, to: string, kind: GraphEdge['kind']) => {
    const key = `${from}>${to}>${kind}`;
    if (from === to || edgeKeys.has(key)) return;
    edgeKeys.add(key);
    edges.push({ from, to, kind });
  };

  for (const c of project.crds) {
    const id = kindNodeId(c.group, c.kind);
    nodes.set(id, { id, kind: 'crd', label: c.kind, detail: c.group, file: c.file, line: c.line, group: c.group, name: c.kind });
  }
  const kindNode = (k: KindRef): string => {
    const id = kindNodeId(k.group, k.kind);
    if (!nodes.has(id)) nodes.set(id, { id, kind: 'kind', label: k.kind, detail: k.group || 'core', group: k.group, name: k.kind });
    return id;
  };
  const pluralOf = (k: KindRef | undefined) => (k ? project.crds.find((c) => c.group === k.group && c.kind === k.kind)?.plural : undefined);

  for (const r of project.reconcilers) {
    const id = `rec:${r.name}`;
    const code = r.codeFiles.find((f) => f.endsWith('.star')) ?? r.codeFiles[0];
    nodes.set(id, { id, kind: 'reconciler', label: reconcilerLabel(r, pluralOf(r.for)), detail: r.name, file: code ?? r.config, line: 1, name: r.name });
    if (r.for) edge(kindNode(r.for), id, 'for');
    for (const w of r.watches) edge(kindNode(w), id, 'watches');
    for (const o of r.owns) edge(id, kindNode(o), 'owns');
  }

  for (const [module, path] of project.modules) {
    const id = `lib:${module}`;
    nodes.set(id, { id, kind: 'library', label: module.replace(/\.star$/, ''), detail: module, file: path, line: 1, name: module });
  }
  // load() edges, library → the file that loads it
  for (const path of ws.paths()) {
    const fa = ws.analysis(path);
    const file = project.files.get(path);
    if (!fa || !file) continue;
    if (fa.syntaxError) problems.push({ file: path, message: fa.syntaxError });
    const user = file.role === 'library' ? `lib:${file.module}` : `rec:${file.reconciler}`;
    if (!nodes.has(user)) continue;
    for (const l of fa.loads) {
      const target = `lib:${l.module}`;
      if (nodes.has(target)) edge(target, user, 'load');
      else problems.push({ file: path, message: `load("${l.module}"): no such library in ${project.folders.libraries}/` });
    }
  }

  for (const r of project.refs) {
    const id = `ref:${r.name}`;
    nodes.set(id, { id, kind: 'ref', label: r.name, detail: r.source, file: r.file, line: r.line, name: r.name });
  }
  return { nodes: [...nodes.values()], edges, problems };
}
