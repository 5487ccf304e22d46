// Fault suite, issue 15 item 3: deployments that outlive the app when the user chooses so. An app host (Electron
// transport, an OS encryptor standing in for safeStorage) delivers a project itself until the setting "keep
// deployments running" is turned on; then the project's secrets move to the background host's key-file store,
// the app's runners stop and the project's background host (a real detached `choreo server start`) resumes the
// deployment. The app then closes; the host keeps serving; a new app attaches to it; turning the setting off
// stops the host, brings the secrets back under the OS encryptor and the app serves the deployments again.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRETS_FILE } from '../../delivery/index.js';
import type { OsEncryptor } from '../../project/secret-store.js';
import { channelCaller, testHost } from '../../testing/channel-host.js';
import { makeDeliveryProject } from '../../testing/delivery-project.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { connectHost } from '../host-client.js';
import { hostState, isAlive } from '../host-lock.js';
import type { Host } from '../host.js';

const SECRET = 'keep-running-secret-4711';

/** Stands in for Electron's safeStorage: reversible, and visibly not the key-file format. */
const fakeKeychain: OsEncryptor = {
  isEncryptionAvailable: () => true,
  encryptString: (plain) => Buffer.from(`keychain:${[...plain].reverse().join('')}`),
  decryptString: (sealed) => [...sealed.toString().slice('keychain:'.length)].reverse().join(''),
};

let tmp: { dir: string; cleanup: () => void };
let project: string;
let appData: string;
let hostData: string;
let app: Host;
const events: string[] = [];
const { ok } = channelCaller(() => app);

function appHost(): Host {
  const host = testHost(appData, {
    transport: 'electron',
    encryptor: fakeKeychain,
    projectHost: {
      appDataDir: hostData,
      // no renderer build: the background host serves the contract without it
      start: { env: { ...process.env, CHOREO_STUDIO_HOME: hostData, CHOREO_STUDIO_DIST: path.join(tmp.dir, 'no-dist') } },
    },
  });
  host.onEvent((event, payload) => events.push(`${event} ${JSON.stringify(payload)}`));
  return host;
}

/** The sealed entries of a secret store, by scheme (`os`, `gcm`); none when the file is absent. */
function sealedSchemes(dir: string): string[] {
  try {
    const entries = (JSON.parse(readFileSync(path.join(dir, SECRETS_FILE), 'utf8')) as { entries: Record<string, string> }).entries;
    return Object.values(entries).map((v) => v.slice(0, v.indexOf(':')));
  } catch {
    return [];
  }
}

/** Polls the app's overview until every environment in `envs` serves a healthy deployment. */
async function untilServing(envs: string[]): Promise<{ host?: { pid: number; projectHost: boolean } }> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const o = await ok('delivery.overview');
    const serving = envs.every((id) => o.environments.some((e: any) => e.env.id === id && e.runner === 'running' && e.active?.health?.healthy));
    if (serving) return o;
    if (Date.now() > deadline) throw new Error(`not serving ${envs.join(', ')}: ${JSON.stringify(o.environments.map((e: any) => [e.env.id, e.runner]))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  tmp = makeTempDir('choreo-keep-running-');
  project = (await makeDeliveryProject(path.join(tmp.dir, 'project'))).dir;
  appData = path.join(tmp.dir, 'app-data');
  hostData = path.join(tmp.dir, 'host-data');
});
afterAll(async () => {
  await app?.close().catch(() => undefined);
  const s = await hostState(project).catch(() => undefined);
  if (s?.state === 'running') process.kill(s.info.pid, 'SIGKILL');
  tmp?.cleanup();
});

describe('keep deployments running when the app closes (issue 15 item 3)', () => {
  it('hands the project to its background host, outlives the app, is attached to again, and comes back', async () => {
    app = appHost();
    await app.openProject(project);
    await ok('delivery.settings.set', { healthTimeoutMs: 10_000 });
    await ok('delivery.config.set', { scope: 'all', key: 'api-token', value: SECRET, secret: true });
    const build = await ok('delivery.build', {});
    await ok('delivery.deploy', { env: 'development', build: build.id });
    // the app delivers it: its own process, secrets under the OS keychain
    expect((await untilServing(['development'])).host).toEqual({ pid: process.pid, projectHost: false });
    expect(sealedSchemes(appData).length).toBeGreaterThanOrEqual(2); // the value and the deployment's copy
    expect(new Set(sealedSchemes(appData))).toEqual(new Set(['os']));

    // on: the secrets move to the host's key-file store; the project's host resumes the deployment
    expect((await ok('delivery.settings.set', { keepDeploymentsRunning: true })).keepDeploymentsRunning).toBe(true);
    expect(sealedSchemes(appData)).toEqual([]);
    expect(new Set(sealedSchemes(hostData))).toEqual(new Set(['gcm']));
    const handed = await untilServing(['development']);
    const hostPid = handed.host!.pid;
    expect(handed.host).toEqual({ pid: hostPid, projectHost: true });
    expect(hostPid).not.toBe(process.pid);
    const lock = await hostState(project);
    expect(lock.state === 'running' && lock.info.pid).toBe(hostPid);

    // what the app asks is done by the host; its progress comes back as events
    events.length = 0;
    const promoted = await ok('delivery.promote', { from: 'development' });
    expect(promoted.env).toBe('production');
    expect(events.some((e) => e.startsWith('delivery.execution') && e.includes('"kind":"promotion"'))).toBe(true);
    expect(events.some((e) => e.startsWith('delivery.progress'))).toBe(true);
    expect(events.join('\n')).not.toContain(SECRET);

    // the app closes; the host keeps serving both environments
    await app.close();
    expect(isAlive(hostPid)).toBe(true);
    const direct = await connectHost((lock as { info: { url: string } }).info.url);
    try {
      const objects = await direct.invoke('delivery.objects', { env: 'production' });
      expect(objects.some((o) => o.kind === 'Message')).toBe(true);
      expect(JSON.stringify(objects)).not.toContain(SECRET);
    } finally {
      direct.close();
    }

    // the next app start attaches to the same host
    app = appHost();
    await app.openProject(project);
    await app.resumeDelivery();
    expect((await untilServing(['development', 'production'])).host).toEqual({ pid: hostPid, projectHost: true });

    // off: the host stops, the secrets go back under the keychain, the app serves the deployments again
    expect((await ok('delivery.settings.set', { keepDeploymentsRunning: false })).keepDeploymentsRunning).toBe(false);
    expect(isAlive(hostPid)).toBe(false);
    expect((await hostState(project)).state).toBe('stopped');
    expect(sealedSchemes(hostData)).toEqual([]);
    expect(new Set(sealedSchemes(appData))).toEqual(new Set(['os']));
    expect((await untilServing(['development', 'production'])).host).toEqual({ pid: process.pid, projectHost: false });
  }, 300_000); // a local deploy, one host start and two resumes on a loaded 2-core machine
});
