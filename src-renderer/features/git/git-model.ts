// Pure logic of the Git panel: grouping status entries, labels, progress text, which action follows a
// git error, history paging. No React, no zustand, no I/O, so it is tested in node (git-model.test.ts).
import type { ErrorCode, EventPayload, Response } from '../../../src-shared/ipc/contract';

export type GitStatus = Response<'git.status'>;
export type RepoStatus = Extract<GitStatus, { isRepo: true }>;
export type GitEntry = RepoStatus['entries'][number];
export type GitBranches = Response<'git.branches'>;
export type GitStash = Response<'git.stash.list'>[number];
export type GitLogEntry = Response<'git.log'>['entries'][number];
export type GitProgress = EventPayload<'git.progress'>;
export type GitCommitDetails = Response<'git.show'>;
export type GitFileChange = GitCommitDetails['files'][number]['change'];

/** Which list a changed file sits in; a file with staged and unstaged changes sits in both. */
export type ChangeArea = 'conflicted' | 'staged' | 'unstaged';

/** Where a diff shown over the editor comes from: one of the change lists, or a file of a past commit. */
export type DiffArea = ChangeArea | 'commit';

/** The file whose diff is open: a change (path + list), or a file of commit `commit`. */
export interface DiffSelection {
  path: string;
  area: DiffArea;
  /** The commit, for area 'commit'. */
  commit?: string;
}

export interface ChangeRow {
  path: string;
  area: ChangeArea;
  /** One letter as git shows it: M, A, D, U (untracked), C (conflict). */
  letter: string;
  /** Words for the tooltip: "modified", "added to the index"… */
  label: string;
  /** Tone for the letter: added/untracked green, deleted red, modified amber, conflict red. */
  tone: 'add' | 'del' | 'mod' | 'conflict';
}

export interface ChangeGroups {
  conflicted: ChangeRow[];
  staged: ChangeRow[];
  unstaged: ChangeRow[];
}

/** An action offered next to a git error (each is a command id of the Git panel). */
export interface GitErrorAction {
  command: string;
  label: string;
}

export interface GitErrorView {
  /** What was being done, e.g. "Push". */
  op: string;
  /** The bold first words; default "<op> failed." */
  headline?: string;
  message: string;
  code: ErrorCode | undefined;
  actions: GitErrorAction[];
}

// ---------------------------------------------------------------------------------------------
// Changes

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function groupChanges(entries: readonly GitEntry[]): ChangeGroups {
  const groups: ChangeGroups = { conflicted: [], staged: [], unstaged: [] };
  for (const e of entries) {
    if (e.conflicted) {
      groups.conflicted.push({ path: e.path, area: 'conflicted', letter: 'C', label: 'merge conflict', tone: 'conflict' });
      continue;
    }
    if (e.staged) {
      const tone = e.staged === 'added' ? 'add' : e.staged === 'deleted' ? 'del' : 'mod';
      groups.staged.push({ path: e.path, area: 'staged', letter: e.staged[0]!.toUpperCase(), label: `${e.staged} (staged)`, tone });
    }
    if (e.unstaged) {
      const letter = e.unstaged === 'untracked' ? 'U' : e.unstaged[0]!.toUpperCase();
      const tone = e.unstaged === 'untracked' ? 'add' : e.unstaged === 'deleted' ? 'del' : 'mod';
      groups.unstaged.push({ path: e.path, area: 'unstaged', letter, label: e.unstaged, tone });
    }
  }
  groups.conflicted.sort(byPath);
  groups.staged.sort(byPath);
  groups.unstaged.sort(byPath);
  return groups;
}

/** Number of files with any change (the title bar's "● 2 changed"). */
export function changedCount(status: GitStatus | null): number {
  return status?.isRepo ? status.entries.length : 0;
}

export function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * The project-relative path of a repository path, or null when the file lies outside the project folder
 * (the project can sit in a subfolder of its repository).
 */
export function projectPathOf(repoPath: string, projectPrefix: string): string | null {
  if (!projectPrefix) return repoPath;
  const p = projectPrefix.endsWith('/') ? projectPrefix : `${projectPrefix}/`;
  return repoPath.startsWith(p) ? repoPath.slice(p.length) : null;
}

/**
 * The diff request for a selection: unstaged = working tree vs index; staged = index vs HEAD; conflict =
 * working tree vs HEAD; a file of a past commit = that commit vs its first parent.
 */
