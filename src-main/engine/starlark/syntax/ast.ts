// Syntax tree of a Starlark file. Every node carries the 1-based line and column of the token that
// identifies it in errors (the operator of a binary expression, the `(` of a call, the `[` of an index,
// the `.` of a dot expression, the `for` of a loop...), as starlark-go reports them. The resolver
// annotates identifiers and functions in place (see resolver.ts).

export interface Node {
  line: number;
  col: number;
}

export type Scope = 'local' | 'cell' | 'free' | 'global' | 'predeclared' | 'universal' | 'undefined';

/** Where a name lives, decided by the resolver. */
export interface Binding {
  scope: Scope;
  /** Slot in the function's locals (local/cell), in its freevars (free), or in the module's globals. */
  index: number;
  /** The identifier that first bound the name (for "declared at" messages). */
  first?: Ident;
  name: string;
}

export interface Ident extends Node {
  kind: 'Ident';
  name: string;
  binding?: Binding;
}

export interface Literal extends Node {
  kind: 'Literal';
  /** int (number or bigint), float (JS number, with isFloat), string or bytes (byte strings). */
  value: number | bigint | string;
  isFloat?: boolean;
  isBytes?: boolean;
  raw: string;
}

export interface Unary extends Node {
  kind: 'Unary';
  op: '-' | '+' | '~' | 'not';
  x: Expr;
}

export interface Binary extends Node {
  kind: 'Binary';
  op: string;
  x: Expr;
  y: Expr;
}

export interface Cond extends Node {
  kind: 'Cond';
  cond: Expr;
  t: Expr;
  f: Expr;
}

export interface Arg {
  kind: 'pos' | 'named' | 'star' | 'starstar';
  name?: string;
  nameNode?: Ident;
  value: Expr;
  /** Position of `*` / `**` for star arguments. */
  line?: number;
  col?: number;
}

export interface Call extends Node {
  kind: 'Call';
  fn: Expr;
  args: Arg[];
  endLine: number;
  endCol: number;
}

export interface Index extends Node {
  kind: 'Index';
  x: Expr;
  index: Expr;
}

export interface Slice extends Node {
  kind: 'Slice';
  x: Expr;
  lo?: Expr;
  hi?: Expr;
  step?: Expr;
}

export interface Dot extends Node {
  kind: 'Dot';
  x: Expr;
  name: string;
  nameLine: number;
  nameCol: number;
}

export interface ListExpr extends Node {
  kind: 'List';
  elems: Expr[];
}

export interface TupleExpr extends Node {
  kind: 'Tuple';
  elems: Expr[];
  /** True when written with parentheses. */
  paren: boolean;
}

export interface DictEntry extends Node {
  kind: 'DictEntry';
  key: Expr;
  value: Expr;
}

export interface DictExpr extends Node {
  kind: 'Dict';
  entries: DictEntry[];
}

export interface ForClause extends Node {
  kind: 'ForClause';
  vars: Expr;
  iter: Expr;
}

export interface IfClause extends Node {
  kind: 'IfClause';
  cond: Expr;
}

export interface Comprehension extends Node {
  kind: 'Comp';
  curly: boolean;
  body: Expr | DictEntry;
  clauses: (ForClause | IfClause)[];
}

export interface Param extends Node {
  kind: 'plain' | 'default' | 'star' | 'starstar';
  /** Null for a bare `*`. */
  name: Ident | null;
  default?: Expr;
}

/** Filled by the resolver for each def/lambda and for the top level. */
export interface FunctionInfo {
  name: string;
  params: Param[];
  numParams: number;
  numKwonly: number;
  hasVarargs: boolean;
  hasKwargs: boolean;
  /** Local slots: parameters first, then other locals. */
  locals: Binding[];
  /** Bindings of the enclosing function captured by this one. */
  freevars: Binding[];
}

export interface Lambda extends Node {
  kind: 'Lambda';
  params: Param[];
  body: Expr;
  fn?: FunctionInfo;
}

export type Expr =
  | Ident
  | Literal
  | Unary
  | Binary
  | Cond
  | Call
  | Index
  | Slice
  | Dot
  | ListExpr
  | TupleExpr
  | DictExpr
  | Comprehension
  | Lambda;

export interface ExprStmt extends Node {
  kind: 'ExprStmt';
  x: Expr;
}

export interface AssignStmt extends Node {
  kind: 'Assign';
  /** '=' or an augmented operator like '+='. */
  op: string;
  lhs: Expr;
  rhs: Expr;
}

export interface DefStmt extends Node {
  kind: 'Def';
  name: Ident;
  params: Param[];
  body: Stmt[];
  fn?: FunctionInfo;
}

export interface IfStmt extends Node {
  kind: 'If';
  cond: Expr;
  then: Stmt[];
  else: Stmt[];
  /** True for an `elif` (its `else` list holds the chain). */
  elif?: boolean;
}

