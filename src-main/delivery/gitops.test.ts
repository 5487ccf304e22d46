// The GitOps round trip (issue 15 items 5 and 6) against `git http-backend` on 127.0.0.1 with Basic auth
// from the encrypted credential store: deploy publishes to the environment's branch, promote to the next
// environment's branch, a configuration change and a rollback publish again (the older objects); plain git
// reads the branches back; the history links each deploy to its commit; a deployment whose objects hold a
// secret's value is refused before anything is pushed, and the environment keeps what it served.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialStore } from '../project/git/auth.js';
import { commitFile, makeDeliveryProject, RECONCILER } from '../testing/delivery-project.js';
import { startGitHttpServer, type GitHttpServer } from '../testing/git-http-server.js';
import { inProcessDeliveryRunners } from '../testing/in-process-runners.js';
import { rejectionOf } from '../testing/rejection.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { Delivery } from './delivery.js';
import { publishMessage } from './gitops.js';
import { DeliveryError } from './types.js';

const run = promisify(execFile);
const gitOut = async (cwd: string, ...args: string[]) => (await run('git', args, { cwd })).stdout.trim();
const AUTH = { username: 'ops', password: 'gitops-pa55-word' };
const SECRET = 'S3cr3t-t0ken-4711';
/** The fixture's reconciler writes the secret into each Message; this one keeps it in the reconciler. */
const CLEAN_RECONCILER = RECONCILER.replace('  msg["spec"]["token"] = token\n', '');

let tmp: { dir: string; cleanup: () => void };
let root: string;
let appData: string;
let server: GitHttpServer;
let url: string;
let delivery: Delivery;

beforeEach(async () => {
  tmp = makeTempDir('choreo-gitops-');
  root = path.join(tmp.dir, 'project');
  appData = path.join(tmp.dir, 'app');
  await makeDeliveryProject(root);
  const remotes = path.join(tmp.dir, 'remotes');
  mkdirSync(remotes, { recursive: true });
  await run('git', ['init', '-q', '--bare', path.join(remotes, 'deploy.git')]);
  server = await startGitHttpServer({ root: remotes, requireAuth: AUTH });
  url = `${server.url}/deploy.git`;
  await new CredentialStore(appData).set(url, { username: AUTH.username, token: AUTH.password });
  delivery = await Delivery.open({ projectRoot: root, appDataDir: appData, offline: true, runners: inProcessDeliveryRunners() });
  await delivery.updateSettings({ healthTimeoutMs: 5000 });
  await delivery.setConfig('all', 'api-token', SECRET, true);
});

afterEach(async () => {
  await delivery.close();
  await server.close();
  tmp.cleanup();
});

async function cloneRemote(): Promise<string> {
  const clone = path.join(tmp.dir, `clone-${Date.now()}`);
  await run('git', ['clone', '-q', '--no-checkout', url.replace('http://', `http://${AUTH.username}:${AUTH.password}@`), clone]);
  return clone;
}

