// The evaluator: compiles a resolved syntax tree into a tree of JavaScript closures (one per node), which
// V8 optimises into monomorphic calls, then runs them. Statements return a status (normal, break,
// continue, return) instead of throwing; only Starlark errors are exceptions. Each frame records the
// node of the operation in progress (`pc`), which gives error positions and tracebacks.
import { entryNode } from './syntax/ast.js';
import type {
  Binding,
  DictEntry,
  Expr,
  FileAST,
  FunctionInfo,
  Ident,
  Node,
  Param,
  Stmt,
} from './syntax/ast.js';
import { universe } from './builtins.js';
import { StarlarkError, recursionError, runtimeError, type Position } from './errors.js';
import { bytesMethods, dictMethods, listMethods, setMethods, strMethods, type MethodImpl } from './methods.js';
import {
  binary,
  cmp,
  contains,
  getAttr,
  getIndex,
  intAdd,
  intMul,
  intSub,
  setAttr,
  setIndex,
  slice,
  unary,
} from './ops.js';
import { bindArgs, callAny, callMethodImpl, dictSites, docOf, loadModule, stepLimit, toStarlarkError, type CompiledCode } from './call.js';
import { generateModule } from './codegen.js';
import { parse, tooDeep } from './syntax/parser.js';
import { resolve, type ResolvedBinding } from './resolve/resolver.js';
import { nearest } from './spell.js';
import { Thread, type Module, type StarlarkOptions } from './thread.js';
import {
  Builtin,
  Bytes,
  Dict,
  Float,
  HostValue,
  ITER,
  List,
  Range,
  StarlarkFunction,
  StarlarkSet,
  Tuple,
  equals,
  freeze,
  iterableElems,
  repr,
  truth,
  typeName,
  type BinaryOp,
  type Cell,
  type Kwargs,
  type ModuleEnv,
  type ThreadLike,
  type Value,
} from './value.js';
import { decodeUtf8 } from './utf8.js';
import type { DebugCode, Debugger, DebugSource, SourceBreakpoints } from './debug/debugger.js';
import { isInertString, statementColumn, statementLine } from './debug/lines.js';
import { exprCol, exprLine } from './syntax/parser.js';

export interface ExecOptions {
  /** Host builtins and values visible to the file (besides the universe). */
  predeclared?: Record<string, Value> | Map<string, Value>;
  options?: StarlarkOptions;
  /** Resolves load("module", ...): returns the loaded module. Results are cached per thread. */
  load?: (module: string, fromFile: string) => Module;
  print?: (msg: string) => void;
  thread?: Thread;
  /** Debug mode (a thread with a debugger): the file as the user knows it, for breakpoints and frames. */
  source?: DebugSource;
}

/** Debug mode of the closure compiler: the debugger, and the source the code is compiled from. */
interface DebugContext {
  dbg: Debugger;
  source: DebugSource;
  breakpoints: SourceBreakpoints;
}

const NORMAL = 0,
  BREAK = 1,
  CONTINUE = 2,
  RETURN = 3;

type E = (fr: Frame) => Value;
type S = (fr: Frame) => number;

class Frame {
  ret: Value = null;
  constructor(
    readonly th: Thread,
    readonly fn: StarlarkFunction | null,
    readonly l: any[],
    public pc: Node,
  ) {}
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

// ---------------------------------------------------------------------------------------------------------
// the compiler

class Compiler {
  private fnInfo: FunctionInfo;
  constructor(
    readonly file: string,
    readonly mod: ModuleEnv,
    readonly predeclared: Map<string, Value>,
    toplevel: FunctionInfo,
    /** Debug mode: a line hook before every statement and a debugger frame per call. */
    readonly debug: DebugContext | null = null,
    /** The file is compiled with the `recursion` option: its functions make no recursion check (see generateModule). */
    readonly recursion = false,
  ) {
    this.fnInfo = toplevel;
  }

  pos(n: Node): Position {
    return { file: this.file, line: n.line, col: n.col };
  }

  // ---- statements

  block(stmts: Stmt[]): S {
    const list = stmts.map((s) => this.stmt(s));
    const n = list.length;
    if (n === 0) return () => NORMAL;
    if (n === 1) return list[0];
    if (n === 2) {
      const [a, b] = list;
      return (fr) => {
        const r = a(fr);
        if (r !== NORMAL) return r;
        return b(fr);
      };
    }
    if (n === 3) {
      const [a, b, c] = list;
      return (fr) => {
        let r = a(fr);
        if (r !== NORMAL) return r;
        r = b(fr);
        if (r !== NORMAL) return r;
        return c(fr);
      };
    }
    return (fr) => {
      for (let i = 0; i < n; i++) {
        const r = list[i](fr);
        if (r !== NORMAL) return r;
      }
      return NORMAL;
    };
  }

  stmt(s: Stmt): S {
    const run = this.stmtBody(s);
    return this.debug && !isInertString(s) ? this.lineHook(run, statementLine(s), statementColumn(s)) : run;
  }

  /**
   * Debug mode: before the statement, record its line in the innermost debugger frame and let the debugger
   * look when it must (stepping, a pause asked) or when the line has a breakpoint.
   */
  lineHook(run: S, line0: number, col: number): S {
    const { dbg, breakpoints } = this.debug!;
    const line = line0 + this.debug!.source.lineOffset;
    return (fr) => {
      const top = dbg.top!;
      top.line = line;
      top.col = col;
      if (dbg.armed || (breakpoints.lines !== null && breakpoints.lines.has(line))) dbg.statement();
      return run(fr);
    };
  }

