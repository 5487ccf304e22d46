import { EmptyState } from '../../app/EmptyState';

export function DepsPanel() {
  return (
    <EmptyState icon="⑂" title="The owner tree appears after a run" comingIn="Dependencies come with the engine in a later version.">
      <p>After a run this shows which resource created which: the owner tree with status dots, search and counts per kind.</p>
    </EmptyState>
  );
}
