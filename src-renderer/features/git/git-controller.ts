// The Git panel's actions: every one goes through the host's git channels, keeps useGit current, and
// answers the host's typed errors with the next step (ask for an identity or credentials and retry,
// offer a stash before a checkout, show the message with an action button). Commands wrap these.
import type { Request } from '../../../src-shared/ipc/contract';
import type { GitCredentials } from '../../../src-shared/ipc/channels/git';
import type { Command } from '../../kit/commands';
import { errorCode, errorMessage } from '../../kit/ipc-errors';
import { openFile, saveAll } from '../editor/editor-controller';
import { openProject } from '../project/project-controller';
import { getApiClient, invoke } from '../../api';
import { useDialog } from '../../kit/dialog';
import { dirtyPaths, useEditor } from '../editor/editor-store';
import { patchGit, resetGit, useGit } from './git-store';
import {
  affectsStatus,
  branchNameProblem,
  commitBlocker,
  debounced,
  diffRequestOf,
  errorView,
  fileName,
  groupChanges,
  mergeLogPage,
  projectPathOf,
  type ChangeArea,
  type ChangeRow,
  type GitStatus,
} from './git-model';
import { useGitPrompt } from './git-prompt-store';
import { useLayout } from '../../state/layout';
import { useNotices } from '../../state/notices';
import { useProject } from '../../state/project';

const notify = (level: 'info' | 'warning' | 'error', message: string): void => void useNotices.getState().push(level, message);
const LOG_PAGE = 100;

// ---- reading -----------------------------------------------------------------------------------

let statusSeq = 0;

/** Asks for the status; an answer that arrives after a newer one is dropped. */
export async function refreshStatus(): Promise<void> {
  if (useProject.getState().status !== 'open') return;
  const seq = ++statusSeq;
  try {
    const status = await invoke('git.status', {});
    if (seq === statusSeq) applyStatus(status);
  } catch (err) {
    if (seq === statusSeq && useProject.getState().status === 'open') patchGit({ error: errorView('Status', errorCode(err), errorMessage(err)) });
  }
}

/** Takes a status answer (from git.status or any action that returns one) and keeps the open diff in step. */
function applyStatus(status: GitStatus): void {
  statusSeq++;
  patchGit({ status });
  const sel = useGit.getState().selection;
  if (!sel) return;
  if (!status.isRepo) return closeDiff();
  const groups = groupChanges(status.entries);
  if (groups[sel.area].some((r) => r.path === sel.path)) return void loadDiff(sel);
  // Staging moves a file from one list to the other: the diff follows it.
  const other = (['unstaged', 'staged', 'conflicted'] as ChangeArea[]).find((a) => groups[a].some((r) => r.path === sel.path));
  if (other) void loadDiff({ path: sel.path, area: other });
  else closeDiff();
}

export async function refreshBranches(): Promise<void> {
  try {
    patchGit({ branches: await invoke('git.branches', {}) });
  } catch {
    // not a repository, or no commit yet: the switcher shows what it has
  }
}

export async function refreshStashes(): Promise<void> {
  try {
    patchGit({ stashes: await invoke('git.stash.list', {}) });
  } catch {
    patchGit({ stashes: [] });
  }
}

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

export async function refreshAll(): Promise<void> {
  await refreshStatus();
  if (!useGit.getState().status?.isRepo) return;
  await Promise.all([refreshBranches(), refreshStashes(), useGit.getState().log.loaded ? loadLog() : Promise.resolve()]);
}

// ---- diff --------------------------------------------------------------------------------------

let diffSeq = 0;

