import { EmptyState } from '../../app/EmptyState';

export function HistoryPanel() {
  return (
    <EmptyState icon="≡" title="No execution history yet" comingIn="History comes with runs and deployments in a later version.">
      <p>Each run and each deployment is recorded here with its logs, so you can see what happened and when.</p>
    </EmptyState>
  );
}
