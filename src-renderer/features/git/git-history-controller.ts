// The commit history, loaded a page at a time, and comparing a commit's derived state with the last run or
// another side (the Snapshots panel shows the diff).
import { invoke } from '../../api';
import { compareSnapshots, pickComparison } from '../snapshots/snapshots-controller';
import { mergeLogPage } from './git-model';
import { patchGit, useGit } from './git-store';

const LOG_PAGE = 100;

/** Loads the first history page again (skip 0) or the next one. */
export async function loadLog(more = false): Promise<void> {
  const { log } = useGit.getState();
  if (log.loading || (more && log.next === null)) return;
  const skip = more ? (log.next ?? 0) : 0;
  patchGit({ log: { ...log, loading: true } });
  try {
    const page = await invoke('git.log', { skip, limit: LOG_PAGE });
    const merged = mergeLogPage(useGit.getState().log, page, skip);
    patchGit({ log: { ...merged, loading: false, loaded: true } });
  } catch {
    // an unborn branch has no history yet
    patchGit({ log: { entries: more ? useGit.getState().log.entries : [], next: null, loading: false, loaded: true } });
  }
}

let showSeq = 0;

/**
 * Opens (or closes) a commit of the history: its files are listed at once from the log entry, then with
 * how each changed (A/M/D) when the host's details arrive; a file of it opens its diff.
 */
export async function toggleCommit(oid: string): Promise<void> {
  const seq = ++showSeq;
  if (useGit.getState().expandedCommit === oid) return patchGit({ expandedCommit: null, commitDetails: null });
  patchGit({ expandedCommit: oid, commitDetails: null });
  try {
    const details = await invoke('git.show', { oid });
    if (seq === showSeq) patchGit({ commitDetails: details });
  } catch {
    // the plain file list from the log stays; opening a file reports what went wrong
  }
}

/** A commit's derived state against the last run of the working tree (a commit not run yet runs first, in the host). */
export function compareCommitWithLastRun(oid: string): void {
  compareSnapshots(`rev:${oid}`, 'latest');
}

/** Opens the compare picker with the commit as side A and the last run as side B, for the user to pick another side. */
export function compareCommitWith(oid: string): void {
  pickComparison(`rev:${oid}`, 'latest');
}
