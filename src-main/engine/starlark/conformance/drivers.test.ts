// The drivers must fail chunks for the right reasons, not only pass good ones: each case here is a small
// file in a temp folder run through the same code as the real suites.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runConformanceFile, type DriverContext } from './drivers.js';
import type { ConformanceFile, Driver } from './inventory.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const assertStar = path.resolve(repoRoot, '../shared/conformance/starlark/starlark-go/starlarktest/assert.star');
const haveAssert = existsSync(assertStar);
const dir = mkdtempSync(path.join(os.tmpdir(), 'conformance-drivers-'));

function run(name: string, text: string, driver: Driver, suite: ConformanceFile['suite'] = 'starlark-go') {
  const abs = path.join(dir, name);
  writeFileSync(abs, text);
  const ctx: DriverContext = { assertSource: haveAssert ? readFileSync(assertStar, 'utf8') : '', unimplementedOptions: new Set(['while']), maxSteps: 1_000_000 };
  return runConformanceFile({ suite, rel: name, abs, driver }, ctx);
}

describe('bazel driver', () => {
  const bazel: Driver = { kind: 'bazel' };
  it('passes good chunks and fails a failed assertion, a missing error, an unexpected error and a wrong error', () => {
    const results = run(
      'b.star',
      [
        'assert_eq(1 + 1, 2)', '---',
        'assert_eq(1, 2)', '---',
        'x = 1 ### boom', '---',
        '1 // 0 ### division by zero', '---',
        'len(1)', '---',
        '1 // 0 ### go: not this text', '---',
        'assert_(False, "my message")',
      ].join('\n') + '\n',
      bazel,
      'bazel-suite',
    );
    expect(results.map((r) => r.status)).toEqual(['pass', 'fail', 'fail', 'pass', 'fail', 'fail', 'fail']);
    expect(results[1].reasons[0]).toMatch(/assertion failed.*1 != 2/);
    expect(results[6].reasons[0]).toContain('my message');
    expect(results[0].assertions).toBe(1);
  });
});

describe.runIf(haveAssert)('exec driver', () => {
  const exec: Driver = { kind: 'exec' };
  it('matches runtime errors at the line of the innermost frame in the test file', () => {
    const results = run(
      'e.star',
      [
        'load("assert.star", "assert")',
        'def f(x):',
        '  return x // 0 ### "division by zero"',
        'f(1)',
        '---',
        'load("assert.star", "assert")',
        'assert.eq(1, 2)',
        'assert.fails(lambda: 1 // 0, "nope")',
        'assert.eq(3, 3)',
        '---',
        '1 // 0',
        '---',
        'x = 1 ### "never"',
        '---',
        '# option:while',
        'x = 1',
      ].join('\n') + '\n',
      exec,
    );
    // Chunk 1: the error happens inside f at line 3, which carries the expectation (the call at line 4 is outer).
    expect(results.map((r) => r.status)).toEqual(['pass', 'fail', 'fail', 'fail', 'skip']);
    expect(results[0].stopLine).toBe(3);
    expect(results[1].reasons).toHaveLength(2);
    expect(results[1].assertions).toBe(3);
    expect(results[2].stopLine).toBe(11);
    expect(results[3].reasons[0]).toMatch(/did not occur/);
  });
  it('passes a chunk whose error matches the expectation on its line', () => {
    const [r] = run('p.star', 'load("assert.star", "assert")\nx = [1][5] ### "out of range"\n', exec);
    expect(r.status).toBe('pass');
    expect(r.stopLine).toBe(2);
  });
});

describe('resolve and parse drivers', () => {
  it('match every resolver error at its own line, and the first syntax error', () => {
    const [r1, r2] = run('r.star', 'x = M + U\ny = undefined1 ### "undefined: undefined1"\nz = len(1) ### "undefined: len"\n---\nw = nope\n', { kind: 'resolve' });
    expect(r1.status).toBe('pass');
    expect(r2.status).toBe('fail');
    const [p1, p2, p3] = run('s.star', 'x = (1 ### "got end of file"\n---\nx = 1 ### "boom"\n---\nx = (1,)\ny = [1,]\n', { kind: 'parse' });
    expect(p1.status).toBe('pass');
    expect(p2.reasons).toEqual(['line 3: expected error matching "boom" did not occur']);
    expect(p3.status).toBe('pass');
  });
});
