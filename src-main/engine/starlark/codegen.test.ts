import { beforeEach, describe, expect, it } from 'vitest';
import { StarlarkError, call as callStarlark, execFile, type StarlarkOptions } from './index.js';
import { TEST_BACKENDS, backendThread, type TestBackend } from '../../testing/starlark-backends.js';

// The generated code's fast paths (codegen.ts) against the closure back end and debug mode: dict literals
// with constant keys, calls without an argument array, type(), and literal format strings. Each case must
// print the same text, or fail with the same message at the same place, in every back end.
let backend: TestBackend = 'codegen';

function out(src: string, options: StarlarkOptions = {}): string[] {
  const lines: string[] = [];
  execFile('p.star', src, { thread: backendThread(backend, { name: 'p.star', options, print: (m) => lines.push(m) }) });
  return lines;
}

function fails(src: string): StarlarkError {
  return failsWith(src, {});
}

function failsWith(src: string, options: StarlarkOptions): StarlarkError {
  try {
    out(src, options);
  } catch (e) {
    if (e instanceof StarlarkError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

/** The error's message and its frames, outermost first, as fn@line:col. */
function where(src: string): string[] {
  const e = fails(src);
  return [e.msg, ...e.traceback.map((f) => `${f.fn}@${f.pos?.line}:${f.pos?.col}`)];
}

describe.each(TEST_BACKENDS)('generated-code fast paths (%s back end)', (which) => {
  beforeEach(() => {
    backend = which;
  });

  it('dict literals with constant string keys keep order, and can grow, shrink and be frozen like any dict', () => {
    expect(out('d = {"b": 1, "a": [2], "c": {"x": 3}}\nd["e"] = 4\nd.pop("b")\nprint(d, len(d), d == {"a": [2], "c": {"x": 3}, "e": 4})')).toEqual([
      '{"a": [2], "c": {"x": 3}, "e": 4} 3 True',
    ]);
    expect(out('d = {"k1": 1, "k2": 2, "k3": 3, "k4": 4, "k5": 5, "k6": 6, "k7": 7, "k8": 8}\nd[9] = 9\nd["k1"] = 0\nprint(d.keys())')).toEqual([
      '["k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", 9]',
    ]);
    expect(fails('d = {"a": 1, "a": 2}').msg).toBe('duplicate key: "a"');
    expect(where('def f():\n    d = {"a": 1}\n    for k in d:\n        d["b"] = 2\nf()')).toEqual(['cannot insert into hash table during iteration', '<toplevel>@5:2', 'f@4:10']);
    // values are evaluated in source order, and a failing one names its place
    expect(out('l = []\ndef v(x):\n    l.append(x)\n    return x\nd = {"a": v(1), "b": v(2), "c": v(3)}\nprint(l, d)')).toEqual(['[1, 2, 3] {"a": 1, "b": 2, "c": 3}']);
    expect(where('def f():\n    return {"a": 1, "b": 1 // 0}\nf()')).toEqual(['floored division by zero', '<toplevel>@3:2', 'f@2:28']);
  });

  it('empty dicts (which share one empty entries array until they grow) stay independent', () => {
    const src = `
a, b, c = {}, {}, dict()
a["x"] = 1
c.clear()
b.update({"y": 2})
d = {"k": 1}
d.pop("k")
d.clear()
e = {}
e.clear()
print(a, b, c, d, e, {}, e.pop("z", 3), len(c), c == e, type({}) == type(a), type([]) == type([1]))`;
    expect(out(src)).toEqual(['{"x": 1} {"y": 2} {} {} {} {} 3 0 True True True']);
  });

  it('positional calls bind parameters, defaults and cells the same way, and fail at the call', () => {
    const src = `
def f(a, b = 10):
    def g():
        return a + b
    return g()
def h(*args, **kw):
    return len(args) + len(kw)
def k(a, *, b = 2):
    return a * b
print(f(1, 2), f(1), f(a = 1, b = 5), h(1, 2), h(1, x = 2), k(3), k(3, b = 4))`;
    expect(out(src)).toEqual(['3 11 6 2 2 6 12']);
    expect(where('def f(a, b):\n    return a\nx = f(1, 2, 3)')).toEqual(['function f accepts 2 positional arguments (3 given)', '<toplevel>@3:6', 'f@2:12']);
    expect(where('def f(a, b):\n    return a // b\ndef g(x):\n    return f(x, x - x)\ng(1)')).toEqual([
      'floored division by zero',
      '<toplevel>@5:2',
      'g@4:13',
      'f@2:14',
    ]);
    expect(where('def f(a):\n    return a\ndef g():\n    return f(1, [][0])\ng()')).toEqual(['index 0 out of range: empty list', '<toplevel>@5:2', 'g@4:19']);
  });

  it('//, &, | and ^ give the results and errors of the general operators', () => {
    const src = `
big = 1 << 40
print(7 // 2, -7 // 2, 7 // -2, 0 // 5, 2147483647 // 1, big // 3, (big * big) // big, 7.5 // 2, 7 // 2.0)
print(6 & 3, 6 | 3, 6 ^ 3, -1 & 255, -8 | 3, -8 ^ 3, 2147483647 ^ -2147483648, big | 1, big & (big + 1), (big * big) ^ 1)
print({1: 2} | {3: 4})`;
    expect(out(src)).toEqual([
      '3 -4 -4 0 2147483647 366503875925 1099511627776 3.0 3.0',
      '2 7 5 255 -5 -5 -1 1099511627777 1099511627776 1208925819614629174706177',
      '{1: 2, 3: 4}',
    ]);
    expect(where('def f(a, b):\n    return a // b\nf(1, 0)')).toEqual(['floored division by zero', '<toplevel>@3:2', 'f@2:14']);
    expect(where('def f(a, b):\n    return a ^ b\nf(1, True)')).toEqual(['unknown binary op: int ^ bool', '<toplevel>@3:2', 'f@2:14']);
    expect(fails('x = 1.5 & 1').msg).toBe('unknown binary op: float & int');
  });

  it('for i, x in enumerate(xs) loops, fails and counts steps as with enumerate\'s pairs', () => {
    const src = `
def f():
    xs = [10, 20, 30]
    out = []
    for i, x in enumerate(xs):
        if i == 0:
            xs.append(40)
            continue
        if x == 30:
            break
        out.append((i, x))
    for i, (a, b) in enumerate(((1, 2), (3, 4))):
        out.append(i * 100 + a * 10 + b)
    for i, k in enumerate({"a": 1, "b": 2}):
        out.append("%d%s" % (i, k))
    out.append([(i, x) for i, x in enumerate(["p", "q"]) if i > 0])
    out.append({x: i for [i, x] in enumerate(range(3, 5))})
    out.append([i for i, x in enumerate([]) ])
    return out, xs
print(f())`;
    expect(out(src)).toEqual(['([(1, 20), 12, 134, "0a", "1b", [(1, "q")], {3: 0, 4: 1}, []], [10, 20, 30, 40])']);
    const notIterable = where('def f():\n    for i, x in enumerate(1):\n        pass\nf()');
    expect(notIterable.join(' | ')).toBe('enumerate: for parameter 1: got int, want iterable | <toplevel>@4:2 | f@2:26 | enumerate@undefined:undefined');
    expect(where('def f():\n    for i, x in enumerate([(1,)]):\n        a, b = x\nf()')).toEqual(['too few values to unpack (got 1, want 2)', '<toplevel>@4:2', 'f@3:14']);
    const th = backendThread(backend, { name: 'p.star', options: {}, print: () => {} });
    execFile('p.star', 'def f():\n    t = 0\n    for i, x in enumerate([5, 6, 7]):\n        t += i * x\n    return [x for i, x in enumerate("ab".elems())]\nf()', { thread: th });
    expect(th.steps).toBe(14); // as with the pairs (checked against the code before this fast path)
  });

  it('for x in range(...) loops (a counted loop in generated code) over every kind of range, and fail and count steps as before', () => {
    const src = `
def f(n):
    out = []
    for i in range(n):
        if i == 1:
            continue
        if i == 4:
            break
        out.append(i)
    for i in range(10, 0, -3):
        out.append(i)
    for i in range(5, 2):
        out.append("never")
    for i, j in [(1, 2)]:
        for k in range(i, j + 2):
            out.append(k * 100)
    out.append([(a, b) for a in range(3) for b in range(a, 4, 2) if a != b])
    out.append({k: k * k for k in range(-2, 1)})
    return out
print(f(6))
def g():
    range = lambda n: [7, 8]
    return [x for x in range(2)]
print(g())`;
    expect(out(src)).toEqual(['[0, 2, 3, 10, 7, 4, 1, 100, 200, 300, [(0, 2), (1, 3)], {-2: 4, -1: 1, 0: 0}]', '[7, 8]']);
    expect(where('def f():\n    for i in range("3"):\n        pass\nf()')).toEqual(['range: for parameter 1: got string, want int', '<toplevel>@4:2', 'f@2:19', 'range@undefined:undefined']);
    expect(where('def f():\n    for i in range(1, 5, 0):\n        pass\nf()')).toEqual(['range: step argument must not be zero', '<toplevel>@4:2', 'f@2:19', 'range@undefined:undefined']);
    expect(where('def f():\n    for a, b in range(3):\n        pass\nf()')).toEqual(['got int in sequence assignment', '<toplevel>@4:2', 'f@2:5']);
    const th = backendThread(backend, { name: 'p.star', options: {}, print: () => {} });
    execFile('p.star', 'def f():\n    t = 0\n    for i in range(7):\n        t += i\n    return [x for x in range(3, 9, 2)]\nf()', { thread: th });
    expect(th.steps).toBe(13); // the count of the closure back end, which loops over the Range value
    const limited = failsWith('def f():\n    for i in range(100):\n        pass\nf()', { maxSteps: 50 });
    expect([limited.kind, limited.traceback.at(-1)?.pos?.line]).toEqual(['limit', 2]);
  });

  it('refuses a function already on the stack (directly, through another function or a builtin), and nothing else', () => {
    expect(where('def f(n):\n    return g(n)\ndef g(n):\n    return f(n - 1) if n else 0\nf(2)')).toEqual([
      'function f called recursively',
      '<toplevel>@5:2',
      'f@2:13',
      'g@4:13',
      'f@2:12',
    ]);
    expect(fails('def f(x):\n    return sorted([x, 1], key=f)\nf(2)').msg).toBe('function f called recursively');
    // the same function called again at every depth, once the calls before it have returned
    const src = `
def leaf(x):
    return x + 1
def mid(x):
    return leaf(x) + leaf(x)
def top():
    return [leaf(1), mid(1), sorted([3, 1, 2], key=leaf), mid(leaf(1)), [mid(i) for i in range(2)]]
print(top(), top(), leaf(0))`;
    expect(out(src)).toEqual(['[2, 4, [1, 2, 3], 6, [2, 4]] [2, 4, [1, 2, 3], 6, [2, 4]] 1']);
    expect(out('def f(n):\n    return n if n < 1 else f(n - 1) + 1\nprint(f(5))', { recursion: true })).toEqual(['5']);
  });

  it('lets the functions of a file compiled with the recursion option recurse on any thread (starlark-go\'s per-file option)', () => {
    const src = 'def f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\n';
    const thread = (recursion: boolean) => backendThread(backend, { name: 'p.star', options: { recursion }, print: () => {} });
    const compiledWith = execFile('p.star', src, { thread: thread(true) }).globals.get('f')!;
    expect(callStarlark(thread(false), compiledWith, [3])).toBe(3);
    // a file compiled without it checks, unless the calling thread allows recursion
    const compiledWithout = execFile('p.star', src, { thread: thread(false) }).globals.get('f')!;
    expect(() => callStarlark(thread(false), compiledWithout, [3])).toThrow('function f called recursively');
    expect(callStarlark(thread(true), compiledWithout, [3])).toBe(3);
  });

  it('int(x) with one argument gives the builtin\'s values and errors', () => {
    expect(out('print([int(x) for x in [7, -3, "42", "-0", "+5", "0012", "123456789012345678901234567890", True, 2.9, -2.9]])')).toEqual([
      '[7, -3, 42, 0, 5, 12, 123456789012345678901234567890, 1, 2, -2]',
    ]);
    expect(where('def f(x):\n    return int(x)\nf("0x10")')).toEqual(['int: invalid literal with base 10: 0x10', '<toplevel>@3:2', 'f@2:15', 'int@undefined:undefined']);
    expect(fails('int(" 1")').msg).toBe('int: invalid literal with base 10:  1');
    expect(fails('int("1_000")').msg).toBe('int: invalid literal with base 10: 1_000');
    expect(fails('int(None)').msg).toBe('int: cannot convert NoneType to int');
    const th = backendThread(backend, { name: 'p.star', options: {}, print: () => {} });
    execFile('p.star', 'x = [int(s) for s in ["1", "2", 3]]', { thread: th });
    expect(th.steps).toBe(6); // the count of the closure back end, which calls the builtin
  });

  it('type() of every kind of value', () => {
    expect(out('print(type(1), type("a"), type({}), type([]), type(()), type(None), type(1.5), type(len), type(type), type(range(2)), type(lambda: 1))')).toEqual([
      'int string dict list tuple NoneType float builtin_function_or_method builtin_function_or_method range function',
    ]);
  });

  it('literal % and .format give the text and the errors of the general path', () => {
    const src = `
t = ("x",)
print("%s-%d-%i %% %s" % ("a", 5, -7, [1, "b"]), "%s" % t, "%s" % (t,), "%d" % 3, "n=%s" % None, "%s %s" % (1.5, True))
print("{}-{} {{}} }}{{".format("a", 2), "{}".format([1]), "{}{}{}{}".format(1, "2", 3.0, None), "%s|%s|%s|%s" % (1, 2, 3, 4))
print("%s" % {"k": 1}, "%d" % True)`;
    expect(out(src.replace('"%d" % True', '1'))).toEqual([
      'a-5--7 % [1, "b"] x ("x",) 3 n=None 1.5 True',
      'a-2 {} }{ [1] 123.0None 1|2|3|4',
      '{"k": 1} 1',
    ]);
    expect(fails('x = "%d" % "a"').msg).toBe('%d format requires integer: cannot convert string to int');
    expect(fails('x = "%d %s" % (None, 1)').msg).toBe('%d format requires integer: cannot convert NoneType to int');
    expect(fails('x = "%s %s" % (1,)').msg).toBe('not enough arguments for format string');
    expect(fails('x = "%s" % (1, 2)').msg).toBe('too many arguments for format string');
    expect(fails('t = (1, 2)\nx = "%s" % t').msg).toBe('too many arguments for format string');
    expect(fails('x = "{}{}".format(1)').msg).toBe('format: tuple index out of range');
    expect(out('print("{}".format(1, 2))')).toEqual(['1']);
    expect(where('def f():\n    return "%d" % (1 // 0,)\nf()')).toEqual(['floored division by zero', '<toplevel>@3:2', 'f@2:22']);
    expect(where('def f(x):\n    return "a%d" % x\nf("s")')).toEqual(['%d format requires integer: cannot convert string to int', '<toplevel>@3:2', 'f@2:18']);
    // more than 4 fields (pctN, sfmtN)
    expect(out('print("%d.%d.%d.%d/%d %s" % (10, 0, 1, 2, 24, [None]), "{}-{}-{}-{}-{}".format("a", 2, 3.0, None, (1,)))')).toEqual([
      '10.0.1.2/24 [None] a-2-3.0-None-(1,)',
    ]);
    expect(where('def f(x):\n    return "%d.%d.%d.%d/%d" % (1, 2, 3, 4, x)\nf("s")')).toEqual([
      '%d format requires integer: cannot convert string to int',
      '<toplevel>@3:2',
      'f@2:29',
    ]);
    expect(fails('x = "%s %s %s %s %s" % (1, 2, 3, 4, 5, 6)').msg).toBe('too many arguments for format string');
  });
});
