// The run controls of the title bar, one bar item each (app/bar-items.tsx gives their priorities): the
// engine mode, Run once (F5), Start/Stop prod (Shift+F5), and the last run's outcome (click: Run panel).
import { commands } from '../../kit/commands';
import { IconPlay, IconStop } from '../../kit/icons';
import { shortcutLabel } from '../../kit/Shortcut';
import { useLayout } from '../../state/layout';
import { useEngine, useEngineMode } from './engine-store';
import { useProject } from '../../state/project';
import { formatMs } from '../../kit/status-dot';
import '../../kit/engine-views.css';

const needsOpen = (open: boolean) => (open ? undefined : 'Open a project folder first.');

/** "dev mode" or "prod mode · 12 events/s": the same words as the status bar's mode item. */
export function ModeChip() {
  const { prodOn, label } = useEngineMode();
  return (
    <span
      className={`chip eng-mode${prodOn ? ' prod' : ''}`}
      data-testid="mode-chip"
      title={prodOn ? 'Prod mode: the continuous runner reconciles every change live.' : 'Dev mode: run once on demand (F5) and inspect the result.'}
    >
      {prodOn && <span className="dot-ok">●</span>}
      {label}
    </span>
  );
}

export function RunOnceButton() {
  const why = needsOpen(useProject((s) => s.status === 'open'));
  const running = useEngine((s) => s.run.running);
  const prodOn = useEngine((s) => s.prod.status.state !== 'stopped');
  return (
    <span className="eng-toolbar" title={why ?? `Run once (${shortcutLabel('run.once')})`} data-testid="run-once">
      <button className="btn run" disabled={!!why || running || prodOn} onClick={() => void commands.execute('run.once')} aria-label="Run once">
        {running ? <span className="eng-spin" /> : <IconPlay />} Run once
      </button>
    </span>
  );
}

export function ProdButton() {
  const why = needsOpen(useProject((s) => s.status === 'open'));
  const running = useEngine((s) => s.run.running);
  const prod = useEngine((s) => s.prod.status.state);
  if (prod !== 'stopped') {
    return (
      <span className="eng-toolbar" title={`Stop prod mode and store its snapshot (${shortcutLabel('run.stop')})`} data-testid="stop-prod">
        <button className="btn stop" disabled={prod !== 'running'} onClick={() => void commands.execute('run.stop')} aria-label="Stop prod">
          <IconStop /> Stop prod
        </button>
      </span>
    );
  }
  return (
    <span className="eng-toolbar" title={why ?? 'Start the continuous runner (prod mode) and watch conditions live'} data-testid="start-prod">
      <button className="btn" disabled={!!why || running} onClick={() => void commands.execute('run.startProd')} aria-label="Start prod">
        <span className="dot-ok">●</span> Start prod
      </button>
    </span>
  );
}

export function LastRunChip() {
  const last = useEngine((s) => s.run.last);
  const running = useEngine((s) => s.run.running);
  if (!last || running) return null;
  const ok = !!last.result?.success;
  return (
    <button className={`chip last ${ok ? 'ok' : 'fail'}`} onClick={() => useLayout.getState().showPanel('run')} title="Show the last run" data-testid="last-run-chip">
      {ok ? '✓' : '✗'} last run · {formatMs(last.durationMs)}
    </button>
  );
}
