// A repository status as the host reports it, for git tests: one staged file on main unless patched.
import type { RepoStatus } from '../features/git/git-model';

export function repoStatus(patch: Partial<RepoStatus> = {}): RepoStatus {
  return {
    isRepo: true,
    repoRoot: '/p',
    projectPrefix: '',
    branch: 'main',
    head: 'a'.repeat(40),
    merging: false,
    entries: [{ path: 'in/a.yaml', staged: 'modified' }],
    workspace: null,
    tracking: null,
    ...patch,
  };
}
