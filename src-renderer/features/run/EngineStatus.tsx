// Status-bar item of the engine: what runs now (run once, prod with its event rate) or the last result,
// whether the open Starlark files parse, and how many objects the latest snapshot holds.
import { useLayout } from '../../state/layout';
import { useEngine } from './engine-store';
import { useProblems } from '../problems/problems-store';
import { formatMs } from '../../kit/status-dot';

export function EngineStatus() {
  const running = useEngine((s) => s.run.running);
  const prod = useEngine((s) => s.prod.status.state);
  const perSecond = useEngine((s) => s.prod.perSecond);
  const last = useEngine((s) => s.run.last);
  const objects = useEngine((s) => s.snapshots.list[0]?.objectCount);
  const starlarkErrors = useProblems((s) => s.items.filter((p) => p.source === 'starlark' && p.severity === 'error').length);
  const show = (tab: 'run' | 'conditions' | 'problems') => useLayout.getState().showPanel(tab);
  return (
    <>
      {running ? (
        <button className="item" onClick={() => show('run')} data-testid="status-engine">
          <span className="dot-warn">●</span> running…
        </button>
      ) : prod !== 'stopped' ? (
        <button className="item" onClick={() => show('conditions')} data-testid="status-engine" title="Prod mode: events per second">
          <span className="dot-ok">●</span> prod {prod === 'running' ? `· ${perSecond}/s` : prod}
        </button>
      ) : last ? (
        <button className="item" onClick={() => show('run')} data-testid="status-engine" title="The last run">
          <span className={last.result?.success ? 'dot-ok' : 'dot-error'}>{last.result?.success ? '✓' : '✗'}</span> {formatMs(last.durationMs)}
        </button>
      ) : null}
      <button className="item" onClick={() => show('problems')} title="Parser and resolver errors in open Starlark files" data-testid="status-starlark">
        {starlarkErrors ? <span className="dot-error">Starlark: {starlarkErrors} error{starlarkErrors > 1 ? 's' : ''}</span> : 'Starlark OK'}
      </button>
      {objects !== undefined && (
        <span className="item" title="Objects in the latest snapshot">
          {objects} objects
        </span>
      )}
    </>
  );
}
