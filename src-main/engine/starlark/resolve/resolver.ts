// Static resolution of a parsed file, after starlark-go's resolve package: decides for every identifier
// whether it is a local, a cell (captured by a nested function), a free variable, a module global, a
// predeclared (host) name or a universal builtin; checks the dialect rules (top-level control flow,
// global re-assignment, while, set, load placement) and reports ALL errors of the file at once.
import type {
  Binding,
  Comprehension,
  Expr,
  FileAST,
  FunctionInfo,
  Ident,
  Param,
  Scope,
  Stmt,
} from '../syntax/ast.js';
import { StarlarkError, type Position, type StaticError } from '../errors.js';
import { exprCol, exprLine, parse, tooDeep } from '../syntax/parser.js';
import { forEachChild, type ExprNode } from '../syntax/walk.js';
import { nearest } from '../spell.js';
import type { DialectOptions } from '../syntax/options.js';

export interface ResolveEnv {
  /** Module-specific predeclared names (host builtins). */
  predeclared: Iterable<string> | ((name: string) => boolean);
  /** Universal names; defaults to the Starlark universe. */
  universal?: Iterable<string>;
  options?: DialectOptions;
}

export interface ResolvedFile {
  ast: FileAST;
  toplevel: FunctionInfo;
  /** Module globals by slot (file-local load bindings included, flagged). */
  globals: Binding[];
}

/** An editor marker: 1-based positions. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  msg: string;
  line: number;
  col: number;
  endLine?: number;
  endCol?: number;
}

/** Names of the Starlark universe (the Go dialect's Universe, plus `set` which needs the option). */
export const UNIVERSAL_NAMES: readonly string[] = [
  'None', 'True', 'False', 'abs', 'any', 'all', 'bool', 'bytes', 'chr', 'dict', 'dir', 'enumerate', 'fail', 'float',
  'getattr', 'hasattr', 'hash', 'int', 'len', 'list', 'max', 'min', 'ord', 'print', 'range', 'repr', 'reversed',
  'set', 'sorted', 'str', 'tuple', 'type', 'zip',
];
const UNIVERSAL_SET = new Set(UNIVERSAL_NAMES);
export function isUniversal(name: string): boolean {
  return UNIVERSAL_SET.has(name);
}

const DOESNT = 'this Starlark dialect does not ';

export interface ResolvedBinding extends Binding {
  /** A load binding: file-local, not exported. */
  fileLocal?: boolean;
}

interface Block {
  parent: Block | null;
  fn: FunctionInfo | null;
  comp: Comprehension | null;
  bindings: Map<string, ResolvedBinding>;
  children: Block[];
  uses: Use[];
}

interface Use {
  id: Ident;
  env: Block;
}

function newBlock(fn: FunctionInfo | null, comp: Comprehension | null): Block {
  return { parent: null, fn, comp, bindings: new Map(), children: [], uses: [] };
}

class Resolver {
  errors: StaticError[] = [];
  file: Block;
  env: Block;
  toplevel: FunctionInfo;
  globals = new Map<string, ResolvedBinding>();
  moduleGlobals: ResolvedBinding[] = [];
  predeclaredSeen = new Map<string, ResolvedBinding>();
  loops = 0;
  readonly opts: DialectOptions;
  readonly isPredeclared: (name: string) => boolean;
  readonly isUniversalName: (name: string) => boolean;

  constructor(
    readonly filename: string,
    env: ResolveEnv,
  ) {
    this.opts = env.options ?? {};
    const p = env.predeclared;
    if (typeof p === 'function') this.isPredeclared = p;
    else {
      const s = new Set(p);
      this.isPredeclared = (n) => s.has(n);
    }
    if (env.universal) {
      const u = new Set(env.universal);
      this.isUniversalName = (n) => u.has(n);
    } else this.isUniversalName = isUniversal;
    this.toplevel = { name: '<toplevel>', params: [], numParams: 0, numKwonly: 0, hasVarargs: false, hasKwargs: false, locals: [], freevars: [] };
    this.file = newBlock(null, null);
    this.env = this.file;
  }

  pos(line: number, col: number): Position {
    return { file: this.filename, line, col };
  }

  errorf(line: number, col: number, msg: string, len = 0): void {
    const e: StaticError = { msg, pos: this.pos(line, col) };
    if (len > 0) e.end = { line, col: col + len };
    this.errors.push(e);
  }

  container(): Block {
    for (let b: Block = this.env; ; b = b.parent!) if (b.fn !== null || b === this.file) return b;
  }

  push(b: Block): void {
    this.env.children.push(b);
    b.parent = this.env;
    this.env = b;
  }

