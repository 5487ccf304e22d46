// The project graph the Graph view shows: fetched from the host (graph.project, built in the Starlark worker
// from the files on disk) when the view opens and on Refresh, and the view's filter.
import { create } from 'zustand';
import type { ProjectGraph } from '../../../src-shared/ipc/channels/graph';
import { invoke } from '../../api';
import { errorMessage } from '../../kit/ipc-errors';
import { ALL_KINDS, type GraphFilter } from './graph-model';

export interface GraphState {
  graph: ProjectGraph | null;
  loading: boolean;
  error: string | null;
  filter: GraphFilter;
}

export const useGraph = create<GraphState>(() => ({ graph: null, loading: false, error: null, filter: { text: '', kinds: new Set(ALL_KINDS) } }));

let seq = 0;

/** Reads the graph again; an answer that arrives after a newer request was made is dropped. */
export async function loadGraph(): Promise<void> {
  const mine = ++seq;
  useGraph.setState({ loading: true });
  try {
    const graph = await invoke('graph.project', {});
    if (mine === seq) useGraph.setState({ graph, loading: false, error: null });
  } catch (err) {
    if (mine === seq) useGraph.setState({ loading: false, error: `Could not read the project graph: ${errorMessage(err)}` });
  }
}

export function setGraphText(text: string): void {
  useGraph.setState((s) => ({ filter: { ...s.filter, text } }));
}

export function toggleGraphKind(kind: (typeof ALL_KINDS)[number]): void {
  useGraph.setState((s) => {
    const kinds = new Set(s.filter.kinds);
    if (kinds.has(kind)) kinds.delete(kind);
    else kinds.add(kind);
    return { filter: { ...s.filter, kinds } };
  });
}