async function loadDiff(sel: { path: string; area: ChangeArea }): Promise<void> {
  const seq = ++diffSeq;
  patchGit({ selection: sel });
  try {
    const d = await invoke('git.diff', diffRequestOf(sel));
    if (seq !== diffSeq) return;
    patchGit({
      diff: { ...sel, oldText: d.oldText ?? '', newText: d.newText ?? '', binary: d.binary, added: d.oldText === null, deleted: d.newText === null },
    });
  } catch (err) {
    if (seq === diffSeq) {
      patchGit({ diff: null, selection: null });
      notify('error', `Could not show the diff of ${sel.path}: ${errorMessage(err)}`);
    }
  }
}

/** Shows the diff of a changed file over the editor. */
export function openDiff(row: { path: string; area: ChangeArea }): void {
  void loadDiff({ path: row.path, area: row.area });
}

export function closeDiff(): void {
  diffSeq++;
  patchGit({ selection: null, diff: null });
}

/** Opens the working-tree file of a change in the editor (when it lies inside the project folder). */
export async function openChangedFile(path: string): Promise<void> {
  const st = useGit.getState().status;
  const rel = st?.isRepo ? projectPathOf(path, st.projectPrefix) : path;
  if (rel === null) return notify('warning', `${path} is outside the project folder, so it cannot be opened here.`);
  closeDiff();
  await openFile(rel);
}

// ---- running actions ----------------------------------------------------------------------------

/**
 * Runs one git action: marks the panel busy, and turns a failure into a readable error with the next
 * step (kept in the panel with action buttons, and as a toast). Returns undefined when it failed.
 */
async function run<T>(op: string, fn: () => Promise<T>): Promise<T | undefined> {
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

function gitViewVisible(): boolean {
  const l = useLayout.getState();
  return l.sidebarVisible && l.sideView === 'git' && useProject.getState().status === 'open';
}

function needsRepo(): string | undefined {
  if (useProject.getState().status !== 'open') return 'Open a project folder first.';
  const st = useGit.getState().status;
  if (!st) return 'Git status is still loading.';
  if (!st.isRepo) return 'This project is not a git repository: initialise one first (Git: Initialise Repository).';
  return undefined;
}

function needsIdle(): string | undefined {
  return needsRepo() ?? (useGit.getState().busy ? `Wait for "${useGit.getState().busy}" to finish.` : undefined);
}

/** Retries once after the user gave a name and email, when the host needs an author. */
async function withIdentity<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (errorCode(err) !== 'identity-required' || !(await askIdentity())) throw err;
    return fn();
  }
}

