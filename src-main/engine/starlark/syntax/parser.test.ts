import { describe, expect, it } from 'vitest';
import { parse } from './parser.js';
import { StarlarkError } from '../errors.js';

function syntaxError(src: string): StarlarkError {
  try {
    parse('p.star', src);
  } catch (e) {
    return e as StarlarkError;
  }
  throw new Error('expected a syntax error');
}

describe('parser', () => {
  it('parses statements and records operator positions', () => {
    const f = parse('p.star', 'def f(a, b=1, *args, c, **kw):\n    return a + b\nx = f(1)[0]\n');
    expect(f.stmts.map((s) => s.kind)).toEqual(['Def', 'Assign']);
    const def = f.stmts[0];
    if (def.kind !== 'Def') throw new Error();
    expect(def.params.map((p) => p.kind)).toEqual(['plain', 'default', 'star', 'plain', 'starstar']);
    const ret = def.body[0];
    if (ret.kind !== 'Return' || ret.x?.kind !== 'Binary') throw new Error();
    expect([ret.x.line, ret.x.col]).toEqual([2, 14]);
    const asg = f.stmts[1];
    if (asg.kind !== 'Assign' || asg.rhs.kind !== 'Index') throw new Error();
    expect([asg.rhs.line, asg.rhs.col]).toEqual([3, 9]);
  });

  it('parses comprehensions, lambdas, conditional expressions, slices and load', () => {
    const f = parse('p.star', 'load("m.star", "a", b="c")\nx = [i for i in y if i]\nz = {k: v for k, v in d.items()}\nw = lambda q: q if q else None\ns = t[1:2:3]\n');
    expect(f.stmts.map((s) => s.kind)).toEqual(['Load', 'Assign', 'Assign', 'Assign', 'Assign']);
    const load = f.stmts[0];
    if (load.kind !== 'Load') throw new Error();
    expect(load.names.map((n) => [n.local.name, n.orig])).toEqual([['a', 'a'], ['b', 'c']]);
  });

  it('accepts trailing commas and one-line suites', () => {
    expect(() => parse('p.star', 'x = {"a": 1,}\ny = [1,]\ndef f(a,): return a\nif x: pass\n')).not.toThrow();
  });

  it('reports the first error with Go wording and position', () => {
    const e = syntaxError('x = 1 +\n');
    expect(e.kind).toBe('syntax');
    expect(e.msg).toBe('got newline, want primary expression');
    expect(e.pos?.line).toBe(1);
    expect(syntaxError('a < b < c\n').msg).toBe('< does not associate with < (use parens)');
    expect(syntaxError('x = a if b\n').msg).toBe('conditional expression without else clause');
    expect(syntaxError('load(x, "a")\n').msg).toBe('first operand of load statement must be a string literal');
    expect(syntaxError('f(a=1 if 1 else 2, b + 1 = 2)\n').msg).toBe('keyword argument must have form name=expr');
  });

  it('refuses pathologically nested input instead of overflowing the stack', () => {
    expect(syntaxError('x = ' + '['.repeat(5000) + ']'.repeat(5000) + '\n').msg).toMatch(/nested too deeply/);
  });
});
