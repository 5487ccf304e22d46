// The controller against a fake host: the retry flows (identity, credentials, stash and switch), the
// discard backup notice, and errors turned into messages with an action.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ErrorCode } from '../../../src-shared/ipc/contract';
import { ApiError, setApiClient } from '../../api';
import { installFakeClient, type FakeClient, type Handlers } from '../../testing/fake-client';
import { useDialog } from '../../kit/dialog';
import { useEditor } from '../editor/editor-store';
import { patchGit, resetGit, useGit } from './git-store';
import type { RepoStatus } from './git-model';
import { useGitPrompt, type PromptValues } from './git-prompt-store';
import { useNotices } from '../../state/notices';
import { useProject } from '../../state/project';
import { repoStatus } from '../../testing/git-status';
import { checkout, deleteBranch } from './git-branch-controller';
import { discard } from './git-changes-controller';
import { commit, setAmend } from './git-commit-controller';
import { installGit } from './git-controller';
import { push } from './git-remote-controller';
import { stashAction } from './git-stash-controller';
import { loadDiff, openCommitDiff } from './git-diff-controller';
import { toggleCommit } from './git-history-controller';
import { lineAction, selectedLinesDisabledReason, stageChosenLines, stageSelectedLines } from './git-lines-controller';

const status = repoStatus;

const fail = (code: ErrorCode, message: string) => new ApiError({ code, message });

/** What a repository with nothing going on answers; each test adds the channels it is about. */
const quietRepo: Handlers = {
  'git.status': () => status({ entries: [] }),
  'git.branches': () => ({ current: 'main', local: [], remote: [] }),
  'git.stash.list': () => [],
  'git.remotes': () => [],
  'git.identity.get': () => ({ identity: null, source: null }),
};

let host: FakeClient;
function fakeHost(handlers: Handlers): void {
  host = installFakeClient({ ...quietRepo, ...handlers });
}

/** Answers every prompt (form) and dialog that appears with the given values / choice. */
function answer(prompt: PromptValues | null, dialog?: string): () => void {
  const offPrompt = useGitPrompt.subscribe((s) => {
    if (s.queue.length) queueMicrotask(() => useGitPrompt.getState().answer(prompt));
  });
  const offDialog = useDialog.subscribe((s) => {
    if (s.queue.length && dialog) queueMicrotask(() => useDialog.getState().answer(dialog));
  });
  return () => {
    offPrompt();
    offDialog();
  };
}

const notices = () => useNotices.getState().notices.map((n) => n.message);
const called = (channel: string) => host.calls.filter((c) => c.channel === channel);

let off: () => void = () => {};

beforeEach(() => {
  resetGit();
  useNotices.setState({ notices: [] });
  useProject.setState({ status: 'open', info: { root: '/p', name: 'p', isGitRepo: true } });
  patchGit({ status: status() });
});

afterEach(() => {
  off();
  setApiClient(undefined);
});

describe('commit', () => {
  it('asks for an identity when the host needs one, saves it, and retries', async () => {
    fakeHost({
      'git.commit': (_req, n) => {
        if (n === 1) throw fail('identity-required', 'Commit needs an author name and email. Set your name and email once, then try again.');
        return { oid: 'b'.repeat(40), summary: 'fix', branch: 'main', merge: false };
      },
      'git.identity.set': () => ({ ok: true }),
      'git.log': () => ({ entries: [], next: null }),
    });
    off = answer({ name: 'Ada', email: 'ada@example.com' });
    patchGit({ message: 'fix' });
    await commit();
    expect(called('git.identity.set').map((c) => c.req)).toEqual([{ name: 'Ada', email: 'ada@example.com' }]);
    expect(called('git.commit')).toHaveLength(2);
    expect(useGit.getState().message).toBe('');
    expect(useGit.getState().error).toBeNull();
    expect(notices().some((m) => m.startsWith('Committed bbbbbbb on main'))).toBe(true);
  });

  it('amend fills an empty message box with the last commit message, and commits with amend', async () => {
    fakeHost({
      'git.log': () => ({ entries: [{ oid: 'd'.repeat(40), parents: [], author: { name: 'A', email: 'a@x' }, date: '2026-01-01T00:00:00Z', message: 'Old message\n\nBody\n', summary: 'Old message', files: [] }], next: null }),
      'git.commit': (req) => {
        expect(req).toEqual({ message: 'Old message\n\nBody', amend: true });
        return { oid: 'e'.repeat(40), summary: 'Old message', branch: 'main', merge: false };
      },
    });
    patchGit({ status: status({ entries: [] }) });
    await setAmend(true);
    expect(useGit.getState().message).toBe('Old message\n\nBody');
    await commit();
    expect(called('git.commit')).toHaveLength(1);
    expect(useGit.getState().amend).toBe(false);
  });

  it('asks about unsaved editor buffers first; Save All stops before committing', async () => {
    fakeHost({ 'git.commit': () => ({ oid: 'b'.repeat(40), summary: 'fix', branch: 'main', merge: false }) });
    useEditor.setState({ order: ['in/a.yaml'], buffers: { 'in/a.yaml': { path: 'in/a.yaml', language: 'yaml', savedHash: 'h', dirty: true, saving: false, conflict: null } } });
    patchGit({ message: 'fix' });
    off = answer(null, 'cancel');
    await commit();
    expect(called('git.commit')).toHaveLength(0);
    off();
    off = answer(null, 'anyway');
    await commit();
    expect(called('git.commit')).toHaveLength(1);
    useEditor.setState({ order: [], buffers: {} });
  });

  it('does not call the host without a message', async () => {
    fakeHost({});
    await commit();
    expect(called('git.commit')).toHaveLength(0);
  });
});

