// The project graph the Graph view shows: fetched from the host (graph.project, built in the Starlark worker
// from the files on disk) when the view opens, on Refresh, and again shortly after a .star or .yaml file
// changes on disk or is saved from the editor (once the view has been opened); the view's filter and the
// selected node (whose neighbourhood the view highlights).
import { create } from 'zustand';
import type { ProjectGraph } from '../../../src-shared/ipc/channels/graph';
import { invoke, onEvent } from '../../api';
import { errorMessage } from '../../kit/ipc-errors';
import { useEditor } from '../editor/editor-store';
import { ALL_KINDS, type GraphFilter } from './graph-model';

export interface GraphState {
  graph: ProjectGraph | null;
  loading: boolean;
  error: string | null;
  filter: GraphFilter;
  /** The id of the selected node, or null. */
  selected: string | null;
}

export const useGraph = create<GraphState>(() => ({ graph: null, loading: false, error: null, filter: { text: '', kinds: new Set(ALL_KINDS) }, selected: null }));

let seq = 0;
let following = false;

/** Files whose change can change the graph: CRDs, reconciler configs, Starlark code. */
function shapesGraph(path: string): boolean {
  return /\.(star|ya?ml)$/.test(path);
}

/** Reloads the graph soon after a file that shapes it changes on disk or is saved in the editor. */
function followChanges(): void {
  if (following) return;
  following = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void loadGraph(), 700);
  };
  onEvent('file.changed', (e) => shapesGraph(e.path) && soon());
  useEditor.subscribe((now, before) => {
    for (const path of now.order) if (shapesGraph(path) && before.buffers[path] && now.buffers[path]?.savedHash !== before.buffers[path].savedHash) return soon();
  });
}

/** Reads the graph again; an answer that arrives after a newer request was made is dropped. */
export async function loadGraph(): Promise<void> {
  followChanges();
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

export function selectGraphNode(id: string | null): void {
  useGraph.setState({ selected: id });
}
