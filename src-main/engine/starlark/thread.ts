// Options and the execution thread: dialect flags, resource limits (steps, call depth, allocation size),
// the print and load hooks, and the per-thread load cache.
import { StarlarkError } from './errors.js';
import type { DialectOptions } from './syntax/options.js';
import type { ThreadLike, Value } from './value.js';

/** Dialect flags (all off by default, as in Choreo) and resource limits. */
export interface StarlarkOptions extends DialectOptions {
  /** Work units per thread (one per loop iteration, call, and per element in bulk builtins). Default 1e8. */
  maxSteps?: number;
  /** Nested Starlark calls (only reachable with `recursion`). Default 1000. */
  maxCallDepth?: number;
  /** Largest string (bytes) or list/dict/tuple (elements) one operation may build. Default 5e6. */
  maxAllocation?: number;
  /**
   * Execution back end: 'codegen' (default where `new Function` is allowed) translates each file to
   * JavaScript; 'closures' compiles to a tree of closures (works under a strict CSP). Same results.
   */
  backend?: 'codegen' | 'closures';
}

export const DEFAULT_MAX_STEPS = 100_000_000;
export const DEFAULT_MAX_CALL_DEPTH = 1000;
export const DEFAULT_MAX_ALLOCATION = 5_000_000;

/** A module after execution: its globals (frozen). */
export interface Module {
  name: string;
  globals: Map<string, Value>;
}

export type LoadHook = (module: string, fromFile: string) => Module;

export class Thread implements ThreadLike {
  name: string;
  print: (msg: string) => void;
  load?: LoadHook;
  options: StarlarkOptions;
  steps = 0;
  maxSteps: number;
  maxCallDepth: number;
  maxAllocation: number;
  /** Current depth of nested Starlark function calls. */
  depth = 0;
  /** load() results by module name (null while the module is loading: a cycle). */
  loadCache = new Map<string, Module | StarlarkError | null>();
  /** Free storage for host builtins. */
  locals = new Map<string, unknown>();
  private cancelReason: string | undefined;

  constructor(init: { name?: string; print?: (msg: string) => void; load?: LoadHook; options?: StarlarkOptions } = {}) {
    this.name = init.name ?? 'main';
    this.print = init.print ?? (() => {});
    this.load = init.load;
    this.options = init.options ?? {};
    this.maxSteps = this.options.maxSteps ?? DEFAULT_MAX_STEPS;
    this.maxCallDepth = this.options.maxCallDepth ?? DEFAULT_MAX_CALL_DEPTH;
    this.maxAllocation = this.options.maxAllocation ?? DEFAULT_MAX_ALLOCATION;
  }

  /** Stops the running program at its next step with the given reason (e.g. from a timeout). */
  cancel(reason: string): void {
    this.cancelReason = reason;
    this.maxSteps = -1;
  }

  /** Called by the evaluator when steps exceed maxSteps. */
  stepLimitError(): StarlarkError {
    if (this.cancelReason !== undefined) return new StarlarkError('limit', `Starlark computation cancelled: ${this.cancelReason}`);
    return new StarlarkError(
      'limit',
      `Starlark computation cancelled: too many steps (the budget is ${this.maxSteps} steps; raise --max-steps or fix the endless loop)`,
    );
  }
}
