// Small encrypted key/value store in the app data folder, for credentials (git tokens) and later for
// environment secrets. Values are encrypted at rest: with the injected OS encryptor (Electron's
// safeStorage) when it is available, else AES-256-GCM with a random key kept in a 0600 key file.
// Values never appear in logs or error messages.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic, withFileLock } from '../engine/index.js';

/** What Electron's safeStorage offers; the Electron main injects it, tests and the CLI go without. */
export interface OsEncryptor {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface SecretStoreOptions {
  /** App data folder; the store writes `secrets.json` and (without an OS encryptor) `secret.key` there. */
  dir: string;
  /** File name inside `dir` (default `secrets.json`): separate stores for separate features. */
  file?: string;
  encryptor?: OsEncryptor;
}

interface StoreFile {
  version: 1;
  /** name → `gcm:<base64 iv|tag|ciphertext>` or `os:<base64>` */
  entries: Record<string, string>;
}

export class SecretStoreError extends Error {}

const KEY_FILE = 'secret.key';

export class SecretStore {
  private readonly file: string;
  private readonly keyFile: string;

  constructor(private readonly options: SecretStoreOptions) {
    this.file = path.join(options.dir, options.file ?? 'secrets.json');
    this.keyFile = path.join(options.dir, KEY_FILE);
  }

  async get(name: string): Promise<string | undefined> {
    const sealed = (await this.read()).entries[name];
    return sealed === undefined ? undefined : this.open(name, sealed);
  }

  // set and delete are read-modify-writes under the file's cross-process lock: two processes storing
  // different secrets at once must both be kept.
  async set(name: string, value: string): Promise<void> {
    await withFileLock(this.file, async () => {
      const data = await this.read();
      data.entries[name] = await this.seal(value);
      await this.write(data);
    });
  }

  async delete(name: string): Promise<boolean> {
    return withFileLock(this.file, async () => {
      const data = await this.read();
      if (!(name in data.entries)) return false;
      delete data.entries[name];
      await this.write(data);
      return true;
    });
  }

  /** Names only: values are never listed. */
  async names(): Promise<string[]> {
    return Object.keys((await this.read()).entries).sort();
  }

  private useOs(): boolean {
    return this.options.encryptor?.isEncryptionAvailable() ?? false;
  }

  private async seal(value: string): Promise<string> {
    if (this.useOs()) return 'os:' + this.options.encryptor!.encryptString(value).toString('base64');
    const key = await this.key(true);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key!, iv);
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return 'gcm:' + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  private async open(name: string, sealed: string): Promise<string> {
    const [scheme, b64] = [sealed.slice(0, sealed.indexOf(':')), sealed.slice(sealed.indexOf(':') + 1)];
    const raw = Buffer.from(b64, 'base64');
    try {
      if (scheme === 'os') {
        if (!this.useOs()) throw new Error('the OS keychain is not available');
        return this.options.encryptor!.decryptString(raw);
      }
      if (scheme === 'gcm') {
        const key = await this.key(false);
        if (!key) throw new Error(`the key file ${this.keyFile} is missing`);
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      }
      throw new Error(`unknown format "${scheme}"`);
    } catch (err) {
      throw new SecretStoreError(`Cannot decrypt the stored secret "${name}" (${(err as Error).message}). Enter it again to replace it.`);
    }
  }

  /** The AES key; created (0600) on first use when `create`. */
  private async key(create: boolean): Promise<Buffer | undefined> {
    try {
      const key = await fsp.readFile(this.keyFile);
      if (key.length !== 32) throw new SecretStoreError(`The key file ${this.keyFile} is damaged (expected 32 bytes). Delete it and enter your secrets again.`);
      return key;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (!create) return undefined;
    }
    await fsp.mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    try {
      await fsp.writeFile(this.keyFile, key, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process created it first: use theirs.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return (await this.key(false))!;
      throw err;
    }
    return key;
  }

  private async read(): Promise<StoreFile> {
    try {
      const data = JSON.parse(await fsp.readFile(this.file, 'utf8')) as StoreFile;
      if (data && typeof data.entries === 'object') return data;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new SecretStoreError(`Cannot read ${this.file}: ${(err as Error).message}. Move it away to start with an empty store.`);
      }
    }
    return { version: 1, entries: {} };
  }

  private async write(data: StoreFile): Promise<void> {
    await fsp.mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.file, JSON.stringify(data, null, 2) + '\n', { syncFolder: true });
    await fsp.chmod(this.file, 0o600);
  }
}
