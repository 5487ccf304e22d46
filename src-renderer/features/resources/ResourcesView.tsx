// Resources: what the last run produced, first (as Lens lists a cluster's objects). One virtualized row per
// object — Ready, kind, name, namespace, owner, and how it changed since the previous run — filtered by kind,
// text and "changed only" as you type, sortable by any column; a click shows the object's YAML beside the
// table (the split is resizable and remembered). The rows come from the host's data worker; the YAML of one
// object is fetched when it is selected.
import { memo, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { ResourceRow } from '../../../src-shared/ipc/channels/engine';
import { EmptyState, EmptyStateAction } from '../../kit/EmptyState';
import { YamlView } from '../../kit/monaco-views';
import { relativeTime, useNow } from '../../kit/relative-time';
import { SplitPane } from '../../kit/Split';
import { StatusDot } from '../../kit/status-dot';
import { VirtualRows } from '../../kit/VirtualRows';
import { TableHead } from '../../kit/TableParts';
import { FilterField } from '../../kit/FilterField';
import { useWidth } from '../../kit/useWidth';
import { useEngine } from '../run/engine-store';
import { useFieldProvenance } from '../provenance/FieldProvenance';
import { clearResourceFilter, loadResources, openResourceDiff, RESOURCE_ROW_LIMIT, selectOwner, selectResource, setResourceFilter } from './resources-controller';
import { kindOptions, nextSort, patchResources, useResources, visibleResources, type ResourceSortKey } from './resources-store';
import '../../kit/engine-views.css';
import './resources.css';

/** Ready, kind, name, namespace, owner, change. */
const COLS = '22px minmax(90px, 0.9fr) minmax(150px, 2fr) minmax(84px, 0.6fr) minmax(110px, 1.2fr) 76px';
/** A narrow table (1024 px with the explorer and the YAML open) shows the namespace with the name. */
const COLS_COMPACT = '22px minmax(80px, 0.8fr) minmax(130px, 2fr) minmax(90px, 1.2fr) 64px';
/** Below this width the table goes compact; it never gets narrower than TABLE_MIN (the YAML gives way). */
const COMPACT_BELOW = 610;
const TABLE_MIN = 450;
const YAML_MIN = 240;

export function ResourcesView() {
  const list = useResources((s) => s.list);
  const loading = useResources((s) => s.loading);
  const error = useResources((s) => s.error);
  const filter = useResources((s) => s.filter);
  const sort = useResources((s) => s.sort);
  const fetchedWith = useResources((s) => s.fetchedWith);
  const selected = useResources((s) => s.selected);
  const latest = useEngine((s) => s.snapshots.list[0]?.id);

  // First shown, or a run wrote a snapshot the list does not know yet: (re)load.
  useEffect(() => {
    if (!loading && (!list || (latest && list.snapshot?.id !== latest))) void loadResources();
  }, [latest]); // eslint-disable-line react-hooks/exhaustive-deps

  const rows = useMemo(() => visibleResources({ list, filter, sort, fetchedWith }), [list, filter, sort, fetchedWith]);
  const selIndex = selected ? rows.findIndex((r) => r.key === selected) : -1;
  const selRow = selIndex >= 0 ? rows[selIndex] : list?.rows.find((r) => r.key === selected);

  if (!list) {
    return error ? <div className="eng-empty-note dot-error">{error}</div> : <div className="eng-empty-note">Loading the resources…</div>;
  }
  if (!list.snapshot) {
    return (
      <EmptyState icon="▦" title="No resources yet" testId="resources-empty">
        <p>Run the project (F5): every object the run produces is listed here — kind, name, namespace, Ready, owner, and what changed since the previous run.</p>
        <EmptyStateAction command="run.once">▶ Run once</EmptyStateAction>
      </EmptyState>
    );
  }

  const move = (e: KeyboardEvent) => {
    if (!rows.length) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const next = Math.max(0, Math.min(rows.length - 1, (selIndex < 0 ? -1 : selIndex) + (e.key === 'ArrowDown' ? 1 : -1)));
      selectResource(rows[next]!.key);
    } else if (e.key === 'Escape') selectResource(null);
    else return;
    e.preventDefault();
  };

  return (
    <div className="eng res" data-testid="resources-view">
      <ResourcesToolbar shown={rows.filter((r) => r.change !== 'deleted').length} deletedShown={rows.filter((r) => r.change === 'deleted').length} />
      {error && <div className="eng-empty-note dot-error">{error}</div>}
      <ResourcesSplit rows={rows} selIndex={selIndex} selRow={selRow} onKeyDown={move} />
    </div>
  );
}

