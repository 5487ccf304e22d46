import { SideEmptyState } from '../../app/EmptyState';
import { useProject } from '../../state/project';

export function GitView() {
  const isRepo = useProject((s) => s.info?.isGitRepo ?? false);
  return (
    <SideEmptyState
      title="Source control"
      intro={isRepo ? 'This project is inside a git repository. From here you will:' : 'This project is not in a git repository yet. From here you will:'}
      items={[
        isRepo ? 'See staged and unstaged changes with a diff' : 'Initialise a repository',
        'Commit (Ctrl+Enter), switch branches, stash',
        'Push, pull and fetch with progress',
      ]}
      comingIn="Git integration arrives in a later version."
    />
  );
}
