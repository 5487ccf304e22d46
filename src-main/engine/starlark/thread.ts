// Options and the execution thread: dialect flags, resource limits (steps, call depth, allocation size),
// the print and load hooks, and the per-thread load cache.
import { StarlarkError } from './errors.js';
import type { DialectOptions } from './syntax/options.js';
import type { Position } from './errors.js';
import type { ThreadLike, Value } from './value.js';
import type { Debugger } from './debug/debugger.js';

/** Dialect flags (all off by default, as in Choreo) and resource limits. */
export interface StarlarkOptions extends DialectOptions {
  /**
   * Work units per thread: one per loop iteration and call, and bulk string and list operations charged by
   * their size (see the charges in methods.ts, builtins.ts and ops.ts). Default 1e8, about a few seconds.
   */
  maxSteps?: number;
  /** What the step-limit error tells the user to do about it (default: raise `--max-steps`). */
  stepLimitHint?: string;
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

/**
 * Steps between two calls of a thread's interrupt hook. The evaluator's hot path only compares `steps`
 * with `maxSteps`; with a hook, `maxSteps` is the next checkpoint instead of the budget, so a wall clock or
 * a cancel flag is consulted every ~10 ms of work at no cost per step.
 */
export const CHECKPOINT_STEPS = 1 << 20;

/** Asked at checkpoints: a reason text stops the program (a time budget ran out, the run was cancelled). */
export type InterruptHook = () => string | undefined;

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
  /** The step count at which the evaluator calls checkpoint(): the budget, or the next checkpoint before it. */
  maxSteps: number;
  /** The step budget (StarlarkOptions.maxSteps). */
  readonly stepBudget: number;
  readonly interrupt: InterruptHook | undefined;
  maxCallDepth: number;
  maxAllocation: number;
  /** Current depth of nested Starlark function calls. */
  depth = 0;
  /** load() results by module name (null while the module is loading: a cycle). */
  loadCache = new Map<string, Module | StarlarkError | null>();
  /** Free storage for host builtins. */
  locals = new Map<string, unknown>();
  /**
   * Debug mode: files this thread executes compile with the debugger's hooks (closure back end). The
   * functions they define keep them, whichever thread calls them later.
   */
  debugger: Debugger | undefined;
  /**
   * Call sites of the active calls, for host builtins that record where they were called from (field
   * provenance): callers[d] is where the Starlark function running at depth d was called (undefined: by the
   * host or by a builtin), and callers[depth + 1] is where the builtin running now was called. Both back
   * ends write one slot per call (a compile-time constant), so keeping it costs no allocation; read it
   * with callStack().
   */
  readonly callers: (Position | undefined)[] = [];
  private cancelReason: string | undefined;

  constructor(init: { name?: string; print?: (msg: string) => void; load?: LoadHook; options?: StarlarkOptions; interrupt?: InterruptHook } = {}) {
    this.name = init.name ?? 'main';
    this.print = init.print ?? (() => {});
    this.load = init.load;
    this.options = init.options ?? {};
    this.stepBudget = this.options.maxSteps ?? DEFAULT_MAX_STEPS;
    this.interrupt = init.interrupt;
    this.maxSteps = this.interrupt ? Math.min(this.stepBudget, CHECKPOINT_STEPS) : this.stepBudget;
    this.maxCallDepth = this.options.maxCallDepth ?? DEFAULT_MAX_CALL_DEPTH;
    this.maxAllocation = this.options.maxAllocation ?? DEFAULT_MAX_ALLOCATION;
  }

  /** Stops the running program at its next step with the given reason (e.g. from a timeout). */
  cancel(reason: string): void {
    this.cancelReason = reason;
    this.maxSteps = -1;
  }

  /**
   * Called by the evaluator when steps exceed maxSteps: at a checkpoint it asks the interrupt hook and moves
   * the next checkpoint on; past the budget, or when cancelled, it throws.
   */
  checkpoint(): void {
    if (this.cancelReason === undefined && this.steps <= this.stepBudget && this.interrupt) {
      const why = this.interrupt();
      if (why === undefined) {
        this.maxSteps = Math.min(this.stepBudget, this.steps + CHECKPOINT_STEPS);
        return;
      }
      this.cancelReason = why;
    }
    throw this.stepLimitError();
  }

  stepLimitError(): StarlarkError {
    if (this.cancelReason !== undefined) return new StarlarkError('limit', `Starlark computation cancelled: ${this.cancelReason}`);
    const hint = this.options.stepLimitHint ?? 'raise --max-steps or fix the endless loop';
    return new StarlarkError(
      'limit',
      `Starlark computation cancelled: too many steps (the budget is ${this.stepBudget} steps, counting loop iterations, calls and the size of bulk string and list operations; ${hint})`,
    );
  }
}

/**
 * The Starlark call stack at a host builtin, innermost first: where the builtin was called, then where each
 * enclosing Starlark function was called. Calls made by the host or by a builtin (sorted's key) have no
 * site and end the list there.
 */
export function callStack(th: Thread): Position[] {
  const out: Position[] = [];
  for (let d = th.depth + 1; d >= 1; d--) {
    const site = th.callers[d];
    if (site === undefined) break;
    out.push(site);
  }
  return out;
}
