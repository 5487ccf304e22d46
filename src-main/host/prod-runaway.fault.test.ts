// Fault suite, issue 18 item 1: runaway reconcilers in PROD mode, in real host processes (`choreo server
// start`, runner threads with a 256 MB heap) that the test pings throughout. Prod
// mode's runner has a thread of its own: a reconciler that loops fails alone while the host answers; one
// that fills the heap, or that gets stuck outside Starlark (a loop of huge store operations, where the
// budgets cannot stop it), ends the session with a message naming the reconciler and the object; prod mode
// starts again once the reconciler is fixed; and SIGTERM stops the host while a reconcile is stuck.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProdStatus } from '../../src-shared/ipc/channels/engine.js';
import { keepPinging, startHostProcess, type HostProcess } from '../testing/host-process.js';
import { BLOB_CRD, FILL_HEAP_BODY, GREETER_RECONCILER, reconcilerWith, SPIN_BODY, STUCK_IN_STORE_BODY } from '../testing/runaway-reconcilers.js';
import { bundledExample, tempProjects, writeProjectFiles } from '../testing/temp-projects.js';

const projects = tempProjects('choreo-prod-runaway-');
const GREETER = /reconciler studio\.example\.com\.greeters\.greeter reconcil(?:ed|ing) Greeter default\/\w+/;
afterAll(() => projects.cleanup());

/** A host process on a hello-world copy (with the Blob kind) and its prod-mode helpers. */
function prodHost(args: string[]) {
  const dir = projects.copyOf(bundledExample('hello-world'));
  writeProjectFiles(dir, BLOB_CRD);
  const h = {
    host: undefined as unknown as HostProcess,
    /** Polls prod.status (each poll is also a ping) until `done` holds. */
    async statusUntil(done: (s: ProdStatus) => boolean): Promise<ProdStatus> {
      for (;;) {
        const s = await h.host.invoke('prod.status', {}, 10_000);
        if (done(s)) return s;
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    /** Starts prod mode with `body` as the Greeter reconciler; returns what prod.start answered. */
    startWith(body: string): Promise<ProdStatus> {
      writeProjectFiles(dir, { [GREETER_RECONCILER]: body });
      return h.host.invoke('prod.start', {}, 120_000);
    },
  };
  beforeAll(async () => {
    h.host = await startHostProcess(dir, projects.emptyDir(), args, { CHOREO_RUN_HEAP_MB: '256' });
  });
  afterAll(() => h.host?.stop());
  return h;
}

describe('prod mode with a runaway reconciler; the host answers throughout', () => {
  const p = prodHost([]);
  it('a reconciler that loops fails alone: the runner keeps running, stop stores the error with the reconciler and the object', async () => {
    const pinger = keepPinging(p.host);
    expect((await p.startWith(reconcilerWith(SPIN_BODY))).state).toBe('running');
    await p.statusUntil((s) => s.errors >= 1);
    expect((await p.host.invoke('prod.status', {})).state).toBe('running');
    const stopped = await p.host.invoke('prod.stop', {}, 120_000);
    expect(await pinger.done()).toBeGreaterThan(0);
    expect(stopped.snapshotId).toMatch(/^[0-9a-f]{16}$/);
    const result = await p.host.invoke('run.result', {});
    const error = result!.errors.find((e) => e.reconciler === 'studio.example.com.greeters.greeter')!;
    expect(error.message).toContain('too many steps');
    expect(error.message).toMatch(GREETER);
  });

  it('a reconciler that fills the heap ends the session with an out-of-memory message; prod mode starts again', async () => {
    const pinger = keepPinging(p.host);
    expect((await p.startWith(reconcilerWith(FILL_HEAP_BODY))).state).toBe('running');
    const ended = await p.statusUntil((s) => s.state === 'stopped');
    expect(await pinger.done()).toBeGreaterThan(0);
    expect(ended.message).toMatch(/^Prod mode stopped: its runner ran out of memory \(the heap limit of its thread is 256 MB; CHOREO_RUN_HEAP_MB raises it\)/);
    expect(ended.message).toMatch(GREETER);
    expect(ended.message).toMatch(/Fix the reconciler, then start prod mode again\.$/);

    expect((await p.startWith(reconcilerWith('  pass'))).state).toBe('running');
    await p.statusUntil((s) => s.events >= 2);
    const stopped = await p.host.invoke('prod.stop', {}, 120_000);
    expect(stopped.success).toBe(true);
    expect(stopped.snapshotId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('answers SIGTERM while a reconcile is stuck in prod mode', async () => {
    expect((await p.startWith(reconcilerWith(STUCK_IN_STORE_BODY))).state).toBe('running');
    await new Promise((r) => setTimeout(r, 1000)); // the reconcile is under way in the runner's thread
    await p.host.ping();
    const end = await p.host.stop(15_000);
    expect(end.signal === 'SIGTERM' || end.code === 0 || end.code === 143).toBe(true);
  });
});

describe('prod mode with a reconcile stuck outside Starlark (--reconcile-timeout 3000)', () => {
  const p = prodHost(['--reconcile-timeout', '3000']);

  it('is ended by the watchdog after its time budget and a grace period', async () => {
    const pinger = keepPinging(p.host);
    expect((await p.startWith(reconcilerWith(STUCK_IN_STORE_BODY))).state).toBe('running');
    const ended = await p.statusUntil((s) => s.state === 'stopped');
    expect(await pinger.done()).toBeGreaterThan(0);
    expect(ended.message).toMatch(/^Prod mode stopped: its runner was stopped: reconciler studio\.example\.com\.greeters\.greeter reconciling Greeter default\/\w+ ran for \d+ ms, past the time budget of one reconcile \(3000 ms; --reconcile-timeout\) and 5000 ms of grace; it was stuck outside Starlark/);
  });
});
