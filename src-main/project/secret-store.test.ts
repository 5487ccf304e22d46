import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir.js';
import { SecretStore, SecretStoreError, type OsEncryptor } from './secret-store.js';

describe('SecretStore', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  it('encrypts with AES-256-GCM and a 0600 key file; values never appear on disk in clear text', async () => {
    const store = new SecretStore({ dir: tmp.dir });
    await store.set('git:https://github.com', 'ghp_supersecret');
    await store.set('env:prod/db', 'p@ss');
    expect(await store.get('git:https://github.com')).toBe('ghp_supersecret');
    expect(await new SecretStore({ dir: tmp.dir }).get('env:prod/db')).toBe('p@ss');
    expect(await store.names()).toEqual(['env:prod/db', 'git:https://github.com']);
    const file = fs.readFileSync(path.join(tmp.dir, 'secrets.json'), 'utf8');
    expect(file).not.toContain('supersecret');
    expect(file).toContain('gcm:');
    expect(fs.statSync(path.join(tmp.dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(tmp.dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(await store.delete('env:prod/db')).toBe(true);
    expect(await store.delete('env:prod/db')).toBe(false);
    expect(await store.get('env:prod/db')).toBeUndefined();
  });

  it('detects tampering and a lost key with a message that says what to do', async () => {
    const store = new SecretStore({ dir: tmp.dir });
    await store.set('a', 'value');
    const file = path.join(tmp.dir, 'secrets.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    const raw = Buffer.from(data.entries.a.slice(4), 'base64');
    raw[raw.length - 1] ^= 1;
    data.entries.a = 'gcm:' + raw.toString('base64');
    fs.writeFileSync(file, JSON.stringify(data));
    await expect(store.get('a')).rejects.toThrow(SecretStoreError);
    await store.set('b', 'value');
    fs.rmSync(path.join(tmp.dir, 'secret.key'));
    await expect(store.get('b')).rejects.toThrow(/key file .* is missing.*Enter it again/);
  });

  it('uses the injected OS encryptor (Electron safeStorage) when it is available', async () => {
    const calls: string[] = [];
    const encryptor: OsEncryptor = {
      isEncryptionAvailable: () => true,
      encryptString: (s) => (calls.push('enc'), Buffer.from([...Buffer.from(s)].reverse())),
      decryptString: (b) => (calls.push('dec'), Buffer.from([...b].reverse()).toString()),
    };
    const store = new SecretStore({ dir: tmp.dir, file: 'env-secrets.json', encryptor });
    await store.set('x', 'hello');
    expect(await store.get('x')).toBe('hello');
    expect(calls).toEqual(['enc', 'dec']);
    expect(fs.existsSync(path.join(tmp.dir, 'secret.key'))).toBe(false);
    expect(fs.readFileSync(path.join(tmp.dir, 'env-secrets.json'), 'utf8')).toContain('os:');
  });
});
