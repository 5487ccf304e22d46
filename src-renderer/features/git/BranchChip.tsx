// Git in the title bar and status bar: the ⎇ chip with the current branch and the number of changed
// files (click: branch switcher), and the status-bar item that shows push/pull/fetch progress.
import { useLayout } from '../../state/layout';
import { useGit } from './git-store';
import { branchLabel, changedCount, progressText, shortRef } from './git-model';
import { openSwitcher } from './git-branch-controller';
import './git.css';

export function BranchChip() {
  const status = useGit((s) => s.status);
  const count = changedCount(status);
  if (!status?.isRepo) {
    return (
      <button
        className="chip git-chip"
        title={status ? 'Not a git repository: open Source Control to initialise one.' : 'Reading the repository…'}
        onClick={() => useLayout.setState({ sideView: 'git', sidebarVisible: true })}
        data-testid="branch-chip"
      >
        ⎇ {status ? 'no git' : '…'}
      </button>
    );
  }
  return (
    <button
      className="chip git-chip"
      title={`Branch ${branchLabel(status)}${count ? `, ${count} changed file${count === 1 ? '' : 's'}` : ', no changes'} — click to switch branch`}
      onClick={() => openSwitcher()}
      data-testid="branch-chip"
    >
      ⎇ <span className="mono">{branchLabel(status)}</span>
      {count > 0 && (
        <span className="changed" data-testid="branch-chip-changed">
          <span className="dot-warn">●</span> {count} changed
        </span>
      )}
    </button>
  );
}

const REMOTE_OPS = new Set(['Push', 'Pull', 'Fetch', 'Clone']);

export function GitStatusItem() {
  const busy = useGit((s) => s.busy);
  const progress = useGit((s) => s.progress);
  const show = () => useLayout.setState({ sideView: 'git', sidebarVisible: true });
  // Local actions are instant; the status bar only follows the network ones (ui.md: long work shows progress).
  if (busy && (progress || REMOTE_OPS.has(busy))) {
    return (
      <button className="item" onClick={show} title="Git operation in progress" data-testid="status-git-progress">
        <span className="git-spin">⟳</span> {progress ? progressText(progress) : `${busy}…`}
      </button>
    );
  }
  return null;
}

/**
 * A workspace cloned at a fixed reference (choreo mode) says so: "pinned · <ref>", read-only unless on a
 * branch. A local folder (user mode) is the normal case and shows nothing, so the only "mode" the bars name
 * is the engine's (dev/prod), in the same words in the title bar and the status bar.
 */
export function GitModeItem() {
  const ws = useGit((s) => (s.status?.isRepo ? s.status.workspace : null));
  if (!ws) return null;
  return (
    <span className="item" title={`Choreo mode: ${ws.url} at ${ws.ref} (${ws.commit.slice(0, 7)})${ws.readOnly ? ', read-only' : `, on branch ${ws.branch}`}`} data-testid="status-choreo-mode">
      pinned · <span className="mono">{shortRef(ws.ref)}</span>
      {ws.readOnly && <span className="subtle">read-only</span>}
    </span>
  );
}
