// The Starlark debugger: breakpoints (conditions, hit counts, logpoints, an embedder-defined filter),
// stepping and pausing. Debug mode is a compile mode of the closure back end (../eval.ts): a thread with a
// `debugger` compiles its files with a line hook before every statement and a frame record per call, so
// code compiled normally (the JavaScript back end) pays nothing. When the program stops, the embedder's
// DebugHost.stopped() runs synchronously — it blocks the interpreter while the user inspects frames
// (./inspect.ts) — and returns how to go on.
import type { FunctionInfo } from '../syntax/ast.js';
import { StarlarkError } from '../errors.js';
import { truth, type ModuleEnv, type StarlarkFunction } from '../value.js';
import { hitConditionMet, parseHitCondition, type HitCondition } from './lines.js';
import { evaluateInFrame, interpolateLogMessage } from './inspect.js';

/** Where compiled code came from, as the user knows it: a file, and how many lines precede the code in it. */
export interface DebugSource {
  path: string;
  /** Added to the code's line numbers (code embedded in a YAML file starts below line 1). */
  lineOffset: number;
}

/** What the compiler tells the debugger about one function (or a module's top level). */
export interface DebugCode {
  /** The function's name: `reconcile`, `lambda`, or `<toplevel>` for a module. */
  name: string;
  source: DebugSource;
  /** Names of the local slots (parameters first) and of the free variables. */
  info: FunctionInfo;
  module: ModuleEnv;
}

/** What a breakpoint asks for (DAP's SourceBreakpoint, plus `filter`). */
export interface BreakpointSpec {
  line: number;
  /** A Starlark expression: stop only when it is true in the frame. */
  condition?: string;
  /** Stop only on some hits: `5` (the 5th), `>= 5`, `% 3`; see ./lines.ts. */
  hitCondition?: string;
  /** A logpoint: print this text (with `{expr}` parts evaluated) instead of stopping. */
  logMessage?: string;
  /** Embedder-defined: stop only when DebugHost.matchesFilter(filter) (Choreo: the object reconciled). */
  filter?: string;
}

export interface Breakpoint extends BreakpointSpec {
  id: number;
  path: string;
  /** Times the breakpoint was reached with its filter and condition true. */
  hits: number;
  /** Set when the hit condition does not parse: the breakpoint never stops. */
  problem?: string;
}

export type ResumeCommand = 'continue' | 'next' | 'stepIn' | 'stepOut';
export type StopReason = 'breakpoint' | 'step' | 'pause' | 'exception' | 'entry';

export interface StopInfo {
  reason: StopReason;
  /** One line for the user: which breakpoint, or the error message. */
  description: string;
  breakpointIds: number[];
  /** The uncaught error, for reason `exception`. */
  error?: StarlarkError;
  /** Innermost frame first. */
  frames: DebugFrame[];
}

/** The embedder's side: where stops, logpoint output and filter checks go. */
export interface DebugHost {
  /**
   * The program stopped. Inspect through ./inspect.ts while this runs, then return how to go on. Throwing
   * ends the program with that error (a disconnect).
   */
  stopped(info: StopInfo): ResumeCommand;
  /** A logpoint fired, or a breakpoint condition failed. */
  output(text: string, where: { path: string; line: number }): void;
  /** Whether a breakpoint's filter holds now; absent: filters always hold. */
  matchesFilter?(filter: string): boolean;
}

/** One active call of Starlark code: the stack trace, the scopes and evaluation read it. */
export class DebugFrame {
  /** The statement in progress (the error's place after an error): line in the source, and column. */
  line: number;
  col = 1;
  constructor(
    readonly code: DebugCode,
    /** The local slots (cells are `{ v }` objects); shared with the running code, so always current. */
    readonly locals: unknown[],
    /** The function value (its free variables), null for a module's top level. */
    readonly fn: StarlarkFunction | null,
  ) {
    this.line = 1 + code.source.lineOffset;
  }
}

