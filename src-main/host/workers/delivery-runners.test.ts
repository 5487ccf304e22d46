// Delivery with its runners in runner threads (./delivery-runners.ts), as the host and the CLI open it: a
// build and a deploy whose work happens in threads, a serving runner whose thread dies (the environment
// stops, its session says why), a build whose run fills its thread's heap (a failed build that says why),
// and a build cancelled while its run spins (its thread is stopped). The fault suite
// (delivery/environment-runaway.fault.test.ts) shows a real host answering throughout.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Delivery } from '../../delivery/delivery.js';
import type { DeliveryError, Execution } from '../../delivery/types.js';
import { BACKEND_PROJECT_HOSTS, makeBackendProject } from '../../testing/backend-project.js';
import { commitFile, makeDeliveryProject, RECONCILER } from '../../testing/delivery-project.js';
import { rejectionOf } from '../../testing/rejection.js';
import { FILL_HEAP_BODY, GREETER_RECONCILER, SPIN_BODY } from '../../testing/runaway-reconcilers.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { threadDeliveryRunners } from './delivery-runners.js';

const HEAP_MB = 128;
const indent = (body: string) => body.replace(/^/gm, '  ');
/** The delivery fixture's reconciler, which fills the heap for a Greeter named "fill" (any other behaves). */
const FILL_ON_NAME = RECONCILER.replace('def reconcile(self):\n', `def reconcile(self):\n  if self["spec"].get("name") == "fill":\n${indent(FILL_HEAP_BODY)}\n`);
/** A reconciler whose first line runs `body` for every Greeter. */
const always = (body: string) => RECONCILER.replace('def reconcile(self):\n', `def reconcile(self):\n${body}\n`);
const GREETER_OBJECT = /reconciler studio\.example\.com\.greeters\.greeter reconcil(?:ed|ing) Greeter default\/\w+/;

let tmp: { dir: string; cleanup: () => void };
let root: string;
let delivery: Delivery;
const progress: Array<{ executionId: string; line: string }> = [];

beforeEach(async () => {
  tmp = makeTempDir('choreo-delivery-threads-');
  root = path.join(tmp.dir, 'project');
  await makeDeliveryProject(root);
  progress.length = 0;
  delivery = await Delivery.open({
    projectRoot: root,
    appDataDir: path.join(tmp.dir, 'app'),
    offline: true,
    runners: threadDeliveryRunners({ heapMb: HEAP_MB }),
    onEvent: (e) => e.type === 'progress' && progress.push(e),
  });
  await delivery.updateSettings({ healthTimeoutMs: 30_000 });
  await delivery.setConfig('all', 'api-token', 'tok-4711', true, { redeploy: false });
});

afterEach(async () => {
  await delivery.close();
  tmp.cleanup();
});

