import { describe, expect, it } from 'vitest';
import {
  affectsStatus,
  branchItems,
  branchLabel,
  branchNameProblem,
  cloneProblem,
  repoNameOf,
  shortRef,
  stashLabel,
  changedCount,
  commitBlocker,
  needsStageAll,
  syncAction,
  fileChangeLetter,
  debounced,
  diffRequestOf,
  errorActions,
  groupChanges,
  historyRows,
  mergeLogPage,
  progressFraction,
  progressText,
  projectPathOf,
  syncLabel,
  type GitLogEntry,
  type GitStatus,
  type RepoStatus,
  type Timers,
} from './git-model';

const repo = (patch: Partial<RepoStatus> = {}): RepoStatus => ({
  isRepo: true,
  repoRoot: '/r',
  projectPrefix: '',
  branch: 'main',
  head: 'a'.repeat(40),
  merging: false,
  entries: [],
  workspace: null,
  tracking: null,
  ...patch,
});

const commitEntry = (oid: string, files: string[] = []): GitLogEntry => ({
  oid,
  parents: [],
  author: { name: 'A', email: 'a@x' },
  date: '2026-01-01T00:00:00Z',
  message: `msg ${oid}\n`,
  summary: `msg ${oid}`,
  files,
});

describe('groupChanges', () => {
  it('puts a file with staged and unstaged changes in both lists, conflicts only in their own, sorted by path', () => {
    const g = groupChanges([
      { path: 'z.yaml', unstaged: 'untracked' },
      { path: 'in/a.yaml', staged: 'modified', unstaged: 'modified' },
      { path: 'b.star', staged: 'added' },
      { path: 'c.yaml', conflicted: true, staged: 'modified' },
      { path: 'd.yaml', unstaged: 'deleted' },
    ]);
    expect(g.conflicted.map((r) => [r.path, r.letter, r.tone])).toEqual([['c.yaml', 'C', 'conflict']]);
    expect(g.staged.map((r) => [r.path, r.letter, r.tone])).toEqual([
      ['b.star', 'A', 'add'],
      ['in/a.yaml', 'M', 'mod'],
    ]);
    expect(g.unstaged.map((r) => [r.path, r.letter, r.tone])).toEqual([
      ['d.yaml', 'D', 'del'],
      ['in/a.yaml', 'M', 'mod'],
      ['z.yaml', 'U', 'add'],
    ]);
  });

  it('counts changed files for the title bar', () => {
    expect(changedCount(null)).toBe(0);
    expect(changedCount({ isRepo: false })).toBe(0);
    expect(changedCount(repo({ entries: [{ path: 'a', staged: 'added' }, { path: 'b', unstaged: 'modified' }] }))).toBe(2);
  });
});

describe('paths and diff requests', () => {
  it('maps repository paths into the project folder, or null outside it', () => {
    expect(projectPathOf('in/a.yaml', '')).toBe('in/a.yaml');
    expect(projectPathOf('proj/in/a.yaml', 'proj')).toBe('in/a.yaml');
    expect(projectPathOf('other/a.yaml', 'proj')).toBeNull();
    expect(projectPathOf('project2/a.yaml', 'proj')).toBeNull();
  });

  it('compares unstaged changes with the index and staged ones with HEAD', () => {
    expect(diffRequestOf({ path: 'a', area: 'unstaged' })).toEqual({ path: 'a', against: 'index' });
    expect(diffRequestOf({ path: 'a', area: 'staged' })).toEqual({ path: 'a', against: 'head', side: 'index' });
    expect(diffRequestOf({ path: 'a', area: 'conflicted' })).toEqual({ path: 'a', against: 'head', side: 'workdir' });
    expect(diffRequestOf({ path: 'a', area: 'commit', commit: 'abc1234' })).toEqual({ path: 'a', against: 'head', commit: 'abc1234' });
  });
});