  pop(): void {
    this.env = this.env.parent!;
  }

  bind(id: Ident): boolean {
    if (this.env === this.file) {
      let bind = this.file.bindings.get(id.name);
      let ok = bind !== undefined;
      if (!bind) {
        bind = this.globals.get(id.name);
        ok = bind !== undefined;
        if (!bind) {
          bind = { scope: 'global', index: this.moduleGlobals.length, first: id, name: id.name };
          this.globals.set(id.name, bind);
          this.moduleGlobals.push(bind);
        }
      }
      if (ok && !this.opts.globalreassign) {
        const f = bind.first!;
        this.errorf(id.line, id.col, `cannot reassign ${bind.fileLocal ? 'local' : 'global'} ${id.name} declared at ${this.filename}:${f.line}:${f.col}`, id.name.length);
      }
      id.binding = bind;
      return ok;
    }
    return this.bindLocal(id);
  }

  bindLocal(id: Ident): boolean {
    const ok = this.env.bindings.has(id.name);
    if (!ok) {
      const fn = this.container().fn ?? this.toplevel;
      const bind: ResolvedBinding = { scope: 'local', index: fn.locals.length, first: id, name: id.name };
      this.env.bindings.set(id.name, bind);
      fn.locals.push(bind);
    }
    this.use(id);
    return ok;
  }

  /** A file-local binding made by load (module slot, not exported). */
  bindLoad(id: Ident): boolean {
    const prev = this.file.bindings.get(id.name);
    if (prev) {
      id.binding = prev;
      return true;
    }
    const bind: ResolvedBinding = { scope: 'global', index: this.moduleGlobals.length, first: id, name: id.name, fileLocal: true };
    this.moduleGlobals.push(bind);
    this.file.bindings.set(id.name, bind);
    id.binding = bind;
    return false;
  }

  use(id: Ident): void {
    const u: Use = { id, env: this.env };
    if (this.opts.globalreassign && this.env === this.file) {
      this.useToplevel(u);
      return;
    }
    this.container().uses.push(u);
  }

  useToplevel(u: Use): ResolvedBinding {
    const id = u.id;
    let bind = this.file.bindings.get(id.name) ?? this.globals.get(id.name) ?? this.predeclaredSeen.get(id.name);
    if (!bind) {
      if (this.isPredeclared(id.name)) {
        bind = { scope: 'predeclared', index: -1, name: id.name };
        this.predeclaredSeen.set(id.name, bind);
      } else if (this.isUniversalName(id.name)) {
        if (!this.opts.set && id.name === 'set') this.errorf(id.line, id.col, DOESNT + 'support sets');
        bind = { scope: 'universal', index: -1, name: id.name };
        this.predeclaredSeen.set(id.name, bind);
      } else {
        bind = { scope: 'undefined', index: -1, name: id.name };
        const n = this.spellcheck(u);
        this.errorf(id.line, id.col, `undefined: ${id.name}${n ? ` (did you mean ${n}?)` : ''}`, id.name.length);
      }
    }
    id.binding = bind;
    return bind;
  }

  spellcheck(u: Use): string {
    const names: string[] = [];
    for (let b: Block | null = u.env; b; b = b.parent) for (const n of b.bindings.keys()) names.push(n);
    for (const g of this.moduleGlobals) names.push(g.name);
    names.sort();
    return nearest(u.id.name, names);
  }

  stmts(list: Stmt[]): void {
    for (const s of list) this.stmt(s);
  }

