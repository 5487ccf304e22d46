// Run panel (dev mode): header (status, duration, snapshot, changes vs the previous run), the errors on
// top with links to the Starlark line, the traceback's frames and the input object, then Reconcilers /
// Resources / Timeline / Log. Rows that changed since the previous run flash once.
import { useMemo, useState } from 'react';
import type { RunError } from '../../../src-shared/run/result';
import { resourceIdOf } from '../../../src-shared/run/result';
import { Kbd } from '../../kit/Shortcut';
import { commands } from '../../kit/commands';
import { EmptyState, EmptyStateAction } from '../../kit/EmptyState';
import { changedCountRows, countRows, sortCountRows, useEngine, type CountRow, type SortKey } from './engine-store';
import { openPlace } from './engine-controller';
import { compareSnapshots } from '../snapshots/snapshots-controller';
import { DiffCountsView, formatMs } from '../../kit/status-dot';
import { VirtualRows } from '../../kit/VirtualRows';
import { TableHead } from '../../kit/TableParts';
import { TracebackFrames } from '../problems/TracebackFrames';
import { problemFrames } from './run-problems';
import '../problems/problems.css';
import '../../kit/engine-views.css';

type Tab = 'reconcilers' | 'resources' | 'timeline' | 'log';

export function RunPanel() {
  const run = useEngine((s) => s.run);
  const [tab, setTab] = useState<Tab>('reconcilers');
  const result = run.last?.result ?? null;
  if (!run.running && !run.last) {
    return (
      <EmptyState icon="▶" title="No runs yet" testId="run-empty">
        <p>
          Press <Kbd command="run.once" /> (or ▶ Run once) to run the project. This panel then shows what each reconciler did, every
          error with a link to its file and line, and what changed since the previous run.
        </p>
        <EmptyStateAction command="run.once">▶ Run once</EmptyStateAction>
      </EmptyState>
    );
  }
  const showLog = run.running || tab === 'log';
  return (
    <div className="eng" data-testid="run-panel">
      <RunHeader />
      {!run.running && <Errors />}
      <div className="eng-bar" style={{ minHeight: 30 }}>
        <div className="eng-subtabs" role="tablist">
          {(['reconcilers', 'resources', 'timeline', 'log'] as Tab[]).map((t) => (
            <button key={t} className={(showLog ? t === 'log' : t === tab) ? 'active' : ''} onClick={() => setTab(t)} data-testid={`run-tab-${t}`}>
              {t === 'reconcilers' ? 'By reconciler' : t === 'resources' ? 'By object' : t === 'timeline' ? 'Timeline' : 'Log'}
            </button>
          ))}
        </div>
        <span className="spacer" />
        {result && <span className="eng-meta">{result.runners.reduce((n, r) => n + r.events.length, 0)} events</span>}
      </div>
      {showLog ? <Log /> : tab === 'timeline' ? <Timeline /> : <Counts by={tab === 'reconcilers' ? 'reconciler' : 'resource'} />}
    </div>
  );
}

function RunHeader() {
  const run = useEngine((s) => s.run);
  const res = run.last;
  const result = res?.result;
  return (
    <div className="eng-bar" data-testid="run-header">
      {run.running ? (
        <span className="eng-status busy">
          <span className="eng-spin" /> running…
        </span>
      ) : res?.loadError ? (
        <span className="eng-status fail" data-testid="run-status">✗ could not load the project</span>
      ) : result?.success ? (
        <span className="eng-status ok" data-testid="run-status">✓ execution success</span>
      ) : (
        <span className="eng-status fail" data-testid="run-status">✗ execution failed</span>
      )}
      {!run.running && res && <span className="eng-meta">· {formatMs(res.durationMs)}</span>}
      {!run.running && result?.snapshotId && (
        <span className="eng-meta">
          · snapshot <span className="mono">{result.snapshotId.slice(0, 8)}</span>
        </span>
      )}
      {!run.running && run.vsPrevious && (
        <span className="eng-meta" data-testid="run-vs-previous">
          · vs previous: <DiffCountsView counts={run.vsPrevious} />
          {' '}
          <button className="eng-link" onClick={() => compareSnapshots(null, null)} data-testid="run-open-diff">
            open diff
          </button>
        </span>
      )}
      <span className="spacer" />
      {!run.running && result?.snapshotId && (
        <button className="btn ghost" onClick={() => void commands.execute('view.open.resources')} title="List what this run produced (kind, name, Ready, owner, changes)" data-testid="run-show-resources">
          ▦ Resources
        </button>
      )}
      {run.running ? (
        <button className="btn" onClick={() => void commands.execute('run.stop')}>
          ■ Cancel
        </button>
      ) : (
        <button className="btn" onClick={() => void commands.execute('run.once')} title="Run once again (F5)">
          ▶ Run again
        </button>
      )}
    </div>
  );
}

