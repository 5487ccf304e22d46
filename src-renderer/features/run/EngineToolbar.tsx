// The run controls of the title bar: mode, Run once (F5), Start/Stop prod (Shift+F5), and the last
// run's outcome (click: the Run panel).
import { commands } from '../../kit/commands';
import { IconPlay, IconStop } from '../../kit/icons';
import { shortcutLabel } from '../../kit/Shortcut';
import { useLayout } from '../../state/layout';
import { useEngine } from './engine-store';
import { useProject } from '../../state/project';
import { formatMs } from '../../kit/status-dot';
import '../../kit/engine-views.css';

export function EngineToolbar() {
  const open = useProject((s) => s.status === 'open');
  const running = useEngine((s) => s.run.running);
  const last = useEngine((s) => s.run.last);
  const prod = useEngine((s) => s.prod.status.state);
  const perSecond = useEngine((s) => s.prod.perSecond);
  const prodOn = prod !== 'stopped';
  const why = open ? undefined : 'Open a project folder first.';
  return (
    <span className="eng-toolbar">
      <span
        className={`chip${prodOn ? ' prod' : ''}`}
        data-testid="mode-chip"
        title={prodOn ? 'Prod mode: the continuous runner reconciles every change live.' : 'Dev mode: run once on demand (F5) and inspect the result.'}
      >
        {prodOn ? `● prod ${prod === 'running' ? `· ${perSecond}/s` : prod}` : 'dev mode'}
      </span>
      <span title={why ?? `Run once (${shortcutLabel('run.once')})`} data-testid="run-once">
        <button className="btn run" disabled={!!why || running || prodOn} onClick={() => void commands.execute('run.once')} aria-label="Run once">
          {running ? <span className="eng-spin" /> : <IconPlay />} Run once
        </button>
      </span>
      {prodOn ? (
        <span title={`Stop prod mode and store its snapshot (${shortcutLabel('run.stop')})`} data-testid="stop-prod">
          <button className="btn stop" disabled={prod !== 'running'} onClick={() => void commands.execute('run.stop')} aria-label="Stop prod">
            <IconStop /> Stop prod
          </button>
        </span>
      ) : (
        <span title={why ?? 'Start the continuous runner (prod mode) and watch conditions live'} data-testid="start-prod">
          <button className="btn" disabled={!!why || running} onClick={() => void commands.execute('run.startProd')} aria-label="Start prod">
            <span className="dot-ok">●</span> Start prod
          </button>
        </span>
      )}
      {last && !running && (
        <button
          className={`chip last ${last.result?.success ? 'ok' : 'fail'}`}
          onClick={() => useLayout.getState().showPanel('run')}
          title="Show the last run"
          data-testid="last-run-chip"
        >
          ⟳ last run: {last.result?.success ? '✓' : '✗'} {formatMs(last.durationMs)}
        </button>
      )}
    </span>
  );
}
