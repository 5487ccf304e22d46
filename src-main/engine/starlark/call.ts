// The call machinery that both back ends share (the closure compiler in eval.ts and the JavaScript
// generator in codegen.ts), and builtins that call back into Starlark: step accounting, argument binding
// with Go's messages, tracebacks for builtin frames, load() with its per-thread cache.
import type { DictExpr, Stmt } from './syntax/ast.js';
import { StarlarkError, runtimeError, type Position } from './errors.js';
import type { MethodImpl } from './methods.js';
import { nearest } from './spell.js';
import type { Module, Thread } from './thread.js';
import { decodeUtf8 } from './utf8.js';
import { Builtin, Dict, HostValue, StarlarkFunction, Tuple, quote, typeName, type DictSites, type FunctionCode, type Kwargs, type ThreadLike, type Value } from './value.js';


/** Any exception as a StarlarkError (JS stack overflow → limit error; host errors keep their message). */
export function toStarlarkError(e: unknown): StarlarkError {
  if (e instanceof StarlarkError) return e;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return new StarlarkError('limit', 'Starlark stack overflow');
  if (e instanceof Error) return new StarlarkError('runtime', e.message);
  return new StarlarkError('runtime', String(e));
}

/** steps passed maxSteps: a checkpoint (returns) or the end of the budget (throws). */
export function stepLimit(th: Thread): void {
  th.checkpoint();
}

export function callBuiltin(th: Thread, b: Builtin, args: Value[], kwargs: Kwargs | null): Value {
  if (++th.steps > th.maxSteps) stepLimit(th);
  try {
    return b.impl(th, args, kwargs, b);
  } catch (e) {
    const se = toStarlarkError(e);
    se.traceback.unshift({ fn: b.name, builtin: true });
    throw se;
  }
}

export function callMethodImpl(th: Thread, impl: MethodImpl, recv: Value, args: Value[], kwargs: Kwargs | null, name: string): Value {
  if (++th.steps > th.maxSteps) stepLimit(th);
  try {
    return impl(th, recv, args, kwargs, name);
  } catch (e) {
    const se = toStarlarkError(e);
    se.traceback.unshift({ fn: name, builtin: true });
    throw se;
  }
}

/**
 * Calls any callable value. `args` may be reused as the callee's locals: pass a fresh array. `site` is where
 * the call is written (compiled call expressions pass it; see Thread.callers).
 */
export function callAny(th: Thread, f: Value, args: Value[], kwargs: Kwargs | null, site?: Position): Value {
  if (f instanceof StarlarkFunction) return f.code.invoke(th, f, args, kwargs, site);
  th.callers[th.depth + 1] = site;
  if (f instanceof Builtin) return callBuiltin(th, f, args, kwargs);
  if (f instanceof HostValue && f.call) {
    if (++th.steps > th.maxSteps) stepLimit(th);
    try {
      return f.call(th, args, kwargs);
    } catch (e) {
      const se = toStarlarkError(e);
      se.traceback.unshift({ fn: f.type, builtin: true });
      throw se;
    }
  }
  throw runtimeError(`invalid call of non-function (${typeName(f)})`);
}

/**
 * Calls any callable value for a builtin (sorted's key, a host callback): like callAny, but the caller keeps
 * `args` (the callee may use its array as locals).
 */
export function callValue(thread: ThreadLike, fn: Value, args: Value[], kwargs: Kwargs | null = null): Value {
  return callAny(thread as Thread, fn, args.slice(), kwargs);
}

/** Calls a Starlark callable from the host. Errors are StarlarkErrors with a traceback. */
export function call(thread: Thread, fn: Value, args: Value[], kwargs?: Kwargs): Value {
  try {
    return callAny(thread, fn, args.slice(), kwargs && kwargs.length ? kwargs : null);
  } catch (e) {
    const se = toStarlarkError(e);
    const inner = se.traceback.filter((f) => !f.builtin).pop();
    if (inner && !se.pos) se.pos = inner.pos;
    throw se;
  }
}

