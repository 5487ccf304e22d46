// The project graph (issue 12 item 6), a main-area view: CRDs and the kinds they refer to, reconcilers with
// their for / owns / watches edges, libraries with their load() edges, and refs; laid out by ELK
// (./graph-layout.ts), coloured by health from the last run or the live runner (./graph-model.ts). A click
// (or Enter) on a box opens its file at its line; the filter keeps matches with their neighbours.
import { memo, useEffect, useMemo, useState } from 'react';
import type { GraphEdgeKind } from '../../../src-shared/ipc/channels/graph';
import { FilterField } from '../../kit/FilterField';
import { useProject } from '../../state/project';
import { openFile } from '../editor/editor-controller';
import { useEngine } from '../run/engine-store';
import { loadGraph, setGraphText, toggleGraphKind, useGraph } from './graph-controller';
import { layoutGraph, type GraphLayout, type PlacedEdge, type PlacedNode } from './graph-layout';
import { ALL_KINDS, filterGraph, nodeHealth, type Health } from './graph-model';
import '../../kit/engine-views.css';
import './graph.css';

const KIND_LABELS: Record<(typeof ALL_KINDS)[number], string> = { crd: 'APIs', reconciler: 'Reconcilers', library: 'Libraries', ref: 'Refs' };
const EDGE_LABELS: Record<GraphEdgeKind, string> = { for: 'for', owns: 'owns', watches: 'watches', load: 'load()' };
const PAD = 16;