describe('labels', () => {
  it('names the branch, a detached head, or the lack of a repository', () => {
    expect(branchLabel(null)).toBe('…');
    expect(branchLabel({ isRepo: false })).toBe('no git');
    expect(branchLabel(repo())).toBe('main');
    expect(branchLabel(repo({ branch: null, head: '3f2a1b0c'.padEnd(40, '0') }))).toBe('detached 3f2a1b0');
  });

  it('summarises ahead/behind, empty when in sync or without upstream', () => {
    expect(syncLabel(repo())).toBe('');
    expect(syncLabel(repo({ tracking: { upstream: 'origin/main', ahead: 0, behind: 0 } }))).toBe('');
    expect(syncLabel(repo({ tracking: { upstream: 'origin/main', ahead: 2, behind: 1 } }))).toBe('↑2 ↓1');
  });
});

describe('commitBlocker', () => {
  const staged = repo({ entries: [{ path: 'a', staged: 'modified' }] });
  it('allows a commit with a message and staged changes', () => {
    expect(commitBlocker(staged, 'fix', false)).toBeUndefined();
  });
  it('says what is missing', () => {
    expect(commitBlocker(null, 'x', false)).toMatch(/loading/);
    expect(commitBlocker({ isRepo: false } as GitStatus, 'x', false)).toMatch(/initialise/);
    expect(commitBlocker(staged, '   ', false)).toMatch(/commit message/);
    expect(commitBlocker(repo({ entries: [] }), 'fix', false)).toMatch(/no changes to commit/);
    expect(commitBlocker(repo({ entries: [{ path: 'a', conflicted: true }] }), 'fix', false)).toMatch(/conflicts/);
    expect(commitBlocker(repo({ entries: [{ path: 'a', staged: 'added' }], workspace: { url: 'u', ref: 'v1', commit: 'c', branch: null, readOnly: true } }), 'fix', false)).toMatch(/read-only/);
  });
  it('lets amend and a merge commit go without staged changes', () => {
    expect(commitBlocker(repo(), 'better message', true)).toBeUndefined();
    expect(commitBlocker(repo({ merging: true }), 'Merge', false)).toBeUndefined();
  });
  it('with only unstaged changes, a commit is possible after staging them all', () => {
    const unstaged = repo({ entries: [{ path: 'a', unstaged: 'modified' }, { path: 'b', unstaged: 'untracked' }] });
    expect(commitBlocker(unstaged, 'fix', false)).toBeUndefined();
    expect(needsStageAll(unstaged, false)).toBe(true);
    expect(needsStageAll(unstaged, true)).toBe(false);
    expect(needsStageAll(repo({ entries: [{ path: 'a', staged: 'modified' }, { path: 'b', unstaged: 'modified' }] }), false)).toBe(false);
    expect(needsStageAll(repo({ entries: [{ path: 'a', unstaged: 'modified' }], merging: true }), false)).toBe(false);
  });
});

describe('syncAction', () => {
  const tracking = (ahead: number, behind: number) => ({ upstream: 'origin/main', ahead, behind });
  it('offers Publish for a branch without upstream, then Pull, Push or Fetch', () => {
    expect(syncAction(repo({ remote: 'origin' }))).toMatchObject({ kind: 'publish', label: 'Publish branch', command: 'git.publish' });
    expect(syncAction(repo({ remote: 'origin', tracking: tracking(2, 3) }))).toMatchObject({ kind: 'pull', label: 'Pull ↓3' });
    expect(syncAction(repo({ remote: 'origin', tracking: tracking(2, 3) }))!.title).toMatch(/then push your 2 commits/);
    expect(syncAction(repo({ remote: 'origin', tracking: tracking(1, 0) }))).toMatchObject({ kind: 'push', label: 'Push ↑1', command: 'git.push' });
    expect(syncAction(repo({ remote: 'origin', tracking: tracking(0, 0) }))).toMatchObject({ kind: 'fetch', label: 'Fetch' });
  });
  it('offers nothing without a remote, a branch, a commit, or in a read-only workspace', () => {
    expect(syncAction(repo({ remote: null }))).toBeNull();
    expect(syncAction(repo({ remote: 'origin', branch: null }))).toBeNull();
    expect(syncAction(repo({ remote: 'origin', head: null }))).toBeNull();
    expect(syncAction(repo({ remote: 'origin', workspace: { url: 'u', ref: 'v1', commit: 'c', branch: null, readOnly: true } }))).toBeNull();
    expect(syncAction({ isRepo: false })).toBeNull();
  });
});