  stmtBody(s: Stmt): S {
    switch (s.kind) {
      case 'ExprStmt': {
        const x = this.expr(s.x);
        return (fr) => {
          x(fr);
          return NORMAL;
        };
      }
      case 'Return': {
        if (!s.x)
          return (fr) => {
            fr.ret = null;
            return RETURN;
          };
        const x = this.expr(s.x);
        return (fr) => {
          fr.ret = x(fr);
          return RETURN;
        };
      }
      case 'Break':
        return () => BREAK;
      case 'Continue':
        return () => CONTINUE;
      case 'Pass':
        return () => NORMAL;
      case 'Assign':
        return s.op === '=' ? this.assignStmt(s.lhs, s.rhs, s) : this.augAssign(s.lhs, s.op.slice(0, -1), s.rhs, s);
      case 'If': {
        const c = this.expr(s.cond);
        const t = this.block(s.then);
        if (s.else.length === 0)
          return (fr) => {
            const v = c(fr);
            return v === true || (v !== false && truth(v)) ? t(fr) : NORMAL;
          };
        const f = this.block(s.else);
        return (fr) => {
          const v = c(fr);
          return v === true || (v !== false && truth(v)) ? t(fr) : f(fr);
        };
      }
      case 'For':
        return this.forStmt(s.vars, s.iter, this.block(s.body), s);
      case 'While': {
        const c = this.expr(s.cond);
        const body = this.block(s.body);
        return (fr) => {
          const th = fr.th;
          while (truth(c(fr))) {
            if (++th.steps > th.maxSteps) {
              fr.pc = s;
              stepLimit(th);
            }
            const r = body(fr);
            if (r === BREAK) break;
            if (r === RETURN) return r;
          }
          return NORMAL;
        };
      }
      case 'Def': {
        const mk = this.makeFunction(s.fn!, s.params, s.name.name, s, s.body, null);
        const store = this.store(s.name);
        return (fr) => {
          store(fr, mk(fr));
          return NORMAL;
        };
      }
      case 'Load':
        return this.loadStmt(s);
    }
  }

  loadStmt(s: Extract<Stmt, { kind: 'Load' }>): S {
    const names = s.names.map((n) => ({ orig: n.orig, store: this.store(n.local) }));
    const fromFile = this.file;
    return (fr) => {
      fr.pc = s;
      const th = fr.th;
      const m = loadModule(th, s.module, fromFile);
      for (const n of names) {
        const v = m.globals.get(n.orig);
        if (v === undefined) {
          const h = nearest(n.orig, [...m.globals.keys()]);
          throw runtimeError(`load: name ${n.orig} not found in module ${s.module}${h ? ` (did you mean ${h}?)` : ''}`);
        }
        n.store(fr, v);
      }
      return NORMAL;
    };
  }

  // One loop per iterable type on purpose: each stays monomorphic for V8 (list, range, dict/set, tuple),
  // a generic loop over an iterator would make every iteration a polymorphic call.
  forStmt(vars: Expr, iterE: Expr, body: S, node: Node): S {
    const it = this.expr(iterE);
    const assign = this.assigner(vars, node);
    return (fr) => {
      const x = it(fr);
      const th = fr.th;
      fr.pc = node;
      if (x instanceof List) {
        x.lock += ITER;
        try {
          const a = x.elems;
          for (let i = 0; i < a.length; i++) {
            if (++th.steps > th.maxSteps) {
              fr.pc = node;
              stepLimit(th);
            }
            assign(fr, a[i]);
            const r = body(fr);
            if (r === BREAK) break;
            if (r === RETURN) return r;
          }
        } finally {
          x.lock -= ITER;
        }
        return NORMAL;
      }
      if (x instanceof Range) {
        const n = x.length;
        const { start, step } = x;
        for (let i = 0; i < n; i++) {
          if (++th.steps > th.maxSteps) {
            fr.pc = node;
            stepLimit(th);
          }
          assign(fr, start + i * step);
          const r = body(fr);
          if (r === BREAK) break;
          if (r === RETURN) return r;
        }
        return NORMAL;
      }
      if (x instanceof Dict || x instanceof StarlarkSet) {
        const keys = x instanceof Dict ? x.keys() : x.elems();
        x.lock += ITER;
        try {
          for (let i = 0; i < keys.length; i++) {
            if (++th.steps > th.maxSteps) {
              fr.pc = node;
              stepLimit(th);
            }
            assign(fr, keys[i]);
            const r = body(fr);
            if (r === BREAK) break;
            if (r === RETURN) return r;
          }
        } finally {
          x.lock -= ITER;
        }
        return NORMAL;
      }
      if (x instanceof Tuple) {
        const a = x.elems;
        for (let i = 0; i < a.length; i++) {
          if (++th.steps > th.maxSteps) {
            fr.pc = node;
            stepLimit(th);
          }
          assign(fr, a[i]);
          const r = body(fr);
          if (r === BREAK) break;
          if (r === RETURN) return r;
        }
        return NORMAL;
      }
      if (x instanceof HostValue) {
        const iter = x.iterate();
        if (iter) {
          for (let r0 = iter.next(); !r0.done; r0 = iter.next()) {
            if (++th.steps > th.maxSteps) {
              fr.pc = node;
              stepLimit(th);
            }
            assign(fr, r0.value);
            const r = body(fr);
            if (r === BREAK) break;
            if (r === RETURN) return r;
          }
          return NORMAL;
        }
      }
      throw runtimeError(`${typeName(x)} value is not iterable`);
    };
  }

  /** A function that stores a value into a binding. */
  store(id: Ident): (fr: Frame, v: Value) => void {
    const b = id.binding as ResolvedBinding;
    const i = b.index;
    switch (b.scope) {
      case 'local':
        return (fr, v) => {
          fr.l[i] = v;
        };
      case 'cell':
        return (fr, v) => {
          (fr.l[i] as Cell).v = v;
        };
      case 'free':
        return (fr, v) => {
          fr.fn!.freevars[i].v = v;
        };
      case 'global': {
        const g = this.mod.globals;
        return (fr, v) => {
          g[i] = v;
        };
      }
      default:
        throw new Error(`internal error: cannot assign to ${b.scope} ${id.name}`);
    }
  }

