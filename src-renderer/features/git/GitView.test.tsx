// @vitest-environment jsdom
// The Source Control panel against a fake host: the change lists (conflicts, staged, unstaged) with
// their letters and counts, staging a file (the list follows the host's answer), the commit box's
// disabled reasons and a commit, the ahead/behind label, and a folder that is not a repository yet.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Response } from '../../../src-shared/ipc/contract';
import { commands } from '../../kit/commands';
import { useProject } from '../../state/project';
import { installFakeClient, type FakeClient, type Handlers } from '../../testing/fake-client';
import { repoStatus } from '../../testing/git-status';
import type { RepoStatus } from './git-model';
import { gitCommands } from './git-controller';
import { resetGit, useGit } from './git-store';
import { GitView } from './GitView';
import { useEngine } from '../run/engine-store';
import { useLayout } from '../../state/layout';
import { useSettings } from '../../state/settings';
import { useDialog } from '../../kit/dialog';
import { changedText, planResponse } from '../../testing/responses';

vi.mock('../../kit/VirtualRows', () => import('../../testing/stub-virtual-rows'));

type Status = Response<'git.status'>;
type Entry = Extract<Status, { isRepo: true }>['entries'][number];
const repo = (entries: Entry[], patch: Partial<RepoStatus> = {}): Status => repoStatus({ entries, ...patch });

const initial: Entry[] = [
  { path: 'in/greeters.yaml', staged: 'modified' },
  { path: 'reconcilers/hello.star', unstaged: 'modified' },
  { path: 'in/new.yaml', unstaged: 'untracked' },
];

let host: FakeClient;
let status: Status;
function start(extra: Handlers = {}) {
  host = installFakeClient({
    'git.status': () => status,
    'git.branches': () => ({ current: 'main', local: [{ name: 'main', head: 'a'.repeat(40) }], remote: [] }) as never,
    'git.stash.list': () => [],
    'git.log': () => ({ entries: [], next: null }),
    'git.identity.get': () => ({ identity: { name: 'Ada', email: 'ada@example.com' }, source: 'app' }),
    ...extra,
  });
}
const letters = (testId: string) => within(screen.getByTestId(testId)).getAllByRole('button').filter((b) => b.dataset.testid?.startsWith('git-change-')).map((b) => `${b.querySelector('.letter')!.textContent} ${b.querySelector('.name')!.textContent}`);

let offCommands: (() => void)[] = [];
beforeAll(() => {
  start();
  offCommands = gitCommands().map((c) => commands.register(c));
});
afterAll(() => offCommands.forEach((off) => off()));
beforeEach(() => {
  status = repo(initial);
  resetGit();
  useProject.setState({ status: 'open', info: { root: '/p', name: 'p', isGitRepo: true } });
  start();
});
afterEach(cleanup);

