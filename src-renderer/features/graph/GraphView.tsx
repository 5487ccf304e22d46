// The project graph (issue 12 item 6), a main-area view: CRDs and the kinds they refer to, reconcilers with
// their for / owns / watches edges, libraries with their load() edges, and refs; laid out by ELK
// (./graph-layout.ts: a left-to-right flow, libraries and refs packed in groups under it), coloured by health
// from the last run or the live runner (./graph-model.ts). Hovering or selecting a box lights its
// neighbourhood, dims the rest and draws its load() edges (./graph-focus.ts); the details panel lists its
// neighbours. A double-click (or Enter, or the panel's Open) opens its file at its line. The canvas opens at
// a readable zoom (./graph-zoom.ts) and pans by dragging or through the overview in its corner
// (./GraphOverview.tsx); the filter keeps matches with their neighbours.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import type { GraphEdge, GraphEdgeKind, GraphNode, GraphNodeKind, ProjectGraph } from '../../../src-shared/ipc/channels/graph';
import { FilterField } from '../../kit/FilterField';
import { useProject } from '../../state/project';
import { openFile } from '../editor/editor-controller';
import { useEngine } from '../run/engine-store';
import { loadGraph, selectGraphNode, setGraphText, toggleGraphKind, useGraph } from './graph-controller';
import { neighbourhood, relations } from './graph-focus';
import { clip, GROUP_CAPTION, layoutGraph, type GraphLayout, type PlacedEdge, type PlacedNode, type SideGroup } from './graph-layout';
import { ALL_KINDS, filterGraph, nodeHealth, type Health } from './graph-model';
import { clampZoom, fitZoom, stepZoom } from './graph-zoom';
import { GraphOverview } from './GraphOverview';
import '../../kit/engine-views.css';
import './graph.css';

const KIND_LABELS: Record<(typeof ALL_KINDS)[number], string> = { crd: 'APIs', reconciler: 'Reconcilers', library: 'Libraries', ref: 'Refs' };
const NODE_KIND_NAMES: Record<GraphNodeKind, string> = { crd: 'API', kind: 'referred kind', reconciler: 'reconciler', library: 'library', ref: 'ref' };
const EDGE_LABELS: Record<GraphEdgeKind, string> = { for: 'for', owns: 'owns', watches: 'watches', load: 'load()' };
const GROUP_CAPTIONS: Record<SideGroup['kind'], string> = { library: 'Libraries', ref: 'Refs' };
const PAD = 16;

/** A node to open at its line, if it has a file. */
function openNode(node: GraphNode): void {
  if (node.file) void openFile(node.file, { line: node.line ?? 1, column: 1 });
}

