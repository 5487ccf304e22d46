import { describe, expect, it } from 'vitest';
import { Dict, StarlarkError, Thread, call, execFile, type Module, type Value } from '../index.js';
import { decodeUtf8 } from '../utf8.js';
import { Debugger, type BreakpointSpec, type DebugHost, type ResumeCommand, type StopInfo } from './debugger.js';
import { childCount, children, evaluateInFrame, frameGlobals, frameLocals, isFrozen, preview } from './inspect.js';

// A reconciler-like file that load()s a library: stepping must cross the load boundary both ways.
const LIB = `WORDS = {"en": "Hello", "nl": "Hallo"}

def greet(name, language):
  word = WORDS[language]
  return word + ", " + name
`;
const MAIN = `load("lib.star", "greet")

def reconcile(obj):
  name = obj["name"]
  text = greet(name, obj["language"])
  n = len(text)
  return text
`;

/** A stop as a test sees it: why, and every frame as `name@path:line`. */
interface SeenStop {
  reason: string;
  where: string;
  stack: string[];
  info: StopInfo;
}

/** Runs MAIN (and LIB through load) in debug mode; `onStop` inspects each stop and says how to go on. */
function debugRun(opts: {
  breakpoints?: Record<string, BreakpointSpec[]>;
  objects?: Array<Record<string, string>>;
  onStop: (stop: SeenStop, dbg: Debugger) => ResumeCommand;
  entry?: boolean;
  filter?: (f: string) => boolean;
  /** Called before each object's reconcile (the embedder knows what it works on). */
  beforeEach?: (obj: Record<string, string>) => void;
}): { stops: SeenStop[]; output: string[]; results: string[]; dbg: Debugger } {
  const stops: SeenStop[] = [];
  const output: string[] = [];
  const host: DebugHost = {
    stopped(info) {
      const stack = info.frames.map((f) => `${f.code.name}@${f.code.source.path}:${f.line}`);
      const stop = { reason: info.reason, where: stack[0]!.split('@')[1]!, stack, info };
      stops.push(stop);
      if (stops.length > 50) throw new Error('too many stops');
      return opts.onStop(stop, dbg);
    },
    output: (text, where) => output.push(`${where.path}:${where.line}: ${text}`),
    matchesFilter: opts.filter,
  };
  const dbg = new Debugger(host);
  for (const [path, specs] of Object.entries(opts.breakpoints ?? {})) dbg.setBreakpoints(path, specs);
  if (opts.entry) dbg.stopAtNextStatement();
  const thread = (name: string) => {
    const t = new Thread({ name, load: (m) => lib(m), print: () => {} });
    t.debugger = dbg;
    return t;
  };
  let libMod: Module | undefined;
  const lib = (m: string): Module => {
    expect(m).toBe('lib.star');
    return (libMod ??= execFile('lib.star', LIB, { thread: thread('lib') }));
  };
  const mod = execFile('main.star', MAIN, { thread: thread('main') });
  const results: string[] = [];
  for (const o of opts.objects ?? [{ name: 'world', language: 'en' }]) {
    const d = new Dict();
    for (const [k, v] of Object.entries(o)) d.set(k, v);
    dbg.resetStepping();
    opts.beforeEach?.(o);
    results.push(decodeUtf8(call(thread('reconcile'), mod.globals.get('reconcile')!, [d]) as string));
  }
  return { stops, output, results, dbg };
}

/** A scripted session: the commands to give at each stop, in order; then continue. */
function script(...cmds: ResumeCommand[]) {
  let i = 0;
  return () => cmds[i++] ?? 'continue';
}