/** Retries with credentials typed by the user while the host answers auth-required (at most three times). */
async function withCredentials<T>(op: string, fn: (credentials?: GitCredentials) => Promise<T>): Promise<T> {
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

// ---- prompts -----------------------------------------------------------------------------------

/** Asks for the author once; it is stored app-wide (used when the repository has no user.name). */
export async function askIdentity(): Promise<boolean> {
  const current = await invoke('git.identity.get', {}).catch(() => null);
  const values = await useGitPrompt.getState().ask({
    title: 'Who is committing?',
    message: 'Git records a name and email with every commit. They are saved once for this app and used when the repository does not set its own.',
    fields: [
      { id: 'name', label: 'Name', placeholder: 'Ada Lovelace', value: current?.identity?.name ?? '', validate: (v) => (v.trim() ? undefined : 'Type your name.') },
      {
        id: 'email',
        label: 'Email',
        placeholder: 'ada@example.com',
        value: current?.identity?.email ?? '',
        validate: (v) => (/^\S+@\S+$/.test(v.trim()) ? undefined : 'Type an email address (name@host).'),
      },
    ],
    submitLabel: 'Save',
  });
  if (!values) return false;
  try {
    await invoke('git.identity.set', { name: String(values.name).trim(), email: String(values.email).trim() });
    notify('info', `Commits are now authored by ${String(values.name).trim()} <${String(values.email).trim()}>.`);
    return true;
  } catch (err) {
    notify('error', `Could not save the identity: ${errorMessage(err)}`);
    return false;
  }
}

async function remoteUrl(): Promise<string | undefined> {
  const remotes = await invoke('git.remotes', {}).catch(() => []);
  return (remotes.find((r) => r.name === 'origin') ?? remotes[0])?.url;
}

async function askCredentials(op: string, failure?: string): Promise<GitCredentials | null> {
  const url = await remoteUrl();
  const values = await useGitPrompt.getState().ask({
    title: 'Sign in to the remote',
    message: failure
      ? `${failure} Check the username and token.`
      : `${op} needs credentials. Use an access token (for GitHub: a personal access token with repository access), not your password.`,
    ...(url ? { detail: url } : {}),
    fields: [
      { id: 'username', label: 'Username', placeholder: 'your user name', validate: (v) => (v.length <= 256 ? undefined : 'Too long.') },
      { id: 'token', label: 'Access token', type: 'password', placeholder: 'token', validate: (v) => (v ? undefined : 'Type the access token.') },
      { id: 'remember', label: 'Remember (stored encrypted on this computer)', type: 'checkbox', checked: true },
    ],
    submitLabel: 'Sign in and retry',
  });
  if (!values) return null;
  return { username: String(values.username), token: String(values.token), remember: values.remember === true };
}

// ---- changes -----------------------------------------------------------------------------------

export async function stage(paths: string[]): Promise<void> {
  if (!paths.length) return;
  const st = await run('Stage', () => invoke('git.stage', { paths }));
  if (st) applyStatus(st);
}

export async function unstage(paths: string[]): Promise<void> {
  if (!paths.length) return;
  const st = await run('Unstage', () => invoke('git.unstage', { paths }));
  if (st) applyStatus(st);
}

function rows(area: ChangeArea): ChangeRow[] {
  const st = useGit.getState().status;
  return st?.isRepo ? groupChanges(st.entries)[area] : [];
}

export const stageAll = () => stage(rows('unstaged').map((r) => r.path));
export const unstageAll = () => unstage(rows('staged').map((r) => r.path));

/** Discards a file's changes after asking; the host keeps a backup and we say where. */
export async function discard(row: { path: string; area: ChangeArea }): Promise<void> {
  const entry = useGit.getState().status?.isRepo ? (useGit.getState().status as Extract<GitStatus, { isRepo: true }>).entries.find((e) => e.path === row.path) : undefined;
  const untracked = entry?.unstaged === 'untracked' && !entry.staged;
  const staged = row.area !== 'unstaged';
  const choice = await useDialog.getState().ask({
    title: untracked ? `Delete ${fileName(row.path)}?` : `Discard changes to ${fileName(row.path)}?`,
    message: untracked
      ? 'The file is not tracked by git, so discarding deletes it. A backup copy is kept in the app data folder.'
      : staged
        ? 'Both the staged and the unstaged changes go back to the last commit. A backup copy of the file is kept in the app data folder.'
        : 'The file goes back to its staged (or committed) content. A backup copy is kept in the app data folder.',
    detail: row.path,
    choices: [
      { id: 'cancel', label: 'Cancel' },
      { id: 'discard', label: untracked ? 'Delete file' : 'Discard changes', danger: true, primary: true },
    ],
    cancel: 'cancel',
  });
  if (choice !== 'discard') return;
  const res = await run('Discard', () => invoke('git.discard', { path: row.path, ...(staged ? { staged: true } : {}) }));
  if (!res) return;
  notify('info', res.backup ? `Discarded ${res.path}. Backup: ${res.backup}` : `Discarded ${res.path}.`);
  await refreshStatus();
}

// ---- commit ------------------------------------------------------------------------------------

// Not blocked by an action in flight: Ctrl+Enter right after staging waits for the stage to finish.
export function commitDisabledReason(): string | undefined {
  const s = useGit.getState();
  return needsRepo() ?? commitBlocker(s.status, s.message, s.amend);
}

/** Resolves when no git action is in flight. */
function whenIdle(): Promise<void> {
  if (!useGit.getState().busy) return Promise.resolve();
  return new Promise((resolve) => {
    const off = useGit.subscribe((s) => {
      if (!s.busy) {
        off();
        resolve();
      }
    });
  });
}

export async function commit(): Promise<void> {
  await whenIdle();
  const reason = commitDisabledReason();
  if (reason) return notify('info', reason);
  if (!(await unsavedEditsSettled())) return;
  const { message, amend } = useGit.getState();
  const res = await run(amend ? 'Amend' : 'Commit', () => withIdentity(() => invoke('git.commit', { message, ...(amend ? { amend: true } : {}) })));
  if (!res) return;
  patchGit({ message: '', amend: false });
  notify('info', `${amend ? 'Amended' : 'Committed'} ${res.oid.slice(0, 7)} on ${res.branch ?? 'a detached HEAD'}: ${res.summary}`);
  await refreshAll();
  if (!useGit.getState().log.loaded) await loadLog();
}

/**
 * Unsaved editor buffers are not in the commit: say so before committing. "Save All" saves and stops
 * (the saved files then show as unstaged changes to stage); "Commit anyway" goes on. True = go on.
 */
async function unsavedEditsSettled(): Promise<boolean> {
  const dirty = dirtyPaths(useEditor.getState());
  if (!dirty.length) return true;
  const choice = await useDialog.getState().ask({
    title: `${dirty.length} file${dirty.length === 1 ? ' has' : 's have'} unsaved changes`,
    message: 'Unsaved edits are not part of the commit. Save them first and stage what you want to include, or commit what is staged now.',
    detail: dirty.slice(0, 8).join('\n') + (dirty.length > 8 ? `\n… and ${dirty.length - 8} more` : ''),
    choices: [
      { id: 'cancel', label: 'Cancel' },
      { id: 'anyway', label: 'Commit anyway' },
      { id: 'save', label: 'Save All', primary: true },
    ],
    cancel: 'cancel',
  });
  if (choice === 'save') await saveAll();
  return choice === 'anyway';
}

/** Amend on: the box gets the last commit's message when it is empty (as in other git tools). */
export async function setAmend(amend: boolean): Promise<void> {
  patchGit({ amend });
  if (!amend || useGit.getState().message.trim()) return;
  if (!useGit.getState().log.loaded) await loadLog();
  const last = useGit.getState().log.entries[0];
  if (last && !useGit.getState().message.trim()) patchGit({ message: last.message.replace(/\n+$/, '') });
}

// ---- remotes -----------------------------------------------------------------------------------

type RemoteChannel = 'git.push' | 'git.pull' | 'git.fetch';

async function remoteOp<C extends RemoteChannel>(op: string, channel: C) {
  useGit.setState({ progress: null });
  return run(op, () =>
    withCredentials(op, (credentials) => invoke(channel, (credentials ? { credentials } : {}) as Request<C>)),
  );
}

export async function push(): Promise<void> {
  const res = await remoteOp('Push', 'git.push');
  if (res) notify('info', `Pushed ${res.branch} to ${res.remote} (${res.head.slice(0, 7)}).`);
  await refreshAll();
}

export async function pull(): Promise<void> {
  const res = await remoteOp('Pull', 'git.pull');
  await refreshAll();
  if (!res) return;
  if (res.kind === 'conflicts') {
    const files = `${res.conflicts.length} file${res.conflicts.length === 1 ? '' : 's'} (${res.conflicts.slice(0, 3).join(', ')}${res.conflicts.length > 3 ? '…' : ''})`;
    const msg = `Pull stopped on conflicts in ${files}. Resolve the markers, stage the files and commit, or abort the merge.`;
    patchGit({ error: { op: 'Pull', headline: 'Merge conflicts.', code: 'conflict', message: msg, actions: [{ command: 'git.mergeAbort', label: 'Abort merge' }] } });
    if (!gitViewVisible()) notify('warning', msg);
  } else {
    notify('info', res.kind === 'up-to-date' ? 'Already up to date.' : res.kind === 'fast-forward' ? 'Pulled (fast-forward).' : 'Pulled and merged.');
  }
}

export async function fetchRemote(): Promise<void> {
  const res = await remoteOp('Fetch', 'git.fetch');
  if (res) notify('info', `Fetched ${res.remote}.`);
  await refreshAll();
}

/** Stores credentials for the remote without running anything (the error banner's "Enter credentials"). */
export async function enterCredentials(): Promise<void> {
  const url = await remoteUrl();
  if (!url) return notify('warning', 'This repository has no remote yet.');
  const c = await askCredentials('The remote');
  if (!c) return;
  try {
    const res = await invoke('git.credentials.set', { url, username: c.username, token: c.token });
    patchGit({ error: null });
    notify('info', `Credentials for ${res.host} saved (encrypted). Try the push or pull again.`);
  } catch (err) {
    notify('error', `Could not save the credentials: ${errorMessage(err)}`);
  }
}

export async function mergeAbort(): Promise<void> {
  const res = await run('Abort merge', () => invoke('git.merge.abort', {}));
  if (res) notify('info', res.backup ? `Merge aborted. Files you had edited are backed up in ${res.backup}` : 'Merge aborted.');
  await refreshAll();
}

// ---- init --------------------------------------------------------------------------------------

export async function initRepo(): Promise<void> {
  const st = await run('Initialise repository', () => invoke('git.init', {}));
  if (!st) return;
  applyStatus(st);
  notify('info', 'Initialised a git repository (branch main) with a .gitignore for .choreo/.');
  await refreshAll();
}

// ---- clone -------------------------------------------------------------------------------------

/**
 * Clones a repository and opens it: into `dir` (user mode), or, with a reference, into an app workspace
 * pinned to it (choreo mode: read-only unless a branch is given). False when it failed (the error is shown).
 */
export async function cloneRepository(input: { url: string; dir: string; ref?: string; branch?: string }): Promise<boolean> {
  const url = input.url.trim();
  const ref = input.ref?.trim();
  const root = await run('Clone', async () => {
    if (ref) {
      const branch = input.branch?.trim();
      const info = await withCredentials('Clone', (credentials) =>
        invoke('git.workspace.apply', { url, ref, directory: '.', ...(branch ? { branch } : {}), ...(credentials ? { credentials } : {}) }),
      );
      for (const w of info.warnings) notify('warning', w);
      return info.projectRoot;
    }
    const res = await withCredentials('Clone', (credentials) => invoke('git.clone', { url, dir: input.dir.trim(), ...(credentials ? { credentials } : {}) }));
    return res.root;
  });
  if (!root) return false;
  patchGit({ error: null });
  return openProject(root);
}

// ---- branches ----------------------------------------------------------------------------------

export function openSwitcher(): void {
  patchGit({ switcherOpen: true });
  void refreshBranches();
}

export async function checkout(name: string): Promise<void> {
  patchGit({ switcherOpen: false });
  try {
    patchGit({ busy: 'Checkout', error: null });
    applyStatus(await invoke('git.checkout', { name }));
    notify('info', `Switched to ${name}.`);
  } catch (err) {
    if (errorCode(err) !== 'uncommitted-changes') {
      const view = errorView(`Checkout ${name}`, errorCode(err), errorMessage(err));
      patchGit({ error: view });
      notify('error', view.message);
      return;
    }
    patchGit({ busy: null });
    await offerStashAndSwitch(name, errorMessage(err));
  } finally {
    patchGit({ busy: null });
    await refreshAll();
  }
}

async function offerStashAndSwitch(name: string, message: string): Promise<void> {
  const choice = await useDialog.getState().ask({
    title: `Switch to ${name}?`,
    message: `${message}`,
    choices: [
      { id: 'cancel', label: 'Cancel' },
      { id: 'stash', label: 'Stash and switch', primary: true },
    ],
    cancel: 'cancel',
  });
  if (choice !== 'stash') return;
  const stashed = await run('Stash', () => withIdentity(() => invoke('git.stash.push', { message: `before switching to ${name}` })));
  if (!stashed) return;
  patchGit({ stashes: stashed });
  const st = await run(`Checkout ${name}`, () => invoke('git.checkout', { name }));
  if (st) {
    applyStatus(st);
    notify('info', `Switched to ${name}. Your changes are in stash@{0} ("before switching to ${name}"): pop it to bring them back.`);
  }
}

export async function createBranch(initial = ''): Promise<void> {
  patchGit({ switcherOpen: false });
  await refreshBranches();
  const existing = useGit.getState().branches?.local.map((b) => b.name) ?? [];
  const values = await useGitPrompt.getState().ask({
    title: 'Create a branch',
    message: `The new branch starts at the current commit${useGit.getState().status?.isRepo ? '' : ''} and is checked out; your uncommitted changes come along.`,
    fields: [
      { id: 'name', label: 'Branch name', placeholder: 'feature/my-change', value: initial, validate: (v) => branchNameProblem(v, existing) },
      { id: 'checkout', label: 'Switch to it', type: 'checkbox', checked: true },
    ],
    submitLabel: 'Create branch',
  });
  if (!values) return;
  const name = String(values.name).trim();
  const res = await run('Create branch', () => invoke('git.branch.create', { name, checkout: values.checkout === true }));
  if (!res) return;
  patchGit({ branches: res });
  notify('info', values.checkout === true ? `Created and switched to ${name}.` : `Created ${name}.`);
  await refreshAll();
}

export async function deleteBranch(name: string): Promise<void> {
  const choice = await useDialog.getState().ask({
    title: `Delete branch ${name}?`,
    message: 'The branch name goes away; commits that are on no other branch are refused unless you force it.',
    choices: [
      { id: 'cancel', label: 'Cancel' },
      { id: 'delete', label: 'Delete', danger: true, primary: true },
    ],
    cancel: 'cancel',
  });
  if (choice !== 'delete') return;
  try {
    patchGit({ branches: await invoke('git.branch.delete', { name }) });
    notify('info', `Deleted branch ${name}.`);
  } catch (err) {
    const msg = errorMessage(err);
    if (errorCode(err) !== 'invalid-request' || !/not merged|no other|force/i.test(msg)) return notify('error', msg);
    const again = await useDialog.getState().ask({
      title: `${name} has unmerged commits`,
      message: `${msg}`,
      choices: [
        { id: 'cancel', label: 'Keep it' },
        { id: 'force', label: 'Delete anyway', danger: true },
      ],
      cancel: 'cancel',
    });
    if (again !== 'force') return;
    try {
      patchGit({ branches: await invoke('git.branch.delete', { name, force: true }) });
      notify('info', `Deleted branch ${name}.`);
    } catch (e) {
      notify('error', errorMessage(e));
    }
  }
}

// ---- stash -------------------------------------------------------------------------------------

export async function stashPush(): Promise<void> {
  const values = await useGitPrompt.getState().ask({
    title: 'Stash changes',
    message: 'Puts your staged and unstaged changes aside and leaves a clean working tree. Apply or pop the stash later to bring them back.',
    fields: [{ id: 'message', label: 'Message (optional)', placeholder: 'work in progress' }],
    submitLabel: 'Stash',
  });
  if (!values) return;
  const msg = String(values.message).trim();
  const res = await run('Stash', () => withIdentity(() => invoke('git.stash.push', msg ? { message: msg } : {})));
  if (!res) return;
  patchGit({ stashes: res });
  notify('info', 'Changes stashed.');
  await refreshStatus();
}

export async function stashAction(kind: 'apply' | 'pop' | 'drop', index: number): Promise<void> {
  if (kind === 'drop') {
    const entry = useGit.getState().stashes.find((s) => s.index === index);
    const choice = await useDialog.getState().ask({
      title: `Drop stash@{${index}}?`,
      message: 'The stashed changes are deleted and cannot be brought back from the app.',
      ...(entry ? { detail: entry.message } : {}),
      choices: [
        { id: 'cancel', label: 'Cancel' },
        { id: 'drop', label: 'Drop', danger: true, primary: true },
      ],
      cancel: 'cancel',
    });
    if (choice !== 'drop') return;
  }
  const channel = kind === 'apply' ? 'git.stash.apply' : kind === 'pop' ? 'git.stash.pop' : 'git.stash.drop';
  const res = await run(kind === 'apply' ? 'Apply stash' : kind === 'pop' ? 'Pop stash' : 'Drop stash', () => invoke(channel, { index }));
  if (!res) return;
  patchGit({ stashes: res });
  notify('info', kind === 'drop' ? `Dropped stash@{${index}}.` : `Applied stash@{${index}}${kind === 'pop' ? ' and removed it' : ''}.`);
  await refreshStatus();
}

// ---- wiring ------------------------------------------------------------------------------------

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
  let root: string | undefined;
  const follow = () => {
    const s = useProject.getState();
    const next = s.status === 'open' ? s.info?.root : undefined;
    if (next !== root) {
      root = next;
      resetGit();
      if (next) void refreshAll();
    }
  };
  follow();
  let link = useProject.getState().link;
  const unsub = useProject.subscribe((s) => {
    follow();
    // Back from a dropped connection: events were missed meanwhile.
    if (s.link === 'open' && link !== 'open') soonAll();
    link = s.link;
  });
  return () => {
    offs.forEach((off) => off());
    soonAll.cancel();
    soonStatus.cancel();
    unsub();
    installed = false;
  };
}

