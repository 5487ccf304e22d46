// Lets builtins call Starlark functions without importing the evaluator (which imports them).
import type { Kwargs, ThreadLike, Value } from './value.js';

export type CallFn = (thread: ThreadLike, fn: Value, args: Value[], kwargs: Kwargs | null) => Value;

let impl: CallFn = () => {
  throw new Error('Starlark evaluator not loaded');
};

export function setCallImpl(f: CallFn): void {
  impl = f;
}

/** Calls any callable value (Starlark function, builtin, callable host value). */
export function callValue(thread: ThreadLike, fn: Value, args: Value[], kwargs: Kwargs | null = null): Value {
  return impl(thread, fn, args, kwargs);
}