export function GraphView() {
  const root = useProject((s) => s.info?.root);
  const graph = useGraph((s) => s.graph);
  const loading = useGraph((s) => s.loading);
  const error = useGraph((s) => s.error);
  const filter = useGraph((s) => s.filter);
  const selected = useGraph((s) => s.selected);
  const last = useEngine((s) => s.run.last);
  const prodRunning = useEngine((s) => s.prod.status.state === 'running');
  const prodVersion = useEngine((s) => s.prod.version);
  const [layout, setLayout] = useState<GraphLayout | null>(null);
  const [layoutError, setLayoutError] = useState<string | null>(null);
  const [hovered, setHovered] = useState<string | null>(null);
  const canvas = useRef<HTMLDivElement>(null);

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

  // A selection the filter hides is dropped rather than kept invisibly.
  const shownIds = useMemo(() => new Set(shown?.nodes.map((n) => n.id)), [shown]);
  useEffect(() => {
    if (selected && shown && !shownIds.has(selected)) selectGraphNode(null);
  }, [selected, shown, shownIds]);

  const health = useMemo(
    () => (graph ? nodeHealth(graph, last, prodRunning ? useEngine.getState().prod.rows.values() : null) : new Map<string, Health>()),
    [graph, last, prodRunning, prodVersion],
  );

  const zoom = useZoom(canvas, layout);
  const pan = usePan(canvas, () => selectGraphNode(null));
  const focus = hovered && shownIds.has(hovered) ? hovered : selected;
  const selectedNode = selected ? shown?.nodes.find((n) => n.id === selected) : undefined;

  // A node selected from the details panel (or hidden by the panel opening) is brought into view.
  useEffect(() => {
    if (!selected) return;
    const frame = requestAnimationFrame(() => revealNode(canvas.current, selected));
    return () => cancelAnimationFrame(frame);
  }, [selected]);

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
        <span className="graph-zoom" role="group" aria-label="Zoom">
          <button className="btn" onClick={() => zoom.step(-1)} title="Zoom out (Ctrl+wheel)" aria-label="Zoom out" data-testid="graph-zoom-out">
            −
          </button>
          <button className="btn graph-zoom-level" onClick={() => zoom.set(1)} title="Show at 100%" data-testid="graph-zoom">
            {Math.round(zoom.value * 100)}%
          </button>
          <button className="btn" onClick={() => zoom.step(1)} title="Zoom in (Ctrl+wheel)" aria-label="Zoom in" data-testid="graph-zoom-in">
            +
          </button>
          <button className="btn" onClick={zoom.fit} disabled={zoom.fitted} title="Fit the graph to the view (never smaller than readable; drag to pan)" data-testid="graph-fit">
            Fit
          </button>
        </span>
        <button className="btn" onClick={() => void loadGraph()} title="Read the project's files again" data-testid="graph-refresh">
          Refresh
        </button>
      </div>
      {(error ?? layoutError) && <div className="eng-empty-note dot-error">{error ?? layoutError}</div>}
      <div className="graph-body">
        <div className="graph-stage">
          <div
            className="graph-canvas"
            ref={canvas}
            data-testid="graph-canvas"
            tabIndex={-1}
            title={layout && !selected ? 'Click a box for its neighbourhood, double-click to open it; drag to pan, Ctrl+wheel to zoom' : undefined}
            onKeyDown={(e) => e.key === 'Escape' && selectGraphNode(null)}
            {...pan}
          >
            {layout && shown?.nodes.length ? (
              <GraphSvg layout={layout} health={health} zoom={zoom.value} focus={focus} selected={selected} onHover={setHovered} />
            ) : graph && shown && !shown.nodes.length ? (
              <div className="eng-empty-note" data-testid="graph-none">
                {graph.nodes.length ? 'Nothing matches the filter.' : 'This project has no APIs, reconcilers or libraries yet.'}
              </div>
            ) : null}
          </div>
          {layout && shown?.nodes.length ? <GraphOverview layout={layout} canvas={canvas} zoom={zoom.value} pad={PAD} selected={selected} /> : null}
        </div>
        {selectedNode && shown && <Details node={selectedNode} edges={shown.edges} nodes={shown.nodes} health={health.get(selectedNode.id) ?? 'unknown'} onGoTo={selectGraphNode} />}
      </div>
      {graph && <Legend graph={graph} />}
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

/** Scrolls the canvas so node `id` is in view (centred, if it was not visible). */
function revealNode(canvas: HTMLElement | null, id: string): void {
  const box = canvas?.querySelector(`[data-testid="graph-node-${CSS.escape(id)}"]`)?.getBoundingClientRect();
  if (!canvas || !box) return;
  const view = canvas.getBoundingClientRect();
  if (box.left >= view.left && box.right <= view.right && box.top >= view.top && box.bottom <= view.bottom) return;
  canvas.scrollBy({ left: box.left + box.width / 2 - (view.left + view.width / 2), top: box.top + box.height / 2 - (view.top + view.height / 2) });
}

interface Zoom {
  value: number;
  /** True while the zoom follows the canvas size ("Fit"). */
  fitted: boolean;
  fit(): void;
  set(z: number): void;
  step(dir: 1 | -1): void;
}

/**
 * The zoom: fitted to the canvas (within readable limits) until the user zooms; zooming keeps the point
 * under the pointer (Ctrl+wheel) or the canvas's centre (buttons) where it was.
 */
function useZoom(canvas: RefObject<HTMLDivElement | null>, layout: GraphLayout | null): Zoom {
  const [size, setSize] = useState({ w: 0, h: 0 });
  const [manual, setManual] = useState<number | null>(null);
  const anchor = useRef<{ x: number; y: number; cx: number; cy: number } | null>(null);
  useLayoutEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const measure = () => setSize({ w: el.clientWidth, h: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [canvas]);
  const fitted = layout ? fitZoom(layout.width + 2 * PAD, layout.height + 2 * PAD, size.w, size.h) : 1;
  const value = manual ?? fitted;
  const valueRef = useRef(value);
  valueRef.current = value;

  const zoomAt = useCallback(
    (next: number, cx?: number, cy?: number) => {
      const el = canvas.current;
      const z = clampZoom(next);
      if (el) {
        const px = cx ?? el.clientWidth / 2;
        const py = cy ?? el.clientHeight / 2;
        // the graph point under (px, py), in unzoomed units, stays under it after the zoom
        anchor.current = { x: (el.scrollLeft + px) / valueRef.current, y: (el.scrollTop + py) / valueRef.current, cx: px, cy: py };
      }
      setManual(z);
    },
    [canvas],
  );
  useLayoutEffect(() => {
    const el = canvas.current;
    const a = anchor.current;
    if (!el || !a) return;
    anchor.current = null;
    el.scrollLeft = a.x * value - a.cx;
    el.scrollTop = a.y * value - a.cy;
  }, [canvas, value]);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return; // a plain wheel scrolls (pans)
      e.preventDefault();
      const r = el.getBoundingClientRect();
      zoomAt(valueRef.current * Math.exp(-e.deltaY / 400), e.clientX - r.left, e.clientY - r.top);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [canvas, zoomAt]);

  return {
    value,
    fitted: manual === null,
    fit: () => setManual(null),
    set: (z) => zoomAt(z),
    step: (dir) => zoomAt(stepZoom(valueRef.current, dir)),
  };
}

/** Dragging the canvas's background pans it; a click on the background (no drag) calls `onBackgroundClick`. */
function usePan(canvas: RefObject<HTMLDivElement | null>, onBackgroundClick: () => void) {
  const drag = useRef<{ x: number; y: number; left: number; top: number; moved: boolean } | null>(null);
  return {
    onPointerDown(e: ReactPointerEvent<HTMLDivElement>) {
      const el = canvas.current;
      if (!el || e.button !== 0 || (e.target as Element).closest('.graph-node')) return;
      drag.current = { x: e.clientX, y: e.clientY, left: el.scrollLeft, top: el.scrollTop, moved: false };
      el.setPointerCapture(e.pointerId);
    },
    onPointerMove(e: ReactPointerEvent<HTMLDivElement>) {
      const d = drag.current;
      const el = canvas.current;
      if (!d || !el) return;
      if (Math.abs(e.clientX - d.x) + Math.abs(e.clientY - d.y) > 3) d.moved = true;
      if (!d.moved) return;
      el.classList.add('panning');
      el.scrollLeft = d.left - (e.clientX - d.x);
      el.scrollTop = d.top - (e.clientY - d.y);
    },
    onPointerUp(e: ReactPointerEvent<HTMLDivElement>) {
      const d = drag.current;
      drag.current = null;
      canvas.current?.classList.remove('panning');
      if (canvas.current?.hasPointerCapture(e.pointerId)) canvas.current.releasePointerCapture(e.pointerId);
      if (d && !d.moved) onBackgroundClick();
    },
  };
}

interface SvgProps {
  layout: GraphLayout;
  health: Map<string, Health>;
  zoom: number;
  /** The hovered or selected node whose neighbourhood is lit. */
  focus: string | null;
  selected: string | null;
  onHover(id: string | null): void;
}

const GraphSvg = memo(function GraphSvg({ layout, health, zoom, focus, selected, onHover }: SvgProps) {
  const w = layout.width + 2 * PAD;
  const h = layout.height + 2 * PAD;
  const at = useMemo(() => new Map(layout.nodes.map((n) => [n.node.id, n])), [layout]);
  const hood = useMemo(() => (focus && at.has(focus) ? neighbourhood([...layout.edges.map((e) => e.edge), ...layout.loads], focus) : null), [focus, at, layout]);
  const lit = (e: PlacedEdge) => !!hood && (e.edge.from === focus || e.edge.to === focus);
  const focusLoads = hood ? hood.edges.filter((e) => e.kind === 'load') : [];
  const nodeState = (id: string) => (!hood ? 'plain' : hood.nodes.has(id) ? 'lit' : 'dim');
  const node = (n: PlacedNode) => (
    <Node key={n.node.id} n={n} health={health.get(n.node.id) ?? 'unknown'} state={nodeState(n.node.id)} selected={n.node.id === selected} onHover={onHover} />
  );
  return (
    <svg
      className={`graph-svg${hood ? ' focused' : ''}`}
      viewBox={`${-PAD} ${-PAD} ${w} ${h}`}
      width={w * zoom}
      height={h * zoom}
      role="group"
      aria-label="Project graph"
      data-focus={focus ?? ''}
    >
      <defs>
        <marker id="graph-arrow" viewBox="0 0 8 8" refX="7.5" refY="4" markerWidth="7" markerHeight="7" orient="auto">
          <path d="M0,0 L8,4 L0,8 z" className="graph-arrow" />
        </marker>
        <marker id="graph-arrow-lit" viewBox="0 0 8 8" refX="7.5" refY="4" markerWidth="7" markerHeight="7" orient="auto">
          <path d="M0,0 L8,4 L0,8 z" className="graph-arrow-lit" />
        </marker>
      </defs>
      {layout.groups.map((g) => (
        <Group key={g.kind} g={g} />
      ))}
      {layout.edges.filter((e) => !lit(e)).map((e) => (
        <Edge key={`${e.edge.from}>${e.edge.to}>${e.edge.kind}`} e={e} lit={false} />
      ))}
      {layout.nodes.filter((n) => nodeState(n.node.id) !== 'lit').map(node)}
      {layout.edges.filter(lit).map((e) => (
        <Edge key={`${e.edge.from}>${e.edge.to}>${e.edge.kind}`} e={e} lit />
      ))}
      {focusLoads.map((e) => {
        const from = at.get(e.from);
        const to = at.get(e.to);
        return from && to ? <LoadEdge key={`${e.from}>${e.to}`} edge={e} from={from} to={to} /> : null;
      })}
      {layout.nodes.filter((n) => nodeState(n.node.id) === 'lit').map(node)}
    </svg>
  );
});

function Group({ g }: { g: SideGroup }) {
  return (
    <g className="graph-group" transform={`translate(${g.x},${g.y})`} data-testid={`graph-group-${g.kind}`}>
      <rect width={g.width} height={g.height} rx={6} />
      <text x={12} y={GROUP_CAPTION / 2 + 8} className="graph-group-caption">
        {`${GROUP_CAPTIONS[g.kind]} · ${g.count}`}
      </text>
    </g>
  );
}

function edgeTitle(e: GraphEdge): string {
  return `${EDGE_LABELS[e.kind]}: ${e.from.replace(/^\w+:/, '')} → ${e.to.replace(/^\w+:/, '')}`;
}

function Edge({ e, lit }: { e: PlacedEdge; lit: boolean }) {
  const d = e.points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' ');
  return (
    <path d={d} className={`graph-edge graph-edge-${e.edge.kind}${lit ? ' lit' : ''}`} markerEnd={`url(#graph-arrow${lit ? '-lit' : ''})`} data-edge={`${e.edge.from}>${e.edge.to}`}>
      <title>{edgeTitle(e.edge)}</title>
    </path>
  );
}

