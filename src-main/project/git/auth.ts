// HTTPS credentials for remotes: username + token, entered once, kept encrypted in the app's secret
// store (keyed by protocol + host), handed to isomorphic-git through onAuth. Never written to the repo
// config, never logged.
import type { AuthCallback, AuthFailureCallback } from 'isomorphic-git';
import { SecretStore, type OsEncryptor } from '../secret-store.js';
import { credentialKey } from './remote-url.js';

export interface Credentials {
  username: string;
  /** Password or personal access token. */
  token: string;
}

export class CredentialStore {
  private readonly store: SecretStore;
  constructor(appDataDir: string, encryptor?: OsEncryptor) {
    this.store = new SecretStore({ dir: appDataDir, file: 'git-credentials.json', encryptor });
  }

  async get(url: string): Promise<Credentials | undefined> {
    const raw = await this.store.get(credentialKey(url));
    if (!raw) return undefined;
    const c = JSON.parse(raw) as Credentials;
    return c.username !== undefined && c.token ? c : undefined;
  }

  async set(url: string, c: Credentials): Promise<void> {
    await this.store.set(credentialKey(url), JSON.stringify({ username: c.username, token: c.token }));
  }

  async clear(url: string): Promise<boolean> {
    return this.store.delete(credentialKey(url));
  }

  /** Hosts with stored credentials (for a settings page); never the secrets. */
  async hosts(): Promise<string[]> {
    return (await this.store.names()).filter((n) => n.startsWith('git:')).map((n) => n.slice(4));
  }
}

/** What a remote operation learned about authentication, for the error it reports. */
export interface AuthState {
  asked: boolean;
  offered: boolean;
  failed: boolean;
}

/**
 * onAuth / onAuthFailure for one remote operation. Given credentials (typed just now) win over stored
 * ones; a refusal is recorded and ends the operation instead of retrying in a loop.
 */
export function authCallbacks(
  url: string,
  store: CredentialStore | undefined,
  given?: Credentials,
): { onAuth: AuthCallback; onAuthFailure: AuthFailureCallback; state: AuthState } {
  const state: AuthState = { asked: false, offered: false, failed: false };
  return {
    state,
    onAuth: async () => {
      state.asked = true;
      const c = given ?? (await store?.get(url));
      if (!c) return { cancel: true };
      state.offered = true;
      return { username: c.username, password: c.token };
    },
    onAuthFailure: () => {
      state.failed = true;
      return { cancel: true };
    },
  };
}
