// One Starlark file as the language service sees it: parsed (with a few repairs when the text being typed
// does not parse yet), resolved by the interpreter's own resolver (errors do not stop it), and indexed:
// every identifier with its binding, the assignments of each variable, the function scopes with their line
// ranges, the load statements and the calls.
import {
  decodeUtf8,
  parse,
  resolveLenient,
  StarlarkError,
  type FileAST,
  type ResolvedBinding,
} from '../starlark/index.js';
import type { Call, DefStmt, Dot, Expr, FunctionInfo, Ident, Lambda, LoadStmt, Param, Stmt } from '../starlark/syntax/ast.js';
import { exprCol, exprLine } from '../starlark/syntax/parser.js';
import { forEachChild, type ExprNode } from '../starlark/syntax/walk.js';
import { LineIndex, type Pos } from './positions.js';

/** A def (or lambda) with the lines it covers. */
export interface FunctionScope {
  node: DefStmt | Lambda;
  fn: FunctionInfo;
  name: string;
  /** Line of `def`, and the last line of its body (up to the next statement at its level). */
  startLine: number;
  endLine: number;
  /** Column of `def`: a line inside the function is indented further. */
  indentCol: number;
  parent: FunctionScope | undefined;
}

/** One place a variable gets a value: `x = rhs`, `a, b = rhs` (path [0] / [1]), `for x in rhs` (iter). */
export interface AssignSite {
  rhs: Expr;
  /** Tuple positions from the right-hand side down to the variable. */
  path: number[];
  /** The variable takes the elements of `rhs` (a for loop or comprehension). */
  iter: boolean;
  scope: FunctionScope | undefined;
}

export interface IdentSite {
  id: Ident;
  /** The identifier binds a value (assignment target, def name, parameter, load) rather than reading one. */
  write: boolean;
  scope: FunctionScope | undefined;
}

export interface CallSite {
  call: Call;
  scope: FunctionScope | undefined;
}

export interface FileAnalysis {
  path: string;
  text: string;
  index: LineIndex;
  /** Undefined when even the repaired text does not parse. */
  ast: FileAST | undefined;
  /** The first syntax error, if the text as written does not parse. */
  syntaxError?: string;
  idents: IdentSite[];
  /** Assignments of each variable, keyed by the identifier that first bound it. */
  assigns: Map<Ident, AssignSite[]>;
  /** The def statement behind a function name, keyed by the def's name identifier. */
  defs: Map<Ident, DefStmt>;
  /** Parameters: identifier → its function and position in the parameter list. */
  params: Map<Ident, { scope: FunctionScope; index: number }>;
  functions: FunctionScope[];
  loads: LoadStmt[];
  /** Module-level names (globals and load bindings) by name. */
  globals: Map<string, ResolvedBinding>;
  calls: CallSite[];
  /** Attribute accesses (`x.name`): hover and go to definition on methods. */
  dots: { dot: Dot; scope: FunctionScope | undefined }[];
  /** String literals used as keys (`x["key"]`, `x.get("key")`), for hover on KRM fields. */
  keyStrings: { x: Expr; key: Expr & { kind: 'Literal' }; scope: FunctionScope | undefined }[];
  /** Top-level statements (outline). */
  stmts: Stmt[];
}

/** Names the resolver treats as predeclared (host builtins, config/secret): given by the service. */
export type Predeclared = (name: string) => boolean;

/**
 * Parses `text`, repairing it when it does not parse: the line being edited (`cursorLine`), then each line a
 * syntax error points at, becomes `pass` at its indentation (at most 6 repairs). Returns undefined when
 * nothing parses.
 */
export function parseTolerant(path: string, text: string, cursorLine?: number): { ast: FileAST; error?: string } | undefined {
  let firstError: string | undefined;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const tried = new Set<number>();
  let current = text;
  const repair = (line: number): boolean => {
    if (line < 1 || line > lines.length || tried.has(line)) return false;
    tried.add(line);
    const indent = /^[ \t]*/.exec(lines[line - 1]!)![0];
    lines[line - 1] = lines[line - 1]!.trim() === '' ? '' : `${indent}pass`;
    current = lines.join('\n');
    return true;
  };
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      return { ast: parse(path, current), ...(firstError !== undefined ? { error: firstError } : {}) };
    } catch (e) {
      if (!(e instanceof StarlarkError)) return undefined;
      firstError ??= e.message;
      const at = e.pos?.line ?? 0;
      if (cursorLine !== undefined && repair(cursorLine)) continue;
      if (repair(at) || repair(at - 1)) continue;
      return undefined;
    }
  }
  return undefined;
}

