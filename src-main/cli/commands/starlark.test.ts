import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureOutput, type CapturedOutput } from '../../testing/capture-output.js';
import { starlarkCommand } from './starlark.js';

let dir: string;
let io: CapturedOutput;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'choreo-starlark-cli-'));
  io = captureOutput();
});
afterEach(() => vi.restoreAllMocks());

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
}

describe('choreo starlark', () => {
  it('runs a file and prints to stdout', async () => {
    const f = file('ok.star', 'def f(x):\n    return {"n": x, "s": str(0.0)}\nprint(f(1), "Ω")\n');
    expect(await starlarkCommand.run([f])).toBe(0);
    expect(io.stdout()).toBe('{"n": 1, "s": "0.0"} Ω\n');
  });

  it('prints the traceback of a runtime error to stderr and exits 1', async () => {
    const f = file('bad.star', 'def f(d):\n    return d["k"]\nf({})\n');
    expect(await starlarkCommand.run([f])).toBe(1);
    expect(io.stderr()).toBe(`Traceback (most recent call last):\n  ${f}:3:2: in <toplevel>\n  ${f}:2:13: in f\nError: key "k" not in dict\n`);
  });

  it('prints static errors as file:line:col: message', async () => {
    const f = file('undef.star', 'x = 1\ny = nope\n');
    expect(await starlarkCommand.run([f])).toBe(1);
    expect(io.stderr()).toBe(`${f}:2:5: undefined: nope\n`);
  });

  it('turns dialect options on and applies the step budget', async () => {
    const f = file('loop.star', 'def f():\n    while True:\n        pass\nf()\n');
    expect(await starlarkCommand.run([f])).toBe(1);
    expect(io.stderr()).toContain('does not support while loops');
    io.clear();
    expect(await starlarkCommand.run([f, '--option', 'while', '--max-steps', '1000'])).toBe(1);
    expect(io.stderr()).toContain('Starlark computation cancelled: too many steps');
  });

  it('load() reads files relative to the loading file, each once', async () => {
    file('lib/names.star', 'load("../lib/util.star", "upper")\nprint("names loaded")\ndef name(x):\n    return upper("n-%d" % x)\n');
    file('lib/util.star', 'def upper(s):\n    return s.upper()\n');
    const f = file('main.star', 'load("lib/names.star", "name")\nload("lib/util.star", "upper")\nprint(name(1), upper("x"))\n');
    expect(await starlarkCommand.run([f])).toBe(0);
    expect(io.stdout()).toBe('names loaded\nN-1 X\n');
  });

  it('load() refuses files outside the main file\'s folder, missing files and cycles, naming them', async () => {
    file('outside.star', 'x = 1\n');
    const inner = file('inner/main.star', 'load("../outside.star", "x")\nprint(x)\n');
    expect(await starlarkCommand.run([inner])).toBe(1);
    expect(io.stderr()).toContain(`cannot load ../outside.star: ../outside.star is outside ${path.dirname(inner)}`);
    io.clear();
    const missing = file('missing-load.star', 'load("nope.star", "x")\n');
    expect(await starlarkCommand.run([missing])).toBe(1);
    expect(io.stderr()).toMatch(/cannot load nope.star: cannot read .*nope.star: ENOENT/);
    io.clear();
    file('a.star', 'load("b.star", "y")\nx = 1\n');
    file('b.star', 'load("a.star", "x")\ny = 2\n');
    const cyc = file('cycle.star', 'load("a.star", "x")\n');
    expect(await starlarkCommand.run([cyc])).toBe(1);
    expect(io.stderr()).toContain('cycle in load graph');
  });

  it('reports usage errors with exit code 2 and has --help', async () => {
    expect(await starlarkCommand.run([])).toBe(2);
    expect(await starlarkCommand.run(['x.star', '--option', 'nope'])).toBe(2);
    expect(io.stderr()).toContain('unknown option "nope"');
    expect(await starlarkCommand.run([path.join(dir, 'missing.star')])).toBe(2);
    expect(await starlarkCommand.run(['--help'])).toBe(0);
    expect(io.stdout()).toContain('usage: choreo starlark FILE.star');
  });
});