  /** A function that assigns a value to an assignment target (with unpacking). */
  assigner(lhs: Expr, at?: Node): (fr: Frame, v: Value) => void {
    switch (lhs.kind) {
      case 'Ident':
        return this.store(lhs);
      case 'Index': {
        const x = this.expr(lhs.x);
        const k = this.expr(lhs.index);
        return (fr, v) => {
          const c = x(fr);
          const key = k(fr);
          fr.pc = lhs;
          if (c instanceof Dict && c.lock === 0 && typeof key === 'string') c.set(key, v);
          else setIndex(c, key, v);
        };
      }
      case 'Dot': {
        const x = this.expr(lhs.x);
        const name = lhs.name;
        return (fr, v) => {
          const c = x(fr);
          fr.pc = lhs;
          setAttr(c, name, v);
        };
      }
      case 'Tuple':
      case 'List': {
        const parts = lhs.elems.map((e) => this.assigner(e, at));
        const n = parts.length;
        const where = at ?? lhs;
        return (fr, v) => {
          let elems: Value[];
          if (v instanceof Tuple || v instanceof List) elems = v.elems;
          else {
            fr.pc = where;
            if (typeof v === 'string' || v === null || typeof v !== 'object' || v instanceof Float || v instanceof Builtin || v instanceof StarlarkFunction || v instanceof Bytes || (v instanceof HostValue && !v.iterate()))
              throw runtimeError(`got ${typeName(v)} in sequence assignment`);
            elems = iterableElems(v);
          }
          if (elems.length !== n) {
            fr.pc = where;
            if (elems.length > n) throw runtimeError(`too many values to unpack (got ${elems.length}, want ${n})`);
            throw runtimeError(`too few values to unpack (got ${elems.length}, want ${n})`);
          }
          for (let i = 0; i < n; i++) parts[i](fr, elems[i]);
        };
      }
      default:
        throw new Error(`internal error: cannot assign to ${lhs.kind}`);
    }
  }

  assignStmt(lhs: Expr, rhs: Expr, stmtNode?: Node): S {
    const r = this.expr(rhs);
    if (lhs.kind === 'Ident') {
      const b = lhs.binding as ResolvedBinding;
      const i = b.index;
      if (b.scope === 'local')
        return (fr) => {
          fr.l[i] = r(fr);
          return NORMAL;
        };
      if (b.scope === 'global') {
        const g = this.mod.globals;
        return (fr) => {
          g[i] = r(fr);
          return NORMAL;
        };
      }
    }
    const a = this.assigner(lhs, stmtNode);
    return (fr) => {
      a(fr, r(fr));
      return NORMAL;
    };
  }

  augAssign(lhs: Expr, op: string, rhs: Expr, node: Node): S {
    const r = this.expr(rhs);
    const apply = (fr: Frame, x: Value, y: Value): Value => {
      fr.pc = node;
      if (op === '+') {
        if (typeof x === 'number' && typeof y === 'number') {
          const z = x + y;
          if (z <= MAX_SAFE && z >= -MAX_SAFE) return z;
        } else if (typeof x === 'string' && typeof y === 'string') return binary('+', x, y, fr.th);
        if (x instanceof List && (y instanceof List || y instanceof Tuple || y instanceof Dict || y instanceof StarlarkSet || y instanceof Range || (y instanceof HostValue && y.iterate()))) {
          x.checkMutable('apply += to');
          const add = iterableElems(y);
          if (x.elems.length + add.length > fr.th.maxAllocation) throw runtimeError('excessive list size');
          fr.th.steps += add.length; // cost.ts chargeElems
          for (const e of add) x.elems.push(e);
          return x;
        }
      }
      if (op === '|' && x instanceof Dict && y instanceof Dict) {
        for (const [k, v] of y.items()) x.set(k, v);
        return x;
      }
      return binary(op as BinaryOp, x, y, fr.th);
    };
    switch (lhs.kind) {
      case 'Ident': {
        const load = this.ident(lhs);
        const store = this.store(lhs);
        return (fr) => {
          store(fr, apply(fr, load(fr), r(fr)));
          return NORMAL;
        };
      }
      case 'Index': {
        const x = this.expr(lhs.x);
        const k = this.expr(lhs.index);
        return (fr) => {
          const c = x(fr);
          const key = k(fr);
          fr.pc = lhs;
          const old = getIndex(c, key);
          const v = apply(fr, old, r(fr));
          fr.pc = lhs;
          setIndex(c, key, v);
          return NORMAL;
        };
      }
      case 'Dot': {
        const x = this.expr(lhs.x);
        const name = lhs.name;
        return (fr) => {
          const c = x(fr);
          fr.pc = lhs;
          const old = getAttr(c, name);
          const v = apply(fr, old, r(fr));
          fr.pc = lhs;
          setAttr(c, name, v);
          return NORMAL;
        };
      }
      default:
        throw new Error(`internal error: augmented assignment to ${lhs.kind}`);
    }
  }

  // ---- functions