/** Analyses one file. `cursorLine`: the line being typed, repaired first when the text does not parse. */
export function analyse(path: string, text: string, predeclared: Predeclared, cursorLine?: number): FileAnalysis {
  const index = new LineIndex(text);
  const parsed = parseTolerant(path, text, cursorLine);
  const fa: FileAnalysis = {
    path,
    text,
    index,
    ast: parsed?.ast,
    ...(parsed?.error !== undefined ? { syntaxError: parsed.error } : parsed ? {} : { syntaxError: 'the file does not parse' }),
    idents: [],
    assigns: new Map(),
    defs: new Map(),
    params: new Map(),
    functions: [],
    loads: [],
    globals: new Map(),
    calls: [],
    dots: [],
    keyStrings: [],
    stmts: parsed?.ast.stmts ?? [],
  };
  if (!parsed) return fa;
  const resolved = resolveLenient(parsed.ast, { predeclared });
  for (const g of resolved.globals as ResolvedBinding[]) if (!fa.globals.has(g.name)) fa.globals.set(g.name, g);
  new Indexer(fa, index.lines.length).file(parsed.ast.stmts);
  return fa;
}

/** Start of a statement (its first token). */
export function stmtStart(s: Stmt): Pos {
  if (s.kind === 'Assign') return { line: exprLine(s.lhs), col: exprCol(s.lhs) };
  return { line: s.line, col: s.col };
}

class Indexer {
  private scope: FunctionScope | undefined;

  constructor(
    private readonly fa: FileAnalysis,
    private readonly lastLine: number,
  ) {}

  file(stmts: Stmt[]): void {
    this.block(stmts, this.lastLine);
  }

  /** A statement list whose last statement ends at `endLine` at the latest. */
  private block(stmts: Stmt[], endLine: number): void {
    stmts.forEach((s, i) => {
      const next = stmts[i + 1];
      this.stmt(s, next ? stmtStart(next).line - 1 : endLine);
    });
  }

  private ident(id: Ident, write: boolean): void {
    this.fa.idents.push({ id, write, scope: this.scope });
  }

  private assignTo(lhs: Expr, rhs: Expr, path: number[], iter: boolean): void {
    switch (lhs.kind) {
      case 'Ident': {
        this.ident(lhs, true);
        const key = lhs.binding?.first ?? lhs;
        const list = this.fa.assigns.get(key) ?? [];
        list.push({ rhs, path, iter, scope: this.scope });
        this.fa.assigns.set(key, list);
        return;
      }
      case 'Tuple':
      case 'List':
        lhs.elems.forEach((e, i) => this.assignTo(e, rhs, [...path, i], iter));
        return;
      default:
        this.expr(lhs);
    }
  }

  private stmt(s: Stmt, endLine: number): void {
    switch (s.kind) {
      case 'ExprStmt':
        this.expr(s.x);
        return;
      case 'Assign':
        this.expr(s.rhs);
        if (s.op === '=') this.assignTo(s.lhs, s.rhs, [], false);
        else if (s.lhs.kind === 'Ident') this.ident(s.lhs, true);
        else this.expr(s.lhs);
        return;
      case 'Def': {
        this.ident(s.name, true);
        this.fa.defs.set(s.name, s);
        this.func(s, s.name.name, s.params, endLine, () => this.block(s.body, endLine));
        return;
      }
      case 'If':
        this.expr(s.cond);
        this.block(s.then, s.else.length ? stmtStart(s.else[0]!).line - 1 : endLine);
        this.block(s.else, endLine);
        return;
      case 'For':
        this.expr(s.iter);
        this.assignTo(s.vars, s.iter, [], true);
        this.block(s.body, endLine);
        return;
      case 'While':
        this.expr(s.cond);
        this.block(s.body, endLine);
        return;
      case 'Return':
        if (s.x) this.expr(s.x);
        return;
      case 'Load':
        this.fa.loads.push(s);
        for (const n of s.names) this.ident(n.local, true);
        return;
      default:
        return;
    }
  }