describe('GitOps publishing of deployments', () => {
  it('deploy, promote, reconfigure and roll back publish to the environments’ branches; the history links the commits', async () => {
    await delivery.setGitOps('development', { url, branch: 'env/development' });
    await delivery.setGitOps('production', { url, branch: 'env/production' });
    expect((await delivery.environments.get('production')).gitops).toEqual({ url, branch: 'env/production' });
    const source = await commitFile(root, 'reconcilers/studio.example.com.greeters.greeter.star', CLEAN_RECONCILER, 'keep the token out of the objects');
    const build = await delivery.build('HEAD');
    expect(build.status).toBe('succeeded');

    const dev = await delivery.deploy('development', build.id);
    expect(dev.published).toMatchObject({ branch: 'env/development', unchanged: false });
    const prod1 = await delivery.promote('development');
    expect(prod1.published?.branch).toBe('env/production');
    const { redeployed } = await delivery.setConfig('production', 'prefix', 'prod: ', false);
    expect(redeployed).toEqual([{ env: 'production', deploymentId: expect.any(String) }]);
    const back = await delivery.rollback('production');
    expect(back.rollbackOf).toBe(prod1.id);

    const clone = await cloneRemote();
    expect(await gitOut(clone, 'rev-parse', 'origin/env/development')).toBe(dev.published!.commit);
    expect(await gitOut(clone, 'rev-parse', 'origin/env/production')).toBe(back.published!.commit);
    // the message names the build, the source commit and the digest
    const message = await gitOut(clone, 'log', '-1', '--format=%B', 'origin/env/development');
    expect(message).toContain(`deploy build ${build.id}`);
    expect(message).toContain(`Build: ${build.id}`);
    expect(message).toContain(`Source-Commit: ${source}`);
    expect(message).toContain(`Digest: ${build.digest}`);
    expect(message).toContain(`Deployment: ${dev.id}`);
    // production: promote, config change, rollback = three commits; the rollback publishes the older objects again
    expect((await gitOut(clone, 'log', '--format=%s', 'origin/env/production')).split('\n')).toEqual([
      `production: roll back to build ${build.id} (commit ${source.slice(0, 12)})`,
      `production: deploy build ${build.id} (commit ${source.slice(0, 12)})`,
      `production: promote build ${build.id} (commit ${source.slice(0, 12)})`,
    ]);
    const files = (await gitOut(clone, 'ls-tree', '-r', '--name-only', 'origin/env/production')).split('\n');
    expect(files).toContain('kustomization.yaml');
    const message1 = files.find((f) => f.startsWith('studio.example.com/message/'))!;
    expect(await gitOut(clone, 'show', `origin/env/production~1:${message1}`)).toContain('prod: ');
    expect(await gitOut(clone, 'show', `origin/env/production:${message1}`)).not.toContain('prod: ');
    expect(await gitOut(clone, 'diff', 'origin/env/production', 'origin/env/production~2')).toBe('');
    // no published file holds the secret
    expect(await gitOut(clone, 'grep', '-c', SECRET, 'origin/env/production', 'origin/env/development').catch(() => 'none')).toBe('none');

    const deploys = await delivery.listHistory({ kind: 'deploy' });
    expect(deploys.find((e) => e.deploymentId === dev.id)?.published?.commit).toBe(dev.published!.commit);
    const rollbackExec = (await delivery.listHistory({ kind: 'rollback' }))[0]!;
    expect(rollbackExec.published?.commit).toBe(back.published!.commit);
    expect((await delivery.logs(rollbackExec.id)).log).toBeDefined();
  });

  it('refuses a deployment whose objects hold a secret value, naming object and key; nothing is pushed and the environment keeps serving', async () => {
    await delivery.setGitOps('development', { url, branch: 'development' });
    await commitFile(root, 'reconcilers/studio.example.com.greeters.greeter.star', CLEAN_RECONCILER, 'clean');
    const clean = await delivery.build('HEAD');
    const first = await delivery.deploy('development', clean.id);
    await commitFile(root, 'reconcilers/studio.example.com.greeters.greeter.star', RECONCILER, 'leak the token');
    const leaky = await delivery.build('HEAD');
    const before = server.requests();
    const e = await rejectionOf(delivery.deploy('development', leaky.id), DeliveryError);
    expect(e.message).toMatch(/Not published: Message\/\S+ holds the value of secret "api-token" at spec\.token/);
    expect(e.message).not.toContain(SECRET);
    expect(server.requests()).toBe(before);
    const [overview] = await delivery.overview();
    expect(overview!.active?.id).toBe(first.id);
    const clone = await cloneRemote();
    expect(await gitOut(clone, 'rev-parse', 'origin/development')).toBe(first.published!.commit);
  });

  it('validates the target: no credentials in the URL, https only off 127.0.0.1, a valid branch; removing it stops publishing', async () => {
    const invalid = (p: Promise<unknown>) => rejectionOf(p, DeliveryError).then((e) => e.message);
    expect(await invalid(delivery.setGitOps('development', { url: 'https://ops:secret@github.com/acme/deploy.git', branch: 'main' }))).toContain('must not contain credentials');
    expect(await invalid(delivery.setGitOps('development', { url: 'http://git.example.com/deploy.git', branch: 'main' }))).toContain('use https://');
    expect(await invalid(delivery.setGitOps('development', { url: 'git@github.com:acme/deploy.git', branch: 'main' }))).toContain('https://github.com/acme/deploy');
    expect(await invalid(delivery.setGitOps('development', { url, branch: 'a..b' }))).toContain('not a valid branch name');
    await delivery.setGitOps('development', { url, branch: 'main' });
    expect((await delivery.setGitOps('development', undefined)).gitops).toBeUndefined();
    expect(publishMessage({ env: { id: 'production', name: 'production', createdAt: '', gitops: { url, branch: 'p' } }, build: { id: 'b1', commit: 'c'.repeat(40), digest: 'sha256:ff' } as never, deploymentId: 'd-1', reason: 'rollback', rollbackOf: 'd-0' })).toContain('Reason: rollback (rollback to d-0)');
  });
});
