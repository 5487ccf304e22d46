import { describe, expect, it } from 'vitest';
import { parse } from '../syntax/parser.js';
import { check, resolve } from './resolver.js';
import { StarlarkError } from '../errors.js';
import type { DialectOptions } from '../syntax/options.js';

function errors(src: string, options: DialectOptions = {}, predeclared: string[] = []): string[] {
  try {
    resolve(parse('r.star', src), { predeclared, options });
    return [];
  } catch (e) {
    const se = e as StarlarkError;
    expect(se.kind).toBe('resolve');
    return se.errors!.map((x) => `${x.pos.line}:${x.pos.col}: ${x.msg}`);
  }
}

describe('resolver', () => {
  it('reports every undefined name of the file, with spelling hints, even in uncalled functions', () => {
    expect(errors('def f():\n    return genNodeIDString(1)\ndef g(hello):\n    return hollo\n')).toEqual([
      '2:12: undefined: genNodeIDString',
      '4:12: undefined: hollo (did you mean hello?)',
    ]);
  });

  it('accepts predeclared and universal names', () => {
    expect(errors('def f(x):\n    return len(x) + reconcile_result(x)\n', {}, ['reconcile_result'])).toEqual([]);
  });

  it('rejects global re-assignment and top-level control flow unless the options allow them', () => {
    expect(errors('x = 1\nx = 2\n')).toEqual(['2:1: cannot reassign global x declared at r.star:1:1']);
    expect(errors('x = 1\nx = 2\n', { globalreassign: true })).toEqual([]);
    expect(errors('for x in []:\n    pass\nif True:\n    pass\n')).toEqual(['1:1: for loop not within a function', '3:1: if statement not within a function']);
    expect(errors('for x in []:\n    pass\n', { toplevelcontrol: true })).toEqual([]);
  });

  it('applies the dialect checks for while and set', () => {
    expect(errors('def f():\n    while True:\n        pass\n')).toEqual(['2:5: this Starlark dialect does not support while loops']);
    expect(errors('x = set([1])\n')).toEqual(['1:5: this Starlark dialect does not support sets']);
    expect(errors('x = set([1])\n', { set: true })).toEqual([]);
  });

  it('checks break/continue placement, also through nested defs', () => {
    expect(errors('def f():\n    for x in []:\n        def g():\n            break\n')).toEqual(['4:13: break not in a loop']);
  });

  it('checks parameter and argument order', () => {
    expect(errors('def f(a=1, b):\n    pass\n')).toEqual(['1:12: required parameter may not follow optional']);
    expect(errors('def f(**kw):\n    pass\nf(a=1, a=2)\n')).toEqual(['3:8: keyword argument "a" is repeated']);
  });

  it('checks load placement and names', () => {
    expect(errors('def f():\n    load("m", "x")\n')).toEqual(['2:5: load statement within a function']);
    expect(errors('load("m", "_x")\n')).toEqual(['1:12: load: names with leading underscores are not exported: _x']);
  });

  it('classifies captured variables as cells and free variables', () => {
    const f = parse('r.star', 'def outer():\n    x = 1\n    def inner():\n        return x\n    return inner\n');
    resolve(f, { predeclared: [] });
    const outer = f.stmts[0];
    if (outer.kind !== 'Def') throw new Error();
    expect(outer.fn!.locals.map((b) => `${b.name}:${b.scope}`)).toEqual(['x:cell', 'inner:local']);
    const inner = outer.body[1];
    if (inner.kind !== 'Def') throw new Error();
    expect(inner.fn!.freevars.map((b) => b.name)).toEqual(['x']);
  });

  it('check() returns diagnostics for editor markers and never throws', () => {
    // Like Go, a parse error is reported just after the offending token.
    expect(check('c.star', 'def f(:\n', { predeclared: [] })).toEqual([{ severity: 'error', msg: "got ':', want ')'", line: 1, col: 8 }]);
    expect(check('c.star', 'x = y\nz = w\n', { predeclared: [] }).map((d) => d.msg)).toEqual(['undefined: y', 'undefined: w']);
    expect(check('c.star', 'x = nope\n', { predeclared: [] })).toEqual([{ severity: 'error', msg: 'undefined: nope', line: 1, col: 5, endLine: 1, endCol: 9 }]);
    expect(check('c.star', 'x = 1\n', { predeclared: [] })).toEqual([]);
  });
});
