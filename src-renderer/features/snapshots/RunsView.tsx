import { SideEmptyState } from '../../app/EmptyState';

export function RunsView() {
  return (
    <SideEmptyState
      title="Runs and snapshots"
      intro="Every run leaves a snapshot. Here you will:"
      items={['Browse past runs (time, mode, commit, result)', 'Pick two snapshots and diff them', 'Jump from a changed object to its YAML']}
      comingIn="Runs arrive with the engine in a later version."
    />
  );
}
