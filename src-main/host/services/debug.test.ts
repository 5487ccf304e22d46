// The debug service with a real debuggee thread on a temp copy of examples/hello-world: breakpoints placed
// and applied while the program runs, a stop, inspection, stepping, pause, and a disconnect while stopped
// (the thread blocks in Atomics.wait there).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../testing/temp-dir.js';
import { serviceTest } from '../../testing/service-test.js';
import { HostError } from '../handlers.js';
import { debugHandlers, disposeDebugService } from './debug.js';

const LIB = 'libs/studio.example.com.greetings.star';
const REC = 'reconcilers/studio.example.com.greeters.greeter.star';

const svc = serviceTest('debug-service-', debugHandlers, disposeDebugService);
const { call, of } = svc;

const stops = () => of('debug.stopped');
async function nextStop(count: number) {
  await waitFor(() => stops().length >= count || of('debug.terminated').length > 0, `stop ${count}`, 30_000);
  const s = stops()[count - 1];
  if (!s) throw new Error(`no stop ${count}: ${JSON.stringify(of('debug.terminated'))}`);
  return s;
}

describe('debug service', () => {
  it('places breakpoints on statement lines and says why one cannot be placed', async () => {
    const r = await call('debug.setBreakpoints', {
      source: LIB,
      breakpoints: [{ line: 11 }, { line: 12, hitCondition: 'often' }, { line: 13, object: 'Greeter' }, { line: 99 }, { line: 1 }],
    });
    expect(r.breakpoints).toEqual([
      { verified: true, line: 12 }, // the docstring moves to the next statement
      { verified: false, line: 12, message: expect.stringContaining('Hit count "often" is not understood') },
      { verified: false, line: 13, message: expect.stringContaining('is not KIND/NAME') },
      { verified: false, line: 99, message: 'No code at or after line 99: a breakpoint must be on a line with a statement.' },
      { verified: true, line: 3 },
    ]);
    await expect(call('debug.setBreakpoints', { source: '../outside.star', breakpoints: [{ line: 1 }] })).rejects.toMatchObject({ code: 'path-escape' });
  });

  it('debugs a run once in a worker: stop, inspect, step into the library, and continue to the end', async () => {
    const { sessionId } = await call('debug.launch', { mode: 'run', breakpoints: [{ source: REC, breakpoints: [{ line: 10 }] }], objectFilter: 'Greeter/world' });
    const stop = await nextStop(1);
    expect(stop).toMatchObject({ sessionId, reason: 'breakpoint', reconcile: { reconciler: 'studio.example.com.greeters.greeter', kind: 'Greeter', name: 'world' } });
    const { stackFrames } = await call('debug.stackTrace', { sessionId });
    expect(stackFrames).toEqual([{ id: 1, name: 'reconcile', source: { path: REC, name: 'studio.example.com.greeters.greeter.star' }, line: 10, column: 3 }]);
    const { scopes } = await call('debug.scopes', { sessionId, frameId: 1 });
    const locals = await call('debug.variables', { sessionId, variablesReference: scopes[0].variablesReference });
    expect(locals.variables.map((v: { name: string; value: string }) => `${v.name}=${v.value}`)).toEqual(expect.arrayContaining(['language="en"']));
    const self = locals.variables.find((v: { name: string }) => v.name === 'self');
    const fields = await call('debug.variables', { sessionId, variablesReference: self.variablesReference });
    expect(fields.variables.map((v: { name: string }) => v.name)).toEqual(['"apiVersion"', '"kind"', '"metadata"', '"spec"']);
    expect(fields.variables[2].evaluateName).toBe('self["metadata"]');
    expect(await call('debug.evaluate', { sessionId, expression: 'spec["name"] * 2', context: 'repl' })).toMatchObject({ result: '"worldworld"', type: 'string' });
    await expect(call('debug.evaluate', { sessionId, expression: 'nope', context: 'repl' })).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringContaining('undefined: nope') });

    await call('debug.stepIn', { sessionId });
    await nextStop(2);
    expect((await call('debug.stackTrace', { sessionId })).stackFrames.map((f: { name: string; line: number }) => `${f.name}:${f.line}`)).toEqual(['greeting_text:12', 'reconcile:10']);
    // while it runs, inspection is refused with what to do
    await call('debug.continue', { sessionId });
    await waitFor(() => of('debug.terminated').length > 0 || stops().length > 2, 'the end of the run', 30_000);
    // the Greeter reconciles again (its Message child queued it): the breakpoint stops once more
    if (stops().length > 2) await call('debug.continue', { sessionId });
    await waitFor(() => of('debug.terminated').length > 0, 'terminated', 30_000);
    expect(of('debug.terminated')[0]).toMatchObject({ sessionId, success: true, message: expect.stringContaining('Run once finished: success') });
    expect(of('debug.continued').length).toBeGreaterThanOrEqual(2);
    expect(await call('debug.session', {})).toBeNull();
    await expect(call('debug.stackTrace', { sessionId })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('applies breakpoints set while the program runs, pauses a busy reconcile, and disconnects a stopped one', async () => {
    // a reconciler that loops for a long time before it reaches line 12
    const rec = path.join(svc.dir, REC);
    writeFileSync(rec, readFileSync(rec, 'utf8').replace('  text = greeting_text(', '  print("looping")\n  n = 0\n  for i in range(90000000):\n    n += i\n  text = greeting_text('));
    const { sessionId } = await call('debug.launch', { mode: 'reconcile', target: { kind: 'Greeter', name: 'world' }, breakpoints: [] });
    await waitFor(() => of('debug.output').some((o) => o.output.includes('looping')), 'the loop to start', 30_000);
    await call('debug.pause', { sessionId });
    const paused = await nextStop(1);
    expect(paused.reason).toBe('pause');
    const top = (await call('debug.stackTrace', { sessionId })).stackFrames[0];
    expect([12, 13]).toContain(top.line); // inside the loop
    expect(Number((await call('debug.evaluate', { sessionId, expression: 'i', context: 'watch' })).result)).toBeGreaterThan(0);
    await expect(call('debug.next', { sessionId: sessionId + 1 })).rejects.toBeInstanceOf(HostError);
    // a breakpoint added now applies at once (the program is stopped and reads it)
    await call('debug.setBreakpoints', { sessionId, source: REC, breakpoints: [{ line: 14, condition: 'i > 5' }] });
    await call('debug.continue', { sessionId });
    const hit = await nextStop(2);
    expect(hit.reason).toBe('breakpoint');
    expect(Number((await call('debug.evaluate', { sessionId, expression: 'i', context: 'watch' })).result)).toBeGreaterThan(5);
    const state = await call('debug.session', {});
    expect(state).toMatchObject({ sessionId, state: 'stopped', stopped: { reason: 'breakpoint' } });
    await call('debug.disconnect', { sessionId });
    await waitFor(() => of('debug.terminated').length > 0, 'terminated', 10_000);
    expect(of('debug.terminated')[0]).toEqual({ sessionId, message: 'The debug session was stopped.' });
    expect(await call('debug.session', {})).toBeNull();
  });
});