export function diffRequestOf(row: DiffSelection): { path: string; against: 'index' | 'head'; side?: 'index' | 'workdir'; commit?: string } {
  if (row.area === 'commit') return { path: row.path, against: 'head', commit: row.commit };
  if (row.area === 'staged') return { path: row.path, against: 'head', side: 'index' };
  if (row.area === 'conflicted') return { path: row.path, against: 'head', side: 'workdir' };
  return { path: row.path, against: 'index' };
}

/** Whether a selected row still exists after a refresh (else the diff closes or moves). */
export function rowExists(groups: ChangeGroups, sel: { path: string; area: ChangeArea }): boolean {
  return groups[sel.area].some((r) => r.path === sel.path);
}

// ---------------------------------------------------------------------------------------------
// Title bar and commit box

/** "main", "detached 3f2a1b0", or "no commits yet" for an unborn branch without a name. */
export function branchLabel(status: GitStatus | null): string {
  if (!status) return '…';
  if (!status.isRepo) return 'no git';
  if (status.branch) return status.branch;
  return status.head ? `detached ${status.head.slice(0, 7)}` : 'no branch';
}

/** Why Commit cannot run now, or undefined when it can (with nothing staged it offers to stage everything). */
export function commitBlocker(status: GitStatus | null, message: string, amend: boolean): string | undefined {
  if (!status) return 'Git status is still loading.';
  if (!status.isRepo) return 'This project is not a git repository: initialise one first.';
  if (status.workspace?.readOnly) return 'This workspace is pinned to a fixed reference and is read-only.';
  if (status.entries.some((e) => e.conflicted)) return 'Resolve the conflicts and stage the files first.';
  if (!message.trim()) return amend ? 'Type the amended commit message first.' : 'Type a commit message first.';
  if (!amend && !status.merging && !status.entries.length) return 'There are no changes to commit.';
  return undefined;
}

/**
 * True when a commit would first have to stage every change (nothing is staged, there are unstaged
 * changes, no merge or amend): Commit then offers "Stage All and Commit", as VS Code and GitHub Desktop do.
 */
export function needsStageAll(status: GitStatus | null, amend: boolean): boolean {
  if (!status?.isRepo || amend || status.merging) return false;
  return !status.entries.some((e) => e.staged) && status.entries.some((e) => e.unstaged);
}

/** What the sync button offers: publish a branch, pull, push, or fetch when everything is in step. */
export interface SyncAction {
  kind: 'publish' | 'pull' | 'push' | 'fetch';
  /** The command it runs. */
  command: 'git.publish' | 'git.pull' | 'git.push' | 'git.fetch';
  /** "Publish branch", "Pull ↓2", "Push ↑1", "Fetch". */
  label: string;
  /** The tooltip: what it does, and the other direction's count. */
  title: string;
}

/**
 * The sync button of the Git view and the title bar, as GitHub Desktop's: "Publish branch" for a branch
 * without an upstream, "Pull ↓N" when the remote has commits we lack (pull first, then push), "Push ↑N"
 * when we have commits it lacks, else "Fetch". Null when there is nothing it could do (no repository, no
 * remote, a detached HEAD, no commit yet, a read-only workspace).
 */
export function syncAction(status: GitStatus | null): SyncAction | null {
  if (!status?.isRepo || !status.branch || !status.head || !status.remote || status.workspace?.readOnly) return null;
  const t = status.tracking;
  if (!t) {
    return { kind: 'publish', command: 'git.publish', label: 'Publish branch', title: `Push ${status.branch} to ${status.remote} and track it there` };
  }
  if (t.behind > 0) {
    const also = t.ahead ? `; then push your ${t.ahead} commit${t.ahead === 1 ? '' : 's'}` : '';
    return { kind: 'pull', command: 'git.pull', label: `Pull ↓${t.behind}`, title: `${t.upstream} has ${t.behind} commit${t.behind === 1 ? '' : 's'} you do not have: pull them${also}` };
  }
  if (t.ahead > 0) {
    return { kind: 'push', command: 'git.push', label: `Push ↑${t.ahead}`, title: `Push ${t.ahead} commit${t.ahead === 1 ? '' : 's'} to ${t.upstream}` };
  }
  return { kind: 'fetch', command: 'git.fetch', label: 'Fetch', title: `In sync with ${t.upstream} as of the last fetch: fetch to look for new commits` };
}

/** The ahead/behind summary for the sync button: "↑2 ↓1", "" when in sync or without upstream. */
export function syncLabel(status: GitStatus | null): string {
  if (!status?.isRepo || !status.tracking) return '';
  const { ahead, behind } = status.tracking;
  return [ahead ? `↑${ahead}` : '', behind ? `↓${behind}` : ''].filter(Boolean).join(' ');
}

// ---------------------------------------------------------------------------------------------
// Progress

