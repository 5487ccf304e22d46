import { mkdtempSync, writeFileSync } from 'node:fs';
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

  it('reports usage errors with exit code 2 and has --help', async () => {
    expect(await starlarkCommand.run([])).toBe(2);
    expect(await starlarkCommand.run(['x.star', '--option', 'nope'])).toBe(2);
    expect(io.stderr()).toContain('unknown option "nope"');
    expect(await starlarkCommand.run([path.join(dir, 'missing.star')])).toBe(2);
    expect(await starlarkCommand.run(['--help'])).toBe(0);
    expect(io.stdout()).toContain('usage: choreo starlark FILE.star');
  });
});