export function GraphView() {
  const root = useProject((s) => s.info?.root);
  const graph = useGraph((s) => s.graph);
  const loading = useGraph((s) => s.loading);
  const error = useGraph((s) => s.error);
  const filter = useGraph((s) => s.filter);
  const last = useEngine((s) => s.run.last);
  const prodRunning = useEngine((s) => s.prod.status.state === 'running');
  const prodVersion = useEngine((s) => s.prod.version);
  // Opens fitted (the whole project at a glance); 100% shows the boxes at full size, scrolling.
  const [fit, setFit] = useState(true);
  const [layout, setLayout] = useState<GraphLayout | null>(null);
  const [layoutError, setLayoutError] = useState<string | null>(null);

  useEffect(() => {
    void loadGraph();
  }, [root]);

  const shown = useMemo(() => (graph ? filterGraph(graph, filter) : null), [graph, filter]);
  useEffect(() => {
    if (!shown) return;
    let current = true;
    layoutGraph(shown.nodes, shown.edges).then(
      (l) => current && (setLayout(l), setLayoutError(null)),
      (err: unknown) => current && setLayoutError(`The graph could not be laid out: ${err instanceof Error ? err.message : String(err)}`),
    );
    return () => {
      current = false;
    };
  }, [shown]);

  const health = useMemo(
    () => (graph ? nodeHealth(graph, last, prodRunning ? useEngine.getState().prod.rows.values() : null) : new Map<string, Health>()),
    [graph, last, prodRunning, prodVersion],
  );

  return (
    <div className="eng graph" data-testid="graph-view">
      <div className="eng-bar graph-bar">
        <span className="eng-meta" data-testid="graph-count">
          {graph && shown ? `${shown.nodes.length} of ${graph.nodes.length} nodes · ${shown.edges.length} edges` : 'Reading the project…'}
        </span>
        <span className="eng-meta" title="Colours come from the last run, or from the live runner's Ready conditions while it runs">
          health: {prodRunning ? 'live runner' : last?.result ? 'last run' : 'no run yet'}
        </span>
        {loading && <span className="eng-spin" aria-label="loading" />}
        <span className="spacer" />
        {ALL_KINDS.map((k) => (
          <label key={k} className="toggle">
            <input type="checkbox" checked={filter.kinds.has(k)} onChange={() => toggleGraphKind(k)} data-testid={`graph-kind-${k}`} />
            {KIND_LABELS[k]}
          </label>
        ))}
        <FilterField label="Filter">
          <input type="search" placeholder="kind, reconciler, library…" value={filter.text} onChange={(e) => setGraphText(e.target.value)} data-testid="graph-filter" />
        </FilterField>
        <button className="btn" onClick={() => setFit(!fit)} title={fit ? 'Show at full size (scroll to move around)' : 'Fit the whole graph in the view'} data-testid="graph-fit">
          {fit ? '100%' : 'Fit'}
        </button>
        <button className="btn" onClick={() => void loadGraph()} title="Read the project's files again" data-testid="graph-refresh">
          Refresh
        </button>
      </div>
      {(error ?? layoutError) && <div className="eng-empty-note dot-error">{error ?? layoutError}</div>}
      <div className="graph-canvas" data-testid="graph-canvas">
        {layout && shown?.nodes.length ? (
          <GraphSvg layout={layout} health={health} fit={fit} />
        ) : graph && shown && !shown.nodes.length ? (
          <div className="eng-empty-note" data-testid="graph-none">
            {graph.nodes.length ? 'Nothing matches the filter.' : 'This project has no APIs, reconcilers or libraries yet.'}
          </div>
        ) : null}
      </div>
      <Legend />
      {graph?.problems.length ? (
        <ul className="graph-problems" data-testid="graph-problems">
          {graph.problems.map((p, i) => (
            <li key={i}>
              <button className="eng-link" onClick={() => void openFile(p.file)}>
                {p.file}
              </button>
              : {p.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

const GraphSvg = memo(function GraphSvg({ layout, health, fit }: { layout: GraphLayout; health: Map<string, Health>; fit: boolean }) {
  const w = layout.width + 2 * PAD;
  const h = layout.height + 2 * PAD;
  return (
    <svg
      className="graph-svg"
      viewBox={`${-PAD} ${-PAD} ${w} ${h}`}
      width={fit ? '100%' : w}
      height={fit ? '100%' : h}
      // fitting shrinks a big graph, never blows a small one up
      style={fit ? { maxWidth: w, maxHeight: h } : undefined}
      preserveAspectRatio="xMidYMin meet"
      role="group"
      aria-label="Project graph"
    >
      <defs>
        <marker id="graph-arrow" viewBox="0 0 8 8" refX="7.5" refY="4" markerWidth="7" markerHeight="7" orient="auto">
          <path d="M0,0 L8,4 L0,8 z" className="graph-arrow" />
        </marker>
      </defs>
      {layout.edges.map((e, i) => (
        <Edge key={i} e={e} />
      ))}
      {layout.nodes.map((n) => (
        <Node key={n.node.id} n={n} health={health.get(n.node.id) ?? 'unknown'} />
      ))}
    </svg>
  );
});

function Edge({ e }: { e: PlacedEdge }) {
  const d = e.points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' ');
  return (
    <path d={d} className={`graph-edge graph-edge-${e.edge.kind}`} markerEnd="url(#graph-arrow)" data-edge={`${e.edge.from}>${e.edge.to}`}>
      <title>{`${EDGE_LABELS[e.edge.kind]}: ${e.edge.from.replace(/^\w+:/, '')} → ${e.edge.to.replace(/^\w+:/, '')}`}</title>
    </path>
  );
}

function Node({ n, health }: { n: PlacedNode; health: Health }) {
  const { node } = n;
  const open = () => node.file && void openFile(node.file, { line: node.line ?? 1, column: 1 });
  return (
    <g
      className={`graph-node graph-node-${node.kind} health-${health}${node.file ? ' clickable' : ''}`}
      transform={`translate(${n.x},${n.y})`}
      tabIndex={node.file ? 0 : -1}
      role={node.file ? 'button' : 'img'}
      aria-label={`${node.kind} ${node.label} (${node.detail})${health !== 'unknown' ? `, ${health}` : ''}`}
      data-testid={`graph-node-${node.id}`}
      data-health={health}
      onClick={open}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open();
        }
      }}
    >
      <title>{`${node.detail}${node.file ? `\n${node.file}${node.line ? `:${node.line}` : ''}` : ''}`}</title>
      <rect width={n.width} height={n.height} rx={node.kind === 'reconciler' ? 10 : 3} />
      <circle className="graph-health" cx={10} cy={n.height / 2} r={4} />
      <text x={20} y={15} className="graph-label">
        {clip(node.label, n.width - 28)}
      </text>
      <text x={20} y={29} className="graph-detail">
        {clip(node.detail, n.width - 28, 6)}
      </text>
    </g>
  );
}

/** Cuts a text to the box's width (estimated per character) with an ellipsis. */
function clip(text: string, px: number, charPx = 7.2): string {
  const max = Math.max(4, Math.floor(px / charPx));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function Legend() {
  return (
    <div className="graph-legend" aria-label="Legend">
      <span className="graph-key graph-node-crd">API</span>
      <span className="graph-key graph-node-kind">referred kind</span>
      <span className="graph-key graph-node-reconciler">reconciler</span>
      <span className="graph-key graph-node-library">library</span>
      <span className="graph-key graph-node-ref">ref</span>
      <span className="graph-sep" />
      <span className="graph-line graph-edge-for">for</span>
      <span className="graph-line graph-edge-owns">owns</span>
      <span className="graph-line graph-edge-watches">watches</span>
      <span className="graph-line graph-edge-load">load()</span>
      <span className="graph-sep" />
      <span className="graph-dot health-ok">ok</span>
      <span className="graph-dot health-warning">warning</span>
      <span className="graph-dot health-error">error</span>
      <span className="graph-dot health-unknown">not run</span>
    </div>
  );
}
