// Deps: the owner tree of the live prod store or of a snapshot (default the latest), collapsible
// (expand/collapse all), searchable, each node's dot coloured by its Ready condition, counts per kind.
// Selecting a node shows the object's YAML (read-only).
import { useMemo, useState } from 'react';
import type { DepsNode } from '../../../src-shared/ipc/channels/engine';
import { EmptyState, EmptyStateAction } from '../../kit/EmptyState';
import { errorMessage } from '../../kit/ipc-errors';
import { useLatestRequest } from '../../kit/useLatestRequest';
import { ownedObject, ownerTree } from './deps-controller';
import { useEngine } from '../run/engine-store';
import { YamlView } from '../../kit/monaco-views';
import { StatusDot } from '../../kit/status-dot';
import { VirtualRows } from '../../kit/VirtualRows';
import { TableWithDetails } from '../../kit/TableParts';
import { toggled } from '../../kit/sets';
import { SplitPane } from '../../kit/Split';
import { FilterField } from '../../kit/FilterField';
import { useFieldProvenance } from '../provenance/FieldProvenance';
import '../../kit/engine-views.css';

interface Tree {
  source: string;
  nodes: DepsNode[];
  roots: number[];
  kindCounts: Record<string, number>;
}

interface Visible {
  index: number;
  depth: number;
  hasChildren: boolean;
  open: boolean;
}

/** The rows to show: open nodes' children, or with a query every match and its ancestors (opened). */
export function visibleRows(tree: Tree, open: Set<number>, query: string): Visible[] {
  const q = query.trim().toLowerCase();
  const out: Visible[] = [];
  let keep: Set<number> | null = null;
  if (q) {
    keep = new Set();
    const walk = (i: number, path: number[]): boolean => {
      const n = tree.nodes[i]!;
      let hit = `${n.kind} ${n.namespace} ${n.name}`.toLowerCase().includes(q);
      for (const c of n.children) if (walk(c, [...path, i])) hit = true;
      if (hit) keep!.add(i);
      return hit;
    };
    tree.roots.forEach((r) => walk(r, []));
  }
  const visit = (i: number, depth: number) => {
    if (keep && !keep.has(i)) return;
    const n = tree.nodes[i]!;
    const isOpen = keep ? true : open.has(i);
    out.push({ index: i, depth, hasChildren: n.children.length > 0, open: isOpen });
    if (isOpen) for (const c of n.children) visit(c, depth + 1);
  };
  tree.roots.forEach((r) => visit(r, 0));
  return out;
}

