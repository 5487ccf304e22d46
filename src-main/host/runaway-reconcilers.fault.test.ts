// Fault suite, issue 18 item 1: runaway reconcilers. Each one runs in a real host process (its run worker
// has a small heap here) while the test pings the host; every run must end with an error that names the
// reconciler and the object, and the host must answer throughout and stop on SIGTERM afterwards.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepPinging, startHostProcess, type HostProcess } from '../testing/host-process.js';
import { FILL_HEAP_BODY, GREETER_RECONCILER as RECONCILER, reconcilerWith as reconciler, SPIN_BODY as endless } from '../testing/runaway-reconcilers.js';
import { bundledExample, tempProjects, writeProjectFiles } from '../testing/temp-projects.js';

const projects = tempProjects('choreo-runaway-');
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Limit errors name the reconciler and the object. */
const RECONCILING = /\(reconciler studio\.example\.com\.greeters\.greeter reconciling Greeter default\/\w+\)/;
let host: HostProcess;
let dir: string;

beforeAll(async () => {
  dir = projects.copyOf(bundledExample('hello-world'));
  host = await startHostProcess(dir, projects.emptyDir(), [], { CHOREO_RUN_HEAP_MB: '256' });
});
afterAll(async () => {
  await host?.stop();
  projects.cleanup();
});

/** Runs once with the given reconciler body while pinging; returns the run's message. */
async function runaway(body: string): Promise<string> {
  writeProjectFiles(dir, { [RECONCILER]: reconciler(body) });
  const pinger = keepPinging(host);
  const r = await host.invoke('run.once', {}, 120_000);
  expect(await pinger.done()).toBeGreaterThan(0);
  expect(r.result?.success).toBe(false);
  return r.result!.message;
}

describe('a runaway reconciler fails alone; the host keeps answering', () => {
  it('stops a loop of 4 MB string replaces with the step budget', async () => {
    const m = await runaway('  s = "ab" * 2000000\n  for i in range(1000000):\n    x = s.replace("a", "c")');
    expect(m).toContain('too many steps');
    expect(m).toContain('raise it with --max-steps N');
    expect(m).toMatch(RECONCILING);
  });

  it('stops an endless loop', async () => {
    const m = await runaway(endless);
    expect(m).toMatch(/too many steps|ran longer than/);
    expect(m).toMatch(RECONCILING);
  });

  it('ends a reconciler that fills the heap with an out-of-memory error, not a crash', async () => {
    const m = await runaway(FILL_HEAP_BODY);
    expect(m).toMatch(/^the run ran out of memory \(the heap limit of its thread is 256 MB; CHOREO_RUN_HEAP_MB raises it\)/);
    expect(m).toMatch(/while reconciler studio\.example\.com\.greeters\.greeter reconciled Greeter default\/\w+$/);
    // the worker restarts: the next run works
    writeProjectFiles(dir, { [RECONCILER]: reconciler('  pass') });
    expect((await host.invoke('run.once', {}, 120_000)).result?.success).toBe(true);
  });

  it('refuses deep recursion', async () => {
    const m = await runaway('  def f(n):\n    return f(n + 1)\n  f(0)');
    expect(m).toContain('called recursively');
  });

  it('run.cancel stops a reconcile in the middle', async () => {
    writeProjectFiles(dir, { [RECONCILER]: reconciler(endless) });
    const pinger = keepPinging(host);
    const running = host.invoke('run.once', {}, 120_000);
    // cancel once the run is under way (run.cancel answers false until it is)
    while (!(await host.invoke('run.cancel', {}, 10_000)).cancelled) await new Promise((r) => setTimeout(r, 50));
    const r = await running;
    await pinger.done();
    expect(r.result?.success).toBe(false);
    expect(r.result?.message).toBe('run cancelled');
  });

  it('stops on SIGTERM after all that', async () => {
    const end = await host.stop(20_000);
    expect(end.signal === 'SIGTERM' || end.code === 0 || end.code === 143).toBe(true);
  });
});

describe('choreo run once', () => {
  /** `choreo run once DIR ARGS` with `body` as the Greeter reconciler; resolves with how it ended. */
  async function runOnceCli(body: string, args: string[], env: NodeJS.ProcessEnv = {}) {
    const cli = projects.copyOf(bundledExample('hello-world'));
    writeProjectFiles(cli, { [RECONCILER]: reconciler(body) });
    const run = promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin', 'choreo.mjs'), 'run', 'once', cli, ...args], { cwd: repoRoot, timeout: 120_000, env: { ...process.env, ...env } });
    return (await run.then(() => undefined, (e: { code: number | null; signal: string | null; stdout: string; stderr: string }) => e))!;
  }

  it('--timeout ends a run whose reconcile never finishes', async () => {
    const err = await runOnceCli(endless, ['--timeout', '1000', '--max-steps', '1000000000000']);
    expect(err.code).toBe(1);
    expect(err.stdout).toMatch(/run timed out after \d+ ms/);
  });

  it('ends a reconciler that fills the heap with an out-of-memory error naming it, not an abort', async () => {
    // the main thread gets a small heap too, so that a run inside it would abort quickly (SIGABRT)
    const err = await runOnceCli(FILL_HEAP_BODY, [], { CHOREO_RUN_HEAP_MB: '256', NODE_OPTIONS: '--max-old-space-size=256' });
    expect(err.signal).toBeNull();
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(
      /^run once: the run ran out of memory \(the heap limit of its thread is 256 MB; CHOREO_RUN_HEAP_MB raises it\) while reconciler studio\.example\.com\.greeters\.greeter reconciled Greeter default\/\w+$/m,
    );
    expect(err.stderr).not.toMatch(/FATAL ERROR|heap out of memory/);
  });
});
