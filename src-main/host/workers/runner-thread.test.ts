// Runner threads on a temp copy of examples/hello-world: a continuous runner driven by messages (input,
// reads, deps, stop), a run once, and the ways a thread ends by itself — its heap limit, the watchdog —
// each reported with the reconciler and the object it was reconciling.
import { afterAll, describe, expect, it } from 'vitest';
import { BLOB_CRD, FILL_HEAP_BODY, GREETER_RECONCILER as RECONCILER, reconcilerWith as reconciler, STUCK_IN_STORE_BODY } from '../../testing/runaway-reconcilers.js';
import { bundledExample, tempProjects, writeProjectFiles } from '../../testing/temp-projects.js';
import { LiveRunnerThread, RunnerThreadError, runOnceInThread, type RunnerThreadOptions } from './runner-thread.js';
import type { RunnerThreadEvent } from './runner-protocol.js';

const projects = tempProjects('runner-thread-');
afterAll(() => projects.cleanup());

const GREETER = { group: 'studio.example.com', version: 'v1alpha1', kind: 'Greeter' };
const MESSAGE = { ...GREETER, kind: 'Message' };

function helloWorld(files: Record<string, string> = {}): string {
  const dir = projects.copyOf(bundledExample('hello-world'));
  writeProjectFiles(dir, files);
  return dir;
}

describe('LiveRunnerThread', () => {
  it('runs the project in its thread: input applied or refused, reads, deps, stop with a snapshot', async () => {
    const events: RunnerThreadEvent[] = [];
    const runner = await LiveRunnerThread.start({ dir: helloWorld() }, { onEvent: (e) => events.push(e) });
    expect(runner.project).toMatch(/^runner-thread-/);
    await runner.whenIdle();
    const [greeters, messages, unknown] = await runner.list([GREETER, MESSAGE, { ...GREETER, kind: 'Nothing' }]);
    expect(greeters!.map((o) => o.metadata.name).sort()).toEqual(['team', 'world']);
    expect(messages).toHaveLength(2);
    expect(unknown).toBeNull();

    const applied = await runner.applyInput([{ apiVersion: 'studio.example.com/v1alpha1', kind: 'Greeter', metadata: { name: 'extra', namespace: 'default' }, spec: { name: 'x' } }]);
    expect(applied).toEqual({ ok: true, applied: ['Greeter/default/extra'], errors: [] });
    await runner.whenIdle();
    expect(await runner.objectYaml('studio.example.com/v1alpha1|Message|default|extra')).toContain('kind: Message');
    expect(await runner.objectYaml('studio.example.com/v1alpha1|Message|default|nope')).toBeNull();
    const refused = await runner.applyInput([{ apiVersion: 'studio.example.com/v1alpha1', kind: 'Greeter', metadata: { name: 'bad', namespace: 'default' }, spec: { name: 7 } }]);
    expect(refused.ok).toBe(false);

    const deps = await runner.deps();
    expect(deps.kindCounts).toMatchObject({ Greeter: 3, Message: 3 });
    expect((await runner.content()).objects.some((o) => o.metadata.name === 'extra')).toBe(true);

    const stopped = await runner.stop();
    expect(stopped.snapshotId).toMatch(/^[0-9a-f]{16}$/);
    expect(events.some((e) => e.type === 'reconcile' && e.event.operation === 'STOP')).toBe(true);
    expect(events.some((e) => e.type === 'input')).toBe(true);
    expect(await runner.ended).toBeUndefined();
    await expect(runner.whenIdle()).rejects.toThrow('was closed');
  });

  it('rejects a project that does not load with its load error', async () => {
    const e = await LiveRunnerThread.start({ dir: helloWorld({ [RECONCILER]: 'def reconcile(self):\n  return undefined_name\n' }) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RunnerThreadError);
    expect((e as RunnerThreadError).kind).toBe('load');
    expect((e as Error).message).toMatch(/undefined_name/);
  });

  it('ends at its heap limit with a message naming the reconciler and the object; open calls fail with it', async () => {
    const runner = await startDying(helloWorld({ [RECONCILER]: reconciler(FILL_HEAP_BODY) }), { heapMb: 64 });
    const why = await runner.died;
    expect(why).toMatch(/^ran out of memory \(the heap limit of its thread is 64 MB; CHOREO_RUN_HEAP_MB raises it\) while reconciler studio\.example\.com\.greeters\.greeter reconciled Greeter default\/\w+$/);
    await expect(runner.list([GREETER])).rejects.toThrow(why);
  });

  it('is stopped by the watchdog when a reconcile is stuck outside Starlark past its budget and the grace period', async () => {
    const runner = await startDying(helloWorld({ ...BLOB_CRD, [RECONCILER]: reconciler(STUCK_IN_STORE_BODY) }), { limits: { reconcileTimeoutMs: 200 }, graceMs: 300 });
    expect(await runner.died).toMatch(
      /^was stopped: reconciler studio\.example\.com\.greeters\.greeter reconciling Greeter default\/\w+ ran for \d+ ms, past the time budget of one reconcile \(200 ms; --reconcile-timeout\) and 300 ms of grace; it was stuck outside Starlark/,
    );
  });
});

/** Starts a runner whose first reconcile will end its thread (it starts before any reconcile runs). */
function startDying(dir: string, opts: RunnerThreadOptions): Promise<LiveRunnerThread> {
  return LiveRunnerThread.start({ dir, persist: false, limits: opts.limits }, opts);
}

describe('runOnceInThread', () => {
  it('runs once and answers the result; a project that does not load answers its load error', async () => {
    const progress: string[] = [];
    const ok = await runOnceInThread({ dir: helloWorld() }, { onEvent: (e) => e.type === 'progress' && progress.push(e.line) });
    expect('result' in ok && ok.result.success).toBe(true);
    expect(progress[0]).toBe('loading ...');
    const bad = await runOnceInThread({ dir: helloWorld({ 'in/broken.yaml': 'kind: [' }) });
    expect('loadError' in bad && bad.loadError).toMatch(/in\/broken\.yaml/);
  });
});
