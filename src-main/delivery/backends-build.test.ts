// Builds made with the engine's built-in backends (issue 15): the build records the choice, and every runner
// of its deployments (health check, environment runner, a runner started again by resume) enables them, so
// deploy, promote and rollback need no flag. A project that needs them fails to build without them, with a
// finding that names the flag. The runners here live in the test's thread; the thread runners carry the same
// option (host/workers/delivery-runners.test.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKEND_PROJECT_HOSTS, makeBackendProject } from '../testing/backend-project.js';
import { commitFile } from '../testing/delivery-project.js';
import { inProcessDeliveryRunners } from '../testing/in-process-runners.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { buildDir } from './build.js';
import { Delivery } from './delivery.js';

let tmp: { dir: string; cleanup: () => void };
let root: string;
let delivery: Delivery;

async function open(): Promise<Delivery> {
  const d = await Delivery.open({ projectRoot: root, appDataDir: path.join(tmp.dir, 'app'), offline: true, runners: inProcessDeliveryRunners() });
  await d.updateSettings({ healthTimeoutMs: 10_000 });
  return d;
}

/** Host name → the address its status holds, as the environment serves it. */
async function addresses(env: string): Promise<Record<string, unknown>> {
  const hosts = (await delivery.readObjects(env)).filter((o) => o.kind === 'Host');
  return Object.fromEntries(hosts.map((h) => [h.metadata.name, (h.status as { address?: string } | undefined)?.address]));
}

const ADDRESSES = { alpha: '10.7.0.0/32', beta: '10.7.0.1/32', gamma: '10.7.0.2/32' };

beforeEach(async () => {
  tmp = makeTempDir('choreo-delivery-backends-');
  root = path.join(tmp.dir, 'project');
  await makeBackendProject(root);
  delivery = await open();
});

afterEach(async () => {
  await delivery.close();
  tmp.cleanup();
});

describe('builds with the built-in backends', () => {
  it('without them, a project that needs them fails to build and the finding names the flag', async () => {
    const b = await delivery.build('HEAD');
    expect(b.status).toBe('failed');
    expect(b.internalReconcilers).toBeUndefined();
    const messages = b.findings.map((f) => f.message).join('\n');
    expect(messages).toContain('IPIndex not registered');
    expect(messages).toContain('IPIndex (ipam.be.kuid.dev) is served by the engine\'s built-in backends, which this build did not enable. Build with `choreo build -r` (--internal-reconcilers)');
  });

  it('with them, the build records it; deploy, promote, rollback and resume run healthy with them and no flag', async () => {
    const b = await delivery.build('HEAD', { internalReconcilers: true });
    expect(b.status, b.message).toBe('succeeded');
    expect(b.internalReconcilers).toBe(true);
    // the manifest on disk carries it (what deploy reads, in this process or another)
    expect(JSON.parse(readFileSync(path.join(buildDir(delivery.paths, b.id), 'build.json'), 'utf8')).internalReconcilers).toBe(true);

    const d = await delivery.deploy('development', b.id);
    expect(d.status).toBe('active');
    expect(d.internalReconcilers).toBe(true);
    expect(d.health?.healthy, d.health?.message).toBe(true);
    expect(d.health?.counts?.Current).toBe(BACKEND_PROJECT_HOSTS.length);
    expect(await addresses('development')).toEqual(ADDRESSES);

    const p = await delivery.promote('development');
    expect(p.health?.healthy, p.health?.message).toBe(true);
    expect(await addresses('production')).toEqual(ADDRESSES);

    // a second build adds a host; rolling back serves the first build again, with the backends
    await commitFile(root, 'in/omega.yaml', 'apiVersion: lab.example.com/v1alpha1\nkind: Host\nmetadata: {name: omega, namespace: default}\nspec: {role: worker}\n');
    const b2 = await delivery.build('HEAD', { internalReconcilers: true });
    expect(b2.status, b2.message).toBe('succeeded');
    await delivery.deploy('development', b2.id);
    expect(await addresses('development')).toEqual({ ...ADDRESSES, omega: '10.7.0.3/32' });
    const back = await delivery.rollback('development');
    expect(back.buildId).toBe(b.id);
    expect(back.internalReconcilers).toBe(true);
    expect(await addresses('development')).toEqual(ADDRESSES);

    // a new process (the host after a restart) resumes the active deployments with the backends
    await delivery.close();
    delivery = await open();
    expect((await delivery.resume()).sort()).toEqual(['development', 'production']);
    for (const env of ['development', 'production']) await delivery.runnerOf(env)!.whenIdle();
    expect(await addresses('development')).toEqual(ADDRESSES);
    expect(await addresses('production')).toEqual(ADDRESSES);
  });

  it("the project's setting makes them the default of its builds; an explicit choice wins", async () => {
    expect((await delivery.settings()).internalReconcilers).toBe(false);
    await delivery.updateSettings({ internalReconcilers: true });
    const b = await delivery.build('HEAD');
    expect(b.status, b.message).toBe('succeeded');
    expect(b.internalReconcilers).toBe(true);
    const without = await delivery.build('HEAD', { internalReconcilers: false });
    expect(without.status).toBe('failed');
    // another choice, another artifact: the two builds of one commit differ in digest
    expect(without.digest).not.toBe(b.digest);
  });
});
