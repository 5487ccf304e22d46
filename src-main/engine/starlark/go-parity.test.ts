import { beforeEach, describe, expect, it } from 'vitest';
import { StarlarkError, execFile, type StarlarkOptions } from './index.js';
import { TEST_BACKENDS, backendThread, type TestBackend } from '../../testing/starlark-backends.js';

// Behaviours settled against starlark-go 70002002b310 (the version Choreo embeds), found by the differential
// test. Every test runs on both back ends (generated JavaScript and closures) and in debug mode.
let backend: TestBackend = 'codegen';

function out(src: string, options: StarlarkOptions = {}): string[] {
  const lines: string[] = [];
  execFile('p.star', src, { thread: backendThread(backend, { name: 'p.star', options, print: (m) => lines.push(m) }) });
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

describe.each(TEST_BACKENDS)('Go parity (%s back end)', (which) => {
  beforeEach(() => {
    backend = which;
  });

  it('%F prints "%F" for finite numbers, as Go strconv.FormatFloat does for an unknown verb', () => {
    expect(out('print("%F %F %F %E %G" % (2.5, float("inf"), 3, float("-inf"), 1e20))')).toEqual(['%F +inf %F -inf 1E+20']);
    expect(fails('x = "%F" % "a"').msg).toBe('%F format requires float, not string');
  });
  it('names parameters by position for builtins Go unpacks with UnpackPositionalArgs, by name for UnpackArgs', () => {
    expect(fails('x = "a\\nb".splitlines(1)').msg).toBe('splitlines: for parameter 1: got int, want bool');
    expect(fails('x = enumerate("ab")').msg).toBe('enumerate: for parameter 1: got string, want iterable');
    expect(fails('x = enumerate([1], "a")').msg).toBe('enumerate: for parameter 2: got string, want int');
    expect(fails('x = getattr(1, 2)').msg).toBe('getattr: for parameter 2: got int, want string');
    expect(fails('x = hasattr(1, 2)').msg).toBe('hasattr: for parameter 2: got int, want string');
    expect(fails('x = "a".removeprefix(1)').msg).toBe('removeprefix: for parameter 1: got int, want string');
    expect(fails('x = "a b".split(" ", "x")').msg).toBe('split: for parameter 2: got string, want int');
    expect(fails('x = sorted(1)').msg).toBe('sorted: for parameter iterable: got int, want iterable');
    expect(fails('x = sorted([1], reverse = 1)').msg).toBe('sorted: for parameter reverse: got int, want bool');
    expect(fails('x = set([1]).union(1)', { set: true }).msg).toBe('union: for parameter 1: got int, want iterable');
    expect(fails('x = "a".find("a", "x")').msg).toBe('find: invalid start index: got string, want int');
    expect(fails('x = [1].index(1, "x")').msg).toBe('index: invalid start index: got string, want int');
  });

  it('positional-only builtins refuse keywords in Go\'s words', () => {
    expect(fails('x = enumerate([5], start = 2)').msg).toBe('enumerate: unexpected keyword arguments');
    expect(fails('x = "a".splitlines(keepends = True)').msg).toBe('splitlines: unexpected keyword arguments');
    expect(fails('x = "a b".split(sep = " ")').msg).toBe('split: unexpected keyword arguments');
    for (const f of ['bytes', 'chr', 'dir', 'float', 'ord', 'str', 'type', 'zip']) {
      expect(fails(`x = ${f}(x = 1)`).msg).toBe(`${f} does not accept keyword arguments`);
    }
    expect(fails('x = bytes()').msg).toBe('bytes: got 0 arguments, want exactly 1');
    expect(fails('x = chr("a")').msg).toBe('chr: got string, want int');
    expect(fails('x = float([])').msg).toBe('float got list, want number or string');
    expect(fails('x = float("")').msg).toBe('float: empty string');
  });

  it('suggests only the names Go\'s UnpackArgs suggests (the first half of the parameters)', () => {
    expect(fails('print(sepp = 1)').msg).toBe('print: unexpected keyword argument sepp (did you mean sep?)');
    expect(fails('x = sorted([1], revers = True)').msg).toBe('sorted: unexpected keyword argument revers');
    expect(fails('x = int("1", bas = 1)').msg).toBe('int: unexpected keyword argument bas');
  });
  it('maps case rune by rune with simple (one-to-one) mappings, like Go unicode.ToLower/ToUpper/ToTitle', () => {
    expect(out('print("İ".lower(), "İx".lower() == "ix", "ᾀ".upper() == "ᾈ", "ᾳb".title() == "ᾼb", "ᾳ".capitalize() == "ᾼ", "ß".upper(), "ﬃ".upper())')).toEqual([
      'i True True True True ß ﬃ',
    ]);
    expect(out('print("ა".title() == "ა", "ა".upper() == "Ა", "ß".islower(), "ﬃ".islower(), "İ".isupper(), "ı".islower(), "ıa".islower(), "ᾀ".islower())')).toEqual([
      'True True True False False False True True',
    ]);
  });
  it('lists the recursively called function at its entry position, as Go does (frame pushed before the check)', () => {
    const e = fails('def f(n):\n    return f(n - 1) if n > 0 else 0\nf(3)\n');
    expect(e.msg).toBe('function f called recursively');
    expect(e.traceback.map((f) => `${f.pos!.line}:${f.pos!.col} ${f.fn}`)).toEqual(['3:2 <toplevel>', '2:13 f', '2:24 f']);
  });

  it('places a function\'s entry where Go\'s first instruction is (def keyword for literals and universals)', () => {
    const entry = (body: string) => {
      const e = fails(`def f(n):\n${body}\nf()\n`);
      const inner = e.traceback[e.traceback.length - 1];
      return `${inner.pos!.line}:${inner.pos!.col}`;
    };
    expect(entry('    x = 1')).toBe('1:1'); // literal: the def position
    expect(entry('    print(n)')).toBe('1:1'); // universal name: the def position
    expect(entry('    """doc"""\n    y = [n]')).toBe('3:10'); // doc string skipped; local n
    expect(entry('    x = [1, 2][n:]')).toBe('2:15'); // slice sets its [ first
    expect(entry('    x = {n: 1}')).toBe('1:1'); // MAKEDICT before the entries
    expect(entry('    n += 1')).toBe('2:5');
    expect(entry('    g = lambda a = n: a')).toBe('2:20');
  });
});