  makeFunction(info: FunctionInfo, params: Param[], name: string, node: Node, body: Stmt[] | null, bodyExpr: Expr | null): E {
    // Defaults are evaluated in the enclosing scope, when the def/lambda executes.
    const defaults: (E | null)[] = [];
    const positional = params.filter((p) => p.kind === 'plain' || p.kind === 'default');
    for (const p of positional) defaults.push(p.kind === 'default' ? this.expr(p.default!) : null);
    // Free variables: cells of the enclosing function, captured when the function value is made.
    const freeGetters = info.freevars.map((b) => this.cellGetter(b));
    const saved = this.fnInfo;
    this.fnInfo = info;
    const compiledBody: S = body ? this.block(body) : this.exprBody(bodyExpr!);
    this.fnInfo = saved;
    const entry = body ? entryNode(body, node) : entryNode([{ kind: 'Return', line: node.line, col: node.col, x: bodyExpr! }], node);
    const code = this.makeCode(info, name, node, compiledBody, positional, entry, body);
    const nd = defaults.length;
    const nfree = freeGetters.length;
    return (fr) => {
      const dv = new Array<Value | undefined>(nd);
      for (let i = 0; i < nd; i++) {
        const d = defaults[i];
        dv[i] = d === null ? undefined : d(fr);
      }
      const fv = new Array<Cell>(nfree);
      for (let i = 0; i < nfree; i++) fv[i] = freeGetters[i](fr);
      return new StarlarkFunction(code, dv, fv, this.mod);
    };
  }

  exprBody(x: Expr): S {
    const e = this.expr(x);
    const run: S = (fr) => {
      fr.ret = e(fr);
      return RETURN;
    };
    // a lambda has no statements: debug mode stops at its body
    return this.debug ? this.lineHook(run, exprLine(x), exprCol(x)) : run;
  }

  cellGetter(b: Binding): (fr: Frame) => Cell {
    const i = b.index;
    if (b.scope === 'cell') return (fr) => fr.l[i] as Cell;
    if (b.scope === 'free') return (fr) => fr.fn!.freevars[i];
    throw new Error(`internal error: free variable bound to ${b.scope}`);
  }

  makeCode(info: FunctionInfo, name: string, node: Node, body: S, positional: Param[], entry: Node, body0: Stmt[] | null): CompiledCode {
    const paramNames = positional.map((p) => p.name!.name);
    const star = info.params.find((p) => p.kind === 'star' && p.name);
    const starstar = info.params.find((p) => p.kind === 'starstar');
    if (star) paramNames.push(star.name!.name);
    if (starstar) paramNames.push(starstar.name!.name);
    const nlocals = info.locals.length;
    const cellSlots = info.locals.filter((b) => b.scope === 'cell').map((b) => b.index);
    const ncells = cellSlots.length;
    const recursion = this.recursion;
    const file = this.file;
    const np = info.numParams;
    const simple = info.numKwonly === 0 && !info.hasVarargs && !info.hasKwargs;
    const code: CompiledCode = {
      name,
      pos: this.pos(node),
      doc: docOf(body0),
      paramNames,
      numParams: np,
      numKwonly: info.numKwonly,
      hasVarargs: info.hasVarargs,
      hasKwargs: info.hasKwargs,
      active: 0,
      file,
      direct: -1,
      invoke: null as unknown as CompiledCode['invoke'],
    };
    if (this.debug) {
      code.invoke = this.debugInvoke(code, { name, source: this.debug.source, info, module: this.mod }, body, entry, simple, nlocals, cellSlots);
      return code;
    }
    code.invoke = (thread: ThreadLike, fn: StarlarkFunction, args: Value[], kwargs: Kwargs | null, site?: Position): Value => {
      const th = thread as Thread;
      if (++th.steps > th.maxSteps) stepLimit(th);
      if (code.active > 0 && !recursion && !th.options.recursion) throw recursionError(name, file, entry);
      if (th.depth >= th.maxCallDepth) throw new StarlarkError('limit', 'Starlark stack overflow');
      let l: any[];
      const fr = new Frame(th, fn, (l = simple && kwargs === null && args.length === np ? args : new Array(nlocals)), entry);
      code.active++;
      th.depth++;
      th.callers[th.depth] = site;
      try {
        if (l !== args) bindArgs(code, fn, args, kwargs, l);
        if (l.length < nlocals) l.length = nlocals;
        for (let i = 0; i < ncells; i++) {
          const c = cellSlots[i];
          l[c] = { v: l[c] };
        }
        body(fr);
        return fr.ret;
      } catch (e) {
        const se = toStarlarkError(e);
        se.traceback.unshift({ fn: name, pos: { file, line: fr.pc.line, col: fr.pc.col } });
        throw se;
      } finally {
        code.active--;
        th.depth--;
      }
    };
    return code;
  }

  /**
   * Debug mode's call: as the normal one, plus a debugger frame for the call, a stop on an error leaving
   * it (while its frame is still on the stack), and a stop in the caller when stepping out.
   */
  debugInvoke(code: CompiledCode, dcode: DebugCode, body: S, entry: Node, simple: boolean, nlocals: number, cellSlots: number[]): CompiledCode['invoke'] {
    const { dbg, source } = this.debug!;
    const { name, file, numParams: np } = code;
    const recursion = this.recursion;
    const ncells = cellSlots.length;
    return (thread: ThreadLike, fn: StarlarkFunction, args: Value[], kwargs: Kwargs | null, site?: Position): Value => {
      const th = thread as Thread;
      if (++th.steps > th.maxSteps) stepLimit(th);
      if (code.active > 0 && !recursion && !th.options.recursion) throw recursionError(name, file, entry);
      if (th.depth >= th.maxCallDepth) throw new StarlarkError('limit', 'Starlark stack overflow');
      let l: any[];
      const fr = new Frame(th, fn, (l = simple && kwargs === null && args.length === np ? args : new Array(nlocals)), entry);
      code.active++;
      th.depth++;
      th.callers[th.depth] = site;
      const df = dbg.enter(dcode, l, fn);
      let ret: Value;
      try {
        if (l !== args) bindArgs(code, fn, args, kwargs, l);
        if (l.length < nlocals) l.length = nlocals;
        for (let i = 0; i < ncells; i++) {
          const c = cellSlots[i];
          l[c] = { v: l[c] };
        }
        body(fr);
        ret = fr.ret;
      } catch (e) {
        const se = toStarlarkError(e);
        df.line = fr.pc.line + source.lineOffset;
        df.col = fr.pc.col;
        dbg.error(se);
        se.traceback.unshift({ fn: name, pos: { file, line: fr.pc.line, col: fr.pc.col } });
        throw se;
      } finally {
        code.active--;
        th.depth--;
        dbg.leave();
      }
      if (dbg.armed) dbg.returned();
      return ret;
    };
  }

