// Live condition view (prod mode): who leads the runners (leader / follower of whom / standalone), one row
// per resource, one column per condition type with coloured cells (reason on hover), message and last
// transition; filters apply as you type; virtualized for 10,000 rows. Selecting a row shows its live YAML
// and its condition history this session.
import { memo, useMemo, useState } from 'react';
import type { ConditionHistoryEntry, ConditionRow } from '../../../src-shared/ipc/channels/engine';
import { commands } from '../../kit/commands';
import { EmptyState, EmptyStateAction } from '../../kit/EmptyState';
import { Kbd } from '../../kit/Shortcut';
import { useLatestRequest } from '../../kit/useLatestRequest';
import { filterRows, useEngine, type RowFilter } from '../run/engine-store';
import { openPlace } from '../run/engine-controller';
import { compareSnapshots } from '../snapshots/snapshots-controller';
import { LeadershipLabel, useProdLeadership } from '../run/leadership';
import { liveObject } from './conditions-controller';
import { YamlView } from '../../kit/monaco-views';
import { StatusDot } from '../../kit/status-dot';
import { VirtualRows } from '../../kit/VirtualRows';
import { TableHead, TableWithDetails } from '../../kit/TableParts';
import { SplitPane } from '../../kit/Split';
import { FilterField, FilterSelect } from '../../kit/FilterField';
import '../../kit/engine-views.css';

/** The Status filter's choices: a condition status, or rows with no conditions at all. */
const STATUS_OPTIONS = ['True', 'False', 'Unknown', { value: 'None', label: 'no conditions' }];