function errorLinks(e: RunError, places: { resource: string; file: string; line: number }[]) {
  const rid = e.resource ? resourceIdOf(e.resource) : '';
  return { pos: e.position, obj: places.find((p) => p.resource === rid), rid };
}

function Errors() {
  const res = useEngine((s) => s.run.last);
  if (!res) return null;
  if (res.loadError) {
    // one row per problem, each with a link to its place; the whole text when the host sent no list
    const problems = res.loadErrors && res.loadErrors.length > 1 ? res.loadErrors : [res.loadError];
    return (
      <div className="eng-errors" data-testid="run-errors">
        {problems.length > 1 && <div className="eng-error-head">could not load the project: {problems.length} problems</div>}
        {problems.map(({ file, line, col, message }, i) => (
          <div className="eng-error" key={i}>
            <span className="msg">{message}</span>
            {file && (
              <span className="links">
                <button className="eng-link" onClick={() => openPlace(file, line ?? 1, col ?? 1)} data-testid="run-error-link">
                  {file}:{line ?? 1}
                  {col ? `:${col}` : ''}
                </button>
              </span>
            )}
          </div>
        ))}
      </div>
    );
  }
  const errors = res.result?.errors ?? [];
  if (!errors.length && (res.result?.success ?? true)) return null;
  return (
    <div className="eng-errors" data-testid="run-errors">
      {!errors.length && res.result?.message && (
        <div className="eng-error">
          <span className="msg">{res.result.message}</span>
        </div>
      )}
      {errors.map((e, i) => {
        const { pos, obj, rid } = errorLinks(e, res.objectPlaces);
        return (
          <div className="eng-error" key={i}>
            <span className="msg">{e.message}</span>
            <span className="links">
              {pos && (
                <button className="eng-link" onClick={() => openPlace(pos.file, pos.line, pos.col)} data-testid="run-error-link" title="Open the source at this line">
                  {pos.file}:{pos.line}:{pos.col}
                </button>
              )}
              {obj && (
                <button className="eng-link" onClick={() => openPlace(obj.file, obj.line)} data-testid="run-error-object" title="Open the input object">
                  {rid} — {obj.file}:{obj.line}
                </button>
              )}
              {!obj && rid && <span className="eng-meta mono">{rid}</span>}
              <span className="eng-meta">{e.reconciler}</span>
            </span>
            {e.frames?.length ? (
              <TracebackFrames frames={problemFrames(e.frames)} open={openPlace} />
            ) : (
              e.traceback && <pre className="tb">{e.traceback}</pre>
            )}
          </div>
        );
      })}
    </div>
  );
}

const COLS = '1fr 64px 64px 72px 64px';

