// Fault suite, issue 18 item 1: runaway reconcilers in delivery's builds, deploy health checks and
// environment runners, in a real host process (`choreo server start --max-steps 50000000`, runner threads with
// a 256 MB heap) that the test pings throughout. The reconciler behaves with the build's defaults and runs
// away only with an environment's configuration (config("mode")): looping, the deployment is refused as
// unhealthy and its session log names the reconciler and the object; filling the heap, the deployment is
// refused with an out-of-memory message naming them. The environment deploys once the configuration is
// fixed. Builds of commits whose reconciler loops or fills the heap fail with the reason. The host answers
// throughout and stops on SIGTERM afterwards.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFile, makeDeliveryProject, RECONCILER } from '../testing/delivery-project.js';
import { keepPinging, startHostProcess, type HostProcess } from '../testing/host-process.js';
import { FILL_HEAP_BODY, GREETER_RECONCILER, SPIN_BODY } from '../testing/runaway-reconcilers.js';
import { makeTempDir } from '../testing/temp-dir.js';

const indent = (body: string) => body.replace(/^/gm, '  ');
/** The delivery fixture's reconciler with `lines` first in reconcile(). */
const reconcilerStartingWith = (lines: string) => RECONCILER.replace('def reconcile(self):\n', `def reconcile(self):\n${lines}\n`);
const BY_MODE = reconcilerStartingWith(`  mode = config("mode", "ok")\n  if mode == "spin":\n${indent(SPIN_BODY)}\n  if mode == "fill":\n${indent(FILL_HEAP_BODY)}`);
const GREETER = /reconciler studio\.example\.com\.greeters\.greeter reconcil(?:ed|ing) Greeter default\/\w+/;
const OUT_OF_MEMORY = 'ran out of memory (the heap limit of its thread is 256 MB; CHOREO_RUN_HEAP_MB raises it)';

let tmp: { dir: string; cleanup: () => void };
let root: string;
let host: HostProcess;
let build: string;

beforeAll(async () => {
  tmp = makeTempDir('choreo-env-runaway-');
  root = path.join(tmp.dir, 'project');
  await makeDeliveryProject(root);
  await commitFile(root, GREETER_RECONCILER, BY_MODE);
  // 5e7 steps: a looping reconcile ends within seconds, and the heap filler still passes 256 MB before it
  host = await startHostProcess(root, path.join(tmp.dir, 'work'), ['--max-steps', '50000000'], { CHOREO_RUN_HEAP_MB: '256' });
  await host.invoke('delivery.settings.set', { healthTimeoutMs: 30_000 });
  await host.invoke('delivery.config.set', { scope: 'all', key: 'api-token', value: 'tok-4711', secret: true });
  const b = await host.invoke('delivery.build', {}, 120_000);
  expect(b.status, b.message).toBe('succeeded');
  build = b.id;
}, 180_000);
afterAll(async () => {
  await host?.stop();
  tmp?.cleanup();
});

/** Runs `operation` while pinging the host; resolves with its value or its error, once every ping was answered. */
async function whilePinging<T>(operation: () => Promise<T>): Promise<T | Error> {
  const pinger = keepPinging(host);
  const outcome = await operation().catch((e: Error) => e);
  expect(await pinger.done()).toBeGreaterThan(0);
  return outcome;
}

/** Sets development's mode and deploys the build there while pinging; resolves with the refusal, if any. */
async function deployWithMode(mode: string): Promise<Error | undefined> {
  await host.invoke('delivery.config.set', { scope: 'development', key: 'mode', value: mode, secret: false });
  const outcome = await whilePinging(() => host.invoke('delivery.deploy', { env: 'development', build }, 120_000));
  return outcome instanceof Error ? outcome : undefined;
}

/** Commits `reconciler` and builds HEAD while pinging. */
async function buildWith(reconciler: string) {
  await commitFile(root, GREETER_RECONCILER, reconciler);
  const outcome = await whilePinging(() => host.invoke('delivery.build', {}, 120_000));
  if (outcome instanceof Error) throw outcome;
  return outcome;
}

/** The log of the newest execution of `kind`. */
async function newestLog(kind: 'prod-session' | 'health-check'): Promise<string> {
  const { executions } = await host.invoke('delivery.history', { kind });
  return (await host.invoke('delivery.logs', { id: executions[0]!.id })).log;
}

describe('a runaway reconciler in a delivery environment runner; the host answers throughout', () => {
  it('a reconciler that loops: the deployment is refused as unhealthy, its log names the reconciler and the object', async () => {
    const refused = await deployWithMode('spin');
    expect(refused?.message).toMatch(/^Refused: build \w+ is not healthy with development's configuration; development keeps its current deployment\./);
    const log = await newestLog('prod-session');
    expect(log).toMatch(/ERROR studio\.example\.com\.greeters\.greeter.*too many steps/);
    expect(log).toMatch(GREETER);
  });

  it('a reconciler that fills the heap: the deployment is refused with an out-of-memory message naming it', async () => {
    const refused = await deployWithMode('fill');
    expect(refused?.message).toContain(`Refused: the runner of build ${build} with development's configuration stopped: it ${OUT_OF_MEMORY} while `);
    expect(refused?.message).toMatch(GREETER);
    expect(refused?.message).toMatch(/development keeps its current deployment\.$/);
    expect(await newestLog('health-check')).toContain(OUT_OF_MEMORY);
  });

  it('deploys once the configuration is fixed, and serves its objects', async () => {
    expect(await deployWithMode('ok')).toBeUndefined();
    const overview = await host.invoke('delivery.overview', {});
    const dev = overview.environments.find((e) => e.env.id === 'development')!;
    expect(dev.runner).toBe('running');
    expect(dev.active?.health?.healthy).toBe(true);
    const objects = await host.invoke('delivery.objects', { env: 'development' });
    expect(objects.some((o) => o.kind === 'Message')).toBe(true);
  });
});

describe('a runaway reconciler in a build; the host answers throughout', () => {
  it('a reconciler that loops: the build fails on the step budget, naming the reconciler and the object', async () => {
    const b = await buildWith(reconcilerStartingWith(SPIN_BODY));
    expect(b.status).toBe('failed');
    expect(b.message).toMatch(/^run failed: .*too many steps/);
    expect(b.message).toMatch(GREETER);
  });

  it('a reconciler that fills the heap: the build fails with an out-of-memory finding naming it', async () => {
    const b = await buildWith(reconcilerStartingWith(FILL_HEAP_BODY));
    expect(b.status).toBe('failed');
    expect(b.findings.map((f) => f.message)).toEqual([expect.stringContaining(`the check and run ${OUT_OF_MEMORY} while `)]);
    expect(b.findings[0]!.message).toMatch(GREETER);
  });

  it('the environment deployed before still serves, and the host stops on SIGTERM after all that', async () => {
    expect((await host.invoke('delivery.objects', { env: 'development' })).some((o) => o.kind === 'Message')).toBe(true);
    const end = await host.stop(20_000);
    expect(end.signal === 'SIGTERM' || end.code === 0 || end.code === 143).toBe(true);
  });
});
