// Branches: the switcher, checkout (offering a stash when changes are in the way), create and delete
// (asking again before losing unmerged commits).
import { invoke } from '../../api';
import { useDialog } from '../../kit/dialog';
import { errorCode, errorMessage } from '../../kit/ipc-errors';
import { notify } from '../../state/notices';
import { branchNameProblem, errorView } from './git-model';
import { useGitPrompt } from './git-prompt-store';
import { applyStatus, refreshAll, refreshBranches } from './git-refresh';
import { run, withIdentity } from './git-runner';
import { patchGit, useGit } from './git-store';

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