/** Breakpoints of one source by line; the compiled code of that source holds this object. */
export interface SourceBreakpoints {
  lines: Map<number, Breakpoint[]> | null;
}

type StepMode = 'run' | 'stepIn' | 'over' | 'out';

export class Debugger {
  /** Active frames, outermost first. */
  readonly frames: DebugFrame[] = [];
  /** The innermost frame (the compiled line hook writes its line). */
  top: DebugFrame | undefined;
  /** True when every statement must be looked at: stepping, a pause was asked, or the session ended. */
  armed = false;
  /** Stop on errors that leave Starlark code (there is no try/except in Starlark: every error is uncaught). */
  stopOnError = true;
  private mode: StepMode = 'run';
  private stepDepth = 0;
  private entry = false;
  private pauseRequested = false;
  private evaluating = 0;
  private ended: StarlarkError | undefined;
  private nextId = 1;
  private readonly sources = new Map<string, SourceBreakpoints>();
  private readonly seenErrors = new WeakSet<StarlarkError>();

  constructor(readonly host: DebugHost) {}

  // ---- breakpoints ------------------------------------------------------------------------------

  /** The breakpoint table of one source (compiled code keeps it; later changes show through). */
  source(path: string): SourceBreakpoints {
    let s = this.sources.get(path);
    if (!s) this.sources.set(path, (s = { lines: null }));
    return s;
  }

  /** Replaces the breakpoints of one source (DAP setBreakpoints); lines should be statement lines. */
  setBreakpoints(path: string, specs: BreakpointSpec[]): Breakpoint[] {
    const out: Breakpoint[] = specs.map((s) => {
      const bp: Breakpoint = { ...s, id: this.nextId++, path, hits: 0 };
      if (s.hitCondition !== undefined && s.hitCondition.trim() !== '') {
        const h = parseHitCondition(s.hitCondition);
        if ('error' in h) bp.problem = h.error;
      }
      return bp;
    });
    const lines = new Map<number, Breakpoint[]>();
    for (const bp of out) {
      const list = lines.get(bp.line);
      if (list) list.push(bp);
      else lines.set(bp.line, [bp]);
    }
    this.source(path).lines = lines.size ? lines : null;
    return out;
  }

  breakpoints(): Breakpoint[] {
    const out: Breakpoint[] = [];
    for (const s of this.sources.values()) if (s.lines) for (const list of s.lines.values()) out.push(...list);
    return out;
  }

  // ---- control from the embedder ----------------------------------------------------------------

  /** Stop at the next statement (DAP pause). */
  requestPause(): void {
    this.pauseRequested = true;
    this.armed = true;
  }

  /** Stop at the next statement, reported as `entry` (stop on entry). */
  stopAtNextStatement(): void {
    this.mode = 'stepIn';
    this.entry = true;
    this.armed = true;
  }

  /**
   * The unit of work the embedder runs (one reconcile) ended: a step that has not stopped yet does not
   * carry into the next one (stepping past the end of the entry function is a continue).
   */
  resetStepping(): void {
    this.mode = 'run';
    this.entry = false;
    this.armed = this.pauseRequested || this.ended !== undefined;
  }

  /** Ends the program: the next statement (or the stop in progress) throws `error`. */
  end(error: StarlarkError): void {
    this.ended = error;
    this.armed = true;
  }

  get isEnded(): boolean {
    return this.ended !== undefined;
  }

  /** Runs `fn` with breakpoints and stepping off (evaluation in a stopped frame). */
  quietly<T>(fn: () => T): T {
    this.evaluating++;
    try {
      return fn();
    } finally {
      this.evaluating--;
    }
  }

  // ---- hooks called by compiled code ------------------------------------------------------------

  /** A call starts. */
  enter(code: DebugCode, locals: unknown[], fn: StarlarkFunction | null): DebugFrame {
    const f = new DebugFrame(code, locals, fn);
    this.frames.push(f);
    this.top = f;
    return f;
  }

  /** A call ends (normally or not). */
  leave(): void {
    this.frames.pop();
    this.top = this.frames[this.frames.length - 1];
  }