const OP_TITLES: Record<GitProgress['op'], string> = { clone: 'Cloning', fetch: 'Fetching', pull: 'Pulling', push: 'Pushing' };

/** "Pushing: Writing objects 3/10 (30%)" or "Fetching: Counting objects 120". */
export function progressText(p: GitProgress): string {
  const phase = p.phase ? `: ${p.phase}` : '';
  if (p.total && p.total > 0) {
    const pct = Math.min(100, Math.round((p.loaded / p.total) * 100));
    return `${OP_TITLES[p.op]}${phase} ${p.loaded}/${p.total} (${pct}%)`;
  }
  return `${OP_TITLES[p.op]}${phase}${p.loaded ? ` ${p.loaded}` : ''}`;
}

/** 0..1 for a determinate bar, or null when the phase has no total. */
export function progressFraction(p: GitProgress | null): number | null {
  if (!p?.total || p.total <= 0) return null;
  return Math.max(0, Math.min(1, p.loaded / p.total));
}

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * The actions offered with a git error. The host's message already says what to do; these turn the
 * next step into a button when there is a command for it.
 */
export function errorActions(code: ErrorCode | undefined, message: string): GitErrorAction[] {
  const m = message.toLowerCase();
  switch (code) {
    case 'auth-required':
      return [{ command: 'git.enterCredentials', label: 'Enter credentials' }];
    case 'identity-required':
      return [{ command: 'git.setIdentity', label: 'Set name and email' }];
    case 'uncommitted-changes':
      return [{ command: 'git.stash', label: 'Stash changes' }];
    case 'not-a-repo':
      return [{ command: 'git.init', label: 'Initialise a repository' }];
    case 'conflict':
      if (m.includes('push rejected') || m.includes('pull first')) return [{ command: 'git.pull', label: 'Pull' }];
      if (m.includes('merge is in progress') || m.includes('merge conflicts') || m.includes('conflict')) return [{ command: 'git.mergeAbort', label: 'Abort merge' }];
      return [];
    case 'unavailable':
      return [{ command: 'git.fetch', label: 'Try fetch again' }];
    default:
      return [];
  }
}

export function errorView(op: string, code: ErrorCode | undefined, message: string): GitErrorView {
  return { op, code, message, actions: errorActions(code, message) };
}

// ---------------------------------------------------------------------------------------------
// History

export interface LogState {
  entries: GitLogEntry[];
  /** `skip` of the next page, null when the history is complete. */
  next: number | null;
}

/** Appends a page (the first page replaces); entries already present (a refresh raced a page) are dropped. */
export function mergeLogPage(prev: LogState, page: { entries: GitLogEntry[]; next: number | null }, skip: number): LogState {
  if (skip === 0) return { entries: page.entries, next: page.next };
  const seen = new Set(prev.entries.map((e) => e.oid));
  return { entries: [...prev.entries, ...page.entries.filter((e) => !seen.has(e.oid))], next: page.next };
}

export type HistoryRow = { kind: 'commit'; entry: GitLogEntry } | { kind: 'file'; oid: string; path: string; change?: GitFileChange } | { kind: 'more' };

/**
 * Flat rows for the virtualized history: commits, the files of the expanded one (with how each changed once
 * its details arrived), and a "more" row when pages remain.
 */