describe('progress', () => {
  it('shows a percentage when the phase has a total', () => {
    expect(progressText({ op: 'push', phase: 'Writing objects', loaded: 3, total: 10 })).toBe('Pushing: Writing objects 3/10 (30%)');
    expect(progressText({ op: 'fetch', phase: 'Counting objects', loaded: 120 })).toBe('Fetching: Counting objects 120');
    expect(progressText({ op: 'pull', phase: '', loaded: 0 })).toBe('Pulling');
    expect(progressFraction({ op: 'push', phase: 'x', loaded: 5, total: 4 })).toBe(1);
    expect(progressFraction({ op: 'push', phase: 'x', loaded: 5 })).toBeNull();
    expect(progressFraction(null)).toBeNull();
  });
});

describe('errorActions', () => {
  it('turns the next step of each typed git error into a command', () => {
    expect(errorActions('auth-required', 'Push needs credentials')).toEqual([{ command: 'git.enterCredentials', label: 'Enter credentials' }]);
    expect(errorActions('uncommitted-changes', 'would overwrite')[0]!.command).toBe('git.stash');
    expect(errorActions('identity-required', '')[0]!.command).toBe('git.setIdentity');
    expect(errorActions('not-a-repo', '')[0]!.command).toBe('git.init');
    expect(errorActions('conflict', 'Push rejected (http://x): the remote branch has commits that you do not have. Pull first (and resolve conflicts if any), then push again.')).toEqual([
      { command: 'git.pull', label: 'Pull' },
    ]);
    expect(errorActions('conflict', 'Pull failed: some files still have merge conflicts.')[0]!.command).toBe('git.mergeAbort');
    expect(errorActions('internal', 'boom')).toEqual([]);
    expect(errorActions(undefined, 'boom')).toEqual([]);
  });
});

describe('history', () => {
  it('replaces on the first page and appends later pages without duplicates', () => {
    const first = mergeLogPage({ entries: [commitEntry('x')], next: null }, { entries: [commitEntry('a'), commitEntry('b')], next: 2 }, 0);
    expect(first.entries.map((e) => e.oid)).toEqual(['a', 'b']);
    const second = mergeLogPage(first, { entries: [commitEntry('b'), commitEntry('c')], next: null }, 2);
    expect(second.entries.map((e) => e.oid)).toEqual(['a', 'b', 'c']);
    expect(second.next).toBeNull();
  });

  it('flattens commits, the expanded commit files and a trailing "more" row', () => {
    const rows = historyRows([commitEntry('a', ['in/x.yaml', 'y.star']), commitEntry('b', ['z'])], 'a', true);
    expect(rows.map((r) => (r.kind === 'commit' ? `c:${r.entry.oid}` : r.kind === 'file' ? `f:${r.path}` : 'more'))).toEqual(['c:a', 'f:in/x.yaml', 'f:y.star', 'c:b', 'more']);
    expect(historyRows([], null, false)).toEqual([]);
  });

  it("lists the expanded commit's files with their change letters once its details arrived", () => {
    const details = { oid: 'a', parents: [], author: { name: 'A', email: 'a@x' }, date: '', message: 'm', files: [{ path: 'in/x.yaml', change: 'deleted' as const }, { path: 'n.star', change: 'added' as const }] };
    const rows = historyRows([commitEntry('a', ['in/x.yaml', 'n.star'])], 'a', false, details);
    expect(rows.slice(1).map((r) => (r.kind === 'file' ? `${fileChangeLetter(r.change!).letter} ${r.path}` : ''))).toEqual(['D in/x.yaml', 'A n.star']);
    // details of another commit are not used
    expect(historyRows([commitEntry('b', ['z'])], 'b', false, details).map((r) => (r.kind === 'file' ? r.change : r.kind))).toEqual(['commit', undefined]);
  });
});

