import { beforeEach, describe, expect, it } from 'vitest';
import { StarlarkError, execFile, type StarlarkOptions } from './index.js';

// Behaviours settled against starlark-go 70002002b310 (the version Choreo embeds), found by the differential
// test. Every test runs on both back ends (generated JavaScript and closures).
let backend: 'codegen' | 'closures' = 'codegen';

function out(src: string, options: StarlarkOptions = {}): string[] {
  const lines: string[] = [];
  execFile('p.star', src, { options: { backend, ...options }, print: (m) => lines.push(m) });
  return lines;
}

function fails(src: string, options: StarlarkOptions = {}): StarlarkError {
  try {
    out(src, options);
  } catch (e) {
    if (e instanceof StarlarkError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe.each(['codegen', 'closures'] as const)('Go parity (%s back end)', (which) => {
  beforeEach(() => {
    backend = which;
  });

  it('%F prints "%F" for finite numbers, as Go strconv.FormatFloat does for an unknown verb', () => {
    expect(out('print("%F %F %F %E %G" % (2.5, float("inf"), 3, float("-inf"), 1e20))')).toEqual(['%F +inf %F -inf 1E+20']);
    expect(fails('x = "%F" % "a"').msg).toBe('%F format requires float, not string');
  });
});
