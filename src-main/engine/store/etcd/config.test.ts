// Store selection (issue 16 item 1): `--store`, `.choreo/config.yaml`'s `store`, or the file store, and the
// errors a user gets for a bad URL or a bad config entry (each names the flag or the file).
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempProjects } from '../../../testing/temp-projects.js';
import { parseStoreUrl, resolveStoreSelection, storeUrl } from './config.js';

const projects = tempProjects('choreo-store-config-');
afterAll(() => projects.cleanup());
const withConfig = (yaml: string) => projects.withFiles({ '.choreo/config.yaml': yaml });

describe('parseStoreUrl', () => {
  it('takes file, one or several endpoints, and a prefix (default /registry, trailing slashes dropped)', () => {
    expect(parseStoreUrl('file')).toEqual({ kind: 'file' });
    const one = parseStoreUrl('etcd://127.0.0.1:2379');
    expect(one).toMatchObject({ kind: 'etcd', etcd: { endpoints: ['127.0.0.1:2379'], prefix: '/registry', environment: 'prod', leaseSeconds: 15 } });
    const three = parseStoreUrl('etcd://10.0.0.1:2379,etcd-b:2379,[::1]:2380/choreo/my-project/');
    expect(three).toMatchObject({ etcd: { endpoints: ['10.0.0.1:2379', 'etcd-b:2379', '[::1]:2380'], prefix: '/choreo/my-project' } });
    expect(storeUrl(three)).toBe('etcd://10.0.0.1:2379,etcd-b:2379,[::1]:2380/choreo/my-project');
  });

  it('refuses what is not a store URL, naming the flag and the bad part', () => {
    expect(() => parseStoreUrl('http://127.0.0.1:2379')).toThrow('--store: "http://127.0.0.1:2379" is not a store; use file or etcd://HOST:PORT');
    expect(() => parseStoreUrl('etcd://127.0.0.1')).toThrow('--store: "127.0.0.1" is not HOST:PORT in etcd://127.0.0.1');
    expect(() => parseStoreUrl('etcd://127.0.0.1:70000')).toThrow('"127.0.0.1:70000" is not HOST:PORT');
    expect(() => parseStoreUrl('etcd://a:1,/x')).toThrow('"(empty)" is not HOST:PORT');
    expect(() => parseStoreUrl('etcd://a:1/x//y')).toThrow('the prefix "/x//y" may not hold empty segments or blanks');
  });
});

describe('resolveStoreSelection', () => {
  it('is the file store without a config file or a store entry', async () => {
    expect(await resolveStoreSelection(projects.emptyDir())).toEqual({ kind: 'file' });
    expect(await resolveStoreSelection(withConfig('other: 1\n'))).toEqual({ kind: 'file' });
  });

  it("reads the short and the long form; the flags win over the file's values", async () => {
    expect(await resolveStoreSelection(withConfig('store: etcd://127.0.0.1:2379/p\n'))).toMatchObject({ kind: 'etcd', etcd: { prefix: '/p' } });
    const dir = withConfig('store:\n  url: etcd://127.0.0.1:2379/p\n  environment: staging\n  leaseSeconds: 7\n');
    expect(await resolveStoreSelection(dir)).toMatchObject({ etcd: { endpoints: ['127.0.0.1:2379'], prefix: '/p', environment: 'staging', leaseSeconds: 7 } });
    expect(await resolveStoreSelection(dir, { url: 'etcd://127.0.0.2:2379', environment: 'prod', leaseSeconds: 3 })).toMatchObject({
      etcd: { endpoints: ['127.0.0.2:2379'], prefix: '/registry', environment: 'prod', leaseSeconds: 3 },
    });
    expect(await resolveStoreSelection(dir, { url: 'file' })).toEqual({ kind: 'file' });
  });

  it('resolves TLS files against the project folder and takes the password from the environment variable named', async () => {
    const dir = withConfig('store:\n  url: etcd://127.0.0.1:2379\n  tls: { ca: pki/ca.crt, cert: pki/client.crt, key: /etc/pki/client.key }\n  auth: { username: choreo, passwordEnv: MY_ETCD_PW }\n');
    const sel = await resolveStoreSelection(dir, {}, { MY_ETCD_PW: 'sesame' });
    expect(sel).toMatchObject({ etcd: { tls: { ca: path.join(dir, 'pki/ca.crt'), cert: path.join(dir, 'pki/client.crt'), key: '/etc/pki/client.key' }, auth: { username: 'choreo', password: 'sesame' } } });
    // CHOREO_ETCD_PASSWORD when no variable is named
    const plain = withConfig('store:\n  url: etcd://127.0.0.1:2379\n  auth: { username: choreo }\n');
    expect(await resolveStoreSelection(plain, {}, { CHOREO_ETCD_PASSWORD: 'x' })).toMatchObject({ etcd: { auth: { username: 'choreo', password: 'x' } } });
  });

  it('a bad entry is an error naming the file and the field, with what to write instead', async () => {
    const bad = async (yaml: string, env: NodeJS.ProcessEnv = {}) => {
      const dir = withConfig(yaml);
      const err = await resolveStoreSelection(dir, {}, env).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.name, yaml).toBe('StoreConfigError');
      expect(err!.message.startsWith(path.join(dir, '.choreo', 'config.yaml'))).toBe(true);
      return err!.message;
    };
    expect(await bad('store: [a]\n')).toContain('store must be a URL or a map');
    expect(await bad('store: { url: 5 }\n')).toContain('store.url must be a string');
    expect(await bad('store: etcd://nope\n')).toContain('store.url: "nope" is not HOST:PORT');
    expect(await bad('store: { url: "etcd://a:1", environment: Prod }\n')).toContain('store.environment: "Prod" must be a lowercase name');
    expect(await bad('store: { url: "etcd://a:1", leaseSeconds: 1 }\n')).toContain('store.leaseSeconds: 1 must be a whole number of seconds from 2 to 3600');
    expect(await bad('store: { url: "etcd://a:1", tls: { cert: c.crt } }\n')).toContain('store.tls needs both cert and key, or neither');
    expect(await bad('store: { url: "etcd://a:1", auth: { username: u, password: p } }\n')).toContain('store.auth.password is not read from a file; name an environment variable with passwordEnv');
    expect(await bad('store: { url: "etcd://a:1", auth: { username: u, passwordEnv: PW } }\n')).toContain('the environment variable PW (the etcd password of u) is not set');
    expect(await bad('store: {\n')).toMatch(/config\.yaml: .+/);
    // a flag's bad value names the flag
    await expect(resolveStoreSelection(projects.emptyDir(), { url: 'etcd://a:1', leaseSeconds: 0 })).rejects.toThrow('--lease-seconds: 0 must be a whole number');
  });
});