  stmt(s: Stmt): void {
    switch (s.kind) {
      case 'ExprStmt':
        this.expr(s.x);
        break;
      case 'Break':
      case 'Continue':
        if (this.loops === 0) this.errorf(s.line, s.col, `${s.kind === 'Break' ? 'break' : 'continue'} not in a loop`);
        break;
      case 'Pass':
        break;
      case 'If':
        if (!this.opts.toplevelcontrol && this.container().fn === null) this.errorf(s.line, s.col, 'if statement not within a function');
        this.expr(s.cond);
        this.stmts(s.then);
        this.stmts(s.else);
        break;
      case 'Assign':
        this.expr(s.rhs);
        this.assign(s.lhs, s.op !== '=');
        break;
      case 'Def': {
        this.bind(s.name);
        const fn: FunctionInfo = { name: s.name.name, params: s.params, numParams: 0, numKwonly: 0, hasVarargs: false, hasKwargs: false, locals: [], freevars: [] };
        s.fn = fn;
        this.func(fn, s.body, null);
        break;
      }
      case 'For':
        if (!this.opts.toplevelcontrol && this.container().fn === null) this.errorf(s.line, s.col, 'for loop not within a function');
        this.expr(s.iter);
        this.assign(s.vars, false);
        this.loops++;
        this.stmts(s.body);
        this.loops--;
        break;
      case 'While':
        if (!this.opts.while) this.errorf(s.line, s.col, DOESNT + 'support while loops');
        if (!this.opts.toplevelcontrol && this.container().fn === null) this.errorf(s.line, s.col, 'while loop not within a function');
        this.expr(s.cond);
        this.loops++;
        this.stmts(s.body);
        this.loops--;
        break;
      case 'Return':
        if (this.container().fn === null) this.errorf(s.line, s.col, 'return statement not within a function');
        if (s.x) this.expr(s.x);
        break;
      case 'Load':
        if (this.container().fn !== null) this.errorf(s.line, s.col, 'load statement within a function');
        else if (this.loops > 0) this.errorf(s.line, s.col, 'load statement within a loop');
        else if (this.env !== this.file || this.inConditional) this.errorf(s.line, s.col, 'load statement within a conditional');
        for (const n of s.names) {
          if (n.orig === '') {
            this.errorf(n.origLine, n.origCol, 'load: empty identifier');
            continue;
          }
          if (n.orig[0] === '_') this.errorf(n.origLine, n.origCol, `load: names with leading underscores are not exported: ${n.orig}`);
          const id = n.local;
          if (this.opts.loadbindsglobally) this.bind(id);
          else if (this.bindLoad(id) && !this.opts.globalreassign) this.errorf(id.line, id.col, `cannot reassign top-level ${id.name}`);
        }
        break;
    }
  }

  inConditional = false;

  assign(lhs: Expr, aug: boolean): void {
    switch (lhs.kind) {
      case 'Ident':
        this.bind(lhs);
        return;
      case 'Index':
        this.expr(lhs.x);
        this.expr(lhs.index);
        return;
      case 'Dot':
        this.expr(lhs.x);
        return;
      case 'Tuple':
        if (aug) this.errorf(exprLine(lhs), exprCol(lhs), "can't use tuple expression in augmented assignment");
        for (const e of lhs.elems) this.assign(e, aug);
        return;
      case 'List':
        if (aug) this.errorf(lhs.line, lhs.col, "can't use list expression in augmented assignment");
        for (const e of lhs.elems) this.assign(e, aug);
        return;
      default:
        this.errorf(exprLine(lhs), exprCol(lhs), `can't assign to ${GO_NODE_NAMES[lhs.kind] ?? lhs.kind.toLowerCase()}`);
    }
  }

  /** Walks one expression: names are uses; comprehensions, calls and lambdas have rules of their own. */
  expr(e: ExprNode): void {
    switch (e.kind) {
      case 'Ident':
        this.use(e);
        return;
      case 'Comp': {
        const first = e.clauses[0];
        if (first.kind !== 'ForClause') return;
        this.expr(first.iter);
        this.push(newBlock(null, e));
        this.assign(first.vars, false);
        for (const c of e.clauses.slice(1)) {
          if (c.kind === 'IfClause') this.expr(c.cond);
          else {
            this.assign(c.vars, false);
            this.expr(c.iter);
          }
        }
        this.expr(e.body);
        this.pop();
        return;
      }
      case 'Call': {
        this.expr(e.fn);
        let seenVarargs = false,
          seenKwargs = false;
        const seenName = new Set<string>();
        for (const a of e.args) {
          const line = a.kind === 'named' ? a.nameNode!.line : (a.line ?? exprLine(a.value));
          const col = a.kind === 'named' ? a.nameNode!.col : (a.col ?? exprCol(a.value));
          if (a.kind === 'starstar') {
            if (seenKwargs) this.errorf(line, col, 'multiple **kwargs not allowed');
            seenKwargs = true;
            this.expr(a.value);
          } else if (a.kind === 'star') {
            if (seenKwargs) this.errorf(line, col, '*args may not follow **kwargs');
            else if (seenVarargs) this.errorf(line, col, 'multiple *args not allowed');
            seenVarargs = true;
            this.expr(a.value);
          } else if (a.kind === 'named') {
            if (seenKwargs) this.errorf(line, col, 'keyword argument may not follow **kwargs');
            else if (seenVarargs) this.errorf(line, col, 'keyword argument may not follow *args');
            if (seenName.has(a.name!)) this.errorf(line, col, `keyword argument "${a.name}" is repeated`);
            else seenName.add(a.name!);
            this.expr(a.value);
          } else {
            if (seenKwargs) this.errorf(line, col, 'positional argument may not follow **kwargs');
            else if (seenVarargs) this.errorf(line, col, 'positional argument may not follow *args');
            else if (seenName.size > 0) this.errorf(line, col, 'positional argument may not follow named');
            this.expr(a.value);
          }
        }
        return;
      }
      case 'Lambda': {
        const fn: FunctionInfo = { name: 'lambda', params: e.params, numParams: 0, numKwonly: 0, hasVarargs: false, hasKwargs: false, locals: [], freevars: [] };
        e.fn = fn;
        this.func(fn, null, e.body);
        return;
      }
      default:
        forEachChild(e, this.walkChild);
    }
  }

