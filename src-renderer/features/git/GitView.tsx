// The Source Control side view: branch and sync bar, errors with their next step, the commit box,
// conflicted / staged / unstaged changes, stashes and the history. Actions run through commands or the
// git controller; the diff of a selected file opens over the editor (GitDiffEditor).
import { useEffect, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { commands } from '../../kit/commands';
import { IconRefresh } from '../../kit/icons';
import { shortcutLabel } from '../../kit/Shortcut';
import { useDisabledReason } from '../../kit/useCommandState';
import { useGit, patchGit } from './git-store';
import { branchLabel, commitBlocker, shortRef, stashLabel, dirName, fileName, groupChanges, progressFraction, progressText, syncLabel, type ChangeGroups, type ChangeRow } from './git-model';
import { openSwitcher } from './git-branch-controller';
import { discard, stage, unstage } from './git-changes-controller';
import { PLANNING_COMMIT, setAmend } from './git-commit-controller';
import { useSettings } from '../../state/settings';
import { StagedPlan } from './StagedPlan';
import { openChangedFile, openDiff } from './git-diff-controller';
import { refreshAll } from './git-refresh';
import { stashAction } from './git-stash-controller';
import { GitHistory } from './GitHistory';
import { SyncButton } from './SyncButton';
import { IconApply, IconBranch, IconCheck, IconChevron, IconDiscard, IconFetch, IconMinus, IconOpenFile, IconPlus, IconPull, IconPush, IconStash, IconTrash } from './git-icons';
import './git.css';

export function GitView() {
  const status = useGit((s) => s.status);
  // Showing the view is a good moment to look again (changes made by other programs, a missed event).
  useEffect(() => void refreshAll(), []);
  if (!status) {
    return (
      <div className="git-view" data-testid="git-view">
        <GitHeader />
        <div className="git-note">Reading the repository…</div>
      </div>
    );
  }
  if (!status.isRepo) return <NoRepo />;
  return (
    <div className="git-view" data-testid="git-view">
      <GitHeader />
      <BranchBar />
      <Progress />
      <ErrorBanner />
      {status.workspace?.readOnly && (
        <div className="git-note warn" data-testid="git-readonly">
          Choreo mode: pinned to <span className="mono">{shortRef(status.workspace.ref)}</span>, read-only. You can read and run it; to commit, clone it without pinning.
        </div>
      )}
      {status.merging && !useGit.getState().error?.actions.some((a) => a.command === 'git.mergeAbort') && (
        <div className="git-note warn">
          A merge is in progress: resolve the conflicts, stage the files and commit, or{' '}
          <button className="git-link" onClick={() => void commands.execute('git.mergeAbort')}>
            abort the merge
          </button>
          .
        </div>
      )}
      {!status.workspace?.readOnly && <CommitBox />}
      {!status.workspace?.readOnly && <StagedPlan />}
      <div className="git-scroll">
        <Changes />
        <Stashes />
      </div>
      <GitHistory />
    </div>
  );
}

function ToolButton({ command, children, testId }: { command: string; children: ReactNode; testId?: string }) {
  const reason = useDisabledReason(command);
  useGit((s) => s.busy);
  const title = commands.get(command)?.title ?? command;
  const key = shortcutLabel(command);
  return (
    <button
      className="icon-btn"
      title={reason ?? `${title}${key ? ` (${key})` : ''}`}
      aria-label={title}
      disabled={!!reason}
      data-testid={testId}
      onClick={() => void commands.execute(command)}
    >
      {children}
    </button>
  );
}

/** The header's buttons that need a repository (Refresh is always there). */
const REPO_TOOLS = [
  { command: 'git.fetch', testId: 'git-fetch', Icon: IconFetch },
  { command: 'git.pull', testId: 'git-pull', Icon: IconPull },
  { command: 'git.push', testId: 'git-push', Icon: IconPush },
  { command: 'git.stash', testId: 'git-stash', Icon: IconStash },
];

function GitHeader() {
  const isRepo = useGit((s) => s.status?.isRepo ?? false);
  return (
    <div className="view-header git-header">
      <span className="title">Source Control</span>
      {isRepo &&
        REPO_TOOLS.map(({ command, testId, Icon }) => (
          <ToolButton key={command} command={command} testId={testId}>
            <Icon />
          </ToolButton>
        ))}
      <ToolButton command="git.refresh" testId="git-refresh">
        <IconRefresh />
      </ToolButton>
    </div>
  );
}

function NoRepo() {
  return (
    <div className="git-view" data-testid="git-view">
      <GitHeader />
      <div className="git-empty" data-testid="git-no-repo">
        <p>This project folder is not in a git repository yet.</p>
        <p className="subtle">A repository records every change you commit, lets you go back to any of them, and pushes your work to a remote such as GitHub.</p>
        <button className="btn primary" data-testid="git-init" onClick={() => void commands.execute('git.init')}>
          Initialise a repository
        </button>
        <p className="subtle small">Creates branch main and a .gitignore that keeps the engine's .choreo/ state out of commits.</p>
      </div>
    </div>
  );
}

function BranchBar() {
  const status = useGit((s) => s.status);
  const busy = useGit((s) => s.busy);
  const sync = syncLabel(status);
  const tracking = status?.isRepo ? status.tracking : null;
  return (
    <div className="git-branchbar">
      <button className="git-branch-btn" title="Switch branch (create, check out, delete)" onClick={() => openSwitcher()} data-testid="git-branch">
        <IconBranch />
        <span className="mono name">{branchLabel(status)}</span>
        <IconChevron open />
      </button>
      <span className="spacer" />
      {busy ? (
        <span className="git-busy" title={busy}>
          {busy}…
        </span>
      ) : tracking ? (
        <span className="subtle small" title={`Against ${tracking.upstream} after the last fetch: ${tracking.ahead} to push, ${tracking.behind} to pull`} data-testid="git-sync">
          {sync || `in sync with ${tracking.upstream}`}
        </span>
      ) : status?.isRepo && !status.remote ? (
        <span className="subtle small" title="This repository has no remote: add one (git remote add origin URL) to push it somewhere.">no remote</span>
      ) : (
        <span className="subtle small" title="The branch has no upstream yet: Publish branch pushes it and tracks it.">not published</span>
      )}
      <SyncButton place="view" />
    </div>
  );
}

function Progress() {
  const progress = useGit((s) => s.progress);
  const busy = useGit((s) => s.busy);
  if (!busy || !progress) return busy ? <div className="git-progress indeterminate" aria-hidden /> : null;
  const f = progressFraction(progress);
  return (
    <div data-testid="git-progress">
      <div className={`git-progress ${f === null ? 'indeterminate' : ''}`} role="progressbar" aria-valuenow={f === null ? undefined : Math.round(f * 100)} aria-valuemin={0} aria-valuemax={100}>
        {f !== null && <div className="fill" style={{ width: `${f * 100}%` }} />}
      </div>
      <div className="git-progress-text">{progressText(progress)}</div>
    </div>
  );
}

function ErrorBanner() {
  const error = useGit((s) => s.error);
  if (!error) return null;
  return (
    <div className="git-error" role="alert" data-testid="git-error">
      <div className="msg">
        <strong>{error.headline ?? `${error.op} failed.`}</strong> {error.message}
      </div>
      <div className="actions">
        {error.actions.map((a) => (
          <button key={a.command} className="btn" data-testid={`git-error-action-${a.command}`} onClick={() => void commands.execute(a.command)}>
            {a.label}
          </button>
        ))}
        <button className="btn ghost" onClick={() => patchGit({ error: null })}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

function CommitBox() {
  const message = useGit((s) => s.message);
  const amend = useGit((s) => s.amend);
  const status = useGit((s) => s.status);
  const busy = useGit((s) => s.busy);
  const committing = busy === 'Commit' || busy === 'Amend';
  const planFirst = useSettings((s) => s.planBeforeCommit);
  const blocker = commitBlocker(status, message, amend) ?? (committing ? 'Committing…' : busy === PLANNING_COMMIT ? 'Planning what the commit would change…' : undefined);
  const key = shortcutLabel('git.commit');
  const branch = status?.isRepo ? status.branch : null;
  return (
    <div className="git-commit">
      <textarea
        id="git-commit-message"
        className="git-message"
        placeholder={`Message (${key || 'Ctrl+Enter'} to commit${branch ? ` on ${branch}` : ''})`}
        value={message}
        rows={Math.min(8, Math.max(2, message.split('\n').length))}
        spellCheck
        onChange={(e) => patchGit({ message: e.target.value })}
        data-testid="git-commit-message"
        aria-label="Commit message"
      />
      <div className="git-commit-row">
        <button className="btn primary grow" disabled={!!blocker} title={blocker ?? `${amend ? 'Amend the last commit' : 'Commit the staged changes'} (${key})`} onClick={() => void commands.execute('git.commit')} data-testid="git-commit">
          <IconCheck /> {committing ? 'Committing…' : busy === PLANNING_COMMIT ? 'Planning…' : amend ? 'Amend last commit' : 'Commit'}
        </button>
        <label className="git-amend" title="Plan before commit: Commit first shows what the staged files would change against the last run, then commits or cancels (a setting, for every project)">
          <input type="checkbox" checked={planFirst} onChange={(e) => useSettings.getState().set({ planBeforeCommit: e.target.checked })} data-testid="git-plan-first" /> Plan first
        </label>
        <label className="git-amend" title="Replace the last commit (only before it is pushed)">
          <input type="checkbox" checked={amend} onChange={(e) => void setAmend(e.target.checked)} data-testid="git-amend" /> Amend
        </label>
      </div>
    </div>
  );
}

function Section(props: { title: string; count: number; testId: string; actions?: ReactNode; children: ReactNode; defaultOpen?: boolean }) {
  const [open, setOpen] = useState(props.defaultOpen ?? true);
  return (
    <section className="git-section" data-testid={props.testId}>
      <div className="git-section-head" onClick={() => setOpen(!open)} role="button" aria-expanded={open} tabIndex={0} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && setOpen(!open)}>
        <IconChevron open={open} />
        <span className="title">{props.title}</span>
        <span className="actions" onClick={(e) => e.stopPropagation()}>
          {props.actions}
        </span>
        <span className="count">{props.count}</span>
      </div>
      {open && props.children}
    </section>
  );
}

function Changes() {
  const entries = useGit((s) => (s.status?.isRepo ? s.status.entries : null));
  const groups = useMemo(() => groupChanges(entries ?? []), [entries]);
  if (!entries) return null;
  if (!entries.length) {
    return (
      <div className="git-note git-clean" data-testid="git-clean">
        <IconCheck />
        <span>No changes. Edit a file and it appears here.</span>
      </div>
    );
  }
  return (
    <>
      {CHANGE_GROUPS.map(({ key, title, testId, bulk }) => {
        const rows = groups[key];
        if (!rows.length) return null;
        const actions = bulk && (
          <button className="icon-btn" title={bulk.label} aria-label={bulk.label} onClick={() => void commands.execute(bulk.command)} data-testid={bulk.testId}>
            <bulk.Icon />
          </button>
        );
        return (
          <Section key={key} title={title} count={rows.length} testId={testId} actions={actions}>
            {rows.map((r) => (
              <ChangeItem key={r.path} row={r} />
            ))}
          </Section>
        );
      })}
    </>
  );
}

/** The groups of changes in the order the panel lists them; the bulk action moves a whole group. */
const CHANGE_GROUPS: { key: keyof ChangeGroups; title: string; testId: string; bulk?: { command: string; label: string; testId: string; Icon: () => ReactNode } }[] = [
  { key: 'conflicted', title: 'Merge changes', testId: 'git-conflicted' },
  { key: 'staged', title: 'Staged changes', testId: 'git-staged', bulk: { command: 'git.unstageAll', label: 'Unstage all', testId: 'git-unstage-all', Icon: IconMinus } },
  { key: 'unstaged', title: 'Changes', testId: 'git-unstaged', bulk: { command: 'git.stageAll', label: 'Stage all', testId: 'git-stage-all', Icon: IconPlus } },
];

function ChangeItem({ row }: { row: ChangeRow }) {
  const selected = useGit((s) => s.selection?.path === row.path && s.selection.area === row.area);
  const dir = dirName(row.path);
  return (
    <div
      className={`git-row${selected ? ' selected' : ''}`}
      onClick={() => openDiff(row)}
      title={`${row.path} — ${row.label}`}
      data-testid={`git-change-${row.area}-${row.path}`}
      role="button"
      tabIndex={0}
      onKeyDown={(e) => onRowKey(e, row)}
    >
      <span className="name">{fileName(row.path)}</span>
      {dir && <span className="dir">{dir}</span>}
      <span className="row-actions" onClick={(e) => e.stopPropagation()}>
        <button className="icon-btn" title="Open file" aria-label="Open file" onClick={() => void openChangedFile(row.path)}>
          <IconOpenFile />
        </button>
        <button className="icon-btn" title={row.area === 'staged' ? 'Discard staged and unstaged changes' : 'Discard changes'} aria-label="Discard changes" onClick={() => void discard(row)} data-testid="git-discard">
          <IconDiscard />
        </button>
        {row.area === 'staged' ? (
          <button className="icon-btn" title="Unstage" aria-label="Unstage" onClick={() => void unstage([row.path])} data-testid="git-unstage">
            <IconMinus />
          </button>
        ) : (
          <button className="icon-btn" title={row.area === 'conflicted' ? 'Mark resolved (stage)' : 'Stage'} aria-label="Stage" onClick={() => void stage([row.path])} data-testid="git-stage">
            <IconPlus />
          </button>
        )}
      </span>
      <span className={`letter ${row.tone}`}>{row.letter}</span>
    </div>
  );
}

/** Keyboard in the change lists: ↑/↓ move, Enter shows the diff, Space stages or unstages. */
function onRowKey(e: KeyboardEvent<HTMLDivElement>, row: ChangeRow): void {
  if (e.key === 'Enter') openDiff(row);
  else if (e.key === ' ') void (row.area === 'staged' ? unstage([row.path]) : stage([row.path]));
  else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    const rows = [...(e.currentTarget.closest('.git-scroll')?.querySelectorAll<HTMLElement>('.git-row[tabindex]') ?? [])];
    const i = rows.indexOf(e.currentTarget);
    rows[i + (e.key === 'ArrowDown' ? 1 : -1)]?.focus();
  } else return;
  e.preventDefault();
}

function Stashes() {
  const stashes = useGit((s) => s.stashes);
  if (!stashes.length) return null;
  return (
    <Section title="Stashes" count={stashes.length} testId="git-stashes">
      {stashes.map((s) => (
        <div key={s.index} className="git-row" title={s.message} data-testid="git-stash-item">
          <span className="mono subtle small">{`{${s.index}}`}</span>
          <span className="name">{stashLabel(s.message)}</span>
          <span className="row-actions">
            <button className="icon-btn" title="Apply (keep the stash)" aria-label="Apply stash" onClick={() => void stashAction('apply', s.index)}>
              <IconApply />
            </button>
            <button className="icon-btn" title="Pop (apply and remove)" aria-label="Pop stash" onClick={() => void stashAction('pop', s.index)}>
              <IconPull />
            </button>
            <button className="icon-btn" title="Drop (delete)" aria-label="Drop stash" onClick={() => void stashAction('drop', s.index)}>
              <IconTrash />
            </button>
          </span>
        </div>
      ))}
    </Section>
  );
}