describe('GitView', () => {
  it('groups the changes into staged and unstaged lists with letters and counts', async () => {
    render(<GitView />);
    await screen.findByTestId('git-staged');
    expect(letters('git-staged')).toEqual(['M greeters.yaml']);
    expect(letters('git-unstaged')).toEqual(['U new.yaml', 'M hello.star']);
    expect(within(screen.getByTestId('git-unstaged')).getByText('2', { selector: '.count' })).toBeTruthy();
    expect(screen.queryByTestId('git-conflicted')).toBeNull();
  });

  it('stages a file and shows the status the host answers with', async () => {
    start({
      'git.stage': ({ paths }) => (status = repo(initial.map((e) => (paths.includes(e.path) ? { path: e.path, staged: 'modified' } : e)))),
    });
    render(<GitView />);
    const row = await screen.findByTestId('git-change-unstaged-reconcilers/hello.star');
    fireEvent.click(within(row).getByTestId('git-stage'));
    await waitFor(() => expect(letters('git-staged')).toEqual(['M greeters.yaml', 'M hello.star']));
    expect(host.calls).toContainEqual({ channel: 'git.stage', req: { paths: ['reconcilers/hello.star'] } });
    expect(letters('git-unstaged')).toEqual(['U new.yaml']);
  });

  it('the commit button says why it is disabled, then commits the staged changes with the message', async () => {
    start({ 'git.commit': ({ message }) => ((status = repo([initial[1]!, initial[2]!])), { oid: 'b'.repeat(40), summary: message, branch: 'main', merge: false }) });
    render(<GitView />);
    const button = await screen.findByTestId('git-commit');
    expect(button).toHaveProperty('disabled', true);
    expect(button.title).toBe('Type a commit message first.');
    fireEvent.change(screen.getByTestId('git-commit-message'), { target: { value: 'Greet in French' } });
    expect(button).toHaveProperty('disabled', false);
    fireEvent.click(button);
    await waitFor(() => expect(host.calls.some((c) => c.channel === 'git.commit')).toBe(true));
    expect(host.calls.find((c) => c.channel === 'git.commit')!.req).toEqual({ message: 'Greet in French' });
    await waitFor(() => expect(screen.queryByTestId('git-staged')).toBeNull());
    expect((screen.getByTestId('git-commit-message') as HTMLTextAreaElement).value).toBe('');
  });

  it('with nothing staged, Commit offers "Stage All and Commit" and then commits every change', async () => {
    status = repo([initial[1]!, initial[2]!]);
    start({
      'git.stage': ({ paths }) => (status = repo(paths.map((path) => ({ path, staged: path.endsWith('new.yaml') ? 'added' : 'modified' })))),
      'git.commit': ({ message }) => ((status = repo([])), { oid: 'c'.repeat(40), summary: message, branch: 'main', merge: false }),
    });
    render(<GitView />);
    fireEvent.change(await screen.findByTestId('git-commit-message'), { target: { value: 'Everything' } });
    expect(screen.getByTestId('git-commit')).toHaveProperty('disabled', false);
    const { useDialog } = await import('../../kit/dialog');
    void commands.execute('git.commit');
    await waitFor(() => expect(useDialog.getState().queue[0]?.title).toBe('There are no staged changes'));
    expect(useDialog.getState().queue[0]!.message).toMatch(/Stage all 2 changed files/);
    expect(host.calls.some((c) => c.channel === 'git.commit')).toBe(false);
    useDialog.getState().answer('stage');
    await waitFor(() => expect(host.calls.some((c) => c.channel === 'git.commit')).toBe(true));
    expect(host.calls.find((c) => c.channel === 'git.stage')!.req).toEqual({ paths: ['in/new.yaml', 'reconcilers/hello.star'] });
    await waitFor(() => expect(screen.getByTestId('git-clean')).toBeTruthy());
  });

  it('"Cancel" on the stage-all offer commits nothing; a conflict blocks a commit and is listed first', async () => {
    status = repo([initial[1]!]);
    render(<GitView />);
    fireEvent.change(await screen.findByTestId('git-commit-message'), { target: { value: 'x' } });
    const { useDialog } = await import('../../kit/dialog');
    const done = commands.execute('git.commit');
    await waitFor(() => expect(useDialog.getState().queue).toHaveLength(1));
    useDialog.getState().answer('cancel');
    await done;
    expect(host.calls.filter((c) => c.channel === 'git.stage' || c.channel === 'git.commit')).toEqual([]);
    cleanup();
    status = repo([{ path: 'in/a.yaml', conflicted: true }, ...initial], { merging: true });
    resetGit();
    render(<GitView />);
    await screen.findByTestId('git-conflicted');
    expect(letters('git-conflicted')).toEqual(['C a.yaml']);
    expect(screen.getByTestId('git-commit').title).toBe('Resolve the conflicts and stage the files first.');
  });

  it('shows how far the branch is ahead of and behind its upstream, and the sync button pulls first', async () => {
    status = repo(initial, { tracking: { upstream: 'origin/main', ahead: 2, behind: 1 }, remote: 'origin' });
    start({ 'git.pull': () => ((status = repo(initial, { tracking: { upstream: 'origin/main', ahead: 3, behind: 0 }, remote: 'origin' })), { kind: 'merge', head: 'd'.repeat(40), conflicts: [] }) });
    render(<GitView />);
    expect((await screen.findByTestId('git-sync')).textContent).toBe('↑2 ↓1');
    const sync = screen.getByTestId('git-sync-button');
    expect(sync.textContent).toBe('Pull ↓1');
    fireEvent.click(sync);
    await waitFor(() => expect(screen.getByTestId('git-sync-button').textContent).toBe('Push ↑3'));
    expect(host.calls.some((c) => c.channel === 'git.pull')).toBe(true);
  });

  it('a branch without upstream offers Publish branch (a push that sets the upstream); no remote, no button', async () => {
    status = repo(initial, { remote: 'origin' });
    start({ 'git.push': () => ((status = repo(initial, { remote: 'origin', tracking: { upstream: 'origin/main', ahead: 0, behind: 0 } })), { remote: 'origin', branch: 'main', remoteRef: 'refs/heads/main', head: 'a'.repeat(40) }) });
    render(<GitView />);
    fireEvent.click(await screen.findByTestId('git-sync-button'));
    await waitFor(() => expect(screen.getByTestId('git-sync-button').textContent).toBe('Fetch'));
    expect(screen.getByTestId('git-sync').textContent).toBe('in sync with origin/main');
    cleanup();
    status = repo(initial, { remote: null });
    resetGit();
    render(<GitView />);
    await screen.findByTestId('git-staged');
    expect(screen.queryByTestId('git-sync-button')).toBeNull();
    expect(screen.getByText('no remote')).toBeTruthy();
  });

  it('a folder without git offers to initialise one, and shows the new repository after', async () => {
    status = { isRepo: false };
    start({ 'git.init': () => (status = repo([])) });
    render(<GitView />);
    fireEvent.click(await screen.findByTestId('git-init'));
    expect(await screen.findByTestId('git-clean')).toBeTruthy();
    expect(host.calls.some((c) => c.channel === 'git.init')).toBe(true);
    expect(useGit.getState().status?.isRepo).toBe(true);
  });
  it('"Compare with…" on a history commit: against the last run at once, or the compare picker with the commit as side A', async () => {
    const oid = 'c0ffee'.padEnd(40, '0');
    start({ 'git.log': () => ({ entries: [{ oid, parents: [], author: { name: 'A', email: 'a@example.com' }, date: '2026-01-01T09:00:00Z', message: 'first\n', summary: 'first', files: [] }], next: null }) });
    useEngine.getState().reset();
    render(<GitView />);
    fireEvent.click(within(await screen.findByTestId('git-history')).getByRole('button', { expanded: false }));
    const row = await screen.findByTestId('git-commit-item');
    // the row's compare button opens the menu (and does not expand the commit)
    fireEvent.click(within(row).getByTestId('git-commit-compare'));
    expect(screen.getByTestId('git-commit-menu').textContent).toContain('c0ffee0 first');
    fireEvent.click(screen.getByTestId('git-commit-compare-last'));
    expect(screen.queryByTestId('git-commit-menu')).toBeNull();
    expect(useEngine.getState().snapshots).toMatchObject({ from: `rev:${oid}`, to: 'latest', pick: null });
    expect(useLayout.getState()).toMatchObject({ panelVisible: true, panelTab: 'snapshots' });
    expect(useGit.getState().expandedCommit).toBeNull();
    // right-click: the same menu; "Compare with…" presets the picker instead of comparing
    fireEvent.contextMenu(row);
    fireEvent.click(screen.getByTestId('git-commit-compare-pick'));
    expect(useEngine.getState().snapshots.pick).toEqual({ from: `rev:${oid}`, to: 'latest' });
    // Escape closes the menu without doing anything
    fireEvent.contextMenu(row);
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('git-commit-menu')).toBeNull();
  });
  it('"Plan first" on: Commit plans the staged files and asks with what they would change; Cancel commits nothing, Commit commits', async () => {
    const planned = planResponse({ source: 'staged', files: ['in/greeters.yaml'], against: 'abc', items: [changedText('a', 'b')], counts: { add: 0, change: 1, destroy: 0 }, durationMs: 3 });
    start({ 'plan.compute': () => planned, 'git.commit': ({ message }) => ({ oid: 'b'.repeat(40), summary: message, branch: 'main', merge: false }) });
    render(<GitView />);
    fireEvent.click(await screen.findByTestId('git-plan-first'));
    expect(useSettings.getState().planBeforeCommit).toBe(true);
    fireEvent.change(screen.getByTestId('git-commit-message'), { target: { value: 'Greet' } });
    try {
      const commitCalls = () => host.calls.filter((c) => c.channel === 'git.commit').length;
      const askedPlan = async () => {
        await waitFor(() => expect(useDialog.getState().queue).toHaveLength(1));
        return useDialog.getState().queue[0]!;
      };
      fireEvent.click(screen.getByTestId('git-commit'));
      let asked = await askedPlan();
      expect(asked.title).toBe('The commit would change 1 object (+0 ~1 -0)');
      expect(asked.detail).toContain('~ spec.text: "a" → "b"');
      expect(asked.choices.map((c) => c.label)).toEqual(['Cancel', 'Show Plan', 'Commit']);
      expect(host.calls.some((c) => c.channel === 'plan.compute' && (c.req as { source: string }).source === 'staged')).toBe(true);
      useDialog.getState().answer('cancel');
      await waitFor(() => expect(screen.getByTestId('git-commit')).toHaveProperty('disabled', false));
      expect(commitCalls()).toBe(0);
      expect((screen.getByTestId('git-commit-message') as HTMLTextAreaElement).value).toBe('Greet');
      // again, and commit
      fireEvent.click(screen.getByTestId('git-commit'));
      asked = await askedPlan();
      useDialog.getState().answer('commit');
      await waitFor(() => expect(commitCalls()).toBe(1));
      // off: Commit commits at once, without asking
      fireEvent.click(screen.getByTestId('git-plan-first'));
      status = repo(initial);
      fireEvent.change(screen.getByTestId('git-commit-message'), { target: { value: 'Again' } });
      fireEvent.click(screen.getByTestId('git-commit'));
      await waitFor(() => expect(commitCalls()).toBe(2));
      expect(useDialog.getState().queue).toHaveLength(0);
    } finally {
      useSettings.getState().set({ planBeforeCommit: false });
      while (useDialog.getState().queue.length) useDialog.getState().answer('cancel');
    }
  });
});
