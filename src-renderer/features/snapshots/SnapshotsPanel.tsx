// Snapshot diff viewer: the snapshots (pick any two; default latest vs previous), the object list with
// = ~ + - markers, counts and filters (changed only by default, kind, text), and Monaco's side-by-side
// diff of the selected object with bookkeeping fields hidden (toggle) and condition changes marked.
// The list is virtualized and each object's YAML is fetched only when selected.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ComparedSide, DiffCounts, DiffRow } from '../../../src-shared/ipc/channels/engine';
import { EmptyState, EmptyStateAction } from '../../kit/EmptyState';
import { errorMessage } from '../../kit/ipc-errors';
import { useLatestRequest } from '../../kit/useLatestRequest';
import { patchSnapshots, useEngine } from '../run/engine-store';
import { useLayout } from '../../state/layout';
import { DiffView } from '../../kit/monaco-views';
import { DiffCountsView, DiffMarker } from '../../kit/status-dot';
import { VirtualRows } from '../../kit/VirtualRows';
import { FilterField, FilterSelect } from '../../kit/FilterField';
import { SplitPane } from '../../kit/Split';
import { useWidth } from '../../kit/useWidth';
import { defaultPair, SnapshotList } from './SnapshotList';
import { compareSides, diffSnapshots, isComparedSide, objectPair } from './snapshots-controller';
import { ComparePicker } from './ComparePicker';
import { useFieldProvenance } from '../provenance/FieldProvenance';
import '../../kit/engine-views.css';

interface Loaded {
  /** What the other requests name the sides by: snapshot ids, or a comparison's tokens (rev:…, env:…). */
  from: string;
  to: string;
  /** A comparison's sides (revisions, environments), named for people; absent for two snapshots. */
  sides?: { from: ComparedSide; to: ComparedSide };
  items: DiffRow[];
  counts: DiffCounts;
}