describe('the Starlark debugger', () => {
  it('stops at a breakpoint and steps into a load()ed library function, over its lines, and back out', () => {
    const r = debugRun({ breakpoints: { 'main.star': [{ line: 5 }] }, onStop: script('stepIn', 'next', 'next', 'next', 'next') });
    expect(r.stops.map((s) => `${s.reason} ${s.where}`)).toEqual([
      'breakpoint main.star:5',
      'step lib.star:4', // step into greet(), across the load() boundary
      'step lib.star:5',
      'step main.star:5', // stepping over the return lands in the caller, on the call's line
      'step main.star:6',
      'step main.star:7',
    ]);
    expect(r.stops[1]!.stack).toEqual(['greet@lib.star:4', 'reconcile@main.star:5']);
    expect(r.results).toEqual(['Hello, world']);
  });

  it('steps out of a library function to its caller, and over a call without entering it', () => {
    const r = debugRun({ breakpoints: { 'lib.star': [{ line: 4 }] }, onStop: script('stepOut', 'next', 'next') });
    expect(r.stops.map((s) => `${s.reason} ${s.where}`)).toEqual(['breakpoint lib.star:4', 'step main.star:5', 'step main.star:6', 'step main.star:7']);
    const over = debugRun({ breakpoints: { 'main.star': [{ line: 4 }] }, onStop: script('next', 'next') });
    expect(over.stops.map((s) => s.where)).toEqual(['main.star:4', 'main.star:5', 'main.star:6']);
  });

  it('steps into load() itself: the library top level runs under the debugger, then back to the loading file', () => {
    const r = debugRun({ entry: true, onStop: script('stepIn', 'next', 'next', 'next') });
    expect(r.stops.map((s) => `${s.reason} ${s.where}`)).toEqual(['entry main.star:1', 'step lib.star:1', 'step lib.star:3', 'step main.star:1', 'step main.star:3']);
    expect(r.stops[1]!.stack).toEqual(['<toplevel>@lib.star:1', '<toplevel>@main.star:1']);
  });

  it('continues to the next breakpoint, and stops on every reconcile that reaches it', () => {
    const r = debugRun({
      breakpoints: { 'lib.star': [{ line: 5 }] },
      objects: [
        { name: 'a', language: 'en' },
        { name: 'b', language: 'nl' },
      ],
      onStop: () => 'continue',
    });
    expect(r.stops.map((s) => s.where)).toEqual(['lib.star:5', 'lib.star:5']);
    expect(r.results).toEqual(['Hello, a', 'Hallo, b']);
  });

  it('stops at a conditional breakpoint only where the Starlark condition holds in the frame', () => {
    const r = debugRun({
      breakpoints: { 'main.star': [{ line: 6, condition: 'name == "b" and len(text) > 3' }] },
      objects: [
        { name: 'a', language: 'en' },
        { name: 'b', language: 'en' },
        { name: 'c', language: 'en' },
      ],
      onStop: (s) => {
        expect(evaluateInFrame(s.info.frames[0]!, 'text')).toBe('Hello, b');
        return 'continue';
      },
    });
    expect(r.stops).toHaveLength(1);
  });

  it('counts hits: a hit condition stops on the Nth hit, or every Nth', () => {
    const objects = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, language: 'en' }));
    const names = (hitCondition: string) =>
      debugRun({ breakpoints: { 'lib.star': [{ line: 4, hitCondition }] }, objects, onStop: () => 'continue' }).stops.map((s) => decodeUtf8(evaluateInFrame(s.info.frames[0]!, 'name') as string));
    expect(names('2')).toEqual(['b']);
    expect(names('>= 4')).toEqual(['d', 'e']);
    expect(names('% 2')).toEqual(['b', 'd']);
  });

  it('logpoints print with {expressions} and do not stop', () => {
    const r = debugRun({ breakpoints: { 'lib.star': [{ line: 5, logMessage: 'word={word} for {name.upper()} {{literal}}' }] }, onStop: () => 'continue' });
    expect(r.stops).toEqual([]);
    expect(r.output).toEqual(['lib.star:5: word=Hello for WORLD {literal}']);
  });

  it("filters breakpoints with the embedder's filter (Choreo: the object being reconciled)", () => {
    const objects = ['a', 'b', 'c'].map((name) => ({ name, language: 'en' }));
    // the embedder's filter sees which object is being worked on; here: the name this test passes in
    let current = '';
    const names: string[] = [];
    const dbgRun = (filter: string) =>
      debugRun({
        breakpoints: { 'lib.star': [{ line: 4, filter }] },
        objects,
        beforeEach: (o) => (current = o.name!),
        filter: (f) => f === current,
        onStop: (s) => {
          names.push(decodeUtf8(evaluateInFrame(s.info.frames[0]!, 'name') as string));
          return 'continue';
        },
      });
    dbgRun('c');
    expect(names).toEqual(['c']);
  });

  it('evaluates expressions in any stopped frame, and shows locals, globals and frozen values', () => {
    const r = debugRun({
      breakpoints: { 'lib.star': [{ line: 5 }] },
      onStop: (s) => {
        const [inner, outer] = s.info.frames;
        expect(decodeUtf8(evaluateInFrame(inner!, 'word + "!"') as string)).toBe('Hello!');
        expect(decodeUtf8(evaluateInFrame(outer!, 'obj["name"].upper()') as string)).toBe('WORLD');
        expect(evaluateInFrame(inner!, '[x * 2 for x in range(3)]')).toBeTruthy();
        expect(() => evaluateInFrame(inner!, 'text')).toThrow(/undefined: text/);
        expect(() => evaluateInFrame(inner!, 'x = 1')).toThrow(/only an expression/);
        expect(() => evaluateInFrame(inner!, 'WORDS["de"]')).toThrow(StarlarkError);
        expect(frameLocals(inner!).map((v) => v.name)).toEqual(['name', 'language', 'word']);
        const globals = frameGlobals(inner!);
        expect(globals.map((g) => g.name)).toEqual(['WORDS', 'greet']);
        expect(isFrozen(globals[0]!.value)).toBe(true); // the library's globals froze when it loaded
        expect(isFrozen(frameLocals(outer!).find((v) => v.name === 'obj')!.value)).toBe(false);
        return 'continue';
      },
    });
    expect(r.stops).toHaveLength(1);
  });

  it('stops on an uncaught error at the failing frame, with its caller below it', () => {
    let stop: SeenStop | undefined;
    expect(() =>
      debugRun({
        objects: [{ name: 'x', language: 'de' }],
        onStop: (s) => {
          stop = s;
          return 'continue';
        },
      }),
    ).toThrow(/key "de" not in dict/);
    expect(stop!.reason).toBe('exception');
    expect(stop!.info.description).toMatch(/key "de" not in dict/);
    expect(stop!.stack).toEqual(['greet@lib.star:4', 'reconcile@main.star:5']);
    expect(decodeUtf8(evaluateInFrame(stop!.info.frames[0]!, 'language') as string)).toBe('de');
  });

  it('pauses at the next statement when asked, and ends the program when the session ends', () => {
    const stopped: string[] = [];
    const dbg = new Debugger({
      stopped(info) {
        stopped.push(`${info.reason} ${info.frames[0]!.code.source.path}:${info.frames[0]!.line}`);
        dbg.end(new StarlarkError('limit', 'the debug session ended'));
        return 'continue';
      },
      output: () => {},
    });
    const t = new Thread({ name: 't' });
    t.debugger = dbg;
    const mod = execFile('main2.star', 'def f():\n  x = 1\n  return x\n', { thread: t });
    dbg.requestPause();
    expect(() => call(t, mod.globals.get('f')!, [])).toThrow(/the debug session ended/);
    expect(stopped).toEqual(['pause main2.star:2']);
    // once ended, any further Starlark code of the session stops at its first statement
    expect(() => call(t, mod.globals.get('f')!, [])).toThrow(/the debug session ended/);
  });

  it('previews large values without printing them whole, and pages their children', () => {
    const t = new Thread({ name: 't' });
    const mod = execFile('v.star', 'big = list(range(100000))\nd = {"k%d" % i: i for i in range(500)}\ns = "x" * 1000000\n', { thread: t });
    const big = mod.globals.get('big') as Value;
    expect(preview(big, 30)).toBe('[0, 1, 2, 3, 4, 5, 6, 7, 8, 9,…');
    expect(childCount(big)).toEqual({ kind: 'indexed', count: 100000 });
    expect(children(big, 99998, 10).map((c) => `${c.name}=${String(c.value)}`)).toEqual(['99998=99998', '99999=99999']);
    const d = mod.globals.get('d') as Value;
    expect(childCount(d)).toEqual({ kind: 'named', count: 500 });
    expect(children(d, 498, 5).map((c) => c.name)).toEqual(['"k498"', '"k499"']);
    expect(preview(mod.globals.get('s') as Value, 20)).toHaveLength(21);
  });

  it('gives the same results as the normal back ends (debug mode changes nothing a program can see)', () => {
    const r = debugRun({ onStop: () => 'continue', objects: [{ name: 'z', language: 'nl' }] });
    const plain = execFile('main.star', MAIN, { load: () => execFile('lib.star', LIB) });
    const d = new Dict();
    d.set('name', 'z');
    d.set('language', 'nl');
    expect(r.results).toEqual([decodeUtf8(call(new Thread(), plain.globals.get('reconcile')!, [d]) as string)]);
  });
});
