import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LaunchRequest, Scope, StackFrame, Variable } from '../../../src-shared/ipc/channels/debug.js';
import { bundledExample, tempProjects } from '../../testing/temp-projects.js';
import { runOnce } from '../runner/run-once.js';
import { placeBreakpoints } from './breakpoints.js';
import { runDebuggee, type DebuggeeEnd } from './launch.js';
import { DebugSession, type DebugChannel, type DebugEventMessage, type DebugRequest, type DebugResponse } from './session.js';

const projects = tempProjects('choreo-debug-session-');
afterAll(() => projects.cleanup());

const LIB = 'libs/studio.example.com.greetings.star';
const REC = 'reconcilers/studio.example.com.greeters.greeter.star';
// LIB line 12: `word = WORDS.get(language, WORDS["en"])`; REC line 10: `text = greeting_text(...)`.

type Stop = Extract<DebugEventMessage, { event: 'stopped' }>['body'];
/** What a script does at a stop: ask (inspection requests get their answer back) and finally resume. */
type Script = (stop: Stop, index: number) => Generator<DebugRequest, void, DebugResponse>;

/** A channel that answers each stop from a generator, in the same thread (as a worker does with Atomics). */
class ScriptedChannel implements DebugChannel {
  readonly events: DebugEventMessage[] = [];
  private current: Generator<DebugRequest, void, DebugResponse> | undefined;
  private last: DebugResponse = { ok: true, body: {} };
  private stops = 0;
  constructor(private readonly script: Script) {}
  waitRequest() {
    if (!this.current) throw new Error('waitRequest without a stop');
    const r = this.current.next(this.last);
    if (r.done) {
      this.current = undefined;
      return { seq: 0, request: { command: 'continue' } as DebugRequest };
    }
    return { seq: 0, request: r.value };
  }
  pollRequests() {
    return [];
  }
  respond(_seq: number, response: DebugResponse) {
    this.last = response;
  }
  event(e: DebugEventMessage) {
    this.events.push(e);
    if (e.event === 'stopped') {
      if (this.stops++ > 40) throw new Error('too many stops');
      this.current = this.script(e.body, this.stops - 1);
    }
  }
  get stopped(): Stop[] {
    return this.events.filter((e) => e.event === 'stopped').map((e) => e.body as Stop);
  }
  get output(): string {
    return this.events
      .filter((e) => e.event === 'output')
      .map((e) => (e.body as { output: string }).output)
      .join('');
  }
}

async function debug(dir: string, launch: Omit<LaunchRequest, 'breakpoints'> & { breakpoints?: LaunchRequest['breakpoints'] }, script: Script): Promise<{ channel: ScriptedChannel; end: DebuggeeEnd }> {
  const channel = new ScriptedChannel(script);
  const placed = await Promise.all((launch.breakpoints ?? []).map(async (b) => ({ source: b.source, breakpoints: await placeBreakpoints(dir, b.source, b.breakpoints) })));
  const session = new DebugSession(channel, launch, placed);
  const end = await runDebuggee(session, dir, { breakpoints: [], ...launch });
  return { channel, end };
}

/** Inspection helpers for scripts: each yields one request and returns its answer's body. */
function* ask<T>(request: DebugRequest): Generator<DebugRequest, T, DebugResponse> {
  const r = yield request;
  if (!r.ok) throw new Error(r.message);
  return r.body as T;
}
function* frames() {
  return (yield* ask<{ stackFrames: StackFrame[] }>({ command: 'stackTrace' })).stackFrames;
}
function* scopeVars(frameId: number, which: 'Locals' | 'Globals') {
  const { scopes } = yield* ask<{ scopes: Scope[] }>({ command: 'scopes', frameId });
  const ref = scopes.find((s) => s.name === which)!.variablesReference;
  return (yield* ask<{ variables: Variable[] }>({ command: 'variables', variablesReference: ref })).variables;
}
function* evaluate(expression: string, frameId?: number) {
  return yield* ask<{ result: string; type: string; variablesReference: number }>({ command: 'evaluate', expression, frameId, context: 'repl' });
}

const where = (f: StackFrame) => `${f.name}@${f.source.path}:${f.line}`;