/**
 * A load() edge of the node in focus: a curve from the library's top edge to its user (the user's bottom edge
 * when it sits above in the flow, its top edge when it is another library of the group).
 */
function LoadEdge({ edge, from, to }: { edge: GraphEdge; from: PlacedNode; to: PlacedNode }) {
  const sx = from.x + from.width / 2;
  const sy = from.y;
  const toAbove = to.y + to.height < from.y;
  const tx = to.x + to.width / 2;
  const ty = toAbove ? to.y + to.height : to.y;
  const bend = toAbove ? Math.max(40, (sy - ty) / 2) : 36;
  const d = `M${sx},${sy} C${sx},${sy - bend} ${tx},${toAbove ? ty + bend : ty - bend} ${tx},${ty}`;
  return (
    <path d={d} className="graph-edge graph-edge-load lit" markerEnd="url(#graph-arrow-lit)" data-edge={`${edge.from}>${edge.to}`} data-testid="graph-load-edge">
      <title>{edgeTitle(edge)}</title>
    </path>
  );
}

interface NodeProps {
  n: PlacedNode;
  health: Health;
  state: 'plain' | 'lit' | 'dim';
  selected: boolean;
  onHover(id: string | null): void;
}

const Node = memo(function Node({ n, health, state, selected, onHover }: NodeProps) {
  const { node } = n;
  return (
    <g
      className={`graph-node graph-node-${node.kind} health-${health} ${state}${selected ? ' selected' : ''}${node.file ? ' clickable' : ''}`}
      transform={`translate(${n.x},${n.y})`}
      tabIndex={0}
      role="button"
      aria-pressed={selected}
      aria-label={`${NODE_KIND_NAMES[node.kind]} ${node.label} (${node.detail})${health !== 'unknown' ? `, ${health}` : ''}`}
      data-testid={`graph-node-${node.id}`}
      data-health={health}
      data-state={state}
      onClick={() => selectGraphNode(selected ? null : node.id)}
      onDoubleClick={() => openNode(node)}
      onPointerEnter={() => onHover(node.id)}
      onPointerLeave={() => onHover(null)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          openNode(node);
        } else if (e.key === ' ') {
          e.preventDefault();
          selectGraphNode(selected ? null : node.id);
        }
      }}
    >
      <title>{`${node.detail}${node.file ? `\n${node.file}${node.line ? `:${node.line}` : ''}\nclick: neighbourhood · double-click: open` : ''}`}</title>
      <rect width={n.width} height={n.height} rx={node.kind === 'reconciler' ? 10 : 3} />
      <circle className="graph-health" cx={11} cy={n.height / 2} r={4} />
      <text x={22} y={n.height / 2 - 3} className="graph-label">
        {clip(n.title, n.width - 30)}
      </text>
      <text x={22} y={n.height / 2 + 12} className="graph-detail">
        {clip(n.subtitle, n.width - 30, true)}
      </text>
    </g>
  );
});

