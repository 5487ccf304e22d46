// The starlark-go assertion module, option A of README §2.5: the real starlarktest/assert.star runs as a file
// named `assert.star`, with the normal universe plus six host builtins (error, catch, matches, module,
// _freeze, _floateq). Failures go to the chunk's AssertionLog; `error` records and returns None.
import { Builtin, Float, HostValue, StarlarkError, Thread, call, decodeUtf8, encodeUtf8, execFile, freeze, repr, runtimeError, typeName } from '../index.js';
import type { Kwargs, Module, TraceFrame, Value } from '../index.js';
import type { AssertionLog } from './assertions.js';

/** A module value as made by `module(name, **kwargs)`: read-only fields, unhashable, type "module". */
export class ModuleValue extends HostValue {
  readonly type = 'module';
  constructor(
    readonly name: string,
    private readonly fields: Map<string, Value>,
    /** Called for each field read: the runner counts `assert.X` lookups as assertion calls. */
    private readonly onAttr?: (name: string) => void,
  ) {
    super();
  }
  override str(): string {
    return `<module ${JSON.stringify(this.name)}>`;
  }
  override hash(): number {
    throw runtimeError('unhashable: module');
  }
  override attr(name: string): Value | undefined {
    const v = this.fields.get(name);
    if (v !== undefined) this.onAttr?.(name);
    return v;
  }
  override attrNames(): string[] {
    return [...this.fields.keys()].sort();
  }
  override setAttr(name: string): void {
    throw runtimeError(`can't assign to .${name} field of module`);
  }
  override freeze(): void {
    if (this.frozen) return;
    this.frozen = true;
    for (const v of this.fields.values()) freeze(v);
  }
}

/** Optional interpreter hook: the current Starlark call stack, outermost first. Used to say where an assertion failed. */
interface StackSource {
  callStack?: () => TraceFrame[];
}

/** The innermost position of the running program outside assert.star, as file:line:col, if the thread can tell. */
export function assertionSite(thread: unknown): string | undefined {
  const frames = (thread as StackSource).callStack?.();
  if (!frames) return undefined;
  for (let i = frames.length - 1; i >= 0; i--) {
    const p = frames[i].pos;
    if (p && !frames[i].builtin && !p.file.endsWith('assert.star')) return `${p.file}:${p.line}:${p.col}`;
  }
  return undefined;
}

/** True when x and y are equal, one ULP apart, or both NaN (Go's floateq in starlarktest). */
export function floatsWithinUlp(x: number, y: number): boolean {
  if (x === y) return true;
  if (Number.isNaN(x) && Number.isNaN(y)) return true;
  if (Number.isNaN(x) || Number.isNaN(y)) return false;
  return nextAfter(x, y) === y;
}

function nextAfter(x: number, toward: number): number {
  if (x === toward) return toward;
  if (x === 0) return toward > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigInt64(0);
  buf.setBigInt64(0, (toward > x) === (x > 0) ? bits + 1n : bits - 1n);
  return buf.getFloat64(0);
}

function exactArgs(name: string, args: Value[], kwargs: Kwargs | null, n: number): void {
  if (kwargs && kwargs.length) throw runtimeError(`${name}: unexpected keyword arguments`);
  if (args.length !== n) throw runtimeError(`${name}: got ${args.length} arguments, want ${n}`);
}

function stringArg(name: string, v: Value, param: string): string {
  if (typeof v !== 'string') throw runtimeError(`${name}: for parameter ${param}: got ${typeName(v)}, want string`);
  return decodeUtf8(v);
}

/** Compiles a pattern the README's way: JavaScript RegExp without the `u` flag, unanchored. */
export function compilePattern(pattern: string, who: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (err) {
    throw runtimeError(`${who}: invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
}

/** The six host builtins assert.star is written against, bound to one chunk's log. */
export function assertHostBuiltins(log: AssertionLog): Record<string, Value> {
  return {
    error: new Builtin('error', (thread, args, kwargs) => {
      exactArgs('error', args, kwargs, 1);
      const msg = typeof args[0] === 'string' ? decodeUtf8(args[0]) : decodeUtf8(repr(args[0]));
      log.record(msg, assertionSite(thread));
      return null;
    }),
    catch: new Builtin('catch', (thread, args, kwargs) => {
      exactArgs('catch', args, kwargs, 1);
      try {
        call(thread as Thread, args[0], []);
        return null;
      } catch (err) {
        // Messages are text; a Starlark string holds UTF-8 bytes.
        if (err instanceof StarlarkError) return encodeUtf8(err.msg);
        throw err;
      }
    }),
    matches: new Builtin('matches', (_thread, args, kwargs) => {
      exactArgs('matches', args, kwargs, 2);
      const pattern = stringArg('matches', args[0], 'pattern');
      return compilePattern(pattern, 'matches').test(stringArg('matches', args[1], 'str'));
    }),
    module: new Builtin('module', (_thread, args, kwargs) => {
      if (args.length !== 1) throw runtimeError(`module: got ${args.length} arguments, want 1`);
      const name = stringArg('module', args[0], 'name');
      const fields = new Map<string, Value>(kwargs ?? []);
      return new ModuleValue(name, fields, () => log.calls++);
    }),
    _freeze: new Builtin('freeze', (_thread, args, kwargs) => {
      exactArgs('freeze', args, kwargs, 1);
      return freeze(args[0]);
    }),
    _floateq: new Builtin('floateq', (_thread, args, kwargs) => {
      exactArgs('floateq', args, kwargs, 2);
      const [x, y] = args;
      if (!(x instanceof Float) || !(y instanceof Float)) throw runtimeError(`floateq: got ${typeName(x)} and ${typeName(y)}, want floats`);
      return floatsWithinUlp(x.v, y.v);
    }),
  };
}

/**
 * Runs assert.star for one chunk and returns its module. Errors (a broken assert.star, an interpreter bug)
 * propagate as StarlarkError; the chunk's load statement then fails.
 */
export function loadAssertModule(source: string, log: AssertionLog, print: (msg: string) => void): Module {
  // A thread of its own, as Go's test driver loads modules; assert functions later run on the chunk's thread.
  const thread = new Thread({ name: 'assert.star', print });
  return execFile('assert.star', source, { predeclared: assertHostBuiltins(log), thread, print });
}
