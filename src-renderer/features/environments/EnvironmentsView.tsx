import { SideEmptyState } from '../../app/EmptyState';

export function EnvironmentsView() {
  return (
    <SideEmptyState
      title="Environments"
      intro="Build once, deploy many. Here you will:"
      items={['See each environment and its active deployment', 'Promote a validated revision, or roll back', 'Set configuration and write-only secrets']}
      comingIn="Environments arrive in a later version."
    />
  );
}
