// Configuration values and secrets of a project's environments. Plain values (and the *names* of secrets)
// live in `.choreo/delivery/config.json` (git-ignored, never in the repo); secret values are sealed in the
// app-level secret store (AES-256-GCM with a 0600 key file, or the OS encryptor) and only ever come out to
// feed a runner or the redactor. Scope `all` holds environment-independent values; an environment's own
// value for a key wins over the global one.
import { SecretStore, type OsEncryptor } from '../project/secret-store.js';
import { deliveryPaths, projectId, readJson, SECRETS_FILE, writeJson, type DeliveryPaths } from './layout.js';
import { DeliveryError, GLOBAL_SCOPE, type ConfigEntry, type ConfigScope } from './types.js';
import path from 'node:path';
import { withFileLock } from '../engine/index.js';

interface ConfigFile {
  version: 1;
  entries: ConfigEntry[];
}

/** What a runner of one environment sees. */
export interface ResolvedValues {
  config: Record<string, string>;
  secrets: Record<string, string>;
}

const KEY_RE = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

export function checkKey(key: string): string {
  if (!KEY_RE.test(key)) throw new DeliveryError('invalid', `"${key}" is not a valid configuration key: use letters, digits, "_", "." and "-", starting with a letter or "_" (at most 128).`);
  return key;
}

export class ConfigValues {
  constructor(
    private readonly paths: DeliveryPaths,
    private readonly secrets: SecretStore,
    private readonly projectId: string,
  ) {}

  /** Entries of one scope (or all); secret entries carry no value. */
  async list(scope?: ConfigScope): Promise<ConfigEntry[]> {
    const all = (await this.read()).entries;
    return (scope ? all.filter((e) => e.scope === scope) : all).map((e) => ({ ...e }));
  }

  async set(scope: ConfigScope, key: string, value: string, secret: boolean): Promise<ConfigEntry> {
    checkKey(key);
    // Locked across processes: two `choreo config set` at once must both be kept.
    return withFileLock(this.paths.config, () => this.setLocked(scope, key, value, secret));
  }

  private async setLocked(scope: ConfigScope, key: string, value: string, secret: boolean): Promise<ConfigEntry> {
    const f = await this.read();
    const entry: ConfigEntry = { scope, key, secret, updatedAt: new Date().toISOString(), ...(secret ? {} : { value }) };
    if (secret) await this.secrets.set(this.secretName(scope, key), value);
    else await this.secrets.delete(this.secretName(scope, key));
    f.entries = [...f.entries.filter((e) => !(e.scope === scope && e.key === key)), entry].sort((a, b) =>
      a.scope === b.scope ? (a.key < b.key ? -1 : 1) : a.scope < b.scope ? -1 : 1,
    );
    await this.write(f);
    return { ...entry };
  }

  async unset(scope: ConfigScope, key: string): Promise<boolean> {
    return withFileLock(this.paths.config, () => this.unsetLocked(scope, key));
  }

  private async unsetLocked(scope: ConfigScope, key: string): Promise<boolean> {
    const f = await this.read();
    const had = f.entries.some((e) => e.scope === scope && e.key === key);
    f.entries = f.entries.filter((e) => !(e.scope === scope && e.key === key));
    await this.secrets.delete(this.secretName(scope, key));
    if (had) await this.write(f);
    return had;
  }

  /** Drops every value of a deleted environment. */
  async dropScope(scope: ConfigScope): Promise<void> {
    for (const e of await this.list(scope)) await this.unset(scope, e.key);
  }

  /** Global values overlaid by the environment's own. */
  async resolve(envId: string): Promise<ResolvedValues> {
    const entries = (await this.read()).entries;
    const win = new Map<string, ConfigEntry>();
    for (const e of entries) if (e.scope === GLOBAL_SCOPE) win.set(e.key, e);
    for (const e of entries) if (e.scope === envId) win.set(e.key, e);
    const out: ResolvedValues = { config: {}, secrets: {} };
    for (const [key, e] of win) {
      if (e.secret) {
        const v = await this.secrets.get(this.secretName(e.scope, key));
        if (v !== undefined) out.secrets[key] = v;
      } else out.config[key] = e.value ?? '';
    }
    return out;
  }

  /** Seals a deployment's secret values (its configuration is immutable, so rollback gets the same values). */
  async sealDeployment(deploymentId: string, secrets: Record<string, string>): Promise<void> {
    for (const [k, v] of Object.entries(secrets)) await this.secrets.set(`${this.projectId}/deploy/${deploymentId}/${k}`, v);
  }

  async openDeployment(deploymentId: string, keys: string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const k of keys) {
      const v = await this.secrets.get(`${this.projectId}/deploy/${deploymentId}/${k}`);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }

  /** Every secret value of this project (current and sealed in deployments), for redaction. */
  async allSecretValues(): Promise<string[]> {
    const prefix = `${this.projectId}/`;
    const out = new Set<string>();
    for (const name of await this.secrets.names()) {
      if (!name.startsWith(prefix)) continue;
      const v = await this.secrets.get(name).catch(() => undefined);
      if (v) out.add(v);
    }
    return [...out];
  }

  private secretName(scope: ConfigScope, key: string): string {
    return `${this.projectId}/${scope}/${key}`;
  }

  private async read(): Promise<ConfigFile> {
    const f = await readJson<ConfigFile | undefined>(this.paths.config, undefined);
    return f && Array.isArray(f.entries) ? f : { version: 1, entries: [] };
  }

  private async write(f: ConfigFile): Promise<void> {
    await writeJson(this.paths.config, f);
  }
}

/** Where a secret store lives and how it seals: with the OS keychain, or (no encryptor) the folder's 0600 key file. */
export interface SecretStorePlace {
  dir: string;
  encryptor?: OsEncryptor;
}

/**
 * Moves every secret of the project (environment values and those sealed with deployments) from one store to
 * another, sealed the new store's way: the app hands a project to its background host (which cannot open the
 * OS keychain) and takes it back. Each value is written to the new store before it leaves the old one, so a
 * crash in between leaves it in one of them at least. Returns how many were moved.
 */
export async function moveProjectSecrets(projectRoot: string, from: SecretStorePlace, to: SecretStorePlace): Promise<number> {
  const prefix = `${await projectId(deliveryPaths(projectRoot))}/`;
  const source = new SecretStore({ dir: from.dir, file: SECRETS_FILE, encryptor: from.encryptor });
  const target = new SecretStore({ dir: to.dir, file: SECRETS_FILE, encryptor: to.encryptor });
  const sameFile = path.resolve(from.dir) === path.resolve(to.dir);
  let moved = 0;
  for (const name of await source.names()) {
    if (!name.startsWith(prefix)) continue;
    const value = await source.get(name);
    if (value === undefined) continue;
    await target.set(name, value);
    if (!sameFile) await source.delete(name);
    moved++;
  }
  return moved;
}