export function ConditionsPanel() {
  const state = useEngine((s) => s.prod.status.state);
  const rowsMap = useEngine((s) => s.prod.rows);
  const types = useEngine((s) => s.prod.types);
  const touched = useEngine((s) => s.prod.touched);
  const version = useEngine((s) => s.prod.version);
  const perSecond = useEngine((s) => s.prod.perSecond);
  const lastSnapshot = useEngine((s) => s.prod.status.lastSnapshotId);
  const lastInput = useEngine((s) => s.prod.lastInput);
  const leadership = useProdLeadership();
  const [filter, setFilter] = useState<RowFilter>({ kind: '', namespace: '', status: '', text: '' });
  const [selected, setSelected] = useState<string | null>(null);
  const keysVersion = useEngine((s) => s.prod.keysVersion);
  // Sorting and filtering 10,000 rows on every live batch would make scrolling stutter: the order only
  // changes when rows come or go, unless the filter looks at what changes (status, text).
  const contentFilter = !!filter.status || !!filter.text.trim();
  const order = useMemo(
    () => filterRows(rowsMap.values(), filter).map((r) => r.key),
    [keysVersion, filter, contentFilter ? rowsMap : null], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const rows = useMemo(() => order.map((k) => rowsMap.get(k)).filter((r): r is ConditionRow => !!r), [order, rowsMap]);
  const kinds = useMemo(() => [...new Set([...rowsMap.values()].map((r) => r.kind))].sort(), [keysVersion]); // eslint-disable-line react-hooks/exhaustive-deps
  const namespaces = useMemo(() => [...new Set([...rowsMap.values()].map((r) => r.namespace))].sort(), [keysVersion]); // eslint-disable-line react-hooks/exhaustive-deps

  if (state === 'stopped' && rowsMap.size === 0) {
    return (
      <EmptyState icon="●" title="Conditions appear while prod mode runs" testId="conditions-empty">
        <p>
          Prod mode keeps reconciling: edit and save an input file and watch each resource's conditions change live —{' '}
          <span className="dot-ok">●</span> True, <span className="dot-error">●</span> False, <span className="dot-unknown">○</span> Unknown.
        </p>
        <EmptyStateAction command="run.startProd" testId="conditions-start">
          Start prod mode
        </EmptyStateAction>
      </EmptyState>
    );
  }
  const cols = `minmax(90px, 0.9fr) minmax(70px, 0.6fr) minmax(120px, 1.2fr) ${types.map(() => 'minmax(110px, 1fr)').join(' ')} minmax(140px, 2fr) 150px`;
  return (
    <div className="eng" data-testid="conditions-panel">
      <div className="eng-bar">
        {state === 'running' ? (
          <span className="eng-live" data-testid="live-indicator" title="Reconcile events per second (last second)">
            <span className="pulse">●</span> live · <b>{perSecond}</b> events/s
          </span>
        ) : state === 'stopped' ? (
          <span className="eng-meta" data-testid="prod-stopped">
            ■ stopped
            {lastSnapshot && (
              <>
                {' '}· snapshot <span className="mono">{lastSnapshot.slice(0, 8)}</span>{' '}
                <button className="eng-link" onClick={() => compareSnapshots(null, lastSnapshot)}>compare</button>
              </>
            )}
          </span>
        ) : (
          <span className="eng-status busy">
            <span className="eng-spin" /> {state}…
          </span>
        )}
        {leadership && (
          <span className="eng-chip" data-testid="prod-leadership" data-role={leadership.role} title={leadership.detail}>
            <LeadershipLabel text={leadership} />
          </span>
        )}
        <span className="eng-meta" data-testid="conditions-count">
          {rows.length === rowsMap.size ? `${rowsMap.size} resources` : `${rows.length} of ${rowsMap.size}`}
        </span>
        <span className="spacer" />
        <FilterSelect label="Kind" value={filter.kind} onChange={(kind) => setFilter({ ...filter, kind })} options={kinds} testId="filter-kind" />
        <FilterSelect label="Namespace" value={filter.namespace} onChange={(namespace) => setFilter({ ...filter, namespace })} options={namespaces.map((n) => ({ value: n, label: n || '(cluster)' }))} />
        <FilterSelect label="Status" value={filter.status} onChange={(status) => setFilter({ ...filter, status })} options={STATUS_OPTIONS} none="any" testId="filter-status" />
        <FilterField label="Filter">
          <input type="search" placeholder="name, reason, message…" value={filter.text} onChange={(e) => setFilter({ ...filter, text: e.target.value })} data-testid="filter-text" />
        </FilterField>
        {state === 'running' ? (
          <button className="btn" onClick={() => void commands.execute('run.stop')} title="Stop prod mode (Shift+F5)" data-testid="conditions-stop">
            ■ Stop <Kbd command="run.stop" />
          </button>
        ) : (
          state === 'stopped' && (
            <button className="btn" onClick={() => void commands.execute('run.startProd')}>
              ▶ Start again
            </button>
          )
        )}
      </div>
      {lastInput && !lastInput.ok && (
        <div className="eng-errors" data-testid="input-rejected">
          {lastInput.errors.map((e, i) => {
            // Errors start with the place of the bad document: `in/x.yaml:9: …`.
            const m = /^((?:in|crds)\/[^:\s]+):(\d+): ([\s\S]*)$/.exec(e);
            return (
              <div className="eng-error" key={i}>
                <span className="msg">
                  {lastInput.file} was not applied; nothing changed in the running store. {m ? m[3] : e}
                </span>
                {m && (
                  <span className="links">
                    <button className="eng-link" onClick={() => openPlace(m[1]!, Number(m[2]))} data-testid="input-rejected-link">
                      {m[1]}:{m[2]}
                    </button>
                  </span>
                )}
              </div>
            );
          })}
        </div>
      )}
      <TableWithDetails details={selected && <Details key={selected} rowKey={selected} onClose={() => setSelected(null)} />}>
        <VirtualRows
          count={rows.length}
          rowHeight={24}
          testId="conditions-table"
          header={<TableHead columns={cols} labels={['Kind', 'Namespace', 'Name', ...types, 'Message', 'Last transition']} />}
          row={(i) => <Row r={rows[i]!} types={types} cols={cols} selected={rows[i]!.key === selected} flash={touched.has(rows[i]!.key)} version={touched.has(rows[i]!.key) ? version : 0} onSelect={setSelected} />}
        />
      </TableWithDetails>
    </div>
  );
}

// Memoized: scrolling re-renders only the rows that come into view.
const Row = memo(function Row(props: { r: ConditionRow; types: string[]; cols: string; selected: boolean; flash: boolean; version: number; onSelect(k: string): void }) {
  const { r } = props;
  const cs = Object.entries(r.conditions);
  // The message worth reading: the first condition that is not True, else Ready's.
  const [, main] = cs.find(([, c]) => c.status !== 'True') ?? cs.find(([t]) => t === 'Ready') ?? cs[0] ?? [];
  const latest = cs.map(([, c]) => c.lastTransitionTime).sort().pop() ?? '';
  return (
    <div
      key={props.flash ? `${r.key}:${props.version}` : r.key}
      className={`eng-row clickable${props.selected ? ' selected' : ''}${props.flash ? ' flash' : ''}`}
      style={{ gridTemplateColumns: props.cols }}
      onClick={() => props.onSelect(r.key)}
      data-testid="condition-row"
      data-key={r.key}
    >
      <span>{r.kind}</span>
      <span className="mono">{r.namespace}</span>
      <span className="mono" title={r.name}>{r.name}</span>
      {props.types.map((t) => {
        const c = r.conditions[t];
        return (
          <span key={t} className="eng-cell" title={c ? `${t}: ${c.status}${c.reason ? ` — ${c.reason}` : ''}${c.message ? `\n${c.message}` : ''}` : `no ${t} condition`} data-testid={`cell-${t}`} data-status={c?.status ?? ''}>
            <StatusDot status={c?.status ?? ''} title={c?.reason || c?.status} />
            {c && <span className="reason">{c.reason || c.status}</span>}
          </span>
        );
      })}
      <span title={main?.message}>{main?.message}</span>
      <span className="mono subtle">{latest.replace('T', ' ').replace('Z', '')}</span>
    </div>
  );
});

function Details({ rowKey, onClose }: { rowKey: string; onClose(): void }) {
  const row = useEngine((s) => s.prod.rows.get(rowKey));
  const running = useEngine((s) => s.prod.status.state === 'running');
  const [data, setData] = useState<{ yaml: string; history: ConditionHistoryEntry[]; exists: boolean } | null>(null);
  useLatestRequest(() => liveObject(rowKey), setData, () => setData(null), [rowKey, row, running]);
  const [, kind, ns, name] = rowKey.split('|');
  return (
    <SplitPane name="conditions.details" side="end" initial={420} min={260} max={1000} label="Resize the details panel" className="eng-side" testId="condition-details">
      <div className="eng-side-head">
        <span className="title" title={rowKey}>
          {kind} {ns ? `${ns}/` : ''}
          {name}
        </span>
        <button className="icon-btn" onClick={onClose} aria-label="Close details">
          ✕
        </button>
      </div>
      {data && !data.exists ? <div className="eng-empty-note">Not in the live store{running ? '' : ' (prod mode is stopped)'}.</div> : <YamlView text={data?.yaml ?? ''} label={`${rowKey}.yaml`} testId="condition-yaml" />}
      <div className="eng-history" data-testid="condition-history">
        <h4>Condition history (this session)</h4>
        {(data?.history ?? []).slice().reverse().map((h, i) => (
          <div className="h" key={i}>
            <span className="t">{new Date(h.timeMs).toLocaleTimeString()}</span>
            <StatusDot status={h.status} />
            <span>{h.type}</span>
            <span title={h.message}>
              {h.reason}
              {h.message ? ` — ${h.message}` : ''}
            </span>
          </div>
        ))}
        {data && !data.history.length && <div className="eng-empty-note">No condition changes yet.</div>}
      </div>
    </SplitPane>
  );
}