  // ---- expressions

  ident(id: Ident): E {
    const b = id.binding as ResolvedBinding;
    const name = id.name;
    const i = b.index;
    switch (b.scope) {
      case 'local':
        return (fr) => {
          const v = fr.l[i];
          if (v === undefined) {
            fr.pc = id;
            throw runtimeError(`local variable ${name} referenced before assignment`);
          }
          return v;
        };
      case 'cell':
        return (fr) => {
          const v = (fr.l[i] as Cell).v;
          if (v === undefined) {
            fr.pc = id;
            throw runtimeError(`local variable ${name} referenced before assignment`);
          }
          return v;
        };
      case 'free':
        return (fr) => {
          const v = fr.fn!.freevars[i].v;
          if (v === undefined) {
            fr.pc = id;
            throw runtimeError(`local variable ${name} referenced before assignment`);
          }
          return v;
        };
      case 'global': {
        const g = this.mod.globals;
        const what = b.fileLocal ? 'local' : 'global';
        return (fr) => {
          const v = g[i];
          if (v === undefined) {
            fr.pc = id;
            throw runtimeError(`${what} variable ${name} referenced before assignment`);
          }
          return v;
        };
      }
      case 'predeclared': {
        const v = this.predeclared.get(name);
        if (v === undefined)
          return (fr) => {
            fr.pc = id;
            throw runtimeError(`undefined: ${name}`);
          };
        return () => v;
      }
      case 'universal': {
        const v = universe.get(name);
        if (v === undefined)
          return (fr) => {
            fr.pc = id;
            throw runtimeError(`undefined: ${name}`);
          };
        return () => v;
      }
      default:
        return (fr) => {
          fr.pc = id;
          throw runtimeError(`undefined: ${name}`);
        };
    }
  }

  expr(x: Expr): E {
    switch (x.kind) {
      case 'Ident':
        return this.ident(x);
      case 'Literal': {
        let v: Value;
        if (x.isFloat) v = new Float(x.value as number);
        else if (x.isBytes) v = new Bytes(x.value as string);
        else v = x.value;
        return () => v;
      }
      case 'Unary': {
        const e = this.expr(x.x);
        if (x.op === 'not')
          return (fr) => {
            const v = e(fr);
            return v === false || (v !== true && !truth(v));
          };
        if (x.op === '-')
          return (fr) => {
            const v = e(fr);
            if (typeof v === 'number') return v === 0 ? 0 : -v;
            fr.pc = x;
            return unary('-', v);
          };
        const op = x.op;
        return (fr) => {
          const v = e(fr);
          fr.pc = x;
          return unary(op, v);
        };
      }
      case 'Binary':
        return this.binaryExpr(x);
      case 'Cond': {
        const c = this.expr(x.cond),
          t = this.expr(x.t),
          f = this.expr(x.f);
        return (fr) => {
          const v = c(fr);
          return v === true || (v !== false && truth(v)) ? t(fr) : f(fr);
        };
      }
      case 'Call':
        return this.callExpr(x);
      case 'Index': {
        const a = this.expr(x.x),
          k = this.expr(x.index);
        return (fr) => {
          const c = a(fr);
          const key = k(fr);
          if (c instanceof Dict && typeof key === 'string') {
            const v = c.get(key);
            if (v !== undefined) return v;
          } else if (c instanceof List && typeof key === 'number' && key >= 0 && key < c.elems.length) return c.elems[key];
          fr.pc = x;
          return getIndex(c, key);
        };
      }
      case 'Slice': {
        const a = this.expr(x.x);
        const lo = x.lo ? this.expr(x.lo) : null;
        const hi = x.hi ? this.expr(x.hi) : null;
        const st = x.step ? this.expr(x.step) : null;
        return (fr) => {
          const c = a(fr);
          const l = lo ? lo(fr) : undefined;
          const h = hi ? hi(fr) : undefined;
          const s = st ? st(fr) : undefined;
          fr.pc = x;
          return slice(c, l, h, s);
        };
      }
      case 'Dot': {
        const a = this.expr(x.x);
        const name = x.name;
        return (fr) => {
          const c = a(fr);
          fr.pc = x;
          return getAttr(c, name);
        };
      }
      case 'List': {
        const es = x.elems.map((e) => this.expr(e));
        const n = es.length;
        if (n === 0) return () => new List([]);
        return (fr) => {
          const out = new Array<Value>(n);
          for (let i = 0; i < n; i++) out[i] = es[i](fr);
          return new List(out);
        };
      }
      case 'Tuple': {
        const es = x.elems.map((e) => this.expr(e));
        const n = es.length;
        return (fr) => {
          const out = new Array<Value>(n);
          for (let i = 0; i < n; i++) out[i] = es[i](fr);
          return new Tuple(out);
        };
      }
      case 'Dict': {
        const ks = x.entries.map((e) => this.expr(e.key));
        const vs = x.entries.map((e) => this.expr(e.value));
        const nodes = x.entries;
        const n = ks.length;
        const born = dictSites(this.file, x);
        return (fr) => {
          const d = new Dict();
          d.born = born;
          for (let i = 0; i < n; i++) {
            const k = ks[i](fr);
            const v = vs[i](fr);
            fr.pc = nodes[i];
            if (d.has(k)) throw runtimeError(`duplicate key: ${decodeUtf8(repr(k))}`);
            d.set(k, v);
          }
          return d;
        };
      }
      case 'Comp':
        return this.comprehension(x);
      case 'Lambda':
        return this.makeFunction(x.fn!, x.params, 'lambda', x, null, x.body);
    }
  }