  /** A call returned normally while stepping: stepping out (or over the end of a function) stops in the caller. */
  returned(): void {
    if (this.evaluating > 0 || this.ended || this.mode === 'run' || this.frames.length === 0) return;
    const depth = this.frames.length;
    if (this.mode === 'stepIn' || depth < this.stepDepth) this.stop('step', 'step', []);
  }

  /** Before a statement, when armed or when its line has a breakpoint (the top frame's line is set). */
  statement(): void {
    if (this.ended) throw this.ended;
    if (this.evaluating > 0) return;
    const frame = this.top!;
    const ids: number[] = [];
    const bps = this.sources.get(frame.code.source.path)?.lines?.get(frame.line);
    if (bps) for (const bp of bps) if (this.reached(bp, frame)) ids.push(bp.id);
    if (ids.length) return this.stop('breakpoint', `breakpoint ${ids.join(', ')}`, ids);
    if (this.pauseRequested) return this.stop('pause', 'paused', []);
    const depth = this.frames.length;
    if (this.mode === 'stepIn' || (this.mode === 'over' && depth <= this.stepDepth) || (this.mode === 'out' && depth < this.stepDepth)) {
      this.stop(this.entry ? 'entry' : 'step', this.entry ? 'entry' : 'step', []);
    }
  }

  /** An error is leaving the innermost frame that saw it (the frame is still on the stack). */
  error(e: StarlarkError): void {
    if (this.ended || this.evaluating > 0 || !this.stopOnError || this.seenErrors.has(e)) return;
    this.seenErrors.add(e);
    this.stop('exception', e.msg, [], e);
  }

  // ---- internals --------------------------------------------------------------------------------

  /** A breakpoint is reached: filter, condition, hit count; a logpoint prints and does not stop. */
  private reached(bp: Breakpoint, frame: DebugFrame): boolean {
    if (bp.problem) return false;
    if (bp.filter && this.host.matchesFilter && !this.host.matchesFilter(bp.filter)) return false;
    if (bp.condition && bp.condition.trim() !== '') {
      let ok: boolean;
      try {
        ok = truth(this.quietly(() => evaluateInFrame(frame, bp.condition!)));
      } catch (e) {
        // As VS Code's debuggers do: a condition that fails stops, and says why.
        this.host.output(`Breakpoint condition "${bp.condition}" failed: ${e instanceof StarlarkError ? e.msg : String(e)}`, { path: bp.path, line: bp.line });
        ok = true;
      }
      if (!ok) return false;
    }
    bp.hits++;
    if (bp.hitCondition && bp.hitCondition.trim() !== '') {
      const h = parseHitCondition(bp.hitCondition) as HitCondition;
      if (!hitConditionMet(h, bp.hits)) return false;
    }
    if (bp.logMessage !== undefined && bp.logMessage !== '') {
      this.host.output(this.quietly(() => interpolateLogMessage(frame, bp.logMessage!)), { path: bp.path, line: bp.line });
      return false;
    }
    return true;
  }

  private stop(reason: StopReason, description: string, breakpointIds: number[], error?: StarlarkError): void {
    this.pauseRequested = false;
    this.mode = 'run';
    this.entry = false;
    this.armed = false;
    const frames = [...this.frames].reverse();
    const cmd = this.host.stopped({ reason, description, breakpointIds, error, frames });
    if (this.ended) throw this.ended;
    this.resume(cmd);
  }

  private resume(cmd: ResumeCommand): void {
    const depth = this.frames.length;
    switch (cmd) {
      case 'continue':
        this.mode = 'run';
        break;
      case 'next':
        this.mode = 'over';
        this.stepDepth = depth;
        break;
      case 'stepIn':
        this.mode = 'stepIn';
        break;
      case 'stepOut':
        this.mode = 'out';
        this.stepDepth = depth;
        break;
    }
    this.armed = this.mode !== 'run' || this.pauseRequested;
  }
}