function Counts({ by }: { by: 'reconciler' | 'resource' }) {
  const run = useEngine((s) => s.run);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'id', desc: false });
  const rows = useMemo(() => countRows(run.last?.result, by), [run.last, by]);
  const changed = useMemo(() => {
    const set = run.previous ? changedCountRows(countRows(run.previous, by), rows) : new Set<string>();
    if (by === 'resource') for (const r of run.changedResources) set.add(r);
    return set;
  }, [run.previous, run.changedResources, rows, by]);
  const sorted = useMemo(() => sortCountRows(rows, sort.key, sort.desc), [rows, sort]);
  const head = (key: SortKey, label: string, num = true) => (
    <button className={num ? 'num' : ''} onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== 'id' }))} data-testid={`sort-${key}`}>
      {label}
      {sort.key === key ? (sort.desc ? ' ▾' : ' ▴') : ''}
    </button>
  );
  if (!rows.length) return <div className="eng-empty-note">No reconcile events in this run.</div>;
  return (
    <VirtualRows
      count={sorted.length}
      rowHeight={24}
      testId={`run-table-${by}`}
      header={
        <TableHead columns={COLS}>
          {head('id', by === 'reconciler' ? 'Reconciler' : 'Resource', false)}
          {head('start', 'Start')}
          {head('stop', 'Stop')}
          {head('requeue', 'Requeue')}
          {head('error', 'Error')}
        </TableHead>
      }
      row={(i) => <CountLine r={sorted[i]!} changed={changed.has(sorted[i]!.id)} gen={run.generation} />}
    />
  );
}

function CountLine({ r, changed, gen }: { r: CountRow; changed: boolean; gen: number }) {
  const n = (v: number, err = false) => <span className={`num ${v === 0 ? 'zero' : err ? 'err' : ''}`}>{v}</span>;
  return (
    <div key={`${r.id}:${gen}`} className={`eng-row${changed ? ' flash changed' : ''}`} style={{ gridTemplateColumns: COLS }} data-testid="run-row" data-changed={changed}>
      <span className="mono id" title={r.id}>
        {r.id}
      </span>
      {n(r.start)}
      {n(r.stop)}
      {n(r.requeue)}
      {n(r.error, true)}
    </div>
  );
}

const TL = '96px 64px minmax(120px, 1fr) minmax(160px, 1.4fr) 2fr';

function Timeline() {
  const result = useEngine((s) => s.run.last?.result);
  const events = useMemo(() => (result?.runners ?? []).flatMap((r) => r.events).sort((a, b) => a.timeMs - b.timeMs), [result]);
  const t0 = events[0]?.timeMs ?? 0;
  if (!events.length) return <div className="eng-empty-note">No reconcile events in this run.</div>;
  return (
    <VirtualRows
      count={events.length}
      rowHeight={24}
      testId="run-timeline"
      header={<TableHead columns={TL} labels={[{ text: '+ms', className: 'num' }, 'Op', 'Reconciler', 'Resource', 'Message']} />}
      row={(i) => {
        const e = events[i]!;
        const cls = e.operation === 'ERROR' ? 'dot-error' : e.operation === 'REQUEUE' ? 'dot-warn' : e.operation === 'STOP' ? 'dot-ok' : '';
        return (
          <div className="eng-row" style={{ gridTemplateColumns: TL }}>
            <span className="num mono">{(e.timeMs - t0).toFixed(2)}</span>
            <span className={`mono ${cls}`}>{e.operation}</span>
            <span className="mono" title={e.reconciler}>{e.reconciler}</span>
            <span className="mono" title={resourceIdOf(e.resource)}>{e.resource.kind}/{e.resource.namespace ? `${e.resource.namespace}/` : ''}{e.resource.name}</span>
            <span title={e.message}>{e.message}</span>
          </div>
        );
      }}
    />
  );
}

function Log() {
  const run = useEngine((s) => s.run);
  const lines = run.running || run.progress.length || !run.last?.result ? run.progress : [
    ...run.last.result.progress.map((line) => ({ line, kind: 'progress' as const })),
    ...run.last.result.warnings.map((line) => ({ line, kind: 'warning' as const })),
  ];
  return (
    <div className="eng-log" data-testid="run-log">
      {lines.map((l, i) => (
        <div key={i} className={l.kind}>
          {l.kind === 'warning' ? '⚠ ' : ''}
          {l.line}
        </div>
      ))}
      {run.running && <div className="eng-meta">…</div>}
    </div>
  );
}