describe('a debug session of the greeting example', () => {
  const dir = projects.copyOf(bundledExample('hello-world'));

  it('stops in a library function during run once, with the call stack, scopes, frozen globals and evaluation', async () => {
    const seen: string[][] = [];
    const facts: Record<string, unknown> = {};
    const { channel, end } = await debug(dir, { mode: 'run', breakpoints: [{ source: LIB, breakpoints: [{ line: 12 }] }] }, function* (stop) {
      const stack = yield* frames();
      seen.push(stack.map(where));
      const locals = yield* scopeVars(1, 'Locals');
      facts[`locals ${stop.reconcile?.name}`] = locals.map((v) => `${v.name}=${v.value}`);
      const globals = yield* scopeVars(1, 'Globals');
      facts.words = globals.find((g) => g.name === 'WORDS');
      facts[`eval ${stop.reconcile?.name}`] = (yield* evaluate('WORDS.get(language, "?") + "!"')).result;
      facts[`caller ${stop.reconcile?.name}`] = (yield* evaluate('self["metadata"]["name"]', 2)).result;
    });
    expect(end).toEqual({ success: true, message: expect.stringContaining('Run once finished: success') });
    // each Greeter reconciles twice: its new Message child queues it again
    expect(channel.stopped.map((s) => `${s.reason} ${s.reconcile?.kind}/${s.reconcile?.name}`)).toEqual(['breakpoint Greeter/team', 'breakpoint Greeter/world', 'breakpoint Greeter/team', 'breakpoint Greeter/world']);
    expect(seen[0]).toEqual([`greeting_text@${LIB}:12`, `reconcile@${REC}:10`]);
    expect(facts['locals team']).toEqual(['language="nl"', 'name="Choreo team"']);
    expect(facts['eval world']).toBe('"Hello!"');
    expect(facts['caller team']).toBe('"team"');
    expect(facts.words).toMatchObject({ name: 'WORDS', type: 'dict', namedVariables: 4, presentationHint: { attributes: ['readOnly'] } });
    // a debug run writes nothing
    expect(readdirSync(dir)).not.toContain('.choreo-last');
    expect(readdirSync(path.join(dir, '.choreo'))).not.toContain('snapshots');
  });

  it('filters by the object being reconciled, and evaluates conditions in the frame', async () => {
    const byFilter = await debug(dir, { mode: 'run', objectFilter: 'Greeter/world', breakpoints: [{ source: LIB, breakpoints: [{ line: 12 }] }] }, function* () {});
    expect(byFilter.channel.stopped.map((s) => s.reconcile?.name)).toEqual(['world', 'world']);
    const perBreakpoint = await debug(dir, { mode: 'run', breakpoints: [{ source: LIB, breakpoints: [{ line: 12, object: 'greeter/t*' }] }] }, function* () {});
    expect(perBreakpoint.channel.stopped.map((s) => s.reconcile?.name)).toEqual(['team', 'team']);
    const byCondition = await debug(dir, { mode: 'run', breakpoints: [{ source: LIB, breakpoints: [{ line: 12, condition: 'language == "en"' }] }] }, function* () {});
    expect(byCondition.channel.stopped.map((s) => s.reconcile?.name)).toEqual(['world', 'world']);
  });

  it('steps into the load()ed library from the reconciler, out again, and over the rest', async () => {
    const trail: string[] = [];
    const commands: DebugRequest['command'][] = ['stepIn', 'next', 'stepOut', 'next', 'continue'];
    await debug(dir, { mode: 'reconcile', target: { kind: 'Greeter', name: 'world' }, breakpoints: [{ source: REC, breakpoints: [{ line: 10 }] }] }, function* (stop, i) {
      trail.push(`${stop.reason} ${(yield* frames()).map(where).join(' < ')}`);
      yield { command: commands[i] } as DebugRequest;
    });
    expect(trail).toEqual([
      `breakpoint reconcile@${REC}:10`,
      `step greeting_text@${LIB}:12 < reconcile@${REC}:10`,
      `step greeting_text@${LIB}:13 < reconcile@${REC}:10`,
      `step reconcile@${REC}:10`,
      `step reconcile@${REC}:12`,
    ]);
  });

  it('stops at the first statement of the reconcile on entry, and pages large values', async () => {
    const facts: Record<string, unknown> = {};
    await debug(dir, { mode: 'reconcile', target: { kind: 'greeters', namespace: 'default', name: 'team' }, stopOnEntry: true }, function* (stop) {
      facts.reason = stop.reason;
      facts.top = where((yield* frames())[0]!);
      const big = yield* evaluate('list(range(1234))');
      const ranges = (yield* ask<{ variables: Variable[] }>({ command: 'variables', variablesReference: big.variablesReference })).variables;
      facts.ranges = [ranges.length, ranges[0]!.name, ranges[12]!.name];
      const last = (yield* ask<{ variables: Variable[] }>({ command: 'variables', variablesReference: ranges[12]!.variablesReference })).variables;
      facts.last = last.map((v) => `${v.name}=${v.value}`);
      facts.page = (yield* ask<{ variables: Variable[] }>({ command: 'variables', variablesReference: big.variablesReference, start: 5, count: 2 })).variables.map((v) => v.evaluateName);
    });
    expect(facts).toEqual({
      reason: 'entry',
      top: `reconcile@${REC}:8`,
      ranges: [13, '[0…99]', '[1200…1233]'],
      last: Array.from({ length: 34 }, (_, i) => `${1200 + i}=${1200 + i}`),
      page: ['(list(range(1234)))[5]', '(list(range(1234)))[6]'],
    });
  });

  it('replays one object against a snapshot without changing the project', async () => {
    const replayDir = projects.copyOf(bundledExample('hello-world'));
    const first = await runOnce(replayDir);
    expect(first.success).toBe(true);
    // the input changes after the run: the snapshot still says "nl"
    const input = path.join(replayDir, 'in/studio.example.com.greeters.world.yaml');
    writeFileSync(input, readFileSync(input, 'utf8').replace('language: nl', 'language: fr'));
    const before = stateOf(replayDir);
    const languages: string[] = [];
    const replay = await debug(replayDir, { mode: 'replay', snapshot: first.snapshotId!, target: { kind: 'Greeter', name: 'team' }, breakpoints: [{ source: LIB, breakpoints: [{ line: 12 }] }] }, function* () {
      languages.push((yield* evaluate('language')).result);
    });
    expect(languages).toEqual(['"nl"']);
    expect(replay.end.success).toBe(true);
    expect(replay.end.message).toMatch(/^Replay of Greeter\/team against snapshot \w+ finished \(nothing was written\): studio\.example\.com\.greeters\.greeter: stop$/);
    expect(stateOf(replayDir)).toEqual(before);
    // the same object reconciled now sees the changed input
    const live: string[] = [];
    await debug(replayDir, { mode: 'reconcile', target: { kind: 'Greeter', name: 'team' }, breakpoints: [{ source: LIB, breakpoints: [{ line: 12 }] }] }, function* () {
      live.push((yield* evaluate('language')).result);
    });
    expect(live).toEqual(['"fr"']);
    expect(stateOf(replayDir)).toEqual(before);
  });

  it('stops where an error leaves Starlark code, and says what is wrong with a bad target', async () => {
    const broken = projects.copyOf(bundledExample('hello-world'));
    const lib = path.join(broken, LIB);
    writeFileSync(lib, readFileSync(lib, 'utf8').replace('WORDS.get(language, WORDS["en"])', 'WORDS[language]').replace('"fr": "Bonjour",', ''));
    const input = path.join(broken, 'in/studio.example.com.greeters.world.yaml');
    writeFileSync(input, readFileSync(input, 'utf8').replace('language: nl', 'language: fr'));
    const stacks: string[][] = [];
    const r = await debug(broken, { mode: 'reconcile', target: { kind: 'Greeter', name: 'team' } }, function* () {
      stacks.push((yield* frames()).map(where));
    });
    expect(r.channel.stopped.map((s) => [s.reason, s.text])).toEqual([['exception', 'key "fr" not in dict']]);
    expect(stacks).toEqual([[`greeting_text@${LIB}:12`, `reconcile@${REC}:10`]]);
    expect(r.end.success).toBe(false);
    expect(r.end.message).toMatch(/greeter: error: .*key "fr" not in dict/);
    const missing = await debug(dir, { mode: 'reconcile', target: { kind: 'Greeter', name: 'nobody' } }, function* () {});
    expect(missing.end).toEqual({ success: false, message: 'There is no Greeter named "nobody" in the store' });
    const kind = await debug(dir, { mode: 'reconcile', target: { kind: 'Message', name: 'team' } }, function* () {});
    expect(kind.end.message).toBe('No reconciler reconciles the kind Message; the reconciled kinds are Greeter');
  });
});

/** Everything under .choreo/ (names and contents), to show that nothing changed. */
function stateOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = path.join(rel, e.name);
      if (e.isDirectory()) walk(p);
      else out[p] = readFileSync(path.join(dir, p)).toString('base64');
    }
  };
  walk('.choreo');
  return out;
}