/** The table and, for a selected object, its YAML; measured so the YAML never squeezes the table unreadable. */
function ResourcesSplit({ rows, selIndex, selRow, onKeyDown }: { rows: ResourceRow[]; selIndex: number; selRow: ResourceRow | undefined; onKeyDown: (e: KeyboardEvent) => void }) {
  const sort = useResources((s) => s.sort);
  const selected = useResources((s) => s.selected);
  const splitRef = useRef<HTMLDivElement>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const splitWidth = useWidth(splitRef);
  const tableWidth = useWidth(tableRef);
  const compact = tableWidth > 0 && tableWidth < COMPACT_BELOW;
  return (
    <div className="eng-split" ref={splitRef}>
      <div className="eng-main res-table" ref={tableRef} data-compact={compact || undefined} tabIndex={0} onKeyDown={onKeyDown} aria-label="Resources" data-testid="resources-table-wrap">
        {rows.length ? (
          <VirtualRows
            count={rows.length}
            rowHeight={24}
            testId="resources-table"
            scrollTo={selIndex}
            header={<Header sort={sort} compact={compact} />}
            row={(i) => <Row r={rows[i]!} selected={rows[i]!.key === selected} compact={compact} />}
          />
        ) : (
          <div className="eng-empty-note" data-testid="resources-none">
            No resources match the filter.{' '}
            <button className="eng-link" onClick={clearResourceFilter}>
              Clear the filter
            </button>
          </div>
        )}
      </div>
      {selRow && <ObjectPane row={selRow} maxWidth={splitWidth ? Math.max(YAML_MIN, splitWidth - TABLE_MIN) : 1100} />}
    </div>
  );
}

/** `shown` objects of the snapshot pass the filter; `deletedShown` rows are objects the last run deleted. */
function ResourcesToolbar({ shown, deletedShown }: { shown: number; deletedShown: number }) {
  const list = useResources((s) => s.list)!;
  const filter = useResources((s) => s.filter);
  const loading = useResources((s) => s.loading);
  const now = useNow();
  const kinds = useMemo(() => kindOptions(list), [list]);
  const snap = list.snapshot!;
  const c = list.changes;
  const changedCount = c.added + c.modified + c.deleted;
  return (
    <div className="eng-bar res-bar" data-testid="resources-toolbar" data-snapshot={snap.id}>
      <span className="eng-meta res-source" title={`Snapshot ${snap.id} (${snap.mode === 'once' ? 'run once' : snap.mode}), ${snap.createdAt}`}>
        snapshot <span className="mono">{snap.id.slice(0, 8)}</span> · {snap.mode === 'once' ? 'run once' : snap.mode} · <span data-testid="resources-age">{relativeTime(snap.createdAt, now)}</span>
      </span>
      <span className="eng-meta" data-testid="resources-count">
        {shown === list.total && !list.truncated ? `${list.total} objects` : `${shown} of ${list.total}`}
        {deletedShown > 0 && <span className="eng-mark-deleted">{` · ${deletedShown} deleted`}</span>}
      </span>
      {list.previous ? (
        <span className="eng-counts" title="Changes since the previous run" data-testid="resources-changes">
          <span className="eng-mark-added">+{c.added}</span> <span className="eng-mark-modified">~{c.modified}</span> <span className="eng-mark-deleted">-{c.deleted}</span>
        </span>
      ) : (
        <span className="eng-meta">first run</span>
      )}
      {loading && <span className="eng-spin" aria-label="loading" />}
      <span className="spacer" />
      <FilterField label="Kind">
        <select value={filter.kind} onChange={(e) => setResourceFilter({ kind: e.target.value })} data-testid="resources-kind">
          <option value="">all ({list.total})</option>
          {kinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.kind} ({k.count})
            </option>
          ))}
        </select>
      </FilterField>
      <FilterField label="Filter">
        <input type="search" placeholder="name, namespace, owner…" value={filter.text} onChange={(e) => setResourceFilter({ text: e.target.value })} data-testid="resources-text" />
      </FilterField>
      <label className="toggle" title={list.previous ? 'Only objects added, changed or deleted by the last run' : 'The first run has nothing to compare with'}>
        <input type="checkbox" checked={filter.changedOnly} disabled={!list.previous} onChange={(e) => setResourceFilter({ changedOnly: e.target.checked })} data-testid="resources-changed-only" />
        Changed only{list.previous ? ` (${changedCount})` : ''}
      </label>
      {list.truncated && (
        <span className="eng-meta" title="The list is long: the host filters it and sends the first rows">
          first {RESOURCE_ROW_LIMIT.toLocaleString()} of {list.matched.toLocaleString()}
        </span>
      )}
    </div>
  );
}