  private readonly walkChild = (x: ExprNode): void => this.expr(x);

  func(fn: FunctionInfo, body: Stmt[] | null, bodyExpr: Expr | null): void {
    for (const p of fn.params) if (p.kind === 'default' && p.default) this.expr(p.default);
    const b = newBlock(fn, null);
    this.push(b);
    let seenOptional = false;
    let star: Param | null = null;
    let starStar: Param | null = null;
    let numKwonly = 0;
    let numPositional = 0;
    for (const p of fn.params) {
      if (p.kind === 'plain' || p.kind === 'default') {
        const id = p.name!;
        if (starStar) this.errorf(id.line, id.col, `${p.kind === 'plain' ? 'required' : 'optional'} parameter may not follow **${starStar.name!.name}`);
        else if (star) numKwonly++;
        else if (p.kind === 'plain' && seenOptional) this.errorf(id.line, id.col, 'required parameter may not follow optional');
        if (!star) numPositional++;
        if (this.bind(id)) this.errorf(id.line, id.col, `duplicate parameter: ${id.name}`);
        if (p.kind === 'default') seenOptional = true;
      } else if (p.kind === 'star') {
        if (starStar) this.errorf(p.line, p.col, `* parameter may not follow **${starStar.name!.name}`);
        else if (star) this.errorf(p.line, p.col, 'multiple * parameters not allowed');
        else star = p;
      } else {
        if (starStar) this.errorf(p.line, p.col, 'multiple ** parameters not allowed');
        starStar = p;
      }
    }
    if (star) {
      if (star.name) {
        if (this.bind(star.name)) this.errorf(star.name.line, star.name.col, `duplicate parameter: ${star.name.name}`);
        fn.hasVarargs = true;
      } else if (numKwonly === 0) this.errorf(star.line, star.col, 'bare * must be followed by keyword-only parameters');
    }
    if (starStar) {
      if (this.bind(starStar.name!)) this.errorf(starStar.name!.line, starStar.name!.col, `duplicate parameter: ${starStar.name!.name}`);
      fn.hasKwargs = true;
    }
    fn.numParams = numPositional;
    fn.numKwonly = numKwonly;
    const savedLoops = this.loops;
    this.loops = 0;
    if (body) this.stmts(body);
    else if (bodyExpr) this.expr(bodyExpr);
    this.loops = savedLoops;
    // Resolve uses of this function's own locals now; the rest (free/global) at the end of the module.
    const unresolved: Use[] = [];
    for (const u of b.uses) {
      const bind = lookupLocal(u);
      if (bind && (bind.scope === 'local' || bind.scope === 'cell')) u.id.binding = bind;
      else unresolved.push(u);
    }
    b.uses = unresolved;
    this.pop();
  }

  resolveNonLocalUses(b: Block): void {
    for (const c of b.children) this.resolveNonLocalUses(c);
    for (const u of b.uses) u.id.binding = this.lookupLexical(u, u.env);
  }

  lookupLexical(u: Use, env: Block): ResolvedBinding {
    if (env === this.file) return this.useToplevel(u);
    let bind = env.bindings.get(u.id.name);
    if (!bind) {
      bind = this.lookupLexical(u, env.parent!);
      if (env.fn !== null && (bind.scope === 'local' || bind.scope === 'free' || bind.scope === 'cell')) {
        if (bind.scope === 'local') bind.scope = 'cell';
        const index = env.fn.freevars.length;
        env.fn.freevars.push(bind);
        bind = { first: bind.first, scope: 'free', index, name: bind.name };
      }
      env.bindings.set(u.id.name, bind);
    }
    return bind;
  }

  /** Resolves top-level statements, tracking whether a statement sits inside a top-level if/for. */
  file_(stmts: Stmt[]): void {
    for (const s of stmts) this.topStmt(s);
    this.resolveNonLocalUses(this.file);
  }

  private topStmt(s: Stmt): void {
    if (s.kind === 'If' || s.kind === 'For' || s.kind === 'While') {
      // Statements nested in top-level control flow are still at file level; loads there are misplaced.
      this.stmtWithNesting(s);
      return;
    }
    this.stmt(s);
  }