interface DetailsProps {
  node: GraphNode;
  nodes: GraphNode[];
  edges: GraphEdge[];
  health: Health;
  onGoTo(id: string): void;
}

/** The selected node: what it is, its file, and its neighbours by relation (each one a link that selects it). */
function Details({ node, nodes, edges, health, onGoTo }: DetailsProps) {
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const rels = relations(edges, node.id);
  return (
    <aside className="graph-details" data-testid="graph-details" aria-label={`Details of ${node.label}`}>
      <div className="graph-details-head">
        <span className={`graph-key graph-node-${node.kind}`}>{NODE_KIND_NAMES[node.kind]}</span>
        <strong className="graph-details-title">{node.label}</strong>
        <button className="icon-btn" onClick={() => selectGraphNode(null)} title="Clear the selection (Esc)" aria-label="Clear the selection">
          ×
        </button>
      </div>
      <div className="graph-details-detail">{node.detail}</div>
      <div className={`graph-dot health-${health}`}>{health === 'unknown' ? 'not run' : health}</div>
      {node.file && (
        <button className="eng-link" onClick={() => openNode(node)} data-testid="graph-open" title="Open the file (or double-click the box)">
          {node.file}
          {node.line ? `:${node.line}` : ''}
        </button>
      )}
      {rels.map((r) => (
        <div key={r.label} className="graph-rel" data-testid={`graph-rel-${r.label.replace(/ /g, '-')}`}>
          <div className="graph-rel-label">
            {r.label} · {r.ids.length}
          </div>
          {r.ids.map((id) => (
            <button key={id} className="graph-rel-item" onClick={() => onGoTo(id)} data-testid={`graph-goto-${id}`} title={byId.get(id)?.detail}>
              {byId.get(id)?.label ?? id}
            </button>
          ))}
        </div>
      ))}
    </aside>
  );
}