/** Go's setArgs: binds arguments to parameters, with its messages. */
export function bindArgs(code: CompiledCode, fn: StarlarkFunction, args: Value[], kwargs: Kwargs | null, l: any[]): void {
  const name = code.name;
  const np = code.numParams;
  const nk = code.numKwonly;
  const total = np + nk;
  if (total === 0 && !code.hasVarargs && !code.hasKwargs) {
    const n = args.length + (kwargs ? kwargs.length : 0);
    if (n > 0) throw runtimeError(`function ${name} accepts no arguments (${n} given)`);
    return;
  }
  let kwdict: Dict | null = null;
  let slot = total;
  if (code.hasVarargs) slot++;
  if (code.hasKwargs) {
    kwdict = new Dict();
    l[slot] = kwdict;
  }
  let n = args.length;
  if (n > np) {
    if (!code.hasVarargs) {
      const numDefaults = fn.defaults.slice(0, np).filter((d) => d !== undefined).length;
      throw runtimeError(`function ${name} accepts ${numDefaults > 0 ? 'at most ' : ''}${np} positional argument${np === 1 ? '' : 's'} (${args.length} given)`);
    }
    n = np;
  }
  for (let i = 0; i < n; i++) l[i] = args[i];
  if (code.hasVarargs) l[total] = new Tuple(args.slice(n));
  if (kwargs) {
    const names = code.paramNames;
    for (const [k, v] of kwargs) {
      let i = -1;
      for (let j = 0; j < total; j++)
        if (names[j] === k) {
          i = j;
          break;
        }
      if (i >= 0) {
        if (l[i] !== undefined) throw runtimeError(`function ${name} got multiple values for parameter ${decodeUtf8(quote(k, false))}`);
        l[i] = v;
        continue;
      }
      if (!kwdict) throw runtimeError(`function ${name} got an unexpected keyword argument ${decodeUtf8(quote(k, false))}${hint(k, names.slice(0, total))}`);
      if (kwdict.has(k)) throw runtimeError(`function ${name} got multiple values for parameter ${decodeUtf8(quote(k, false))}`);
      kwdict.set(k, v);
    }
  }
  if (n < total) {
    const missing: string[] = [];
    for (let i = n; i < total; i++) {
      if (l[i] === undefined) {
        const d = fn.defaults[i];
        if (d === undefined) missing.push(code.paramNames[i]);
        else l[i] = d;
      }
    }
    if (missing.length) throw runtimeError(`function ${name} missing ${missing.length} argument${missing.length > 1 ? 's' : ''} (${missing.join(', ')})`);
  }
}

function hint(k: string, names: string[]): string {
  const n = nearest(k, names);
  return n ? ` (did you mean ${n}?)` : '';
}

export interface CompiledCode extends FunctionCode {
  file: string;
  /**
   * n ≥ 0: invoke also takes a call of exactly n positional arguments as (th, fn, null, null, site, a0, …,
   * an-1), without an arguments array (the generated code of a function without *args, **kwargs or
   * keyword-only parameters; n is its number of parameters). -1: invoke takes an arguments array only.
   */
  direct: number;
}

/** The DictSites constant of a dict literal: its own place and that of each entry with a literal string key. */
export function dictSites(file: string, x: DictExpr): DictSites {
  const keys = new Map<string, Position>();
  for (const en of x.entries) {
    const k = en.key;
    if (k.kind === 'Literal' && typeof k.value === 'string' && !k.isBytes) keys.set(k.value, { file, line: k.line, col: k.col });
  }
  return { at: { file, line: x.line, col: x.col }, keys };
}

/** The docstring of a function body: a string literal as its first statement (as a byte string). */
export function docOf(body: Stmt[] | null): string {
  const s = body?.[0];
  return s && s.kind === 'ExprStmt' && s.x.kind === 'Literal' && typeof s.x.value === 'string' && !s.x.isBytes ? s.x.value : '';
}

export function loadModule(th: Thread, module: string, fromFile: string): Module {
  const cached = th.loadCache.get(module);
  if (cached === null) throw runtimeError('cannot load ' + module + ': cycle in load graph');
  if (cached instanceof StarlarkError) throw runtimeError(`cannot load ${module}: ${cached.msg}`);
  if (cached) return cached;
  if (!th.load) throw runtimeError(`cannot load ${module}: load not implemented by this application`);
  th.loadCache.set(module, null);
  let m: Module;
  try {
    m = th.load(module, fromFile);
  } catch (e) {
    const se = toStarlarkError(e);
    th.loadCache.set(module, se);
    throw runtimeError(`cannot load ${module}: ${se.msg}`);
  }
  th.loadCache.set(module, m);
  return m;
}
