// Status-bar items of the engine (app/bar-items.tsx places them): the mode (the same words as the title
// bar's chip), who leads the prod runners, the last run, and whether the open Starlark files parse.
import { useLayout } from '../../state/layout';
import { useEngine, useEngineMode } from './engine-store';
import { useProblems } from '../problems/problems-store';
import { formatMs } from '../../kit/status-dot';
import { LeadershipLabel, useProdLeadership } from './leadership';

const show = (tab: 'run' | 'conditions' | 'problems') => useLayout.getState().showPanel(tab);

export function EngineModeItem() {
  const { prodOn, label } = useEngineMode();
  return (
    <button
      className="item"
      onClick={() => show(prodOn ? 'conditions' : 'run')}
      title={prodOn ? 'Prod mode: the continuous runner reconciles every change live (events per second).' : 'Dev mode: run once on demand (F5).'}
      data-testid="status-mode"
    >
      {prodOn && <span className="dot-ok">●</span>}
      {label}
    </button>
  );
}

/** While prod mode runs: leader, follower of whom, or standalone (the file store); the details on hover. */
export function LeadershipItem() {
  const text = useProdLeadership();
  if (!text) return null;
  return (
    <button className="item" onClick={() => show('conditions')} title={text.detail} data-testid="status-leadership" data-role={text.role}>
      <LeadershipLabel text={text} />
    </button>
  );
}

export function EngineStatus() {
  const running = useEngine((s) => s.run.running);
  const prodOn = useEngine((s) => s.prod.status.state !== 'stopped');
  const last = useEngine((s) => s.run.last);
  if (prodOn) return null;
  if (running) {
    return (
      <button className="item" onClick={() => show('run')} data-testid="status-engine">
        <span className="eng-spin" /> running…
      </button>
    );
  }
  if (!last) return null;
  const ok = !!last.result?.success;
  return (
    <button className="item" onClick={() => show('run')} data-testid="status-engine" title="The last run (click: the Run panel)">
      <span className={ok ? 'dot-ok' : 'dot-error'}>{ok ? '✓' : '✗'}</span> {formatMs(last.durationMs)}
    </button>
  );
}

export function StarlarkStatus() {
  const starlarkErrors = useProblems((s) => s.items.filter((p) => p.source === 'starlark' && p.severity === 'error').length);
  return (
    <button className="item" onClick={() => show('problems')} title="Parser and resolver errors in open Starlark files" data-testid="status-starlark">
      {starlarkErrors ? <span className="dot-error">Starlark: {starlarkErrors} error{starlarkErrors > 1 ? 's' : ''}</span> : 'Starlark OK'}
    </button>
  );
}
