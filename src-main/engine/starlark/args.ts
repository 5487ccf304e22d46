// Argument unpacking for builtins, with starlark-go's UnpackArgs / UnpackPositionalArgs error messages.
import { runtimeError } from './errors.js';
import { nearest } from './spell.js';
import { typeName, type Kwargs, type Value } from './value.js';

/**
 * Binds positional and keyword arguments to the named parameters of a builtin. `spec` lists parameter
 * names; a trailing `?` marks an optional one. Returns one slot per parameter (undefined when omitted).
 */
export function unpackArgs(fnName: string, args: Value[], kwargs: Kwargs | null, spec: string[]): (Value | undefined)[] {
  const n = spec.length;
  if (kwargs === null || kwargs.length === 0) {
    // Fast path: positional only. The args array is the callee's own, so it can be returned as is
    // (reading past its end gives undefined for omitted optional parameters).
    if (args.length > n) throw runtimeError(`${fnName}: got ${args.length} arguments, want at most ${n}`);
    for (let i = args.length; i < n; i++) {
      const p = spec[i];
      if (p.charCodeAt(p.length - 1) !== 63) throw runtimeError(`${fnName}: missing argument for ${p}`);
    }
    return args;
  }
  const out = new Array<Value | undefined>(n);
  if (args.length > n) throw runtimeError(`${fnName}: got ${args.length} arguments, want at most ${n}`);
  for (let i = 0; i < args.length; i++) out[i] = args[i];
  if (kwargs) {
    for (const [k, v] of kwargs) {
      let idx = -1;
      for (let i = 0; i < n; i++) {
        const p = spec[i];
        const name = p.endsWith('?') ? p.slice(0, -1) : p;
        if (name === k) {
          idx = i;
          break;
        }
      }
      if (idx < 0) {
        // Go's UnpackArgs builds its suggestion list from pairs[0], pairs[2], ... below nparams, which is the
        // first ceil(n/2) parameter names only (e.g. sorted never suggests "reverse"); we suggest the same.
        const names = spec.slice(0, Math.ceil(n / 2)).map((p) => (p.endsWith('?') ? p.slice(0, -1) : p));
        const h = nearest(k, names);
        throw runtimeError(`${fnName}: unexpected keyword argument ${k}${h ? ` (did you mean ${h}?)` : ''}`);
      }
      if (out[idx] !== undefined) throw runtimeError(`${fnName}: got multiple values for keyword argument ${k}`);
      out[idx] = v;
    }
  }
  for (let i = 0; i < n; i++) {
    if (out[i] === undefined && !spec[i].endsWith('?')) throw runtimeError(`${fnName}: missing argument for ${spec[i]}`);
  }
  return out;
}

/** Positional-only arguments, between min and max of them; keyword arguments are refused. */
export function unpackPositional(fnName: string, args: Value[], kwargs: Kwargs | null, min: number, max: number): Value[] {
  if (kwargs && kwargs.length > 0) throw runtimeError(`${fnName}: unexpected keyword arguments`);
  if (args.length < min) {
    if (min === max) throw runtimeError(`${fnName}: got ${args.length} arguments, want ${min}`);
    throw runtimeError(`${fnName}: got ${args.length} arguments, want at least ${min}`);
  }
  if (args.length > max) {
    if (min === max) throw runtimeError(`${fnName}: got ${args.length} arguments, want ${max}`);
    throw runtimeError(`${fnName}: got ${args.length} arguments, want at most ${max}`);
  }
  return args;
}

/** Builtins that Go checks by hand (bytes, chr, dir, float, ord, str, type, zip) refuse keywords in these words. */
export function noKwargs(fnName: string, kwargs: Kwargs | null): void {
  if (kwargs && kwargs.length > 0) throw runtimeError(`${fnName} does not accept keyword arguments`);
}

/**
 * "fn: for parameter p: got T, want U". Go's UnpackPositionalArgs names a parameter by its 1-based
 * position, UnpackArgs by its name: pass a number or a name accordingly.
 */
export function paramTypeError(fnName: string, param: string | number, v: Value, want: string): Error {
  return runtimeError(`${fnName}: for parameter ${param}: got ${typeName(v)}, want ${want}`);
}

export function noArgs(fnName: string, args: Value[], kwargs: Kwargs | null): void {
  if (args.length > 0 || (kwargs && kwargs.length > 0)) {
    unpackPositional(fnName, args, kwargs, 0, 0);
  }
}
