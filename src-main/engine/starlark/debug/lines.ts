// Where a breakpoint can stop: the first line of every statement (the debugger's line hook runs once per
// statement, see ../eval.ts). A breakpoint on any other line (blank, comment, the inner line of a
// multi-line statement) moves to the next statement line, as VS Code's debuggers do; past the last one it
// cannot be hit. Also the grammar of hit conditions (`5`, `>= 5`, `% 3`).
import type { Stmt } from '../syntax/ast.js';
import { exprCol, exprLine } from '../syntax/parser.js';
import { forEachChild, type ExprNode } from '../syntax/walk.js';

/** A breakpoint line placed on a file's statement lines: where it will stop, or why it cannot. */
export type LineCheck = { ok: true; line: number } | { ok: false; message: string };

/** A hit condition: break when the hit count (1 for the first hit) satisfies `count OP n`. */
export interface HitCondition {
  op: '==' | '>=' | '>' | '<' | '<=' | '%';
  n: number;
}

/**
 * A statement that is only a string (a docstring, or a string used as a comment): it does nothing, so the
 * debugger neither stops on it nor accepts a breakpoint there (as Python's debuggers skip docstrings).
 */
export function isInertString(s: Stmt): boolean {
  return s.kind === 'ExprStmt' && s.x.kind === 'Literal' && typeof s.x.value === 'string';
}

/** The line the debugger reports for a statement (its first line; an assignment starts at its target). */
export function statementLine(s: Stmt): number {
  if (s.kind === 'Assign') return exprLine(s.lhs);
  return s.line;
}

/** The column the debugger reports for a statement (where statementLine's line starts it). */
export function statementColumn(s: Stmt): number {
  if (s.kind === 'Assign') return exprCol(s.lhs);
  return s.col;
}

/** Sorted first lines of every statement of a parsed file, nested bodies included. */
export function statementLines(stmts: Stmt[]): number[] {
  const lines = new Set<number>();
  const walk = (list: Stmt[]) => {
    for (const s of list) {
      if (!isInertString(s)) lines.add(statementLine(s));
      if (s.kind === 'Def' || s.kind === 'For' || s.kind === 'While') walk(s.body);
      else if (s.kind === 'If') {
        walk(s.then);
        walk(s.else);
      }
      lambdaLines(s, lines);
    }
  };
  walk(stmts);
  return [...lines].sort((a, b) => a - b);
}

/** Lambdas stop at their body expression (they have no statements). */
function lambdaLines(s: Stmt, into: Set<number>): void {
  const visit = (x: ExprNode | undefined): void => {
    if (!x) return;
    if (x.kind === 'Lambda') {
      into.add(exprLine(x.body));
      visit(x.body);
    } else forEachChild(x, visit);
  };
  switch (s.kind) {
    case 'ExprStmt':
      return visit(s.x);
    case 'Assign':
      visit(s.lhs);
      return visit(s.rhs);
    case 'Return':
      return visit(s.x);
    case 'If':
    case 'While':
      return visit(s.cond);
    case 'For':
      return visit(s.iter);
    case 'Def':
      for (const p of s.params) visit(p.default);
      return;
    default:
      return;
  }
}

/** The first statement line at or after `line` of a sorted list. */
export function placeLine(lines: readonly number[], line: number): LineCheck {
  for (const l of lines) if (l >= line) return { ok: true, line: l };
  return { ok: false, message: `No code at or after line ${line}: a breakpoint must be on a line with a statement.` };
}

/** Parses a hit condition (`5` = the 5th hit, `>= 5`, `> 5`, `< 5`, `<= 5`, `== 5`, `% 3` = every 3rd). */
export function parseHitCondition(text: string): HitCondition | { error: string } {
  const m = /^\s*(==|>=|<=|>|<|%)?\s*(\d+)\s*$/.exec(text);
  if (!m) return { error: `Hit count "${text}" is not understood: write a number (the Nth hit), or >= N, > N, < N, <= N, == N, or % N (every Nth hit).` };
  const n = Number(m[2]);
  const op = (m[1] ?? '==') as HitCondition['op'];
  if (op === '%' && n === 0) return { error: 'Hit count "% 0" divides by zero: use % 1 or more.' };
  return { op, n };
}

/** Whether the `count`th hit (1-based) satisfies the condition. */
export function hitConditionMet(c: HitCondition, count: number): boolean {
  switch (c.op) {
    case '==':
      return count === c.n;
    case '>=':
      return count >= c.n;
    case '>':
      return count > c.n;
    case '<':
      return count < c.n;
    case '<=':
      return count <= c.n;
    case '%':
      return count % c.n === 0;
  }
}