function Header({ sort, compact }: { sort: { key: ResourceSortKey; desc: boolean }; compact: boolean }) {
  const head = (key: ResourceSortKey, label: string, title?: string) => (
    <button
      onClick={() => patchResources({ sort: nextSort(sort, key) })}
      data-testid={`resources-sort-${key}`}
      title={title ?? `Sort by ${label.toLowerCase()}`}
      aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
    >
      {label}
      {sort.key === key ? (sort.desc ? ' ▾' : ' ▴') : ''}
    </button>
  );
  return (
    <TableHead columns={compact ? COLS_COMPACT : COLS} role="row">
      {head('ready', '●', 'Sort by Ready (failing first)')}
      {head('kind', 'Kind')}
      {compact ? head('namespace', 'Namespace/Name', 'Sort by namespace, then name') : head('name', 'Name')}
      {!compact && head('namespace', 'Namespace')}
      {head('owner', 'Owner')}
      {head('change', 'Changed', 'Sort by change since the previous run')}
    </TableHead>
  );
}

const changeLabel: Record<ResourceRow['change'], string> = {
  added: '+ new',
  modified: '~ changed',
  deleted: '- deleted',
  unchanged: '',
};

const Row = memo(function Row({ r, selected, compact }: { r: ResourceRow; selected: boolean; compact: boolean }) {
  const readyTitle = r.ready ? `Ready: ${r.ready}${r.readyReason ? ` (${r.readyReason})` : ''}${r.readyMessage ? ` — ${r.readyMessage}` : ''}` : 'no Ready condition';
  return (
    <div
      className={`eng-row clickable res-row${selected ? ' selected' : ''}${r.change === 'deleted' ? ' deleted' : ''}`}
      style={{ gridTemplateColumns: compact ? COLS_COMPACT : COLS }}
      onClick={() => selectResource(r.key)}
      data-testid="resource-row"
      data-key={r.key}
      data-change={r.change}
      role="row"
      aria-selected={selected}
    >
      <StatusDot status={r.ready} title={readyTitle} />
      <span className="res-kind" title={r.apiVersion}>
        {r.kind}
      </span>
      {compact ? (
        <span className="mono" title={`${r.namespace ? `namespace ${r.namespace}, ` : 'cluster-scoped, '}name ${r.name}`}>
          {r.namespace && <span className="muted">{r.namespace}/</span>}
          {r.name}
        </span>
      ) : (
        <>
          <span className="mono" title={r.name}>
            {r.name}
          </span>
          <span className="mono muted" title={r.namespace || 'cluster-scoped'}>
            {r.namespace || '—'}
          </span>
        </>
      )}
      {r.owner ? (
        <button
          className="eng-link res-owner"
          title={`Owner: ${r.owner.kind} ${r.owner.name} (click: select it)`}
          onClick={(e) => {
            e.stopPropagation();
            selectOwner(r);
          }}
        >
          {r.owner.kind}/{r.owner.name}
        </button>
      ) : (
        <span className="subtle">—</span>
      )}
      <span className={`res-change ${r.change}`}>{changeLabel[r.change]}</span>
    </div>
  );
});

/** The selected object's YAML beside the table; `maxWidth` keeps the table at least TABLE_MIN wide. */
function ObjectPane({ row, maxWidth }: { row: ResourceRow; maxWidth: number }) {
  const yaml = useResources((s) => (s.yaml?.key === row.key ? s.yaml : null));
  const hasPrevious = useResources((s) => !!s.list?.previous);
  // a deleted object's YAML (and so its provenance) comes from the run before
  const snapshot = useResources((s) => (row.change === 'deleted' ? s.list?.previous : s.list?.snapshot?.id) ?? undefined);
  const source = useMemo(() => (snapshot ? { key: row.key, snapshot } : null), [row.key, snapshot]);
  const provenance = useFieldProvenance(source, yaml?.text ?? '');
  return (
    <SplitPane name="resources.yaml" side="end" initial={460} min={YAML_MIN} max={Math.min(1100, maxWidth)} label="Resize the YAML panel" className="eng-side res-side" testId="resource-object">
      <div className="eng-side-head">
        <StatusDot status={row.ready} />
        <span className="title" title={`${row.apiVersion} ${row.kind} ${row.namespace ? `${row.namespace}/` : ''}${row.name}`}>
          {row.kind} {row.namespace ? `${row.namespace}/` : ''}
          {row.name}
        </span>
        {row.change !== 'unchanged' && hasPrevious && (
          <button className="btn ghost" onClick={() => openResourceDiff(row)} title="Show this change in the snapshot diff (bottom panel)" data-testid="resource-show-change">
            Show change
          </button>
        )}
        {row.owner && (
          <button className="btn ghost" onClick={() => selectOwner(row)} title={`Select the owner, ${row.owner.kind} ${row.owner.name}`} data-testid="resource-owner">
            Owner
          </button>
        )}
        <button className="icon-btn" onClick={() => selectResource(null)} aria-label="Close the YAML" title="Close (Esc)">
          ✕
        </button>
      </div>
      {yaml?.error ? <div className="eng-empty-note dot-error">{yaml.error}</div> : <YamlView text={yaml?.text ?? ''} label="resource.yaml" testId="resource-yaml" places={provenance.places} />}
      {provenance.card}
    </SplitPane>
  );
}
