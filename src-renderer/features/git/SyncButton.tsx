// The one sync button, where the eye is (the top of the Git view and the title bar's branch area), as
// GitHub Desktop's: "Publish branch" for a branch without an upstream, "Pull ↓N" when the remote is ahead,
// "Push ↑N" when we are, "Fetch" when in step. It runs the command of the same name (palette, shortcut and
// button agree); while a git action runs it waits.
import type { ReactElement } from 'react';
import { commands } from '../../kit/commands';
import { syncAction, type SyncAction } from './git-model';
import { useGit } from './git-store';
import { IconFetch, IconPull, IconPush } from './git-icons';
import './git.css';

const ICONS: Record<SyncAction['kind'], () => ReactElement> = { publish: IconPush, push: IconPush, pull: IconPull, fetch: IconFetch };
/** The git action's name while it runs (git-runner's `busy`), and the button's words meanwhile. */
const RUNNING: Record<SyncAction['kind'], [op: string, label: string]> = {
  publish: ['Publish', 'Publishing…'],
  pull: ['Pull', 'Pulling…'],
  push: ['Push', 'Pushing…'],
  fetch: ['Fetch', 'Fetching…'],
};

/**
 * `place` says where it sits: the Git view shows it always (Fetch when in step); the title bar only when
 * there is something to publish, pull or push, so it never takes room for nothing.
 */
export function SyncButton({ place }: { place: 'view' | 'titlebar' }) {
  const status = useGit((s) => s.status);
  const busy = useGit((s) => s.busy);
  const action = syncAction(status);
  if (!action || (place === 'titlebar' && action.kind === 'fetch')) return null;
  const Icon = ICONS[action.kind];
  const [op, runningLabel] = RUNNING[action.kind];
  return (
    <button
      className={`git-sync-btn ${action.kind} ${place}`}
      disabled={!!busy}
      title={busy ? `Wait for "${busy}" to finish.` : action.title}
      onClick={() => void commands.execute(action.command)}
      data-testid={place === 'view' ? 'git-sync-button' : 'titlebar-git-sync'}
      data-kind={action.kind}
    >
      <Icon />
      <span>{busy === op ? runningLabel : action.label}</span>
    </button>
  );
}

/** The title bar's item (app/bar-items.tsx): shown only when there is something to publish, pull or push. */
export function TitleBarSync() {
  return <SyncButton place="titlebar" />;
}
