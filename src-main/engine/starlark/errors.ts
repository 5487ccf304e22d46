// Errors raised by the Starlark interpreter: one class for syntax, resolver, runtime and limit errors,
// formatted the way the starlark-go command line prints them (the conformance suites match on that text).

export type ErrorKind = 'syntax' | 'resolve' | 'runtime' | 'limit';

/** A source position: 1-based line and column (a column counts characters; a tab counts as 1). */
export interface Position {
  file: string;
  line: number;
  col: number;
}

/** One static error of a file (the resolver reports all of them at once). */
export interface StaticError {
  msg: string;
  pos: Position;
  /** Where the offending text ends (exclusive), when known: editors underline pos..end. */
  end?: { line: number; col: number };
}

/** One frame of a runtime traceback. `pos` is absent for builtin frames. */
export interface TraceFrame {
  fn: string;
  pos?: Position;
  builtin?: boolean;
}

export function formatPos(p: Position | undefined): string {
  return p ? `${p.file}:${p.line}:${p.col}` : '<builtin>';
}

export class StarlarkError extends Error {
  readonly kind: ErrorKind;
  /** The message alone, without position or traceback (what assert.fails and the suites match on). */
  readonly msg: string;
  /** For static errors: where. For runtime errors: the innermost Starlark position, once known. */
  pos?: Position;
  /** All resolver errors of the file (kind 'resolve'). */
  errors?: StaticError[];
  /** Outermost frame first, innermost last. */
  traceback: TraceFrame[] = [];
  /** Set once the frame that raised the error (or its builtin) has been recorded; internal. */
  unwound = false;
  /** Set when the error came out of a builtin; names it for the "Error in NAME:" line. */
  builtinName?: string;
  /** Internal: position to report for the current frame instead of the operation in progress. */
  atNode?: { line: number; col: number };

  constructor(kind: ErrorKind, msg: string, pos?: Position, errors?: StaticError[]) {
    super(pos && kind !== 'runtime' && kind !== 'limit' ? `${formatPos(pos)}: ${msg}` : msg);
    this.name = 'StarlarkError';
    this.kind = kind;
    this.msg = msg;
    this.pos = pos;
    this.errors = errors;
  }

  /** Text as the starlark-go command line prints it. */
  format(): string {
    if (this.kind === 'syntax' || this.kind === 'resolve') {
      const list = this.errors && this.errors.length ? this.errors : [{ msg: this.msg, pos: this.pos! }];
      return list.map((e) => `${formatPos(e.pos)}: ${e.msg}`).join('\n');
    }
    const lines = ['Traceback (most recent call last):'];
    const last = this.traceback[this.traceback.length - 1];
    for (const f of this.traceback) {
      // Go lists builtin frames as "<builtin>: in NAME", except the innermost, named on the Error line.
      if (f === last && f.builtin) continue;
      lines.push(`  ${formatPos(f.pos)}: in ${f.fn}`);
    }
    if (last && last.builtin) lines.push(`Error in ${last.fn}: ${this.msg}`);
    else lines.push(`Error: ${this.msg}`);
    return lines.join('\n');
  }
}

/**
 * "function f called recursively", raised as Go raises it: inside the callee, after its frame is pushed, so
 * the traceback ends with the callee at its entry position (the first positioned instruction of its body).
 */
export function recursionError(name: string, file: string, entry: { line: number; col: number }): StarlarkError {
  const se = new StarlarkError('runtime', `function ${name} called recursively`);
  se.traceback.unshift({ fn: name, pos: { file, line: entry.line, col: entry.col } });
  return se;
}

/** A runtime error with a message only; the evaluator adds position and traceback while unwinding. */
export function runtimeError(msg: string): StarlarkError {
  return new StarlarkError('runtime', msg);
}
