// The project graph: the project's kinds (CRDs), reconcilers with their for/owns/watches edges, libraries
// with their load() edges, and upstream refs. Structure only; the renderer colours it with the health of
// the last run or the live runner, which it already has.
import { z } from 'zod';
import type { ChannelGroup } from '../contract.js';

export const GraphNodeKind = z.enum(['crd', 'kind', 'reconciler', 'library', 'ref']);
export type GraphNodeKind = z.infer<typeof GraphNodeKind>;

export const GraphNode = z.object({
  /** `kind:<group>/<Kind>`, `rec:<name>`, `lib:<module>`, `ref:<name>`. */
  id: z.string(),
  /** `crd`: a kind the project defines; `kind`: one it only refers to (built in, or from an upstream). */
  kind: GraphNodeKind,
  /** Short name shown in the box: the Kind, the reconciler's own part of its name, the library without `.star`. */
  label: z.string(),
  /** The rest: a kind's group, a reconciler's full name, a library's module name, a ref's source. */
  detail: z.string(),
  /** The file that opens on click (a CRD's YAML, a reconciler's code, a library), and its line. */
  file: z.string().optional(),
  line: z.number().int().optional(),
  /** For kinds: group and Kind (the health join with run results). For reconcilers: the reconciler name. */
  group: z.string().optional(),
  name: z.string().optional(),
});
export type GraphNode = z.infer<typeof GraphNode>;

export const GraphEdgeKind = z.enum(['for', 'owns', 'watches', 'load']);
export type GraphEdgeKind = z.infer<typeof GraphEdgeKind>;

/** Edges point the way data flows: kind → reconciler (for, watches), reconciler → kind (owns), library → user (load). */
export const GraphEdge = z.object({ from: z.string(), to: z.string(), kind: GraphEdgeKind });
export type GraphEdge = z.infer<typeof GraphEdge>;

export const ProjectGraph = z.object({
  nodes: z.array(GraphNode),
  edges: z.array(GraphEdge),
  /** Files that could not be read (bad YAML, a library that does not parse): shown under the graph. */
  problems: z.array(z.object({ file: z.string(), message: z.string() })),
});
export type ProjectGraph = z.infer<typeof ProjectGraph>;

export const graphChannels = {
  /** The graph of the open project as its files are on disk now. */
  'graph.project': { request: z.object({}).strict(), response: ProjectGraph },
} as const satisfies ChannelGroup;
