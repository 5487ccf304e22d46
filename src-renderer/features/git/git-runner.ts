// How every git action runs: the panel shows it busy, a failure becomes a readable error with the next
// step (in the panel, or as a toast when the panel is hidden), and the host's "who are you" and "sign
// in" answers are met by asking and retrying. Also the disabled reasons the git commands share.
import type { GitCredentials } from '../../../src-shared/ipc/channels/git';
import { errorCode, errorMessage } from '../../kit/ipc-errors';
import { useLayout } from '../../state/layout';
import { notify } from '../../state/notices';
import { useProject } from '../../state/project';
import { errorView } from './git-model';
import { askCredentials, askIdentity } from './git-prompts';
import { patchGit, useGit } from './git-store';

/**
 * Runs one git action: marks the panel busy, and turns a failure into a readable error with the next
 * step (kept in the panel with action buttons, and as a toast). Returns undefined when it failed.
 */
export async function run<T>(op: string, fn: () => Promise<T>): Promise<T | undefined> {
  patchGit({ busy: op, error: null, progress: null });
  try {
    return await fn();
  } catch (err) {
    const view = errorView(op, errorCode(err), errorMessage(err));
    patchGit({ error: view });
    // The Git view shows it with its action buttons; a toast too would say it twice.
    if (!gitViewVisible()) notify('error', view.message);
    return undefined;
  } finally {
    patchGit({ busy: null, progress: null });
  }
}

export function gitViewVisible(): boolean {
  const l = useLayout.getState();
  return l.sidebarVisible && l.sideView === 'git' && useProject.getState().status === 'open';
}

export function needsRepo(): string | undefined {
  if (useProject.getState().status !== 'open') return 'Open a project folder first.';
  const st = useGit.getState().status;
  if (!st) return 'Git status is still loading.';
  if (!st.isRepo) return 'This project is not a git repository: initialise one first (Git: Initialise Repository).';
  return undefined;
}

export function needsIdle(): string | undefined {
  return needsRepo() ?? (useGit.getState().busy ? `Wait for "${useGit.getState().busy}" to finish.` : undefined);
}

/** Retries once after the user gave a name and email, when the host needs an author. */
export async function withIdentity<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (errorCode(err) !== 'identity-required' || !(await askIdentity())) throw err;
    return fn();
  }
}

/** Retries with credentials typed by the user while the host answers auth-required (at most three times). */
export async function withCredentials<T>(op: string, fn: (credentials?: GitCredentials) => Promise<T>): Promise<T> {
  let credentials: GitCredentials | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(credentials);
    } catch (err) {
      if (errorCode(err) !== 'auth-required' || attempt >= 3) throw err;
      const asked = await askCredentials(op, attempt === 0 ? undefined : errorMessage(err));
      if (!asked) throw err;
      credentials = asked;
    }
  }
}