  private stmtWithNesting(s: Stmt): void {
    const saved = this.inConditional;
    if (s.kind === 'If') this.inConditional = true;
    if (s.kind === 'If') {
      if (!this.opts.toplevelcontrol && this.container().fn === null) this.errorf(s.line, s.col, 'if statement not within a function');
      this.expr(s.cond);
      for (const t of s.then) this.topStmt(t);
      for (const t of s.else) this.topStmt(t);
    } else if (s.kind === 'For') {
      if (!this.opts.toplevelcontrol) this.errorf(s.line, s.col, 'for loop not within a function');
      this.expr(s.iter);
      this.assign(s.vars, false);
      this.loops++;
      for (const t of s.body) this.topStmt(t);
      this.loops--;
    } else if (s.kind === 'While') {
      if (!this.opts.while) this.errorf(s.line, s.col, DOESNT + 'support while loops');
      if (!this.opts.toplevelcontrol) this.errorf(s.line, s.col, 'while loop not within a function');
      this.expr(s.cond);
      this.loops++;
      for (const t of s.body) this.topStmt(t);
      this.loops--;
    }
    this.inConditional = saved;
  }
}

const GO_NODE_NAMES: Record<string, string> = {
  Literal: 'literal',
  Call: 'callexpr',
  Binary: 'binaryexpr',
  Unary: 'unaryexpr',
  Cond: 'condexpr',
  Dict: 'dictexpr',
  Comp: 'comprehension',
  Lambda: 'lambdaexpr',
  Slice: 'sliceexpr',
};

function lookupLocal(u: Use): ResolvedBinding | undefined {
  for (let env: Block | null = u.env; env; env = env.parent) {
    const b = env.bindings.get(u.id.name);
    if (b) return b;
    if (env.fn !== null) break;
  }
  return undefined;
}

/**
 * Resolves a parsed file in place. Throws one StarlarkError of kind 'resolve' listing every error
 * (`errors`), the first of which is also its message and position.
 */
export function resolve(ast: FileAST, env: ResolveEnv): ResolvedFile {
  const r = new Resolver(ast.filename, env);
  try {
    r.file_(ast.stmts);
  } catch (e) {
    throw tooDeep(e, 'resolve', ast.filename);
  }
  if (r.errors.length > 0) {
    // Go's order: statement checks as they are met, undefined names at the end. The first is Go's message.
    const first = r.errors[0];
    throw new StarlarkError('resolve', first.msg, first.pos, r.errors);
  }
  ast.toplevel = r.toplevel;
  ast.globals = r.moduleGlobals;
  return { ast, toplevel: r.toplevel, globals: r.moduleGlobals };
}

/**
 * Resolves in place like `resolve`, but never throws: the editor's language service reads the bindings of a
 * file that still has errors (an undefined name must not hide every other name's definition). Errors come
 * back in `errors`, in the order `resolve` reports them.
 */
export function resolveLenient(ast: FileAST, env: ResolveEnv): ResolvedFile & { errors: StaticError[] } {
  const r = new Resolver(ast.filename, env);
  try {
    r.file_(ast.stmts);
  } catch (e) {
    const err = tooDeep(e, 'resolve', ast.filename);
    if (!(err instanceof StarlarkError)) throw err;
    r.errors.push({ msg: err.msg, pos: err.pos ?? r.pos(1, 1) });
  }
  ast.toplevel = r.toplevel;
  ast.globals = r.moduleGlobals;
  return { ast, toplevel: r.toplevel, globals: r.moduleGlobals, errors: r.errors };
}

/** Parse + resolve for editor markers and build checks. Never throws. */
export function check(filename: string, source: string, env: ResolveEnv): Diagnostic[] {
  try {
    resolve(parse(filename, source, env.options), env);
    return [];
  } catch (e) {
    if (e instanceof StarlarkError) {
      const list = e.errors && e.errors.length ? [...e.errors] : [{ msg: e.msg, pos: e.pos ?? { file: filename, line: 1, col: 1 } }];
      list.sort((a, b) => a.pos.line - b.pos.line || a.pos.col - b.pos.col);
      return list.map((x) => {
        const d: Diagnostic = { severity: 'error', msg: x.msg, line: x.pos.line, col: x.pos.col };
        if (x.end) {
          d.endLine = x.end.line;
          d.endCol = x.end.col;
        }
        return d;
      });
    }
    return [{ severity: 'error', msg: `internal error: ${(e as Error).message}`, line: 1, col: 1 }];
  }
}

export type { Scope };