function showGitView(): void {
  useLayout.setState({ sideView: 'git', sidebarVisible: true });
}

/** The Git commands (palette entries, shortcuts), registered with the app's. */
export function gitCommands(): Command[] {
  installGit();
  const needsChanges = (area: ChangeArea) => () => needsIdle() ?? (rows(area).length ? undefined : area === 'staged' ? 'Nothing is staged.' : 'There are no unstaged changes.');
  const needsUpstreamRemote = () => needsIdle();
  return [
    { id: 'git.commit', title: 'Commit', category: 'Git', shortcut: 'Mod+Enter', disabledReason: commitDisabledReason, run: () => commit() },
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
    { id: 'git.stageAll', title: 'Stage All Changes', category: 'Git', disabledReason: needsChanges('unstaged'), run: () => stageAll() },
    { id: 'git.unstageAll', title: 'Unstage All Changes', category: 'Git', disabledReason: needsChanges('staged'), run: () => unstageAll() },
    { id: 'git.push', title: 'Push', category: 'Git', disabledReason: needsUpstreamRemote, run: () => push() },
    { id: 'git.pull', title: 'Pull', category: 'Git', disabledReason: needsUpstreamRemote, run: () => pull() },
    { id: 'git.fetch', title: 'Fetch', category: 'Git', disabledReason: needsUpstreamRemote, run: () => fetchRemote() },
    { id: 'git.checkout', title: 'Switch Branch…', category: 'Git', disabledReason: needsIdle, run: () => openSwitcher() },
    { id: 'git.branchCreate', title: 'Create Branch…', category: 'Git', disabledReason: needsIdle, run: () => createBranch() },
    { id: 'git.stash', title: 'Stash Changes…', category: 'Git', disabledReason: () => needsIdle() ?? (useGit.getState().status?.isRepo && (useGit.getState().status as { entries: unknown[] }).entries.length ? undefined : 'There are no changes to stash.'), run: () => stashPush() },
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