export function historyRows(entries: readonly GitLogEntry[], expanded: string | null, hasMore: boolean, details?: GitCommitDetails | null): HistoryRow[] {
  const rows: HistoryRow[] = [];
  for (const entry of entries) {
    rows.push({ kind: 'commit', entry });
    if (entry.oid !== expanded) continue;
    if (details?.oid === entry.oid) for (const f of details.files) rows.push({ kind: 'file', oid: entry.oid, path: f.path, change: f.change });
    else for (const path of entry.files) rows.push({ kind: 'file', oid: entry.oid, path });
  }
  if (hasMore) rows.push({ kind: 'more' });
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Branches

/** Checks a new branch name the way git does (the host checks again); returns the problem or undefined. */
export function branchNameProblem(name: string, existing: readonly string[]): string | undefined {
  const n = name.trim();
  if (!n) return 'Type a branch name.';
  if (/\s/.test(n)) return 'Branch names cannot contain spaces.';
  if (/[~^:?*[\\\x00-\x1f\x7f]/.test(n)) return 'Branch names cannot contain ~ ^ : ? * [ or \\.';
  if (n.startsWith('-') || n.startsWith('/') || n.endsWith('/') || n.endsWith('.') || n.endsWith('.lock')) return 'That is not a valid branch name.';
  if (n.includes('..') || n.includes('//') || n.includes('@{') || n === '@') return 'That is not a valid branch name.';
  if (existing.includes(n)) return `A branch named "${n}" already exists.`;
  return undefined;
}

export interface BranchItem {
  kind: 'local' | 'remote';
  name: string;
  current: boolean;
  upstream?: string;
}

/** Branches for the switcher: local first (current on top), then remote ones without a local twin, filtered as you type. */
export function branchItems(list: GitBranches | null, filter: string): BranchItem[] {
  if (!list) return [];
  const f = filter.trim().toLowerCase();
  const keep = (n: string) => !f || n.toLowerCase().includes(f);
  const local: BranchItem[] = list.local
    .filter((b) => keep(b.name))
    .map((b) => ({ kind: 'local' as const, name: b.name, current: b.current, ...(b.upstream ? { upstream: b.upstream } : {}) }))
    .sort((a, b) => Number(b.current) - Number(a.current) || a.name.localeCompare(b.name));
  const localNames = new Set(list.local.map((b) => b.name));
  const remote: BranchItem[] = list.remote
    .filter((r) => !r.endsWith('/HEAD') && keep(r) && !localNames.has(r.slice(r.indexOf('/') + 1)))
    .sort()
    .map((name) => ({ kind: 'remote' as const, name, current: false }));
  return [...local, ...remote];
}

// ---------------------------------------------------------------------------------------------
// Refresh scheduling

export interface Timers {
  set(fn: () => void, ms: number): ReturnType<typeof setTimeout>;
  clear(handle: ReturnType<typeof setTimeout>): void;
}

// Wrapped, not passed bare: browsers throw "Illegal invocation" when setTimeout runs with another `this`.
const defaultTimers: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h) };

/**
 * Collapses bursts of events (a save writes several files; a pull touches many) into one refresh after
 * `ms` of quiet. The timer functions are injectable so the behaviour is testable without waiting.
 */
export function debounced(fn: () => void, ms: number, timers: Timers = defaultTimers) {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const call = () => {
    if (handle !== undefined) timers.clear(handle);
    handle = timers.set(() => {
      handle = undefined;
      fn();
    }, ms);
  };
  call.cancel = () => {
    if (handle !== undefined) timers.clear(handle);
    handle = undefined;
  };
  return call;
}

/** Whether a file.changed event can change git status (engine state under .choreo/ never does). */
export function affectsStatus(path: string): boolean {
  return !(path === '.choreo' || path.startsWith('.choreo/') || path === '.git' || path.startsWith('.git/'));
}

// ---------------------------------------------------------------------------------------------
// Clone

/** The repository name of a clone URL ("https://host/org/repo.git" → "repo"), or '' when there is none yet. */
export function repoNameOf(url: string): string {
  const path = url.trim().replace(/[?#].*$/, '').replace(/\/+$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1).replace(/\.git$/, '');
  return /^[\w.-]+$/.test(last) && !path.endsWith(':') && path.includes('/') ? last : '';
}

/** Why the clone form cannot be sent, or undefined. SSH URLs are refused here, as the host would. */
export function cloneProblem(url: string, dir: string, ref: string): string | undefined {
  const u = url.trim();
  if (!u) return 'Type the repository URL.';
  if (/^(ssh:\/\/|git@)/.test(u)) return 'SSH URLs are not supported: use the https:// URL of the repository.';
  if (!/^https?:\/\/[^/]+\/.+/.test(u)) return 'Type an http(s) URL such as https://github.com/org/repo.git.';
  if (!ref.trim() && !dir.trim()) return 'Type the folder to clone into.';
  if (!ref.trim() && !/^(\/|~\/|[A-Za-z]:[\\/])/.test(dir.trim())) return 'The folder must be an absolute path (or start with ~/).';
  return undefined;
}

/** A stash message without the "stash@{0}: " git puts in front (the row shows the index itself). */
export function stashLabel(message: string): string {
  return message.replace(/^stash@\{\d+\}:\s*/, '').trim() || '(no message)';
}

/** The letter and tone of a file in a past commit (A added, M modified, D deleted). */
export function fileChangeLetter(change: GitFileChange): { letter: string; tone: ChangeRow['tone'] } {
  return change === 'added' ? { letter: 'A', tone: 'add' } : change === 'deleted' ? { letter: 'D', tone: 'del' } : { letter: 'M', tone: 'mod' };
}

/** A reference for display: a commit hash shortened to 7 characters, a tag or branch name as it is. */
export function shortRef(ref: string): string {
  return /^[0-9a-f]{12,64}$/i.test(ref) ? ref.slice(0, 7) : ref;
}