  binaryExpr(x: Extract<Expr, { kind: 'Binary' }>): E {
    const a = this.expr(x.x),
      b = this.expr(x.y);
    const op = x.op;
    switch (op) {
      case 'and':
        return (fr) => {
          const v = a(fr);
          return v === false || (v !== true && !truth(v)) ? v : b(fr);
        };
      case 'or':
        return (fr) => {
          const v = a(fr);
          return v === true || (v !== false && truth(v)) ? v : b(fr);
        };
      case '==':
        return (fr) => {
          const u = a(fr),
            v = b(fr);
          if ((typeof u === 'number' && typeof v === 'number') || typeof u === 'string' || typeof v === 'string' || u === null || v === null) return u === v;
          fr.pc = x;
          return equals(u, v);
        };
      case '!=':
        return (fr) => {
          const u = a(fr),
            v = b(fr);
          if ((typeof u === 'number' && typeof v === 'number') || typeof u === 'string' || typeof v === 'string' || u === null || v === null) return u !== v;
          fr.pc = x;
          return !equals(u, v);
        };
      case '<':
        return (fr) => {
          const u = a(fr),
            v = b(fr);
          if (typeof u === 'number' && typeof v === 'number') return u < v;
          fr.pc = x;
          return cmp(op, u, v);
        };
      case '<=':
        return (fr) => {
          const u = a(fr),
            v = b(fr);
          if (typeof u === 'number' && typeof v === 'number') return u <= v;
          fr.pc = x;
          return cmp(op, u, v);
        };
      case '>':
        return (fr) => {
          const u = a(fr),
            v = b(fr);
          if (typeof u === 'number' && typeof v === 'number') return u > v;
          fr.pc = x;
          return cmp(op, u, v);
        };
      case '>=':
        return (fr) => {
          const u = a(fr),
            v = b(fr);
          if (typeof u === 'number' && typeof v === 'number') return u >= v;
          fr.pc = x;
          return cmp(op, u, v);
        };
      case '+':
        return (fr) => {
          const u = a(fr),
            v = b(fr);
          if (typeof u === 'number' && typeof v === 'number') {
            const z = u + v;
            if (z <= MAX_SAFE && z >= -MAX_SAFE) return z;
            return intAdd(u, v);
          }
          if (typeof u === 'string' && typeof v === 'string' && u.length + v.length < 1 << 20) return u + v;
          fr.pc = x;
          return binary('+', u, v, fr.th);
        };
      case '-':
        return (fr) => {
          const u = a(fr),
            v = b(fr);
          if (typeof u === 'number' && typeof v === 'number') {
            const z = u - v;
            if (z <= MAX_SAFE && z >= -MAX_SAFE) return z;
            return intSub(u, v);
          }
          fr.pc = x;
          return binary('-', u, v, fr.th);
        };
      case '*':
        return (fr) => {
          const u = a(fr),
            v = b(fr);
          if (typeof u === 'number' && typeof v === 'number') return intMul(u, v);
          fr.pc = x;
          return binary('*', u, v, fr.th);
        };
      case '%':
        return (fr) => {
          const u = a(fr),
            v = b(fr);
          if (typeof u === 'number' && typeof v === 'number' && u >= 0 && v > 0) return u % v;
          fr.pc = x;
          return binary('%', u, v, fr.th);
        };
      case 'in':
        return (fr) => {
          const u = a(fr),
            v = b(fr);
          if (v instanceof Dict && typeof u === 'string') return v.get(u) !== undefined;
          fr.pc = x;
          return contains(v, u, 'in');
        };
      case 'not in':
        return (fr) => {
          const u = a(fr),
            v = b(fr);
          if (v instanceof Dict && typeof u === 'string') return v.get(u) === undefined;
          fr.pc = x;
          return !contains(v, u, 'not in');
        };
      default: {
        const bop = op as BinaryOp;
        return (fr) => {
          const u = a(fr),
            v = b(fr);
          fr.pc = x;
          return binary(bop, u, v, fr.th);
        };
      }
    }
  }

