// The execution history: runs, builds, deploys, health checks, promotions, rollbacks and prod sessions
// with their id, trigger, environment, revision (commit, * = dirty), start, duration and status; filters
// that apply as you type; what is running now; the count over the last 30 days; and the log of the
// selected execution (live while it runs, cancellable).
import { FilterField, FilterSelect } from '../../kit/FilterField';
import { relativeTime, useNow } from '../../kit/relative-time';
import { useEffect, useMemo, useRef } from 'react';
import { durationText, filterHistory, patchDelivery, shortId, useDelivery } from './delivery-store';
import { cancelExecution, closeLog, installDelivery, openLog } from './delivery-controller';
import { PublishedCommit } from './GitOpsSettings';
import './delivery.css';

const KINDS = ['run', 'build', 'deploy', 'health-check', 'promotion', 'rollback', 'prod-session'];
const STATUSES = ['running', 'succeeded', 'failed', 'cancelled', 'interrupted'];
/** Rows rendered at once; filters narrow the rest (the history is bounded by its retention anyway). */
const MAX_ROWS = 400;

export function HistoryPanel() {
  const now = useNow();
  useEffect(() => installDelivery(), []);
  const { history, filters, environments, runningNow, count30, log, loaded } = useDelivery();
  const rows = useMemo(() => filterHistory(history, filters), [history, filters]);
  const setF = (p: Partial<typeof filters>) => patchDelivery({ filters: { ...filters, ...p } });
  const logRef = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const el = logRef.current;
    if (el && log?.execution.status === 'running') el.scrollTop = el.scrollHeight;
  }, [log?.text, log?.execution.status]);
  return (
    <div className="hist" data-testid="history-panel">
      <div className="hist-main">
        <div className="hist-filters">
          <FilterSelect label="Environment" value={filters.env} onChange={(env) => setF({ env })} options={environments.map((e) => ({ value: e.env.id, label: e.env.name }))} testId="hist-env" />
          <FilterSelect label="Kind" value={filters.kind} onChange={(kind) => setF({ kind })} options={KINDS} testId="hist-kind" />
          <FilterSelect label="Status" value={filters.status} onChange={(status) => setF({ status })} options={STATUSES} none="any" />
          <FilterField label="Since">
            <select value={filters.sinceDays ?? ''} onChange={(e) => setF({ sinceDays: e.target.value ? Number(e.target.value) : null })}>
              <option value="1">last day</option>
              <option value="7">last 7 days</option>
              <option value="30">last 30 days</option>
              <option value="">all time</option>
            </select>
          </FilterField>
          <FilterField label="Filter">
            <input className="dlv-input" placeholder="id, commit, text…" value={filters.text} onChange={(e) => setF({ text: e.target.value })} />
          </FilterField>
          <span className="muted" data-testid="hist-count30">
            {count30} in the last 30 days
          </span>
          {runningNow.length > 0 && (
            <span data-testid="hist-running">
              · running now:{' '}
              {runningNow.map((e) => (
                <button key={e.id} className="btn ghost mono" onClick={() => void openLog(e.id)}>
                  {e.kind}
                </button>
              ))}
            </span>
          )}
        </div>
        <div className="hist-table">
          {loaded && rows.length === 0 ? (
            <div className="muted" style={{ padding: 12 }}>
              No executions match. Builds, deploys, promotions and runs appear here with their logs.
            </div>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>execution</th>
                  <th>kind</th>
                  <th>trigger</th>
                  <th>env</th>
                  <th>revision</th>
                  <th>started</th>
                  <th className="num">duration</th>
                  <th>status</th>
                  <th>summary</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, MAX_ROWS).map((e) => (
                  <tr
                    key={e.id}
                    className={log?.execution.id === e.id ? 'sel' : ''}
                    onClick={() => void openLog(e.id)}
                    data-testid="hist-row"
                    data-kind={e.kind}
                    data-status={e.status}
                  >
                    <td className="mono">{e.id}</td>
                    <td>{e.kind}</td>
                    <td>{e.trigger}</td>
                    <td>{e.env ?? '—'}</td>
                    <td className="mono" title={e.commit}>
                      {shortId(e.commit)}
                      {e.dirty ? '*' : ''}
                    </td>
                    <td title={e.startedAt}>{relativeTime(e.startedAt, now)}</td>
                    <td className="num">{durationText(e.durationMs)}</td>
                    <td className={`hist-st-${e.status}`}>{e.status}</td>
                    <td title={e.summary}>
                      {e.published && <PublishedCommit published={e.published} testId="hist-row-published" />} {e.summary}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {rows.length > MAX_ROWS && (
            <div className="muted" style={{ padding: 6 }}>
              {rows.length - MAX_ROWS} more: narrow the filters.
            </div>
          )}
        </div>
      </div>
      {log && (
        <div className="hist-log" data-testid="hist-log">
          <div className="hist-log-head">
            <span className="mono">{log.execution.id}</span>
            <span>
              {log.execution.kind} · <span className={`hist-st-${log.execution.status}`}>{log.execution.status}</span>
            </span>
            <span className="dlv-spacer" />
            {log.execution.status === 'running' && (
              <button className="btn" onClick={() => void cancelExecution(log.execution.id)}>
                Cancel
              </button>
            )}
            <button className="btn ghost" onClick={closeLog} aria-label="Close log">
              ✕
            </button>
          </div>
          {log.execution.published && (
            <div className="hist-log-pub">
              <PublishedCommit published={log.execution.published} testId="hist-log-published" />
            </div>
          )}
          <div className="hist-log-note muted" data-testid="hist-log-note">
            Secret values are redacted, also common derived forms (upper/lower case, base64, hex…). A value a reconciler derives in another way may still appear
            here.
          </div>
          <pre ref={logRef} data-testid="hist-log-text">
            {log.text || '(no log lines)'}
          </pre>
        </div>
      )}
    </div>
  );
}
