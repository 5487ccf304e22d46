// The delivery channels through the real host and dispatcher (request and response validation on):
// build → refused deploy (typed error naming the key) → secret → deploy → promote with preview → rollback,
// events streamed, a restarted host resumes the active deployments' runners.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDeliveryProject } from '../../testing/delivery-project.js';
import { channelCaller, testHost } from '../../testing/channel-host.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { SECRETS_FILE } from '../../delivery/layout.js';
import { Host } from '../host.js';

describe('delivery channels', { timeout: 180_000 }, () => {
  let tmp: { dir: string; cleanup: () => void };
  let host: Host;
  let project: string;
  const events: Array<{ event: string; payload: any }> = [];
  const { call, ok } = channelCaller(() => host);
  const newHost = async () => {
    host = testHost(path.join(tmp.dir, 'app'));
    host.onEvent((event, payload) => events.push({ event, payload }));
    await host.openProject(project);
  };

  beforeEach(async () => {
    tmp = makeTempDir('choreo-delivery-host-');
    project = (await makeDeliveryProject(path.join(tmp.dir, 'p'))).dir;
    await newHost();
    await ok('delivery.settings.set', { healthTimeoutMs: 2000 });
  });
  afterEach(async () => {
    await host.close();
    tmp.cleanup();
  });

  it('walks build, deploy, promote with preview and rollback over the contract', async () => {
    const overview = await ok('delivery.overview');
    expect(overview.environments.map((e: any) => e.env.id)).toEqual(['development', 'production']);
    const build = await ok('delivery.build', {});
    expect(build.status).toBe('succeeded');
    expect(events.some((e) => e.event === 'delivery.progress' && /checked out/.test(e.payload.line))).toBe(true);

    const refused = await call('delivery.deploy', { env: 'development', build: build.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('api-token') } });

    await ok('delivery.config.set', { scope: 'all', key: 'api-token', value: 'host-secret-1', secret: true });
    const entries = await ok('delivery.config.list', {});
    expect(entries).toEqual([expect.objectContaining({ key: 'api-token', secret: true })]);
    expect(JSON.stringify(entries)).not.toContain('host-secret-1');

    await ok('delivery.deploy', { env: 'development', build: build.id });
    const preview = await ok('delivery.preview', { to: build.id });
    expect(preview.items.filter((i: any) => i.status === 'added').length).toBeGreaterThan(0);
    const promoted = await ok('delivery.promote', { from: 'development' });
    expect(promoted.env).toBe('production');
    const objects = await ok('delivery.objects', { env: 'production' });
    expect(objects.some((o: any) => o.kind === 'Message')).toBe(true);
    expect(JSON.stringify(objects)).not.toContain('host-secret-1');

    await ok('delivery.config.set', { scope: 'production', key: 'prefix', value: 'x', secret: false });
    const back = await ok('delivery.rollback', { env: 'production' });
    expect(back.rollbackOf).toBe(promoted.id);

    const hist = await ok('delivery.history', { env: 'production' });
    expect(hist.executions.map((e: any) => e.kind)).toEqual(expect.arrayContaining(['promotion', 'rollback', 'deploy', 'health-check']));
    expect(hist.count30).toBeGreaterThan(5);
    const log = await ok('delivery.logs', { id: hist.executions.find((e: any) => e.kind === 'promotion').id });
    expect(log.log).toContain('promote build');
    expect(events.some((e) => e.event === 'delivery.changed')).toBe(true);

    // a restarted host serves the active deployments again
    await host.close();
    await newHost();
    await ok('delivery.overview');
    let running: string[] = [];
    const until = Date.now() + 60_000; // two runner threads start: slow on a loaded machine
    while (Date.now() < until) {
      running = (await ok('delivery.overview')).environments.filter((e: any) => e.runner === 'running').map((e: any) => e.env.id);
      if (running.length === 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(running).toEqual(['development', 'production']);
  });

  it("seals secrets with the host's OS encryptor (Electron's safeStorage) when it has one", async () => {
    await host.close();
    const sealed: string[] = [];
    host = new Host({
      transport: 'electron',
      appDataDir: path.join(tmp.dir, 'app'),
      watch: false,
      encryptor: {
        isEncryptionAvailable: () => true,
        encryptString: (plain) => (sealed.push(plain), Buffer.from(`os-sealed ${plain}`)),
        decryptString: (b) => b.toString().slice('os-sealed '.length),
      },
    });
    await host.openProject(project);
    await ok('delivery.config.set', { scope: 'all', key: 'api-token', value: 'from-the-keychain', secret: true });
    expect(sealed).toEqual(['from-the-keychain']);
    expect(readFileSync(path.join(tmp.dir, 'app', SECRETS_FILE), 'utf8')).toContain('"os:');
  });
});
