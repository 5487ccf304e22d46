// The git feature's wiring: it follows the host's git and file events and the open project (refreshing
// what they change), and lists the Git commands. The actions live by task beside it: git-changes-
// (stage, discard, init), git-commit-, git-remote- (push, pull, fetch, clone), git-branch-, git-stash-,
// git-history- and git-diff-controller; git-refresh reads the repository, git-runner runs an action.
import { getApiClient } from '../../api';
import type { Command } from '../../kit/commands';
import { useLayout } from '../../state/layout';
import { followProjectRoot, useProject } from '../../state/project';
import { useEditor } from '../editor/editor-store';
import { createBranch, openSwitcher } from './git-branch-controller';
import { changeOfProjectFile, changeRows, discard, initRepo, stageAll, unstageAll } from './git-changes-controller';
import { useSettings } from '../../state/settings';
import { notify } from '../../state/notices';
import { commit, commitDisabledReason, setAmend } from './git-commit-controller';
import { closeDiff } from './git-diff-controller';
import { loadLog } from './git-history-controller';
import { affectsStatus, debounced, syncAction, type ChangeArea } from './git-model';
import { askIdentity } from './git-prompts';
import { refreshAll, refreshStatus } from './git-refresh';
import { lineAction, selectedLinesDisabledReason, stageSelectedLines } from './git-lines-controller';
import { enterCredentials, fetchRemote, mergeAbort, publish, pull, push } from './git-remote-controller';
import { needsIdle, needsRepo } from './git-runner';
import { stashAction, stashPush } from './git-stash-controller';
import { patchGit, resetGit, useGit } from './git-store';

let installed = false;

/** Follows the host's git and file events (once per page) and the open project. */
export function installGit(): () => void {
  if (installed) return () => {};
  installed = true;
  const client = getApiClient();
  const soonAll = debounced(() => void refreshAll(), 250);
  const soonStatus = debounced(() => void refreshStatus(), 400);
  const offs = [
    client.on('git.progress', (p) => patchGit({ progress: p })),
    client.on('git.changed', () => soonAll()),
    client.on('file.changed', (p) => {
      if (affectsStatus(p.path)) soonStatus();
    }),
    // The host does not report the app's own writes as file.changed: a save changes the status too.
    useEditor.subscribe((s, prev) => {
      if (Object.values(s.buffers).some((b) => prev.buffers[b.path] && prev.buffers[b.path]!.savedHash !== b.savedHash)) soonStatus();
    }),
  ];
  // Back from a terminal or another git tool: look again.
  const onFocus = () => soonStatus();
  if (typeof window !== 'undefined') {
    window.addEventListener('focus', onFocus);
    offs.push(() => window.removeEventListener('focus', onFocus));
  }
  const unfollow = followProjectRoot((root) => {
    resetGit();
    if (root) void refreshAll();
  });
  let link = useProject.getState().link;
  const unsub = useProject.subscribe((s) => {
    // Back from a dropped connection: events were missed meanwhile.
    if (s.link === 'open' && link !== 'open') soonAll();
    link = s.link;
  });
  return () => {
    offs.forEach((off) => off());
    soonAll.cancel();
    soonStatus.cancel();
    unfollow();
    unsub();
    installed = false;
  };
}

/** Why there is no branch to publish: it tracks one already, or there is no remote, commit or branch. */
function publishBlocker(): string {
  const st = useGit.getState().status;
  if (!st?.isRepo) return 'This project is not a git repository.';
  if (!st.branch) return 'HEAD is detached: check out a branch first.';
  if (!st.head) return 'Make a first commit, then publish the branch.';
  if (!st.remote) return 'This repository has no remote to publish to: add one first.';
  if (st.tracking) return `${st.branch} is already published (it tracks ${st.tracking.upstream}).`;
  return 'This workspace is read-only.';
}

function showGitView(): void {
  useLayout.setState({ sideView: 'git', sidebarVisible: true });
}