describe('push', () => {
  it('asks for credentials when the host wants them and retries with them', async () => {
    fakeHost({
      'git.push': (req, n) => {
        if (n === 1) throw fail('auth-required', 'push needs credentials (http://h/r.git).');
        expect(req).toEqual({ credentials: { username: 'alice', token: 't0k', remember: true } });
        return { remote: 'origin', branch: 'main', remoteRef: 'refs/heads/main', head: 'c'.repeat(40) };
      },
      'git.remotes': () => [{ name: 'origin', url: 'http://h/r.git' }],
    });
    off = answer({ username: 'alice', token: 't0k', remember: true });
    await push();
    expect(called('git.push')).toHaveLength(2);
    expect(notices()).toContain('Pushed main to origin (ccccccc).');
    expect(useGit.getState().busy).toBeNull();
  });

  it('keeps the error with an "Enter credentials" action when the user cancels', async () => {
    fakeHost({ 'git.push': () => { throw fail('auth-required', 'push needs credentials.'); } });
    off = answer(null);
    await push();
    expect(useGit.getState().error).toMatchObject({ op: 'Push', code: 'auth-required', actions: [{ command: 'git.enterCredentials' }] });
  });

  it('offers Pull when the remote has commits we do not have', async () => {
    fakeHost({
      'git.push': () => {
        throw fail('conflict', 'Push rejected (http://h/r.git): the remote branch has commits that you do not have. Pull first (and resolve conflicts if any), then push again.');
      },
    });
    await push();
    expect(useGit.getState().error?.actions).toEqual([{ command: 'git.pull', label: 'Pull' }]);
    expect(notices().at(-1)).toMatch(/Pull first/);
  });
});

describe('checkout', () => {
  it('offers "Stash and switch" when local changes are in the way, then switches', async () => {
    fakeHost({
      'git.checkout': (_req, n) => {
        if (n === 1) throw fail('uncommitted-changes', 'Switching to "dev" would overwrite uncommitted changes in in/a.yaml. Stash your changes, then try again.');
        return status({ branch: 'dev', entries: [] });
      },
      'git.stash.push': () => [{ index: 0, message: 'before switching to dev' }],
      // The refresh after the switch sees the new branch.
      'git.status': () => status({ branch: called('git.checkout').length >= 2 ? 'dev' : 'main', entries: [] }),
    });
    off = answer(null, 'stash');
    await checkout('dev');
    expect(called('git.stash.push').map((c) => c.req)).toEqual([{ message: 'before switching to dev' }]);
    expect(called('git.checkout')).toHaveLength(2);
    expect((useGit.getState().status as RepoStatus).branch).toBe('dev');
    expect(notices().some((m) => m.includes('stash@{0}'))).toBe(true);
  });

  it('leaves everything as it was when the user cancels', async () => {
    fakeHost({ 'git.checkout': () => { throw fail('uncommitted-changes', 'would overwrite'); } });
    off = answer(null, 'cancel');
    await checkout('dev');
    expect(called('git.stash.push')).toHaveLength(0);
    expect(called('git.checkout')).toHaveLength(1);
  });
});

