// The Git panel's state: what the host last said (status, branches, stashes, history), what the user
// has selected and typed (diff selection, commit message), and the operation in flight with its
// progress and the last error. Writes come from features/git/git-controller.ts; components only read.
import { create } from 'zustand';
import type { LineSelection } from '../../../src-shared/git/line-diff';
import type { DiffSelection, GitBranches, GitCommitDetails, GitErrorView, GitProgress, GitStash, GitStatus, LogState } from './git-model';

export type { DiffSelection } from './git-model';

export interface DiffContent extends DiffSelection {
  oldText: string;
  newText: string;
  binary: boolean;
  /** True when a side does not exist (added or deleted file). */
  added: boolean;
  deleted: boolean;
  /** git blob ids of the sides, named back when staging chosen lines (the host refuses a stale diff). */
  oldId: string | null;
  newId: string | null;
}

export interface GitState {
  /** null until the first answer. */
  status: GitStatus | null;
  branches: GitBranches | null;
  stashes: GitStash[];
  log: LogState & { loading: boolean; loaded: boolean };
  /** The file whose diff is open over the editor, if any. */
  selection: DiffSelection | null;
  diff: DiffContent | null;
  /** The changed lines the text selection in the open diff covers (Stage Selected Lines), null when none. */
  lineSelection: LineSelection | null;
  /** Commit box. */
  message: string;
  amend: boolean;
  /** The operation in flight ("Push", "Commit"…), null when idle. */
  busy: string | null;
  progress: GitProgress | null;
  error: GitErrorView | null;
  /** The branch switcher popup. */
  switcherOpen: boolean;
  /** The history entry whose files are expanded, and its details (files with how each changed) once loaded. */
  expandedCommit: string | null;
  commitDetails: GitCommitDetails | null;
}

export const initialGitState: GitState = {
  status: null,
  branches: null,
  stashes: [],
  log: { entries: [], next: null, loading: false, loaded: false },
  selection: null,
  diff: null,
  lineSelection: null,
  message: '',
  amend: false,
  busy: null,
  progress: null,
  error: null,
  switcherOpen: false,
  expandedCommit: null,
  commitDetails: null,
};

export const useGit = create<GitState>()(() => ({ ...initialGitState }));

export const patchGit = (patch: Partial<GitState>): void => useGit.setState(patch);

/** Forget everything about the previous project (another folder was opened). */
export const resetGit = (): void => useGit.setState({ ...initialGitState });