  private func(node: DefStmt | Lambda, name: string, params: Param[], endLine: number, body: () => void): void {
    for (const p of params) if (p.default) this.expr(p.default);
    if (!node.fn) return;
    const scope: FunctionScope = { node, fn: node.fn, name, startLine: node.line, endLine: Math.max(node.line, endLine), indentCol: node.col, parent: this.scope };
    this.fa.functions.push(scope);
    const saved = this.scope;
    this.scope = scope;
    params.forEach((p, index) => {
      if (!p.name) return;
      this.ident(p.name, true);
      this.fa.params.set(p.name, { scope, index });
    });
    body();
    this.scope = saved;
  }

  /** Walks one expression, recording names, calls, attribute accesses and string keys on the way. */
  private expr(e: ExprNode): void {
    switch (e.kind) {
      case 'Ident':
        this.ident(e, false);
        return;
      case 'Index':
        forEachChild(e, this.walkChild);
        if (e.index.kind === 'Literal' && typeof e.index.value === 'string' && !e.index.isBytes) this.fa.keyStrings.push({ x: e.x, key: e.index, scope: this.scope });
        return;
      case 'Dot':
        this.fa.dots.push({ dot: e, scope: this.scope });
        this.expr(e.x);
        return;
      case 'Call': {
        this.fa.calls.push({ call: e, scope: this.scope });
        this.expr(e.fn);
        for (const a of e.args) {
          if (a.nameNode) this.fa.idents.push({ id: a.nameNode, write: false, scope: undefined }); // keyword name: no binding
          this.expr(a.value);
        }
        const first = e.args[0];
        if (e.fn.kind === 'Dot' && (e.fn.name === 'get' || e.fn.name === 'pop' || e.fn.name === 'setdefault') && first?.kind === 'pos' && first.value.kind === 'Literal' && typeof first.value.value === 'string') {
          this.fa.keyStrings.push({ x: e.fn.x, key: first.value, scope: this.scope });
        }
        return;
      }
      case 'Comp':
        for (const c of e.clauses) {
          if (c.kind === 'ForClause') {
            this.expr(c.iter);
            this.assignTo(c.vars, c.iter, [], true);
          } else this.expr(c.cond);
        }
        this.expr(e.body);
        return;
      case 'Lambda':
        this.func(e, 'lambda', e.params, exprLine(e.body), () => this.expr(e.body));
        return;
      default:
        forEachChild(e, this.walkChild);
    }
  }

  private readonly walkChild = (x: ExprNode): void => this.expr(x);
}

/** The innermost function whose lines hold `p` (a blank or less indented line after its body is outside). */
export function scopeAt(fa: FileAnalysis, p: Pos): FunctionScope | undefined {
  let best: FunctionScope | undefined;
  for (const f of fa.functions) {
    if (f.node.kind !== 'Def' || p.line <= f.startLine || p.line > f.endLine) continue;
    const text = fa.index.line(p.line);
    const indent = text.trim() === '' ? p.col : /^[ \t]*/.exec(text)![0].length + 1;
    if (indent <= f.indentCol) continue;
    if (!best || f.startLine >= best.startLine) best = f;
  }
  return best;
}

/** The docstring of a def: its first statement when that is a string literal. */
export function docstringOf(def: DefStmt): string | undefined {
  const first = def.body[0];
  if (first?.kind === 'ExprStmt' && first.x.kind === 'Literal' && typeof first.x.value === 'string' && !first.x.isBytes) return dedent(decodeUtf8(first.x.value));
  return undefined;
}

/** Comment lines right above a def (`# ...`), as its documentation when it has no docstring. */
export function leadingComment(fa: FileAnalysis, line: number): string | undefined {
  const out: string[] = [];
  for (let l = line - 1; l >= 1; l--) {
    const t = fa.index.line(l).trim();
    if (!t.startsWith('#')) break;
    out.unshift(t.replace(/^#+ ?/, ''));
  }
  return out.length ? out.join('\n') : undefined;
}

function dedent(s: string): string {
  const lines = s.replace(/^\n/, '').split('\n');
  const indents = lines.slice(1).filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l, i) => (i === 0 ? l.trim() : l.slice(cut))).join('\n').trim();
}