/** The Git commands (palette entries, shortcuts), registered with the app's. */
export function gitCommands(): Command[] {
  installGit();
  const needsChanges = (area: ChangeArea) => () => needsIdle() ?? (changeRows(area).length ? undefined : area === 'staged' ? 'Nothing is staged.' : 'There are no unstaged changes.');
  const needsUpstreamRemote = () => needsIdle();
  return [
    { id: 'git.commit', title: 'Commit', category: 'Git', shortcut: 'Mod+Enter', disabledReason: commitDisabledReason, run: () => commit() },
    {
      id: 'git.togglePlanBeforeCommit',
      title: 'Toggle Plan Before Commit',
      category: 'Git',
      aliases: ['plan before commit', 'setting', 'preview commit'],
      run: () => {
        const on = !useSettings.getState().planBeforeCommit;
        useSettings.getState().set({ planBeforeCommit: on });
        notify('info', on ? 'Plan before commit is on: Commit first shows what the staged files would change.' : 'Plan before commit is off: Commit commits at once.');
      },
    },
    {
      id: 'git.commitAmend',
      title: 'Commit (Amend the Last Commit)',
      category: 'Git',
      disabledReason: needsIdle,
      run: async () => {
        showGitView();
        await setAmend(true);
        document.getElementById('git-commit-message')?.focus();
      },
    },
    {
      id: 'git.discardActive',
      title: 'Discard Changes in the Active File…',
      category: 'Git',
      aliases: ['revert file', 'git checkout -- file', 'restore file', 'undo changes'],
      disabledReason: () => {
        const active = useEditor.getState().active;
        return needsIdle() ?? (!active ? 'Open a changed file first.' : changeOfProjectFile(active) ? undefined : `git sees no change in ${active}.`);
      },
      run: async () => {
        const row = changeOfProjectFile(useEditor.getState().active ?? '');
        if (row) await discard(row);
      },
    },
    { id: 'git.stageAll', title: 'Stage All Changes', category: 'Git', disabledReason: needsChanges('unstaged'), run: () => stageAll() },
    { id: 'git.unstageAll', title: 'Unstage All Changes', category: 'Git', disabledReason: needsChanges('staged'), run: () => unstageAll() },
    { id: 'git.push', title: 'Push', category: 'Git', disabledReason: needsUpstreamRemote, run: () => push() },
    { id: 'git.pull', title: 'Pull', category: 'Git', disabledReason: needsUpstreamRemote, run: () => pull() },
    { id: 'git.fetch', title: 'Fetch', category: 'Git', disabledReason: needsUpstreamRemote, run: () => fetchRemote() },
    {
      id: 'git.publish',
      title: 'Publish Branch',
      category: 'Git',
      disabledReason: () => needsIdle() ?? (syncAction(useGit.getState().status)?.kind === 'publish' ? undefined : publishBlocker()),
      run: () => publish(),
    },
    {
      id: 'git.stageSelectedLines',
      title: 'Stage Selected Lines',
      category: 'Git',
      disabledReason: () => selectedLinesDisabledReason() ?? (lineAction() === 'stage' ? undefined : 'The open diff shows staged changes: unstage lines instead.'),
      run: () => stageSelectedLines(),
    },
    {
      id: 'git.unstageSelectedLines',
      title: 'Unstage Selected Lines',
      category: 'Git',
      disabledReason: () => selectedLinesDisabledReason() ?? (lineAction() === 'unstage' ? undefined : 'The open diff shows unstaged changes: stage lines instead.'),
      run: () => stageSelectedLines(),
    },
    { id: 'git.checkout', title: 'Switch Branch…', category: 'Git', aliases: ['checkout branch'], disabledReason: needsIdle, run: () => openSwitcher() },
    { id: 'git.branchCreate', title: 'Create Branch…', category: 'Git', disabledReason: needsIdle, run: () => createBranch() },
    { id: 'git.stash', title: 'Stash Changes…', category: 'Git', aliases: ['shelve'], disabledReason: () => needsIdle() ?? (useGit.getState().status?.isRepo && (useGit.getState().status as { entries: unknown[] }).entries.length ? undefined : 'There are no changes to stash.'), run: () => stashPush() },
    { id: 'git.stashPop', title: 'Pop Latest Stash', category: 'Git', disabledReason: () => needsIdle() ?? (useGit.getState().stashes.length ? undefined : 'There are no stashes.'), run: () => stashAction('pop', 0) },
    { id: 'git.stashApply', title: 'Apply Latest Stash', category: 'Git', disabledReason: () => needsIdle() ?? (useGit.getState().stashes.length ? undefined : 'There are no stashes.'), run: () => stashAction('apply', 0) },
    { id: 'git.mergeAbort', title: 'Abort Merge', category: 'Git', disabledReason: () => needsIdle() ?? ((useGit.getState().status as { merging?: boolean } | null)?.merging ? undefined : 'No merge is in progress.'), run: () => mergeAbort() },
    {
      id: 'git.init',
      title: 'Initialise Repository',
      category: 'Git',
      disabledReason: () =>
        useProject.getState().status !== 'open' ? 'Open a project folder first.' : useGit.getState().status?.isRepo ? 'The project is already in a git repository.' : undefined,
      run: () => initRepo(),
    },
    { id: 'git.setIdentity', title: 'Set Author Name and Email…', category: 'Git', run: async () => void (await askIdentity()) },
    { id: 'git.enterCredentials', title: 'Enter Remote Credentials…', category: 'Git', disabledReason: needsRepo, run: () => enterCredentials() },
    {
      id: 'git.refresh',
      title: 'Refresh Source Control',
      category: 'Git',
      disabledReason: () => (useProject.getState().status === 'open' ? undefined : 'Open a project folder first.'),
      run: () => refreshAll(),
    },
    { id: 'git.closeDiff', title: 'Close Diff', category: 'Git', disabledReason: () => (useGit.getState().selection ? undefined : 'No diff is open.'), run: () => closeDiff() },
    { id: 'git.showHistory', title: 'Show Commit History', category: 'Git', disabledReason: needsRepo, run: () => (showGitView(), loadLog()) },
  ];
}
