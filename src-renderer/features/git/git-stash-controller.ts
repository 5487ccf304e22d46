// The stash: put changes aside, then apply, pop or drop (after asking) an entry.
import { invoke } from '../../api';
import { useDialog } from '../../kit/dialog';
import { notify } from '../../state/notices';
import { useGitPrompt } from './git-prompt-store';
import { refreshStatus } from './git-refresh';
import { run, withIdentity } from './git-runner';
import { patchGit, useGit } from './git-store';

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
