import { EmptyState } from '../../app/EmptyState';

export function ConditionsPanel() {
  return (
    <EmptyState icon="●" title="Conditions appear while the prod runner is on" comingIn="Prod mode comes with the engine in a later version.">
      <p>
        Start the continuous runner (prod mode) to watch each resource's conditions change live: one row per resource, one column per
        condition type, <span className="dot-ok">●</span> True, <span className="dot-error">●</span> False,{' '}
        <span className="dot-unknown">○</span> Unknown.
      </p>
    </EmptyState>
  );
}
