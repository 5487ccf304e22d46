// What git asks the user for: the commit author (stored app-wide) and credentials for a remote.
import type { GitCredentials } from '../../../src-shared/ipc/channels/git';
import { invoke } from '../../api';
import { errorMessage } from '../../kit/ipc-errors';
import { notify } from '../../state/notices';
import { useGitPrompt } from './git-prompt-store';

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

/** The URL of origin (or the first remote), for the credential prompt. */
export async function remoteUrl(): Promise<string | undefined> {
  const remotes = await invoke('git.remotes', {}).catch(() => []);
  return (remotes.find((r) => r.name === 'origin') ?? remotes[0])?.url;
}

/** Asks for a username and access token for the remote; null when the user cancels. */
export async function askCredentials(op: string, failure?: string): Promise<GitCredentials | null> {
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