describe('deleteBranch', () => {
  it('asks again before deleting a branch whose commits exist nowhere else, then forces', async () => {
    const list = { current: 'main', local: [{ name: 'main', current: true, oid: '1' }], remote: [] };
    fakeHost({
      'git.branch.delete': (req) => {
        if (!(req as { force?: boolean }).force) {
          throw fail('invalid-request', 'Branch "old" has commits that are not on the current branch nor on its remote; deleting it would lose them. Merge or push it first, or delete it with force.');
        }
        return list;
      },
    });
    const choices: string[] = [];
    const offDialog = useDialog.subscribe((s) => {
      const head = s.queue[0];
      if (head) queueMicrotask(() => useDialog.getState().answer(head.choices.some((c) => c.id === 'force') ? 'force' : 'delete'));
      if (head) choices.push(head.title);
    });
    off = offDialog;
    await deleteBranch('old');
    expect(called('git.branch.delete').map((c) => c.req)).toEqual([{ name: 'old' }, { name: 'old', force: true }]);
    expect(choices).toEqual(['Delete branch old?', 'old has unmerged commits']);
    expect(useGit.getState().branches).toEqual(list);
  });
});

describe('stash', () => {
  it('pops without asking, drops only after a confirmation', async () => {
    fakeHost({ 'git.stash.pop': () => [], 'git.stash.drop': () => [] });
    patchGit({ stashes: [{ index: 0, message: 'wip' }, { index: 1, message: 'older' }] });
    await stashAction('pop', 0);
    expect(called('git.stash.pop').map((c) => c.req)).toEqual([{ index: 0 }]);
    expect(notices()).toContain('Applied stash@{0} and removed it.');
    off = answer(null, 'cancel');
    await stashAction('drop', 1);
    expect(called('git.stash.drop')).toHaveLength(0);
    off();
    off = answer(null, 'drop');
    await stashAction('drop', 1);
    expect(called('git.stash.drop').map((c) => c.req)).toEqual([{ index: 1 }]);
    expect(useGit.getState().stashes).toEqual([]);
  });
});

describe('discard', () => {
  it('asks first and says where the backup went', async () => {
    fakeHost({ 'git.discard': () => ({ path: 'in/a.yaml', backup: '/app/git-backups/2026/in/a.yaml' }) });
    off = answer(null, 'discard');
    await discard({ path: 'in/a.yaml', area: 'unstaged' });
    expect(called('git.discard').map((c) => c.req)).toEqual([{ path: 'in/a.yaml' }]);
    expect(notices()).toContain('Discarded in/a.yaml. Backup: /app/git-backups/2026/in/a.yaml');
  });

  it('does nothing when the user cancels', async () => {
    fakeHost({});
    off = answer(null, 'cancel');
    await discard({ path: 'in/a.yaml', area: 'staged' });
    expect(called('git.discard')).toHaveLength(0);
  });
});

describe('events', () => {
  it('puts progress in the store and refreshes once after a burst of git.changed / file.changed events', async () => {
    fakeHost({ 'git.status': () => status({ entries: [] }) });
    // Fake timers: the debounce is checked by moving the clock, not by waiting.
    vi.useFakeTimers();
    const off = installGit();
    try {
      await vi.advanceTimersByTimeAsync(10); // the refresh for the open project
      host.calls.length = 0;
      host.emit('git.progress', { op: 'push', phase: 'Writing objects', loaded: 3, total: 10 });
      expect(useGit.getState().progress).toEqual({ op: 'push', phase: 'Writing objects', loaded: 3, total: 10 });
      host.emit('file.changed', { path: 'in/a.yaml', kind: 'changed' });
      host.emit('file.changed', { path: 'in/b.yaml', kind: 'changed' });
      host.emit('file.changed', { path: '.choreo/db/store.json', kind: 'changed' });
      await vi.advanceTimersByTimeAsync(399);
      expect(called('git.status')).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(called('git.status')).toHaveLength(1);
      host.calls.length = 0;
      host.emit('file.changed', { path: '.choreo/snapshots/x.json', kind: 'created' });
      await vi.advanceTimersByTimeAsync(1000);
      expect(called('git.status')).toHaveLength(0);
      host.emit('git.changed', { op: 'commit' });
      host.emit('git.changed', { op: 'push' });
      await vi.advanceTimersByTimeAsync(250);
      expect(called('git.status')).toHaveLength(1);
      expect(called('git.branches')).toHaveLength(1);
    } finally {
      off();
      vi.useRealTimers();
    }
  });
});

