import type { Module, StarlarkOptions, Thread } from './thread.js';
import type { Kwargs, Value } from './value.js';

export interface ExecOptions {
  /** Host builtins and values visible to the file (besides the universe). */
  predeclared?: Record<string, Value>;
  options?: StarlarkOptions;
  /** Resolves load("module", ...); results are cached per thread. */
  load?: (module: string, fromFile: string) => Module;
  print?: (msg: string) => void;
  thread?: Thread;
}

export function execFile(filename: string, source: string, opts: ExecOptions = {}): Module {
  throw new Error(`execFile ${filename} ${source.length} ${String(opts)}: not implemented yet`);
}
export function call(thread: Thread, fn: Value, args: Value[], kwargs?: Kwargs): Value {
  throw new Error(`call ${String(thread)} ${String(fn)} ${args.length} ${String(kwargs)}: not implemented yet`);
}