describe('branches', () => {
  it('checks new branch names', () => {
    expect(branchNameProblem('feature/x', ['main'])).toBeUndefined();
    expect(branchNameProblem('', [])).toMatch(/Type/);
    expect(branchNameProblem('my branch', [])).toMatch(/spaces/);
    expect(branchNameProblem('a..b', [])).toMatch(/valid/);
    expect(branchNameProblem('x.lock', [])).toMatch(/valid/);
    expect(branchNameProblem('what?', [])).toMatch(/cannot contain/);
    expect(branchNameProblem('main', ['main'])).toMatch(/already exists/);
  });

  it('lists the current branch first, then local, then remote ones without a local twin, filtered', () => {
    const list = {
      current: 'dev',
      local: [
        { name: 'main', current: false, oid: '1', upstream: 'origin/main' },
        { name: 'dev', current: true, oid: '2' },
      ],
      remote: ['origin/HEAD', 'origin/main', 'origin/feature'],
    };
    expect(branchItems(list, '').map((b) => `${b.kind}:${b.name}`)).toEqual(['local:dev', 'local:main', 'remote:origin/feature']);
    expect(branchItems(list, 'FEA').map((b) => b.name)).toEqual(['origin/feature']);
    expect(branchItems(null, '')).toEqual([]);
  });
});

describe('refresh scheduling', () => {
  it('runs once after a burst, and not at all after cancel', () => {
    const pending = new Map<number, () => void>();
    let id = 0;
    const timers: Timers = {
      set: (fn) => {
        pending.set(++id, fn);
        return id as unknown as ReturnType<typeof setTimeout>;
      },
      clear: (h) => void pending.delete(h as unknown as number),
    };
    let calls = 0;
    const d = debounced(() => calls++, 300, timers);
    d();
    d();
    d();
    expect(pending.size).toBe(1);
    const due = [...pending.values()];
    pending.clear();
    due.forEach((fn) => fn());
    expect(calls).toBe(1);
    d();
    d.cancel();
    expect(pending.size).toBe(0);
  });

  it('uses the real timers unbound by default (a bound-to-object setTimeout throws in browsers)', async () => {
    let calls = 0;
    const d = debounced(() => calls++, 1);
    d();
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(1);
  });

  it('ignores engine state and the git folder', () => {
    expect(affectsStatus('in/a.yaml')).toBe(true);
    expect(affectsStatus('.choreo/db/x')).toBe(false);
    expect(affectsStatus('.git/index')).toBe(false);
    expect(affectsStatus('.gitignore')).toBe(true);
  });
});

describe('clone form', () => {
  it('names the folder after the repository', () => {
    expect(repoNameOf('https://github.com/kform-dev/choreo-examples.git')).toBe('choreo-examples');
    expect(repoNameOf('http://127.0.0.1:8080/remote.git/')).toBe('remote');
    expect(repoNameOf('https://')).toBe('');
    expect(repoNameOf('')).toBe('');
  });

  it('says what is wrong before the host is asked', () => {
    expect(cloneProblem('', '/tmp/x', '')).toMatch(/URL/);
    expect(cloneProblem('git@github.com:org/repo.git', '/tmp/x', '')).toMatch(/SSH/);
    expect(cloneProblem('github.com/org/repo', '/tmp/x', '')).toMatch(/http/);
    expect(cloneProblem('https://github.com/org/repo', '', '')).toMatch(/folder/);
    expect(cloneProblem('https://github.com/org/repo', 'relative/dir', '')).toMatch(/absolute/);
    expect(cloneProblem('https://github.com/org/repo', '~/code/repo', '')).toBeUndefined();
    // A pinned reference goes to an app workspace: no folder needed.
    expect(cloneProblem('https://github.com/org/repo', '', 'v1.0.0')).toBeUndefined();
  });
});

describe('stashLabel', () => {
  it('drops the stash@{n} prefix', () => {
    expect(stashLabel('stash@{0}: On main: wip')).toBe('On main: wip');
    expect(stashLabel('plain')).toBe('plain');
    expect(stashLabel('stash@{2}: ')).toBe('(no message)');
  });
});

describe('shortRef', () => {
  it('shortens hashes only', () => {
    expect(shortRef('97c3b5d932121a21e01e4e295b0d7fc56f97587c')).toBe('97c3b5d');
    expect(shortRef('v1.0.0')).toBe('v1.0.0');
    expect(shortRef('main')).toBe('main');
  });
});