/** The legend names what this project's graph can show, and draws each mark as the canvas draws it. */
function Legend({ graph }: { graph: ProjectGraph }) {
  const kinds = new Set(graph.nodes.map((n) => n.kind));
  const edgeKinds = new Set(graph.edges.map((e) => e.kind));
  return (
    <div className="graph-legend" aria-label="Legend" data-testid="graph-legend">
      {(['crd', 'kind', 'reconciler', 'library', 'ref'] as const).filter((k) => kinds.has(k)).map((k) => (
        <span key={k} className={`graph-key graph-node-${k}`}>
          {NODE_KIND_NAMES[k]}
        </span>
      ))}
      <span className="graph-sep" />
      {(['for', 'owns', 'watches', 'load'] as const).filter((k) => edgeKinds.has(k)).map((k) => (
        <span key={k} className={`graph-line graph-edge-${k}`} title={k === 'load' ? 'Drawn for the selected or hovered box only' : undefined}>
          {k === 'load' ? 'load() of the selected box' : EDGE_LABELS[k]}
        </span>
      ))}
      <span className="graph-sep" />
      <span className="graph-dot health-ok">ok</span>
      <span className="graph-dot health-warning">warning</span>
      <span className="graph-dot health-error">error</span>
      <span className="graph-dot health-unknown">not run</span>
    </div>
  );
}