  callExpr(x: Extract<Expr, { kind: 'Call' }>): E {
    // where the call is written, for Thread.callers
    const site: Position = { file: this.file, line: x.line, col: x.col };
    const simple = x.args.every((a) => a.kind === 'pos');
    const posArgs = x.args.filter((a) => a.kind === 'pos').map((a) => this.expr(a.value));
    const star = x.args.find((a) => a.kind === 'star');
    const starE = star ? this.expr(star.value) : null;
    const starstar = x.args.find((a) => a.kind === 'starstar');
    const starstarE = starstar ? this.expr(starstar.value) : null;
    const np = posArgs.length;

    // Arguments are evaluated in source order, except that *args and **kwargs come last (as in Go).
    const ordered = x.args
      .filter((a) => a.kind === 'pos' || a.kind === 'named')
      .map((a) => ({ name: a.kind === 'named' ? a.name! : null, e: this.expr(a.value) }));
    const buildAll = (fr: Frame): [Value[], Kwargs | null] => {
      const args: Value[] = [];
      let kw: Kwargs | null = null;
      for (const o of ordered) {
        const v = o.e(fr);
        if (o.name === null) args.push(v);
        else (kw ??= []).push([o.name, v]);
      }
      if (starE) {
        const s = starE(fr);
        fr.pc = x;
        if (s instanceof List || s instanceof Tuple) for (const e of s.elems) args.push(e);
        else {
          if (typeof s === 'string' || !(s instanceof Dict || s instanceof StarlarkSet || s instanceof Range || (s instanceof HostValue && s.iterate())))
            throw runtimeError(`argument after * must be iterable, not ${typeName(s)}`);
          for (const e of iterableElems(s)) args.push(e);
        }
      }
      if (starstarE) {
        const d = starstarE(fr);
        fr.pc = x;
        if (!(d instanceof Dict)) throw runtimeError(`argument after ** must be a mapping, not ${typeName(d)}`);
        for (const [k, v] of d.items()) {
          if (typeof k !== 'string') throw runtimeError(`keywords must be strings, not ${typeName(k)}`);
          (kw ??= []).push([k, v]);
        }
      }
      return [args, kw];
    };

    if (x.fn.kind === 'Dot') {
      // Method call: look the method up by receiver type without allocating a bound method.
      const recvE = this.expr(x.fn.x);
      const name = x.fn.name;
      const own = (t: Record<string, MethodImpl>) => (Object.prototype.hasOwnProperty.call(t, name) ? t[name] : undefined);
      const sImpl = own(strMethods),
        dImpl = own(dictMethods),
        lImpl = own(listMethods),
        setImpl = own(setMethods),
        bImpl = own(bytesMethods);
      const dot = x.fn;
      return (fr) => {
        const recv = recvE(fr);
        let impl: MethodImpl | undefined;
        if (typeof recv === 'string') impl = sImpl;
        else if (recv instanceof Dict) impl = dImpl;
        else if (recv instanceof List) impl = lImpl;
        else if (recv instanceof StarlarkSet) impl = setImpl;
        else if (recv instanceof Bytes) impl = bImpl;
        if (impl !== undefined) {
          if (simple) {
            const args = evalArgs(fr, posArgs, np);
            fr.pc = x;
            return callMethodImpl(fr.th, impl, recv, args, null, name);
          }
          const [args, kw] = buildAll(fr);
          fr.pc = x;
          return callMethodImpl(fr.th, impl, recv, args, kw, name);
        }
        fr.pc = dot;
        const f = getAttr(recv, name);
        const [args, kw] = simple ? [evalArgs(fr, posArgs, np), null] : buildAll(fr);
        fr.pc = x;
        return callAny(fr.th, f, args, kw, site);
      };
    }
    const fnE = this.expr(x.fn);
    if (simple && np === 1) {
      const a0 = posArgs[0];
      return (fr) => {
        const f = fnE(fr);
        const args = [a0(fr)];
        fr.pc = x;
        return callAny(fr.th, f, args, null, site);
      };
    }
    if (simple)
      return (fr) => {
        const f = fnE(fr);
        const args = evalArgs(fr, posArgs, np);
        fr.pc = x;
        return callAny(fr.th, f, args, null, site);
      };
    return (fr) => {
      const f = fnE(fr);
      const [args, kw] = buildAll(fr);
      fr.pc = x;
      return callAny(fr.th, f, args, kw, site);
    };
  }

