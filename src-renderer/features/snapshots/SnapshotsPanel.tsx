import { EmptyState } from '../../app/EmptyState';

export function SnapshotsPanel() {
  return (
    <EmptyState icon="◫" title="No snapshots yet" comingIn="Snapshots come with the engine in a later version.">
      <p>
        Every run leaves an immutable snapshot of all resources. Select two to compare: added <span className="dot-ok">+</span>, removed{' '}
        <span className="dot-error">-</span> and changed <span className="dot-warn">~</span> objects, with a side-by-side diff of each.
      </p>
    </EmptyState>
  );
}
