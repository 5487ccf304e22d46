import { SideEmptyState } from '../../kit/EmptyState';

export function GraphView() {
  return (
    <SideEmptyState
      title="Resource graph"
      intro="A picture of the project after a run:"
      items={['Kinds, reconcilers and the resources they derive', 'Status colours from conditions', 'Click a node to open its YAML']}
      comingIn="The graph arrives with the engine in a later version."
    />
  );
}