describe('chosen lines of the open diff', () => {
  const OLD = 'a: 1\nb: 2\n';
  const NEW = 'a: 10\nb: 2\nc: 3\n';
  const unstagedDiff = { path: 'in/a.yaml', oldText: OLD, newText: NEW, binary: false, oldId: 'i'.repeat(40), newId: 'w'.repeat(40) };

  it('sends the chosen lines with the ids of the diff they were chosen in, then follows the answer', async () => {
    fakeHost({
      'git.diff': () => unstagedDiff,
      'git.stage.lines': () => status({ entries: [{ path: 'in/a.yaml', staged: 'modified', unstaged: 'modified' }] }),
    });
    patchGit({ status: status({ entries: [{ path: 'in/a.yaml', unstaged: 'modified' }] }) });
    await loadDiff({ path: 'in/a.yaml', area: 'unstaged' });
    expect(lineAction()).toBe('stage');
    expect(selectedLinesDisabledReason()).toMatch(/Select changed lines/);
    patchGit({ lineSelection: { old: [], new: [3] } });
    expect(selectedLinesDisabledReason()).toBeUndefined();
    await stageSelectedLines();
    expect(called('git.stage.lines')[0]!.req).toEqual({ path: 'in/a.yaml', action: 'stage', lines: { old: [], new: [3] }, expect: { oldId: 'i'.repeat(40), newId: 'w'.repeat(40) } });
    expect(useGit.getState().lineSelection).toBeNull();
    expect(useGit.getState().status).toMatchObject({ entries: [{ path: 'in/a.yaml', staged: 'modified', unstaged: 'modified' }] });
  });

  it('a staged diff unstages; a refused stale choice shows the error and reloads the diff', async () => {
    fakeHost({
      'git.diff': () => unstagedDiff,
      'git.stage.lines': () => {
        throw fail('conflict', 'in/a.yaml changed since its diff was shown, so the chosen lines may no longer be the ones you saw. Look at the refreshed diff and choose the lines again.');
      },
    });
    await loadDiff({ path: 'in/a.yaml', area: 'staged' });
    expect(lineAction()).toBe('unstage');
    await stageChosenLines({ old: [1], new: [1] });
    expect(called('git.stage.lines')[0]!.req).toMatchObject({ action: 'unstage' });
    expect(useGit.getState().error?.message).toMatch(/changed since its diff was shown/);
    await vi.waitFor(() => expect(called('git.diff')).toHaveLength(2));
  });

  it('a file of a past commit: its diff loads with the commit, and lines cannot be staged from it', async () => {
    fakeHost({ 'git.diff': () => ({ ...unstagedDiff, oldId: 'p'.repeat(40), newId: 'q'.repeat(40) }) });
    openCommitDiff('abc1234', 'in/a.yaml');
    await vi.waitFor(() => expect(useGit.getState().diff?.area).toBe('commit'));
    expect(called('git.diff')[0]!.req).toEqual({ path: 'in/a.yaml', against: 'head', commit: 'abc1234' });
    expect(lineAction()).toBeNull();
    // the working tree's status does not close it
    patchGit({ status: status({ entries: [] }) });
    (await import('./git-refresh')).applyStatus(status({ entries: [] }));
    expect(useGit.getState().selection).toMatchObject({ area: 'commit', commit: 'abc1234' });
  });

  it('a history entry expands to its files, then their change letters from git.show', async () => {
    fakeHost({ 'git.show': ({ oid }) => ({ oid, parents: [], author: { name: 'A', email: 'a@x' }, date: '2024-01-01T00:00:00.000Z', message: 'm\n', files: [{ path: 'in/a.yaml', change: 'added' }] }) });
    await toggleCommit('abc1234');
    expect(useGit.getState()).toMatchObject({ expandedCommit: 'abc1234', commitDetails: { oid: 'abc1234', files: [{ path: 'in/a.yaml', change: 'added' }] } });
    await toggleCommit('abc1234');
    expect(useGit.getState()).toMatchObject({ expandedCommit: null, commitDetails: null });
  });
});
