// Side view "Runs": every snapshot; picking one opens its diff against the one before in the panel.
import { commands } from '../../kit/commands';
import { compareSnapshots } from './snapshots-controller';
import { SnapshotList } from './SnapshotList';

export function RunsView() {
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }} data-testid="runs-view">
      <div className="eng-bar" style={{ borderBottom: '1px solid var(--border)' }}>
        <span className="eng-meta" style={{ whiteSpace: 'normal', lineHeight: 1.3 }}>
          Click a snapshot to diff it against the one before; Alt+click picks the older side.
        </span>
        <span className="spacer" />
        <button className="btn" onClick={() => void commands.execute('run.once')} title="Run once (F5)">
          ▶
        </button>
      </div>
      <SnapshotList onPick={compareSnapshots} />
    </div>
  );
}
