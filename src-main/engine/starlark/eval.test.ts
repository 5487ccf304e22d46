import { beforeEach, describe, expect, it } from 'vitest';
import { Builtin, Dict, Float, HostValue, List, StarlarkError, Thread, Tuple, call, execFile, type Module, type StarlarkOptions, type Value } from './index.js';
import { TEST_BACKENDS, backendThread, type TestBackend } from '../../testing/starlark-backends.js';

// Every test runs on both back ends (generated JavaScript and closures) and in debug mode: they must agree exactly.
let backend: TestBackend = 'codegen';

function run(src: string, options: StarlarkOptions = {}, predeclared: Record<string, Value> = {}): { out: string[]; mod: Module } {
  const out: string[] = [];
  const thread = backendThread(backend, { name: 't.star', options, print: (m) => out.push(m) });
  const mod = execFile('t.star', src, { thread, predeclared });
  return { out, mod };
}
const out = (src: string, options: StarlarkOptions = {}) => run(src, options).out;

function fails(src: string, options: StarlarkOptions = {}): StarlarkError {
  try {
    run(src, options);
  } catch (e) {
    if (e instanceof StarlarkError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe.each(TEST_BACKENDS)('evaluation (%s back end)', (which) => {
  beforeEach(() => {
    backend = which;
  });

  it('computes with ints, big ints, floats and Go formatting', () => {
    expect(out('print(7 // 2, -7 // 2, -7 % 3, 7 % -3, 1 << 70, 2 * 4611686018427387904, 1 / 2, 3.0, 1e100, 0.1 + 0.2)')).toEqual([
      '3 -4 2 -2 1180591620717411303424 9223372036854775808 0.5 3.0 1e+100 0.30000000000000004',
    ]);
    expect(out('print(str(0.0), int(3.7), int(-3.7), int("0"), float(1 << 60) == 1 << 60, 1 == 1.0, 2 > 1.5)')).toEqual(['0.0 3 -3 0 True True True']);
    expect(fails('x = 1 // 0').msg).toBe('floored division by zero');
  });

  it('handles strings as byte sequences (Go dialect)', () => {
    expect(out('s = "Ωx"\nprint(len(s), s[2], repr(s), s.upper(), list(s.codepoints()), s.elem_ords()[0])')).toEqual(['3 x "Ωx" ΩX ["Ω", "x"] 206']);
    expect(out('print("%s-%d-%r-%x" % ("a", 42, "b", 255))')).toEqual(['a-42-"b"-ff']);
    expect(out('print("{}+{x}".format(1, x=2), ",".join(["a", "b"]), "a,b,,c".split(","), " a  b ".split())')).toEqual(['1+2 a,b ["a", "b", "", "c"] ["a", "b"]']);
    expect(fails('def f():\n    for c in "abc":\n        pass\nf()').msg).toBe('string value is not iterable');
  });

  it('keeps dicts in insertion order and shares mutable references', () => {
    expect(out('def f():\n    d = {"b": 1, "a": 2}\n    inner = d.setdefault("c", {})\n    inner["x"] = 1\n    d.pop("b")\n    d["b"] = 3\n    print(d, d.get("zz", {}), d.get("a"))\nf()')).toEqual([
      '{"a": 2, "c": {"x": 1}, "b": 3} {} 2',
    ]);
    expect(fails('x = {"a": 1, "a": 2}').msg).toBe('duplicate key: "a"');
    expect(fails('x = {[1]: 2}').msg).toBe('unhashable type: list');
  });

  it('gives .get(k, {}) and .get(k, []) a fresh empty default only on a miss', () => {
    const src =
      'def f():\n    d = {"m": {"a": 1}, "l": [1]}\n    x = d.get("zz", {})\n    x["k"] = 1\n    y = d.get("zz", [])\n    y.append(2)\n' +
      '    print(d.get("m", {}), d.get("l", []), d.get("zz", {}), d.get("zz", []), x, y, d.get(1, {}), d.get("m", {}) == d["m"])\nf()';
    expect(out(src)).toEqual(['{"a": 1} [1] {} [] {"k": 1} [2] {} True']);
    expect(fails('x = [].get("a", {})').msg).toBe('list has no .get field or method');
    expect(fails('x = {}.get({}, [])').msg).toBe('get: unhashable type: dict');
  });

  it('prints ints the same on both sides of the digit-table limits', () => {
    const ns = [0, 7, 999, 1000, 1001, 10010, 999999, 1000000, 1002003, 123456789, 999999999, 1000000000, -5, -1000, 9007199254740991];
    expect(out(`print(${ns.map((n) => `str(${n})`).join(', ')}, repr(1000001), [1000], "%d" % 2000, str(1 << 70))`)).toEqual([
      `${ns.join(' ')} 1000001 [1000] 2000 1180591620717411303424`,
    ]);
  });

  it('splits and replaces at every occurrence, left to right', () => {
    expect(out('print("".split(","), ",".split(","), "aaa".split("aa"), "a<>b<>".split("<>"), "abab".replace("ab", "x"), "".replace("a", "b"), "aaa".replace("aa", "b"), "a,b".split(",", -1))')).toEqual([
      '[""] ["", ""] ["", "a"] ["a", "b", ""] xx  ba ["a", "b"]',
    ]);
  });

  it('strips and counts the same with and without the fast paths', () => {
    expect(out('print([s.strip() for s in ["ab", " ab", "ab\\n", "\\u00a0aé\\u0085", "éa", "aé", "\\u2003x", "", "  "]])')).toEqual([
      '["ab", "ab", "ab", "aé", "éa", "aé", "x", "", ""]',
    ]);
    expect(out('print("a\\u00a0".lstrip(), "\\u00a0a".rstrip(), "aaa".count("aa"), "a-b-c".count("-"), "a-b-c".count("-", 2), "abc".count(""))')).toEqual([
      'a\u00a0 \u00a0a 1 2 1 4',
    ]);
  });

  it('calls functions with defaults, *args, **kwargs and keyword-only parameters', () => {
    expect(out('def f(a, b=2, *args, c, d=4, **kw):\n    return (a, b, args, c, d, kw)\nprint(f(1, c=3))\nprint(f(1, 5, 6, 7, c=3, z=9))')).toEqual([
      '(1, 2, (), 3, 4, {})',
      '(1, 5, (6, 7), 3, 4, {"z": 9})',
    ]);
    expect(fails('def f(a):\n    pass\nf()').msg).toBe('function f missing 1 argument (a)');
    expect(fails('def f(a):\n    pass\nf(1, 2)').msg).toBe('function f accepts 1 positional argument (2 given)');
    expect(fails('def f(a):\n    pass\nf(b=1)').msg).toBe('function f got an unexpected keyword argument "b"');
  });

  it('supports closures, comprehensions with their own scope and lambdas', () => {
    expect(out('def mk():\n    n = [0]\n    def inc():\n        n[0] += 1\n        return n[0]\n    return inc\ni = mk()\ni()\nprint(i(), [x * x for x in range(4) if x], {k: k + 1 for k in [1, 2]}, sorted([3, 1, 2], key=lambda v: -v))')).toEqual([
      '2 [1, 4, 9] {1: 2, 2: 3} [3, 2, 1]',
    ]);
  });

  it('unpacks with Go arity errors', () => {
    expect(out('def f():\n    a, (b, c) = 1, [2, 3]\n    return a + b + c\nprint(f())')).toEqual(['6']);
    expect(fails('def f():\n    a, b = 1, 2, 3\nf()').msg).toBe('too many values to unpack (got 3, want 2)');
    expect(fails('def f():\n    a, b = 1\nf()').msg).toBe('got int in sequence assignment');
  });

  it('reports runtime errors with position and a traceback, outermost frame first', () => {
    const e = fails('def inner(d):\n    return d["k"]\ndef outer():\n    return inner({})\nouter()\n');
    expect(e.kind).toBe('runtime');
    expect(e.msg).toBe('key "k" not in dict');
    expect(e.traceback.map((f) => `${f.fn}@${f.pos?.line}:${f.pos?.col}`)).toEqual(['<toplevel>@5:6', 'outer@4:17', 'inner@2:13']);
    expect(e.format()).toBe('Traceback (most recent call last):\n  t.star:5:6: in <toplevel>\n  t.star:4:17: in outer\n  t.star:2:13: in inner\nError: key "k" not in dict');
  });

  it('names the builtin in the last line when a builtin fails', () => {
    const e = fails('x = {}.get(1, default=2)');
    expect(e.format()).toBe('Traceback (most recent call last):\n  t.star:1:11: in <toplevel>\nError in get: get: unexpected keyword arguments');
  });

  it('lists builtin frames in the middle of a traceback, as Go does', () => {
    const e = fails('def k(x):\n    return x["a"]\ndef f():\n    return sorted([{}], key=k)\nf()\n');
    expect(e.format()).toBe('Traceback (most recent call last):\n  t.star:5:2: in <toplevel>\n  t.star:4:18: in f\n  <builtin>: in sorted\n  t.star:2:13: in k\nError: key "a" not in dict');
  });

  it('fails with fail()', () => {
    expect(fails('fail("bad", 1)').msg).toBe('fail: bad 1');
  });

  it('rejects recursion unless the option is on, and caps the depth', () => {
    const src = 'def f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\nprint(f(10))\n';
    expect(fails(src).msg).toBe('function f called recursively');
    expect(out(src, { recursion: true })).toEqual(['10']);
    const deep = fails('def f(n):\n    return f(n + 1)\nf(0)\n', { recursion: true, maxCallDepth: 200 });
    expect(deep.kind).toBe('limit');
    expect(deep.msg).toBe('Starlark stack overflow');
  });

  it('stops an endless loop with the step budget', () => {
    const e = fails('def f():\n    for x in range(1000000000):\n        pass\nf()\n', { maxSteps: 10000 });
    expect(e.kind).toBe('limit');
    expect(e.msg).toMatch(/^Starlark computation cancelled: too many steps/);
    expect(e.traceback.at(-1)?.pos?.line).toBe(2);
  });

  it('caps the size of strings and lists a single operation builds', () => {
    expect(fails('x = "ab" * 100000000', { maxAllocation: 1000000 }).msg).toMatch(/excessive repeat/);
    expect(fails('x = [1] * 2000000', { maxAllocation: 1000000 }).msg).toMatch(/excessive repeat/);
  });

  it('freezes module globals after execution', () => {
    const { mod } = run('x = [1]\nd = {"a": 1}\ndef add(v, l = []):\n    l.append(v)\n');
    const th = new Thread();
    expect(() => call(th, mod.globals.get('add')!, [1])).toThrow(/cannot append to frozen list/);
    const d = mod.globals.get('d') as Dict;
    expect(() => d.set('b', 2)).toThrow(/cannot insert into frozen hash table/);
  });

  it('detects mutation during iteration', () => {
    expect(fails('def f():\n    l = [1]\n    for x in l:\n        l.append(x)\nf()').msg).toBe('append: cannot append to list during iteration');
    expect(fails('def f():\n    d = {1: 1}\n    for k in d:\n        d[k + 1] = 1\nf()').msg).toBe('cannot insert into hash table during iteration');
  });

  it('loads modules through the hook, caches them per thread and reports cycles', () => {
    const sources: Record<string, string> = {
      'a.star': 'load("b.star", "b")\na = b + 1\n',
      'b.star': 'b = 41\n',
      'c.star': 'load("d.star", "d")\nc = 1\n',
      'd.star': 'load("c.star", "c")\nd = 1\n',
    };
    let loads = 0;
    const thread = backendThread(backend);
    const load = (name: string): Module => {
      loads++;
      return execFile(name, sources[name], { thread, load });
    };
    thread.load = load;
    const m = execFile('main.star', 'load("a.star", "a")\nload("b.star", x = "b")\nres = a + x\n', { thread, load });
    expect(m.globals.get('res')).toBe(83);
    expect(loads).toBe(2);
    expect(m.globals.has('a')).toBe(false); // load bindings are file-local
    const cyc = new Thread();
    cyc.load = (n) => execFile(n, sources[n], { thread: cyc });
    expect(() => execFile('main3.star', 'load("c.star", "c")\n', { thread: cyc })).toThrow(/cycle in load graph/);
    expect(() => execFile('main4.star', 'load("b.star", "nope")\n', { thread, load })).toThrow(/load: name nope not found in module b.star/);
  });

  it('does not run a file that fails to resolve', () => {
    const printed: string[] = [];
    expect(() => execFile('r.star', 'print("ran")\ndef f():\n    return undefined_thing\n', { print: (m) => printed.push(m) })).toThrow(/undefined: undefined_thing/);
    expect(printed).toEqual([]);
  });

  it('lets the host add builtins and value types', () => {
    class Point extends HostValue {
      readonly type = 'point';
      constructor(readonly x: number) {
        super();
      }
      override attr(name: string): Value | undefined {
        return name === 'x' ? this.x : undefined;
      }
      override attrNames(): string[] {
        return ['x'];
      }
    }
    const mk = new Builtin('point', (_t, args) => new Point(args[0] as number));
    const { out: o } = run('p = point(3)\nprint(type(p), p.x, dir(p), hasattr(p, "y"))\n', {}, { point: mk });
    expect(o).toEqual(['point 3 ["x"] False']);
    expect(() => run('p = point(3)\nprint(p.y)\n', {}, { point: mk })).toThrow(/point has no .y field or method/);
  });

  it('returns values a host can inspect', () => {
    const { mod } = run('t = (1, 2.5, "s", None, True)\nl = [1]\n');
    const t = mod.globals.get('t') as Tuple;
    expect(t.elems[1]).toEqual(new Float(2.5));
    expect(mod.globals.get('l')).toBeInstanceOf(List);
  });
});
