// GitOps publishing against `git http-backend` on 127.0.0.1 (with Basic auth from the encrypted credential
// store): publish, publish again (objects gone disappear), a second branch, refusal of a secret's value;
// the remote branches are read back with plain git.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KrmObject } from '../../src-shared/krm/object.js';
import { CredentialStore } from '../project/git/auth.js';
import { startGitHttpServer, type GitHttpServer } from '../testing/git-http-server.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { assertNoSecrets, publishObjects, renderTree } from './publish.js';
import { DeliveryError } from './types.js';

const run = promisify(execFile);
const gitOut = async (cwd: string, ...args: string[]) => (await run('git', args, { cwd })).stdout.trim();

let tmp: { dir: string; cleanup: () => void };
let server: GitHttpServer;
let credentials: CredentialStore;
const AUTH = { username: 'ops', password: 'pa55-w0rd-xyz' };

const msg = (name: string, text: string, ns = 'default'): KrmObject =>
  ({ apiVersion: 'studio.example.com/v1alpha1', kind: 'Message', metadata: { name, namespace: ns, uid: 'u-1', resourceVersion: '7', generation: 2, ownerReferences: [{ apiVersion: 'studio.example.com/v1alpha1', kind: 'Greeter', name, uid: 'u-0', controller: true }] }, spec: { text }, status: { conditions: [] } }) as KrmObject;
const ns: KrmObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } as KrmObject;
const reconciler: KrmObject = { apiVersion: 'choreo.kform.dev/v1alpha1', kind: 'Reconciler', metadata: { name: 'greeter' } } as KrmObject;

beforeEach(async () => {
  tmp = makeTempDir('choreo-publish-');
  const remotes = path.join(tmp.dir, 'remotes');
  mkdirSync(remotes, { recursive: true });
  await run('git', ['init', '-q', '--bare', path.join(remotes, 'deploy.git')]);
  server = await startGitHttpServer({ root: remotes, requireAuth: AUTH });
  credentials = new CredentialStore(path.join(tmp.dir, 'app'));
  await credentials.set(`${server.url}/deploy.git`, { username: AUTH.username, token: AUTH.password });
});

afterEach(async () => {
  await server.close();
  tmp.cleanup();
});

describe('renderTree', () => {
  it('one YAML per object in a stable layout, server fields and status dropped, Choreo objects left out, plus kustomization.yaml', () => {
    const files = renderTree([msg('b', 'B'), reconciler, ns, msg('a', 'A')]);
    expect([...files.keys()]).toEqual(['core/namespace/_cluster/default.yaml', 'studio.example.com/message/default/a.yaml', 'studio.example.com/message/default/b.yaml', 'kustomization.yaml']);
    const a = files.get('studio.example.com/message/default/a.yaml')!;
    expect(a).toContain('text: A');
    expect(a).not.toMatch(/uid|resourceVersion|generation|status|ownerReferences/);
    expect(files.get('kustomization.yaml')).toContain('- studio.example.com/message/default/b.yaml');
  });
});

describe('assertNoSecrets', () => {
  it('refuses an object holding a secret value, naming the object, the field and the key', () => {
    let e: unknown;
    try {
      assertNoSecrets([msg('a', 'hello'), msg('b', 'token=tok-123456-abc;')], { 'api-token': 'tok-123456-abc' });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(DeliveryError);
    expect((e as Error).message).toContain('Message/default/b holds the value of secret "api-token" at spec.text');
    expect(() => assertNoSecrets([msg('a', 'x')], { short: 'x1' })).not.toThrow();
  });
});

describe('publishObjects against git http-backend', () => {
  it('publishes, republishes (gone objects disappear), publishes another branch; plain git reads the result', async () => {
    const url = `${server.url}/deploy.git`;
    const gitdir = (env: string) => path.join(tmp.dir, 'project', '.choreo', 'delivery', 'publish', `${env}.git`);
    const first = await publishObjects({ gitdir: gitdir('development'), target: { url, branch: 'development' }, objects: [ns, msg('a', 'A'), msg('b', 'B')], message: 'build 1111 of commit abcd (digest ffff)', secrets: {}, credentials });
    expect(first).toMatchObject({ branch: 'development', files: 4, unchanged: false });
    const again = await publishObjects({ gitdir: gitdir('development'), target: { url, branch: 'development' }, objects: [ns, msg('a', 'A'), msg('b', 'B')], message: 'same', secrets: {}, credentials });
    expect(again).toMatchObject({ commit: first.commit, unchanged: true });
    const second = await publishObjects({ gitdir: gitdir('development'), target: { url, branch: 'development' }, objects: [ns, msg('a', 'A2')], message: 'build 2222', secrets: {}, credentials });
    const prod = await publishObjects({ gitdir: gitdir('production'), target: { url, branch: 'production' }, objects: [ns, msg('a', 'A')], message: 'promote build 1111', secrets: {}, credentials });

    const clone = path.join(tmp.dir, 'clone');
    const authed = url.replace('http://', `http://${AUTH.username}:${AUTH.password}@`);
    await run('git', ['clone', '-q', '--no-checkout', authed, clone]);
    expect(await gitOut(clone, 'rev-parse', 'origin/development')).toBe(second.commit);
    expect(await gitOut(clone, 'rev-parse', 'origin/production')).toBe(prod.commit);
    expect(await gitOut(clone, 'log', '--format=%s', 'origin/development')).toBe('build 2222\nbuild 1111 of commit abcd (digest ffff)');
    expect((await gitOut(clone, 'ls-tree', '-r', '--name-only', 'origin/development')).split('\n')).toEqual(['core/namespace/_cluster/default.yaml', 'kustomization.yaml', 'studio.example.com/message/default/a.yaml']);
    expect(await gitOut(clone, 'show', 'origin/development:studio.example.com/message/default/a.yaml')).toContain('text: A2');
    expect(await gitOut(clone, 'show', 'origin/production:studio.example.com/message/default/a.yaml')).toContain('text: A');
  });

  it('refuses a secret value before anything is pushed, and wrong credentials with what to do', async () => {
    const url = `${server.url}/deploy.git`;
    const gitdir = path.join(tmp.dir, 'p.git');
    const before = server.requests();
    await expect(publishObjects({ gitdir, target: { url, branch: 'main' }, objects: [msg('a', 'S3cr3t-value')], message: 'm', secrets: { token: 'S3cr3t-value' }, credentials })).rejects.toThrow('Message/default/a holds the value of secret "token"');
    expect(server.requests()).toBe(before);
    await credentials.set(url, { username: 'ops', token: 'wrong' });
    await expect(publishObjects({ gitdir, target: { url, branch: 'main' }, objects: [msg('a', 'A')], message: 'm', secrets: {}, credentials })).rejects.toThrow(/Store credentials for this host/);
  });
});