export function SnapshotsPanel() {
  const list = useEngine((s) => s.snapshots.list);
  const sel = useEngine((s) => s.snapshots);
  const { from, to } = defaultPair(list, sel.from, sel.to);
  // The Runs side view already lists the snapshots; the panel's own list starts hidden then.
  const runsViewOpen = useLayout((s) => s.sidebarVisible && s.sideView === 'runs');
  const [showListPref, setShowList] = useState<boolean | null>(null);
  // A narrow panel gives the diff the room: the snapshot list starts hidden there too (◧ shows it).
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const showList = showListPref ?? (!runsViewOpen && (width === 0 || width >= 1100));
  const [diff, setDiff] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [changedOnly, setChangedOnly] = useState(true);
  const [hideNoise, setHideNoise] = useState(true);
  const [kind, setKind] = useState('');
  const [text, setText] = useState('');
  const [selected, setSelected] = useState<string | null>(null);

  const compared = isComparedSide(from) || isComparedSide(to);
  const [pickingOwn, setPicking] = useState(false);
  // "Compare with…" elsewhere (git history, environments) opens the picker with its sides preset
  const pick = useEngine((s) => s.snapshots.pick);
  const picking = pickingOwn || pick !== null;
  const closePicker = () => {
    setPicking(false);
    if (useEngine.getState().snapshots.pick) patchSnapshots({ pick: null });
  };
  const [busy, setBusy] = useState(false);
  useLatestRequest(
    () => {
      if (!from || !to) {
        setDiff(null);
        return null;
      }
      setError(null);
      if (!compared) return diffSnapshots(from, to);
      setBusy(true);
      return compareSides(from, to)
        .then((d): Loaded => ({ from: d.from.token, to: d.to.token, sides: { from: d.from, to: d.to }, items: d.items, counts: d.counts }))
        .finally(() => setBusy(false));
    },
    (d) => {
      setDiff(d);
      // An object asked for (Resources › show change), else keep the selection when it is still there, else the first changed object.
      const focus = useEngine.getState().snapshots.focus;
      setSelected((cur) =>
        focus && d.items.some((i) => i.key === focus) ? focus : cur && d.items.some((i) => i.key === cur) ? cur : (d.items.find((i) => i.status !== 'equal')?.key ?? null),
      );
    },
    (e) => {
      setDiff(null);
      setError(errorMessage(e));
    },
    [from, to],
  );

  const focus = useEngine((s) => s.snapshots.focus);
  useEffect(() => {
    if (focus && diff?.items.some((i) => i.key === focus)) setSelected(focus);
  }, [focus, diff]);

  const kinds = useMemo(() => [...new Set((diff?.items ?? []).map((i) => i.kind))].sort(), [diff]);
  const items = useMemo(() => {
    const q = text.trim().toLowerCase();
    return (diff?.items ?? []).filter(
      (i) => (!changedOnly || i.status !== 'equal') && (!kind || i.kind === kind) && (!q || `${i.kind} ${i.namespace} ${i.name}`.toLowerCase().includes(q)),
    );
  }, [diff, changedOnly, kind, text]);
  const selIndex = items.findIndex((i) => i.key === selected);

  if (!list.length && !compared && !picking) {
    return (
      <EmptyState icon="◫" title="No snapshots yet" testId="snapshots-empty">
        <p>
          Every run leaves an immutable snapshot of all resources. Run twice and compare: added <span className="dot-ok">+</span>, removed{' '}
          <span className="dot-error">-</span> and changed <span className="dot-warn">~</span> objects, with a side-by-side diff of each.
        </p>
        <EmptyStateAction command="run.once">▶ Run once</EmptyStateAction>
        <p>
          <button className="btn ghost" onClick={() => setPicking(true)} data-testid="compare-open">
            Compare git revisions or environments…
          </button>
        </p>
      </EmptyState>
    );
  }
  const selItem = items[selIndex] ?? diff?.items.find((i) => i.key === selected);
  return (
    <div className="eng" ref={box} data-testid="snapshots-panel">
      <div className="eng-bar">
        <button
          className="btn ghost"
          onClick={() => setShowList(!showList)}
          title={showList ? 'Hide the snapshot list' : 'Show the snapshot list'}
          aria-label={showList ? 'Hide the snapshot list' : 'Show the snapshot list'}
          aria-pressed={showList}
          data-testid="snapshot-list-toggle"
        >
          {showList ? '◧' : '◨'}
        </button>
        {compared ? (
          <span className="eng-meta cmp-labels" data-testid="compare-labels">
            A <SideLabel side={diff?.sides?.from} fallback={from} /> → B <SideLabel side={diff?.sides?.to} fallback={to} />
          </span>
        ) : (
          <span className="eng-meta">
            A <span className="mono">{from?.slice(0, 8) ?? '—'}</span> → B <span className="mono">{to?.slice(0, 8) ?? '—'}</span>
          </span>
        )}
        <button className="btn ghost" onClick={() => (picking ? closePicker() : setPicking(true))} aria-pressed={picking} data-testid="compare-open" title="Compare git revisions, environments or snapshots">
          Compare…
        </button>
        {compared && (
          <button className="btn ghost" onClick={() => patchSnapshots({ from: null, to: null })} data-testid="compare-reset" title="Back to the latest run against the one before">
            Latest runs
          </button>
        )}
        {diff && <DiffCountsView counts={diff.counts} showEqual />}
        <span className="spacer" />
        <label className="toggle">
          <input type="checkbox" checked={changedOnly} onChange={(e) => setChangedOnly(e.target.checked)} data-testid="toggle-changed-only" /> changed only
        </label>
        <label className="toggle" title="managedFields, resourceVersion, generation, uid, timestamps">
          <input type="checkbox" checked={hideNoise} onChange={(e) => setHideNoise(e.target.checked)} data-testid="toggle-hide-noise" /> hide bookkeeping fields
        </label>
        <FilterSelect label="Kind" value={kind} onChange={setKind} options={kinds} />
        <FilterField label="Filter">
          <input type="search" placeholder="kind, name…" value={text} onChange={(e) => setText(e.target.value)} data-testid="diff-filter" />
        </FilterField>
      </div>
      {picking && (
        <ComparePicker
          key={pick ? `${pick.from} ${pick.to}` : 'own'}
          from={pick?.from ?? from ?? ''}
          to={pick?.to ?? to ?? ''}
          snapshots={list}
          onCompare={(f, t) => {
            closePicker();
            patchSnapshots({ from: f, to: t });
          }}
          onClose={closePicker}
        />
      )}
      <div className="eng-split">
        {showList && (
          <SplitPane name="snapshots.list" side="start" initial={232} min={180} max={480} label="Resize the snapshot list" className="eng-snaplist">
            <SnapshotList onPick={(f, t) => patchSnapshots({ from: f, to: t })} />
          </SplitPane>
        )}
        <SplitPane name="snapshots.objects" side="start" initial={260} min={180} max={640} label="Resize the object list" className="eng-objlist" testId="diff-object-list">
          {error ? (
            <div className="eng-empty-note dot-error" data-testid="diff-error">{error}</div>
          ) : busy && !diff ? (
            <div className="eng-empty-note" data-testid="compare-busy">Running the revisions not run yet (from their commits' files)…</div>
          ) : !from ? (
            <div className="eng-empty-note">{picking ? 'Pick the two sides above and press Compare.' : 'Only one snapshot so far: run again (F5) to have something to compare.'}</div>
          ) : (
            <VirtualRows
              count={items.length}
              rowHeight={24}
              testId="diff-objects"
              scrollTo={selIndex}
              row={(i) => {
                const it = items[i]!;
                return (
                  <div
                    className={`eng-row clickable${it.key === selected ? ' selected' : ''}`}
                    style={{ gridTemplateColumns: '14px 1fr 14px' }}
                    onClick={() => setSelected(it.key)}
                    data-testid="diff-object"
                    data-key={it.key}
                    data-status={it.status}
                    title={`${it.apiVersion} ${it.kind} ${it.namespace ? `${it.namespace}/` : ''}${it.name}`}
                  >
                    <DiffMarker status={it.status} />
                    <span>
                      {it.kind} <span className="mono">{it.namespace ? `${it.namespace}/` : ''}{it.name}</span>
                    </span>
                    {it.conditionsChanged ? <span className="eng-flag" title="conditions changed">◆</span> : <span />}
                  </div>
                );
              }}
            />
          )}
          {diff && !items.length && <div className="eng-empty-note">{changedOnly ? 'No object changed between these snapshots.' : 'No objects match.'}</div>}
        </SplitPane>
        <div className="eng-main">
          {diff && selItem ? <ObjectDiff from={diff.from} to={diff.to} item={selItem} hideNoise={hideNoise} /> : <div className="eng-empty-note">Select an object to see its change.</div>}
        </div>
      </div>
    </div>
  );
}

/** A side of a comparison: its kind and short name, the whole label (and a failed run) on hover. */
function SideLabel({ side, fallback }: { side: ComparedSide | undefined; fallback: string | undefined }) {
  // before (or without) an answer: the side as asked, a commit shortened
  if (!side) return <span className="mono">{fallback?.replace(/^rev:([0-9a-f]{12})[0-9a-f]{28}$/, 'rev:$1') ?? '—'}</span>;
  const icon = side.kind === 'rev' ? '⎇' : side.kind === 'env' ? '◈' : '◫';
  return (
    <span className={`mono cmp-label${side.failed ? ' dot-error' : ''}`} title={side.failed ? `${side.label}\nIts run failed: ${side.failed}` : side.label} data-kind={side.kind}>
      {icon} {side.label}
    </span>
  );
}

function ObjectDiff({ from, to, item, hideNoise }: { from: string; to: string; item: DiffRow; hideNoise: boolean }) {
  const [pair, setPair] = useState<{ left: string; right: string; conditionLines: number[] } | null>(null);
  useLatestRequest(() => objectPair(from, to, item.key, hideNoise), setPair, () => setPair(null), [from, to, item.key, hideNoise]);
  // the right side is the newer snapshot's object; a deleted one is only on the left
  const source = useMemo(() => (item.status === 'deleted' ? null : { key: item.key, snapshot: to }), [item.key, item.status, to]);
  const provenance = useFieldProvenance(source, pair?.right ?? '', item.status === 'deleted' ? 'The object is gone in the newer snapshot: nothing wrote its fields there.' : undefined);
  return (
    <>
      <div className="eng-side-head" style={{ background: 'var(--bg-side)' }}>
        <DiffMarker status={item.status} />
        <span className="title">
          {item.kind} {item.namespace ? `${item.namespace}/` : ''}
          {item.name}
        </span>
        {item.conditionsChanged && <span className="eng-chip" style={{ color: 'var(--warn)' }}>◆ conditions changed</span>}
        <span className="eng-meta mono">{item.apiVersion}</span>
      </div>
      {pair && <DiffView left={pair.left} right={pair.right} label={`${item.key}-${hideNoise}`} highlightLines={pair.conditionLines} testId="object-diff" places={provenance.places} />}
      {provenance.card}
    </>
  );
}