  comprehension(x: Extract<Expr, { kind: 'Comp' }>): E {
    const curly = x.curly;
    let emit: (fr: Frame, out: any) => void;
    if (curly) {
      const entry = x.body as DictEntry;
      const k = this.expr(entry.key),
        v = this.expr(entry.value);
      emit = (fr, out: Dict) => {
        const key = k(fr);
        const val = v(fr);
        fr.pc = entry;
        out.set(key, val);
      };
    } else {
      const b = this.expr(x.body as Expr);
      emit = (fr, out: Value[]) => {
        out.push(b(fr));
      };
    }
    // Build the clause chain from the innermost outwards.
    let next = emit;
    for (let i = x.clauses.length - 1; i >= 0; i--) {
      const c = x.clauses[i];
      const inner = next;
      if (c.kind === 'IfClause') {
        const cond = this.expr(c.cond);
        next = (fr, out) => {
          const v = cond(fr);
          if (v === true || (v !== false && truth(v))) inner(fr, out);
        };
      } else {
        const it = this.expr(c.iter);
        const assign = this.assigner(c.vars, c);
        next = (fr, out) => {
          const xs = it(fr);
          fr.pc = c;
          const th = fr.th;
          if (xs instanceof Range) {
            const n = xs.length;
            for (let j = 0; j < n; j++) {
              if (++th.steps > th.maxSteps) stepLimit(th);
              assign(fr, xs.start + j * xs.step);
              inner(fr, out);
            }
            return;
          }
          if (xs instanceof List) {
            xs.lock += ITER;
            try {
              const a = xs.elems;
              for (let j = 0; j < a.length; j++) {
                if (++th.steps > th.maxSteps) stepLimit(th);
                assign(fr, a[j]);
                inner(fr, out);
              }
            } finally {
              xs.lock -= ITER;
            }
            return;
          }
          if (!(xs instanceof Tuple || xs instanceof Dict || xs instanceof StarlarkSet || (xs instanceof HostValue && xs.iterate())))
            throw runtimeError(`${typeName(xs)} value is not iterable`);
          const lock = xs instanceof Dict || xs instanceof StarlarkSet ? xs : null;
          const a = iterableElems(xs);
          if (lock) lock.lock += ITER;
          try {
            for (let j = 0; j < a.length; j++) {
              if (++th.steps > th.maxSteps) stepLimit(th);
              assign(fr, a[j]);
              inner(fr, out);
            }
          } finally {
            if (lock) lock.lock -= ITER;
          }
        };
      }
    }
    const run = next;
    if (curly)
      return (fr) => {
        const d = new Dict();
        run(fr, d);
        return d;
      };
    return (fr) => {
      const out: Value[] = [];
      run(fr, out);
      if (out.length > fr.th.maxAllocation) throw runtimeError('excessive list size');
      return new List(out);
    };
  }
}

function evalArgs(fr: Frame, es: E[], n: number): Value[] {
  const args = new Array<Value>(n);
  for (let i = 0; i < n; i++) args[i] = es[i](fr);
  return args;
}

// ---------------------------------------------------------------------------------------------------------
// loading and running files

/** Parses, resolves and runs a file; returns its module (globals frozen). Throws StarlarkError. */
export function execFile(filename: string, source: string, opts: ExecOptions = {}): Module {
  const options = opts.options ?? opts.thread?.options ?? {};
  const thread =
    opts.thread ??
    new Thread({
      name: filename,
      print: opts.print ?? ((msg) => console.log(msg)),
      load: opts.load,
      options,
    });
  if (opts.thread) {
    if (opts.print) thread.print = opts.print;
    if (opts.load) thread.load = opts.load;
  }
  const predeclared = opts.predeclared instanceof Map ? opts.predeclared : new Map(Object.entries(opts.predeclared ?? {}));
  const ast = parse(filename, source, options);
  const universal = options.set ? undefined : undefined;
  const resolved = resolve(ast, { predeclared: (n) => predeclared.has(n), universal, options });
  return runResolved(thread, filename, resolved.ast, predeclared, opts.source);
}

/**
 * Runs an already resolved file. A thread with a debugger compiles it in debug mode (closures with line
 * hooks), as `source` for breakpoints (default: the file name).
 */
export function runResolved(thread: Thread, filename: string, ast: FileAST, predeclared: Map<string, Value>, source?: DebugSource): Module {
  const globalsB = ast.globals!;
  const mod: ModuleEnv = {
    name: filename,
    globalNames: globalsB.map((b) => b.name),
    globals: new Array(globalsB.length),
    predeclared,
  };
  let generated: ReturnType<typeof generateModule> = null;
  let closureBody: S | null = null;
  const dbg = thread.debugger;
  const debug: DebugContext | null = dbg ? { dbg, source: source ?? { path: filename, lineOffset: 0 }, breakpoints: dbg.source((source ?? { path: filename }).path) } : null;
  try {
    const recursion = thread.options.recursion === true;
    generated = debug || thread.options.backend === 'closures' ? null : generateModule(filename, ast, predeclared, mod, recursion);
    if (!generated) closureBody = new Compiler(filename, mod, predeclared, ast.toplevel!, debug, recursion).block(ast.stmts);
  } catch (e) {
    throw tooDeep(e, 'limit', filename);
  }
  if (generated) {
    try {
      generated.run(thread);
    } catch (e) {
      const se = toStarlarkError(e);
      const inner = se.traceback.filter((f) => !f.builtin).pop();
      if (inner && !se.pos) se.pos = inner.pos;
      throw se;
    }
  } else {
    const body = closureBody!;
    const top = ast.toplevel!;
    const l: any[] = new Array(top.locals.length);
    for (const b of top.locals) if (b.scope === 'cell') l[b.index] = { v: undefined };
    const fr = new Frame(thread, null, l, { line: 1, col: 1 });
    const df = debug ? debug.dbg.enter({ name: '<toplevel>', source: debug.source, info: top, module: mod }, l, null) : undefined;
    try {
      body(fr);
    } catch (e) {
      const se = toStarlarkError(e);
      if (debug) {
        df!.line = fr.pc.line + debug.source.lineOffset;
        df!.col = fr.pc.col;
        debug.dbg.error(se);
      }
      se.traceback.unshift({ fn: '<toplevel>', pos: { file: filename, line: fr.pc.line, col: fr.pc.col } });
      const inner = se.traceback.filter((f) => !f.builtin).pop();
      if (inner && !se.pos) se.pos = inner.pos;
      throw se;
    } finally {
      if (debug) debug.dbg.leave();
    }
    if (debug?.dbg.armed) debug.dbg.returned();
  }
  const globals = new Map<string, Value>();
  globalsB.forEach((b, i) => {
    const v = mod.globals[i];
    if (v !== undefined && !(b as ResolvedBinding).fileLocal) globals.set(b.name, v);
  });
  for (const v of mod.globals) if (v !== undefined) freeze(v);
  return { name: filename, globals };
}


/**
 * Evaluates the one expression statement of a parsed and resolved file, with `env` as its predeclared names
 * (the debugger's evaluation in a stopped frame: `env` holds that frame's variables). Unlike a module's
 * globals, nothing it reaches is frozen.
 */
export function evalResolvedExpr(thread: Thread, ast: FileAST, env: Map<string, Value>): Value {
  const stmt = ast.stmts[0];
  if (ast.stmts.length !== 1 || stmt?.kind !== 'ExprStmt') throw new Error('internal error: evalResolvedExpr needs one expression statement');
  const top = ast.toplevel!;
  const mod: ModuleEnv = { name: ast.filename, globalNames: [], globals: [], predeclared: env };
  let e: E;
  try {
    e = new Compiler(ast.filename, mod, env, top, null, thread.options.recursion === true).expr(stmt.x);
  } catch (err) {
    throw tooDeep(err, 'limit', ast.filename);
  }
  const l: any[] = new Array(top.locals.length);
  for (const b of top.locals) if (b.scope === 'cell') l[b.index] = { v: undefined };
  const fr = new Frame(thread, null, l, stmt);
  try {
    return e(fr);
  } catch (err) {
    const se = toStarlarkError(err);
    if (!se.pos) se.pos = { file: ast.filename, line: fr.pc.line, col: fr.pc.col };
    throw se;
  }
}