export function DepsPanel() {
  const list = useEngine((s) => s.snapshots.list);
  const prodRunning = useEngine((s) => s.prod.status.state === 'running');
  const prodVersion = useEngine((s) => (s.prod.status.state === 'running' ? Math.floor(s.prod.version / 20) : 0));
  const [source, setSource] = useState<string>(''); // '' = live store when prod runs, else latest snapshot
  const [tree, setTree] = useState<Tree | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const latest = list[0]?.id;

  useLatestRequest(
    () => ownerTree(source),
    (t) => {
      setTree(t);
      setError(null);
      // Start with the roots open: the first level of children is what people look for.
      setOpen((cur) => (cur.size ? cur : new Set(t.roots)));
    },
    (e) => setError(errorMessage(e)),
    [source, latest, prodRunning, prodVersion],
  );

  const rows = useMemo(() => (tree ? visibleRows(tree, open, query) : []), [tree, open, query]);
  if (tree && !tree.nodes.length && !error) {
    return (
      <EmptyState icon="⑂" title="The owner tree appears after a run" testId="deps-empty">
        <p>Run the project (F5) or start prod mode: this shows which resource created which, with status dots, search and counts per kind.</p>
        <EmptyStateAction command="run.once">▶ Run once</EmptyStateAction>
      </EmptyState>
    );
  }
  const toggle = (i: number) => setOpen((cur) => toggled(cur, i));
  const sel = selected !== null ? tree?.nodes[selected] : undefined;
  return (
    <div className="eng" data-testid="deps-panel">
      <div className="eng-bar">
        <FilterField label="Source">
          <select value={source} onChange={(e) => setSource(e.target.value)} data-testid="deps-source">
            <option value="">{prodRunning ? 'live prod store' : 'latest snapshot'}</option>
            {list.map((s) => (
              <option key={s.id} value={s.id}>
                snapshot {s.id.slice(0, 8)} · {new Date(s.createdAt).toLocaleTimeString()}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField label="Search">
          <input type="search" placeholder="kind, name…" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="deps-search" />
        </FilterField>
        <button className="btn ghost" onClick={() => tree && setOpen(new Set(tree.nodes.map((_, i) => i)))} data-testid="deps-expand-all">
          Expand all
        </button>
        <button className="btn ghost" onClick={() => setOpen(new Set())} data-testid="deps-collapse-all">
          Collapse all
        </button>
        <span className="spacer" />
        {tree &&
          Object.entries(tree.kindCounts)
            .sort()
            .map(([k, n]) => (
              <span key={k} className="eng-chip">
                {k} <b>{n}</b>
              </span>
            ))}
      </div>
      {error && <div className="eng-empty-note dot-error">{error}</div>}
      <TableWithDetails details={sel && <DepsObject key={sel.key} snapshot={source} live={!source && prodRunning} node={sel} onClose={() => setSelected(null)} />}>
        <VirtualRows
          count={rows.length}
          rowHeight={22}
          testId="deps-tree"
          row={(i) => {
            const r = rows[i]!;
            const n = tree!.nodes[r.index]!;
            return (
              <div
                className={`eng-tree-row${selected === r.index ? ' selected' : ''}`}
                style={{ paddingLeft: 8 + r.depth * 16 }}
                onClick={() => setSelected(r.index)}
                onDoubleClick={() => toggle(r.index)}
                data-testid="deps-node"
                data-key={n.key}
              >
                <span
                  className="twisty"
                  onClick={(e) => {
                    e.stopPropagation();
                    toggle(r.index);
                  }}
                >
                  {r.hasChildren ? (r.open ? '▾' : '▸') : ''}
                </span>
                <StatusDot status={n.ready} title={n.ready ? `Ready: ${n.ready}` : 'no Ready condition'} />
                <span className="kind">{n.kind}</span>
                <span className="name">{n.name}</span>
                {n.namespace && <span className="ns">{n.namespace}</span>}
                {r.hasChildren && <span className="eng-meta">({n.children.length})</span>}
              </div>
            );
          }}
        />
      </TableWithDetails>
    </div>
  );
}

function DepsObject({ snapshot, live, node, onClose }: { snapshot: string; live: boolean; node: DepsNode; onClose(): void }) {
  const [yaml, setYaml] = useState<string>('');
  // the live prod store records no provenance: only a snapshot's objects can be explained
  const source = useMemo(() => (live ? null : { key: node.key, snapshot: snapshot || 'latest' }), [live, node.key, snapshot]);
  const provenance = useFieldProvenance(source, yaml, 'Prod mode records no field provenance: pick a snapshot, or stop prod mode and run once (F5).');
  useLatestRequest(
    () => ownedObject(snapshot, node.key),
    (r) => setYaml(r.yaml),
    (e) => setYaml(`# ${errorMessage(e)}`),
    [snapshot, node.key],
  );
  return (
    <SplitPane name="deps.yaml" side="end" initial={420} min={260} max={1000} label="Resize the details panel" className="eng-side" testId="deps-object">
      <div className="eng-side-head">
        <StatusDot status={node.ready} />
        <span className="title">
          {node.kind} {node.namespace ? `${node.namespace}/` : ''}
          {node.name}
        </span>
        <button className="icon-btn" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      <YamlView text={yaml} label={`${node.key}.yaml`} testId="deps-yaml" places={provenance.places} />
      {provenance.card}
    </SplitPane>
  );
}