export interface ForStmt extends Node {
  kind: 'For';
  vars: Expr;
  iter: Expr;
  body: Stmt[];
}

export interface WhileStmt extends Node {
  kind: 'While';
  cond: Expr;
  body: Stmt[];
}

export interface ReturnStmt extends Node {
  kind: 'Return';
  x?: Expr;
}

export interface BranchStmt extends Node {
  kind: 'Break' | 'Continue' | 'Pass';
}

export interface LoadName {
  /** The local name bound by the load. */
  local: Ident;
  /** The name exported by the loaded module. */
  orig: string;
  origLine: number;
  origCol: number;
}

export interface LoadStmt extends Node {
  kind: 'Load';
  module: string;
  /** Position of the module's string literal (its opening quote) and its text as written (the editor's links). */
  moduleLine: number;
  moduleCol: number;
  moduleRaw: string;
  names: LoadName[];
  endLine: number;
  endCol: number;
}

export type Stmt = ExprStmt | AssignStmt | DefStmt | IfStmt | ForStmt | WhileStmt | ReturnStmt | BranchStmt | LoadStmt;

export interface FileAST {
  filename: string;
  stmts: Stmt[];
  /** Filled by the resolver: the top level as a function (its locals hold comprehension variables). */
  toplevel?: FunctionInfo;
  /** Filled by the resolver: module global names by slot. */
  globals?: Binding[];
}

/**
 * The position Go reports for a function frame at program counter 0: that of the first instruction of the
 * body. Go reports argument-binding errors and "called recursively" there. starlark-go's compiler gives an
 * instruction the position last set by setPos (or, for the first one, the function's own `def`/`lambda`
 * position), so this follows its compilation order: e.g. a local variable sets its own position, a literal or
 * a universal name (`print`, `True`) does not, `{}` and comprehensions emit before their parts, and a slice
 * sets the `[` position before compiling its operand. `fnNode` is the def/lambda node; `stmts` the body
 * (a lambda's body as a return statement).
 */
export function entryNode(stmts: Stmt[], fnNode: Node): Node {
  let pending: Node = fnNode;
  const setPos = (n: Node) => {
    pending = n;
  };
  // Each returns the position of the first instruction it emits, or undefined when it emits none.
  const expr = (e: Expr): Node => {
    switch (e.kind) {
      case 'Ident':
        if (e.binding?.scope !== 'universal') setPos(e);
        return pending;
      case 'Literal':
      case 'Dict':
      case 'Comp':
        return pending;
      case 'List':
      case 'Tuple':
        return e.elems.length ? expr(e.elems[0]) : pending;
      case 'Cond':
        return expr(e.cond);
      case 'Unary':
      case 'Dot':
      case 'Index':
        return expr(e.x);
      case 'Binary':
        return e.op === '+' ? expr(firstSummand(e)) : expr(e.x);
      case 'Call':
        return expr(e.fn);
      case 'Slice':
        setPos(e);
        return expr(e.x);
      case 'Lambda':
        return fn(e, e.params);
    }
  };
  const fn = (n: Node, params: Param[]): Node => {
    setPos(n);
    const d = params.find((p) => p.kind === 'default');
    return d ? expr(d.default!) : pending;
  };
  const stmt = (st: Stmt): Node | undefined => {
    switch (st.kind) {
      case 'ExprStmt':
        return st.x.kind === 'Literal' ? undefined : expr(st.x); // Go does not compile doc strings
      case 'Pass':
      case 'Break':
      case 'Continue':
        return undefined;
      case 'Return':
        return st.x ? expr(st.x) : pending;
      case 'Assign':
        if (st.op === '=') return expr(st.rhs);
        return st.lhs.kind === 'Ident' ? expr(st.lhs) : expr((st.lhs as Index | Dot).x);
      case 'If':
      case 'While':
        return expr(st.cond);
      case 'For':
        return expr(st.iter);
      case 'Def':
        return fn(st, st.params);
      default:
        return st;
    }
  };
  for (const st of stmts) {
    const p = stmt(st);
    if (p) return p;
  }
  return pending; // the implicit `return None`
}

/**
 * The first operand Go compiles for a chain of `+`: it flattens ((a + b) + c) and folds adjacent string,
 * list or tuple literals into one, whose first element (for lists and tuples) is then compiled first.
 */
function firstSummand(e: Binary): Expr {
  const args: Expr[] = [];
  let cur: Expr = e;
  while (cur.kind === 'Binary' && cur.op === '+') {
    args.unshift(cur.y);
    cur = cur.x;
  }
  args.unshift(cur);
  const a = args[0];
  if (a.kind !== 'List' && a.kind !== 'Tuple') return a;
  // Folded literal lists/tuples: the first element of the concatenation, if any.
  for (const x of args) {
    if (x.kind !== a.kind) break;
    if (x.elems.length) return x.elems[0];
  }
  return a;
}