/** Polls `read` until `done` holds (the thread's death is noticed asynchronously). */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('delivery with runner threads', () => {
  it('builds and deploys with the work in threads; a serving runner whose thread dies stops its environment and says why', async () => {
    await commitFile(root, GREETER_RECONCILER, FILL_ON_NAME);
    const build = await delivery.build();
    expect(build.status, build.message).toBe('succeeded');
    // the build's log comes from its thread
    expect(progress.filter((p) => p.executionId === build.executionId).map((p) => p.line)).toEqual(expect.arrayContaining(['running once ...', expect.stringMatching(/^check: \d+ Starlark file\(s\) resolved$/)]));

    const d = await delivery.deploy('development', build.id);
    expect(d.status).toBe('active');
    expect(d.health?.healthy).toBe(true);
    expect((await delivery.readObjects('development')).filter((o) => o.kind === 'Message').length).toBe(2);

    // input that makes the reconciler fill the heap: the runner's thread dies (the apply's answer may not
    // even come back: the reconcile can start before it is sent), and delivery notices
    const boom = { apiVersion: 'studio.example.com/v1alpha1', kind: 'Greeter', metadata: { name: 'boom', namespace: 'default' }, spec: { name: 'fill' } };
    await delivery.runnerOf('development')!.applyInput([boom]).catch((e: Error) => expect(e.message).toMatch(/^ran out of memory/));
    await until(() => delivery.overview(), (o) => o[0]!.runner === 'stopped');
    expect(delivery.runnerOf('development')).toBeUndefined();
    expect(await delivery.readObjects('development')).toEqual([]);
    const session = await until(
      () => delivery.listHistory({ kind: 'prod-session' }),
      (x: Execution[]) => x[0]?.status === 'failed',
    );
    expect(session[0]!.summary).toMatch(new RegExp(`^the runner of deployment ${d.id} stopped: it ran out of memory \\(the heap limit of its thread is ${HEAP_MB} MB; CHOREO_RUN_HEAP_MB raises it\\) while reconciler studio\\.example\\.com\\.greeters\\.greeter reconciled Greeter default/boom`));
    // the deployment stays the active one on disk: resume() serves it again
    expect((await delivery.overview())[0]!.active?.id).toBe(d.id);
    expect(await delivery.resume()).toEqual(['development']);
    // the restarted runner reconciles the deployment again in its new thread: wait for its Messages
    await until(
      () => delivery.readObjects('development'),
      (objects: Awaited<ReturnType<typeof delivery.readObjects>>) => objects.some((o) => o.kind === 'Message'),
    );
  });

  it('a build whose run fills its thread heap fails with the reason, naming the reconciler and the object', async () => {
    await commitFile(root, GREETER_RECONCILER, always(FILL_HEAP_BODY));
    const build = await delivery.build();
    expect(build.status).toBe('failed');
    expect(build.message).toBe('check failed: 1 error(s)');
    expect(build.findings).toEqual([{ severity: 'error', message: expect.stringMatching(new RegExp(`^the check and run ran out of memory \\(the heap limit of its thread is ${HEAP_MB} MB; CHOREO_RUN_HEAP_MB raises it\\) while `)) }]);
    expect(build.findings[0]!.message).toMatch(GREETER_OBJECT);
    // and the process goes on: the fixed project builds
    await commitFile(root, GREETER_RECONCILER, RECONCILER);
    expect((await delivery.build()).status).toBe('succeeded');
  });

  it('a build cancelled while its run spins is stopped at once and recorded as cancelled', async () => {
    await commitFile(root, GREETER_RECONCILER, always(SPIN_BODY));
    const cancelling = new Promise<boolean>((resolve) => {
      const watch = setInterval(() => {
        const running = progress.find((p) => p.line === 'running once ...');
        if (!running) return;
        clearInterval(watch);
        resolve(delivery.cancel(running.executionId));
      }, 20);
    });
    const e = await rejectionOf<DeliveryError>(delivery.build());
    expect(await cancelling).toBe(true);
    expect(e.code).toBe('cancelled');
    expect((await delivery.listHistory({ kind: 'build' }))[0]!.status).toBe('cancelled');
    expect(await delivery.listBuilds()).toEqual([]);
  });

  it('a build made with the built-in backends runs its check, health check and environment runner with them', async () => {
    const dir = path.join(tmp.dir, 'backends');
    await makeBackendProject(dir);
    const d = await Delivery.open({ projectRoot: dir, appDataDir: path.join(tmp.dir, 'app'), offline: true, runners: threadDeliveryRunners({ heapMb: HEAP_MB }) });
    try {
      await d.updateSettings({ healthTimeoutMs: 30_000 });
      const b = await d.build('HEAD', { internalReconcilers: true });
      expect(b.status, b.message).toBe('succeeded');
      const deployed = await d.deploy('development', b.id);
      expect(deployed.health?.healthy, deployed.health?.message).toBe(true);
      const hosts = (await d.readObjects('development')).filter((o) => o.kind === 'Host');
      expect(hosts.map((h) => (h.status as { address?: string }).address)).toEqual(BACKEND_PROJECT_HOSTS.map((_, i) => `10.7.0.${i}/32`));
    } finally {
      await d.close();
    }
  });
});
