// The bazel-suite assertion helpers as host builtins (README §3.2): assert_eq, assert_ne and assert_ record a
// failure and carry on. Upstream's Starlark prelude only prints, so upstream never notices failed assertions;
// we do, and with no prelude in front of the code line numbers stay right.
import { Builtin, decodeUtf8, equals, repr, runtimeError, truth } from '../index.js';
import type { Kwargs, Value } from '../index.js';
import { assertionSite } from './assert-module.js';
import type { AssertionLog } from './assertions.js';

/** repr() as text for the failure log (Starlark strings hold UTF-8 bytes). */
function show(v: Value): string {
  return decodeUtf8(repr(v));
}

function positional(name: string, args: Value[], kwargs: Kwargs | null, params: string[], required: number): Value[] {
  const out: (Value | undefined)[] = [...args];
  if (args.length > params.length) throw runtimeError(`${name}: got ${args.length} arguments, want at most ${params.length}`);
  for (const [k, v] of kwargs ?? []) {
    const i = params.indexOf(k);
    if (i < 0) throw runtimeError(`${name}: unexpected keyword argument "${k}"`);
    if (out[i] !== undefined) throw runtimeError(`${name}: got multiple values for parameter "${k}"`);
    out[i] = v;
  }
  for (let i = 0; i < required; i++) if (out[i] === undefined) throw runtimeError(`${name}: missing argument for ${params[i]}`);
  return out as Value[];
}

/** Predeclared helpers for bazel-suite chunks, bound to one chunk's log. */
export function bazelAssertBuiltins(log: AssertionLog): Record<string, Value> {
  return {
    assert_eq: new Builtin('assert_eq', (thread, args, kwargs) => {
      const [x, y] = positional('assert_eq', args, kwargs, ['x', 'y'], 2);
      log.calls++;
      if (!equals(x, y)) log.record(`${show(x)} != ${show(y)}`, assertionSite(thread));
      return null;
    }),
    assert_ne: new Builtin('assert_ne', (thread, args, kwargs) => {
      const [x, y] = positional('assert_ne', args, kwargs, ['x', 'y'], 2);
      log.calls++;
      if (equals(x, y)) log.record(`${show(x)} == ${show(y)}`, assertionSite(thread));
      return null;
    }),
    assert_: new Builtin('assert_', (thread, args, kwargs) => {
      const [cond, msg] = positional('assert_', args, kwargs, ['cond', 'msg'], 1);
      log.calls++;
      if (!truth(cond)) log.record(msg === undefined ? 'assertion failed' : typeof msg === 'string' ? decodeUtf8(msg) : show(msg), assertionSite(thread));
      return null;
    }),
  };
}
