// Run panel (dev mode). The engine is not built yet; this says what the panel will show and how to get there.
import { EmptyState } from '../../app/EmptyState';
import { Kbd } from '../../app/Shortcut';

export function RunPanel() {
  return (
    <EmptyState icon="▶" title="No runs yet" comingIn="Running needs the Choreo engine, which arrives in a later version. Until then F5 is disabled.">
      <p>
        Press <Kbd command="run.once" /> to run the project once. This panel then shows the result: status, duration and snapshot,
        what each reconciler did (start, stop, requeue, error), and every error with a link to its file and line.
      </p>
    </EmptyState>
  );
}
