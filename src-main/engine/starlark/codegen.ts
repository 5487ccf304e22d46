// The fast back end: translates a resolved file into JavaScript source (one JS function per Starlark
// function, locals as JS variables, Starlark control flow as JS control flow) and instantiates it with
// `new Function`. Each file gets its own JS functions, so V8 sees monomorphic code and optimises it well.
// Where `new Function` is unavailable (a renderer under a strict CSP) the closure compiler in eval.ts runs
// instead; both share the runtime helpers below and produce the same results and errors.
import { entryNode, type Binding, type DictEntry, type Expr, type FileAST, type FunctionInfo, type Ident, type Node, type Param, type Stmt } from './syntax/ast.js';
import { parseIntLiteral, universe } from './builtins.js';
import { StarlarkError, recursionError, runtimeError, type Position } from './errors.js';
import { bindArgs, callAny, callMethodImpl, dictSites, docOf, loadModule, stepLimit, toStarlarkError, type CompiledCode } from './call.js';
import { bytesMethods, dictMethods, listMethods, setMethods, strMethods, type MethodImpl } from './methods.js';
import { binary, cmp, contains, getAttr, getIndex, intAdd, intFloorDiv, intMul, intSub, setAttr, setIndex, slice, unary } from './ops.js';
import { bracePlan, percentPlan, type FormatPlan } from './format.js';
import { nearest } from './spell.js';
import type { ResolvedBinding } from './resolve/resolver.js';
import type { Thread } from './thread.js';
import {
  Builtin,
  Bytes,
  DICT_FLAT_MAX,
  DICT_INLINE,
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
  intString,
  iterableElems,
  repr,
  str,
  truth,
  typeName,
  type BinaryOp,
  type Cell,
  type DictSites,
  type Kwargs,
  type ModuleEnv,
  type ThreadLike,
  type Value,
} from './value.js';
import { DictShape } from './dict-shape.js';
import { decodeUtf8 } from './utf8.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** True when this JavaScript environment allows `new Function` (a strict CSP forbids it). */
let codegenAvailable: boolean | undefined;
export function canGenerateCode(): boolean {
  if (codegenAvailable === undefined) {
    try {
      codegenAvailable = new Function('return 1')() === 1;
    } catch {
      codegenAvailable = false;
    }
  }
  return codegenAvailable;
}

// ---------------------------------------------------------------------------------------------------------
// runtime helpers called by generated code (small ones are inlined by V8)

function T(x: Value): boolean {
  return x === true || (x !== false && truth(x));
}
function add(x: Value, y: Value, th: Thread): Value {
  if (typeof x === 'number' && typeof y === 'number') {
    const z = x + y;
    if (z <= MAX_SAFE && z >= -MAX_SAFE) return z;
    return intAdd(x, y);
  }
  if (typeof x === 'string' && typeof y === 'string' && x.length + y.length < 1 << 20) return x + y;
  return binary('+', x, y, th);
}
function sub(x: Value, y: Value, th: Thread): Value {
  if (typeof x === 'number' && typeof y === 'number') {
    const z = x - y;
    if (z <= MAX_SAFE && z >= -MAX_SAFE) return z;
    return intSub(x, y);
  }
  return binary('-', x, y, th);
}
function mul(x: Value, y: Value, th: Thread): Value {
  if (typeof x === 'number' && typeof y === 'number') return intMul(x, y);
  return binary('*', x, y, th);
}
function mod(x: Value, y: Value, th: Thread): Value {
  if (typeof x === 'number' && typeof y === 'number' && x >= 0 && y > 0) return x % y;
  return binary('%', x, y, th);
}
function floordiv(x: Value, y: Value, th: Thread): Value {
  if (typeof x === 'number' && typeof y === 'number') return intFloorDiv(x, y);
  return binary('//', x, y, th);
}
function lt(x: Value, y: Value): boolean {
  if (typeof x === 'number' && typeof y === 'number') return x < y;
  return cmp('<', x, y);
}
function le(x: Value, y: Value): boolean {
  if (typeof x === 'number' && typeof y === 'number') return x <= y;
  return cmp('<=', x, y);
}
function gt(x: Value, y: Value): boolean {
  if (typeof x === 'number' && typeof y === 'number') return x > y;
  return cmp('>', x, y);
}
function ge(x: Value, y: Value): boolean {
  if (typeof x === 'number' && typeof y === 'number') return x >= y;
  return cmp('>=', x, y);
}
function eq(x: Value, y: Value): boolean {
  if (typeof x === 'number' && typeof y === 'number') return x === y;
  if (typeof x === 'string' || typeof y === 'string' || x === null || y === null) return x === y;
  return equals(x, y);
}
function inop(x: Value, y: Value): boolean {
  if (y instanceof Dict && typeof x === 'string') return y.get(x) !== undefined;
  return contains(y, x, 'in');
}
function neg(x: Value): Value {
  if (typeof x === 'number') return x === 0 ? 0 : -x;
  return unary('-', x);
}
function idx(x: Value, k: Value): Value {
  if (x instanceof Dict && typeof k === 'string') {
    const v = x.get(k);
    if (v !== undefined) return v;
  } else if (x instanceof List && typeof k === 'number' && k >= 0 && k < x.elems.length) return x.elems[k];
  return getIndex(x, k);
}
function setidx(x: Value, k: Value, v: Value): void {
  if (x instanceof Dict && typeof k === 'string' && x.lock === 0) x.set(k, v);
  else setIndex(x, k, v);
}
function aug(op: string, x: Value, y: Value, th: Thread): Value {
  if (op === '+') {
    if (typeof x === 'number' && typeof y === 'number') {
      const z = x + y;
      if (z <= MAX_SAFE && z >= -MAX_SAFE) return z;
    } else if (typeof x === 'string' && typeof y === 'string') return binary('+', x, y, th);
    if (x instanceof List && (y instanceof List || y instanceof Tuple || y instanceof Dict || y instanceof StarlarkSet || y instanceof Range || (y instanceof HostValue && y.iterate()))) {
      x.checkMutable('apply += to');
      const more = iterableElems(y);
      if (x.elems.length + more.length > th.maxAllocation) throw runtimeError('excessive list size');
      th.steps += more.length; // cost.ts chargeElems
      for (const e of more) x.elems.push(e);
      return x;
    }
  }
  if (op === '|' && x instanceof Dict && y instanceof Dict) {
    for (const [k, v] of y.items()) x.set(k, v);
    return x;
  }
  return binary(op as BinaryOp, x, y, th);
}
function bin(op: BinaryOp, x: Value, y: Value, th: Thread): Value {
  return binary(op, x, y, th);
}
function call(th: Thread, f: Value, args: Value[], kw: Kwargs | null, site: Position): Value {
  return callAny(th, f, args, kw, site);
}
/** A call with *args and/or **kwargs. */
function callStar(th: Thread, f: Value, args: Value[], kw: Kwargs | null, star: Value | undefined, starstar: Value | undefined, site: Position): Value {
  if (star !== undefined) {
    if (star instanceof List || star instanceof Tuple) for (const e of star.elems) args.push(e);
    else {
      if (typeof star === 'string' || !(star instanceof Dict || star instanceof StarlarkSet || star instanceof Range || (star instanceof HostValue && star.iterate())))
        throw runtimeError(`argument after * must be iterable, not ${typeName(star)}`);
      for (const e of iterableElems(star)) args.push(e);
    }
  }
  if (starstar !== undefined) {
    if (!(starstar instanceof Dict)) throw runtimeError(`argument after ** must be a mapping, not ${typeName(starstar)}`);
    for (const [k, v] of starstar.items()) {
      if (typeof k !== 'string') throw runtimeError(`keywords must be strings, not ${typeName(k)}`);
      (kw ??= []).push([k, v]);
    }
  }
  return callAny(th, f, args, kw, site);
}
function method(table: Record<string, MethodImpl>, name: string): MethodImpl | undefined {
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/** A method call site: the method of each built-in type for this name, looked up once at compile time. */
class MethodSite {
  /** The dot of `recv.name(...)`: where a failed lookup is reported. */
  node: Node = { line: 0, col: 0 };
  readonly s: MethodImpl | undefined;
  readonly d: MethodImpl | undefined;
  readonly l: MethodImpl | undefined;
  readonly st: MethodImpl | undefined;
  readonly b: MethodImpl | undefined;
  constructor(readonly name: string) {
    this.s = method(strMethods, name);
    this.d = method(dictMethods, name);
    this.l = method(listMethods, name);
    this.st = method(setMethods, name);
    this.b = method(bytesMethods, name);
  }
}

function cm(th: Thread, recv: Value, site: MethodSite, args: Value[], kw: Kwargs | null): Value {
  let impl: MethodImpl | undefined;
  if (typeof recv === 'string') impl = site.s;
  else if (recv instanceof Dict) impl = site.d;
  else if (recv instanceof List) impl = site.l;
  else if (recv instanceof StarlarkSet) impl = site.st;
  else if (recv instanceof Bytes) impl = site.b;
  if (impl !== undefined) return callMethodImpl(th, impl, recv, args, kw, site.name);
  let f: Value;
  try {
    f = getAttr(recv, site.name);
  } catch (e) {
    const se = toStarlarkError(e);
    se.atNode = site.node;
    throw se;
  }
  return callAny(th, f, args, kw);
}

/** recv.append(x), the hottest list method. */
function append1(th: Thread, recv: Value, x: Value, site: MethodSite): Value {
  if (recv instanceof List && recv.lock === 0 && recv.elems.length < th.maxAllocation) {
    th.steps++;
    recv.elems.push(x);
    return null;
  }
  return cm(th, recv, site, [x], null);
}

/** recv.get(k) and recv.get(k, d) on dicts with string keys, the hottest path of Choreo code. */
function get1(th: Thread, recv: Value, k: Value, site: MethodSite): Value {
  if (recv instanceof Dict && typeof k === 'string') {
    th.steps++;
    const v = recv.get(k);
    return v === undefined ? null : v;
  }
  return cm(th, recv, site, [k], null);
}
function get2(th: Thread, recv: Value, k: Value, d: Value, site: MethodSite): Value {
  if (recv instanceof Dict && typeof k === 'string') {
    th.steps++;
    const v = recv.get(k);
    return v === undefined ? d : v;
  }
  return cm(th, recv, site, [k, d], null);
}
/**
 * recv.get(k, {}) and recv.get(k, []): the empty default is made only when k is missing. Building an empty
 * dict or list has no effect anyone can observe, so skipping it on a hit changes nothing but the garbage.
 */
function get2e(th: Thread, recv: Value, k: Value, list: boolean, site: MethodSite): Value {
  if (recv instanceof Dict && typeof k === 'string') {
    th.steps++;
    const v = recv.get(k);
    if (v !== undefined) return v;
    return list ? new List([]) : new Dict();
  }
  return cm(th, recv, site, [k, list ? new List([]) : new Dict()], null);
}

/** Direct calls of universal builtins (their names cannot be rebound, so the callee is known). */
function str1(th: Thread, x: Value, b: Builtin): Value {
  if (typeof x === 'number') {
    th.steps++;
    return intString(x);
  }
  if (typeof x === 'string') {
    th.steps++;
    return x;
  }
  return callAny(th, b, [x], null);
}
/** int(x) of an int, or of a string in base 10 (parsed as the builtin parses it); anything else, or a string
 *  it refuses, goes through the builtin (its errors). */
function int1(th: Thread, x: Value, b: Builtin): Value {
  if (typeof x === 'number') {
    th.steps++;
    return x;
  }
  if (typeof x === 'string') {
    const n = parseIntLiteral(x, 10);
    if (n !== undefined) {
      th.steps++;
      return n;
    }
  }
  return callAny(th, b, [x], null);
}
/** One argument of a FormatPlan as text, or undefined when only percentFormat can say what it makes. */
function fmtArg(v: Value, conv: 's' | 'd'): string | undefined {
  if (typeof v === 'string') return conv === 's' ? v : undefined;
  if (typeof v === 'number') return intString(v);
  return conv === 's' ? str(v) : undefined;
}
/** The FormatPlan's text with 1 to 4 arguments, or undefined (see fmtArg). */
function fillPlan(plan: FormatPlan, a: Value, b: Value, c: Value, d: Value): string | undefined {
  const { lits, convs } = plan;
  const n = convs.length;
  let s = fmtArg(a, convs[0]);
  if (s === undefined) return undefined;
  let out = lits[0] + s + lits[1];
  if (n === 1) return out;
  if ((s = fmtArg(b, convs[1])) === undefined) return undefined;
  out += s + lits[2];
  if (n === 2) return out;
  if ((s = fmtArg(c, convs[2])) === undefined) return undefined;
  out += s + lits[3];
  if (n === 3) return out;
  if ((s = fmtArg(d, convs[3])) === undefined) return undefined;
  return out + s + lits[4];
}
/** The FormatPlan's text with more than 4 arguments (given as an array), or undefined (see fmtArg). */
function fillPlanN(plan: FormatPlan, args: Value[]): string | undefined {
  const { lits, convs } = plan;
  let out = lits[0];
  for (let i = 0; i < convs.length; i++) {
    const s = fmtArg(args[i], convs[i]);
    if (s === undefined) return undefined;
    out += s + lits[i + 1];
  }
  return out;
}
/** `"literal" % (a, …)` with a FormatPlan and a tuple literal of as many elements as it has fields. */
function pct(th: Thread, plan: FormatPlan, a: Value, b?: Value, c?: Value, d?: Value): Value {
  const out = fillPlan(plan, a, b!, c!, d!);
  if (out !== undefined && out.length <= th.maxAllocation) return out;
  return binary('%', plan.format, new Tuple([a, b!, c!, d!].slice(0, plan.convs.length)), th);
}
/** pct with more than 4 fields (`"%d.%d.%d.%d/%d" % (…)`): the arguments come as one array. */
function pctN(th: Thread, plan: FormatPlan, args: Value[]): Value {
  const out = fillPlanN(plan, args);
  if (out !== undefined && out.length <= th.maxAllocation) return out;
  return binary('%', plan.format, new Tuple(args), th);
}
/** `"literal" % y` with a FormatPlan of one field, y not written as a tuple (it may still be one). */
function pct1(th: Thread, plan: FormatPlan, y: Value): Value {
  return y instanceof Tuple ? binary('%', plan.format, y, th) : pct(th, plan, y);
}
/** `"literal".format(a, …)` with a FormatPlan and as many positional arguments as it has fields. */
function sfmt(th: Thread, plan: FormatPlan, a: Value, b?: Value, c?: Value, d?: Value): Value {
  if (++th.steps > th.maxSteps) stepLimit(th);
  return fillPlan(plan, a, b!, c!, d!)!; // every argument converts with str()
}
/** sfmt with more than 4 fields: the arguments come as one array. */
function sfmtN(th: Thread, plan: FormatPlan, args: Value[]): Value {
  if (++th.steps > th.maxSteps) stepLimit(th);
  return fillPlanN(plan, args)!; // every argument converts with str()
}
/** type(x) cannot fail. */
function type1(th: Thread, x: Value): Value {
  th.steps++;
  return typeName(x);
}
function len1(th: Thread, x: Value, b: Builtin): Value {
  th.steps++;
  if (typeof x === 'string') return x.length;
  if (x instanceof List || x instanceof Tuple) return x.elems.length;
  if (x instanceof Dict) return x.size;
  th.steps--;
  return callAny(th, b, [x], null);
}
/** recv.name(args): methods of built-in types are found by receiver type, without a bound-method value. */
function callMethod(th: Thread, recv: Value, name: string, args: Value[], kw: Kwargs | null): Value {
  let impl: MethodImpl | undefined;
  if (typeof recv === 'string') impl = method(strMethods, name);
  else if (recv instanceof Dict) impl = method(dictMethods, name);
  else if (recv instanceof List) impl = method(listMethods, name);
  else if (recv instanceof StarlarkSet) impl = method(setMethods, name);
  else if (recv instanceof Bytes) impl = method(bytesMethods, name);
  if (impl !== undefined) return callMethodImpl(th, impl, recv, args, kw, name);
  return callAny(th, getAttr(recv, name), args, kw);
}
/** Lazy iteration of a host value (which may be endless): length Infinity, next() gives undefined at the end. */
class LazyIter {
  readonly length = Infinity;
  constructor(private readonly it: Iterator<Value>) {}
  next(): Value | undefined {
    const r = this.it.next();
    return r.done ? undefined : r.value;
  }
}
/** Elements to loop over: an array (live for a locked list), null for a range, or a LazyIter. */
function seq(x: Value): Value[] | LazyIter | null {
  if (x instanceof List || x instanceof Tuple) return x.elems;
  if (x instanceof Range) return null;
  if (x instanceof Dict) return x.keys();
  if (x instanceof StarlarkSet) return x.elems();
  if (x instanceof HostValue) {
    const it = x.iterate();
    if (it) return new LazyIter(it);
  }
  throw runtimeError(`${typeName(x)} value is not iterable`);
}
function lock(x: Value): void {
  if (x instanceof List || x instanceof Dict || x instanceof StarlarkSet) x.lock += ITER;
}
function unlock(x: Value): void {
  if (x instanceof List || x instanceof Dict || x instanceof StarlarkSet) x.lock -= ITER;
}
function unpack(v: Value, n: number): Value[] {
  let elems: Value[];
  if (v instanceof Tuple || v instanceof List) elems = v.elems;
  else {
    if (typeof v === 'string' || v === null || typeof v !== 'object' || v instanceof Float || v instanceof Builtin || v instanceof StarlarkFunction || v instanceof Bytes || (v instanceof HostValue && !v.iterate()))
      throw runtimeError(`got ${typeName(v)} in sequence assignment`);
    elems = iterableElems(v);
  }
  if (elems.length !== n) {
    if (elems.length > n) throw runtimeError(`too many values to unpack (got ${elems.length}, want ${n})`);
    throw runtimeError(`too few values to unpack (got ${elems.length}, want ${n})`);
  }
  return elems;
}
/**
 * What `for i, x in enumerate(xs)` loops over: xs's elements, as enumerate(xs) would pair them (a copy of a
 * list, so the body may change it as it could with enumerate's result), charged as the builtin charges.
 * Anything but a list or tuple goes through the builtin itself (its checks and errors), unpaired after.
 */
function enumerated(th: Thread, xs: Value, b: Builtin, site: Position): Value[] {
  if (xs instanceof List || xs instanceof Tuple) {
    if (++th.steps > th.maxSteps) stepLimit(th); // as callBuiltin
    th.steps += xs.elems.length; // cost.ts chargeElems, as enumerate
    return xs instanceof List ? xs.elems.slice() : xs.elems;
  }
  const pairs = callAny(th, b, [xs], null, site) as List;
  return pairs.elems.map((p) => (p as Tuple).elems[1]);
}
/** A dict literal with distinct constant string keys (see constantStringKeys): its shape holds the keys. */
function dict(shape: DictShape, born: DictSites, a: Value | undefined, b: Value | undefined, c: Value | undefined, d: Value | undefined, more?: Value[]): Dict {
  return Dict.literal(shape, born, a, b, c, d, more);
}
function dput(d: Dict, k: Value, v: Value): void {
  if (typeof k === 'string') {
    if (d.get(k) !== undefined) throw runtimeError(`duplicate key: ${decodeUtf8(repr(k))}`);
    d.set(k, v);
    return;
  }
  if (d.has(k)) throw runtimeError(`duplicate key: ${decodeUtf8(repr(k))}`);
  d.set(k, v);
}
function undef(kind: string, name: string): never {
  throw runtimeError(`${kind} variable ${name} referenced before assignment`);
}
function undefName(name: string): never {
  throw runtimeError(`undefined: ${name}`);
}
/**
 * Go detects recursion inside the callee, after pushing its frame: the traceback lists the callee at its
 * entry position (the first positioned instruction of its body), below the recursive call.
 */
function recursive(name: string, file: string, entry: Node): never {
  throw recursionError(name, file, entry);
}
function overflow(): never {
  throw new StarlarkError('limit', 'Starlark stack overflow');
}
/** An error leaving a comprehension: its enclosing frame reports the comprehension's position. */
function compErr(e: unknown, n: Node): StarlarkError {
  const se = toStarlarkError(e);
  if (!se.atNode) se.atNode = n;
  return se;
}
function frameErr(e: unknown, fn: string, file: string, n: Node): StarlarkError {
  const se = toStarlarkError(e);
  if (se.atNode) {
    n = se.atNode;
    se.atNode = undefined;
  }
  se.traceback.unshift({ fn, pos: { file, line: n.line, col: n.col } });
  return se;
}
function load(th: Thread, module: string, fromFile: string, names: string[]): Value[] {
  const m = loadModule(th, module, fromFile);
  return names.map((n) => {
    const v = m.globals.get(n);
    if (v === undefined) {
      const h = nearest(n, [...m.globals.keys()]);
      throw runtimeError(`load: name ${n} not found in module ${module}${h ? ` (did you mean ${h}?)` : ''}`);
    }
    return v;
  });
}
function excessive(out: Value[], th: Thread): Value[] {
  if (out.length > th.maxAllocation) throw runtimeError('excessive list size');
  return out;
}

const RT = {
  cm, append1, get1, get2, get2e, str1, int1, len1, type1, pct, pct1, pctN, sfmt, sfmtN,
  T, add, sub, mul, mod, floordiv, lt, enumerated, le, gt, ge, eq, inop, neg, idx, setidx, aug, bin, call, callStar, callMethod, seq, lock, unlock, unpack, dput, dict,
  undef, undefName, recursive, overflow, frameErr, compErr, load, excessive, stepLimit, bindArgs, truth, unary, contains, getAttr, setAttr, slice,
  List, Tuple, Dict, Float, Bytes, StarlarkFunction, Range,
};

// ---------------------------------------------------------------------------------------------------------
// the generator

interface FnGen {
  info: FunctionInfo;
  /** JS names of temporaries used by this function. */
  temps: number;
  /** Local slots (vN) the generated code of this JS function refers to. */
  used: Set<number>;
}

class Gen {
  /** Constants referenced as K[i]. */
  K: unknown[] = [];
  /** Nodes referenced as P[i] (error positions). */
  P: Node[] = [];
  /** Function codes referenced as C[i]; C[0] is the top level. */
  codes: CompiledCode[] = [];
  /** Generated JS functions, by code index. */
  fnSrc: string[] = [];
  /** Generated comprehension functions (c0, c1, ...). */
  compSrc: string[] = [];
  private cur!: FnGen;

  constructor(
    readonly file: string,
    readonly predeclared: Map<string, Value>,
    /** The file is compiled with the `recursion` option: see generateModule. */
    readonly recursion: boolean,
  ) {}

  private kIndex = new Map<unknown, number>();
  k(v: unknown): string {
    let i = this.kIndex.get(v);
    if (i === undefined) {
      i = this.K.length;
      this.K.push(v);
      this.kIndex.set(v, i);
    }
    return `K[${i}]`;
  }

  p(n: Node): string {
    this.P.push(n);
    return `pc = ${this.P.length - 1}`;
  }

  tmp(): string {
    return `$t${this.cur.temps++}`;
  }

  /** Compiles a function body into JS source; returns its code index. */
  func(info: FunctionInfo, name: string, node: Node, body: Stmt[] | null, bodyExpr: Expr | null, positional: Param[]): number {
    const index = this.codes.length;
    const paramNames = positional.map((p) => p.name!.name);
    const star = info.params.find((p) => p.kind === 'star' && p.name);
    const starstar = info.params.find((p) => p.kind === 'starstar');
    if (star) paramNames.push(star.name!.name);
    if (starstar) paramNames.push(starstar.name!.name);
    const code: CompiledCode = {
      name,
      pos: { file: this.file, line: node.line, col: node.col },
      doc: docOf(body),
      paramNames,
      numParams: info.numParams,
      numKwonly: info.numKwonly,
      hasVarargs: info.hasVarargs,
      hasKwargs: info.hasKwargs,
      active: 0,
      file: this.file,
      direct: index > 0 && info.numKwonly === 0 && !info.hasVarargs && !info.hasKwargs ? info.numParams : -1,
      invoke: null as unknown as CompiledCode['invoke'],
    };
    this.codes.push(code);
    this.fnSrc.push('');
    const saved = this.cur;
    this.cur = { info, temps: 0, used: new Set() };
    const startPc = this.P.length;
    this.P.push(body ? entryNode(body, node) : bodyExpr ? entryNode([{ kind: 'Return', line: node.line, col: node.col, x: bodyExpr }], node) : node);
    const bodySrc = body ? this.block(body) : `return ${this.expr(bodyExpr!)};`;
    const nlocals = info.locals.length;
    const np = info.numParams;
    const simple = code.direct >= 0;
    // A simple function takes its parameters as JS parameters too (see CompiledCode.direct): they are its
    // first locals, so they are not declared again.
    const vars = info.locals.map((_, i) => `v${i}`).slice(simple ? np : 0);
    const params = simple ? Array.from({ length: np }, (_, i) => `, v${i}`).join('') : '';
    const temps = Array.from({ length: this.cur.temps }, (_, i) => `$t${i}`);
    const decl = [...vars, ...temps].length ? `let ${[...vars, ...temps].join(', ')};` : '';
    const nparamSlots = np + info.numKwonly + (info.hasVarargs ? 1 : 0) + (info.hasKwargs ? 1 : 0);
    const fromArgs = Array.from({ length: np }, (_, i) => `v${i} = args[${i}];`).join(' ');
    const fromBound = Array.from({ length: nparamSlots }, (_, i) => `v${i} = l[${i}];`).join(' ');
    const cells = info.locals
      .filter((b) => b.scope === 'cell')
      .map((b) => `v${b.index} = { v: v${b.index} };`)
      .join(' ');
    const isTop = index === 0;
    const fname = JSON.stringify(name);
    // The recursion check counts each function's active calls; a file compiled with `recursion` has none.
    const check = this.recursion ? '' : `if (code.active > 0 && !th.options.recursion) R.recursive(${fname}, FILE, P[${startPc}]);`;
    const enter = this.recursion ? '' : 'code.active++; ';
    const leave = this.recursion ? '' : 'code.active--; ';
    const src = isTop
      ? `function f0(th, fn) {
  ${decl}
  let pc = ${startPc};
  try {
    ${cells}
    ${bodySrc}
    return null;
  } catch (e) { throw R.frameErr(e, ${fname}, FILE, P[pc]); }
}`
      : `function f${index}(th, fn, args, kwargs, site${params}) {
  if (++th.steps > th.maxSteps) R.stepLimit(th);
  const code = C[${index}];
  ${check}
  if (th.depth >= th.maxCallDepth) R.overflow();
  ${decl}
  let pc = ${startPc};
  ${enter}th.depth++; th.callers[th.depth] = site;
  try {
    ${simple ? `if (args === null) {} else if (kwargs === null && args.length === ${np}) { ${fromArgs} } else { const l = new Array(${nlocals}); R.bindArgs(code, fn, args, kwargs, l); ${fromBound} }` : `{ const l = new Array(${nlocals}); R.bindArgs(code, fn, args, kwargs, l); ${fromBound} }`}
    ${cells}
    ${bodySrc}
    return null;
  } catch (e) { throw R.frameErr(e, ${fname}, FILE, P[pc]); }
  finally { ${leave}th.depth--; }
}`;
    this.fnSrc[index] = src;
    this.cur = saved;
    return index;
  }

  block(stmts: Stmt[]): string {
    return stmts.map((s) => this.stmt(s)).join('\n');
  }

  stmt(s: Stmt): string {
    switch (s.kind) {
      case 'ExprStmt':
        return `${this.expr(s.x)};`;
      case 'Return':
        return s.x ? `return ${this.expr(s.x)};` : 'return null;';
      case 'Break':
        return 'break;';
      case 'Continue':
        return 'continue;';
      case 'Pass':
        return ';';
      case 'Assign':
        if (s.op === '=') {
          const t = this.tmp();
          return `${t} = ${this.expr(s.rhs)}; ${this.assign(s.lhs, t, s)}`;
        }
        return this.augAssign(s.lhs, s.op.slice(0, -1), s.rhs, s);
      case 'If':
        return `if (${this.truth(this.expr(s.cond))}) {\n${this.block(s.then)}\n}${s.else.length ? ` else {\n${this.block(s.else)}\n}` : ''}`;
      case 'For':
        return this.loop(s.iter, s.vars, s, () => this.block(s.body));
      case 'While': {
        const pos = this.p(s);
        return `while (${this.truth(this.expr(s.cond))}) {
  if (++th.steps > th.maxSteps) { ${pos}; R.stepLimit(th); }
  ${this.block(s.body)}
}`;
      }
      case 'Def': {
        const f = this.makeFunction(s.fn!, s.params, s.name.name, s, s.body, null);
        const t = this.tmp();
        return `${t} = ${f}; ${this.assign(s.name, t)}`;
      }
      case 'Load': {
        const t = this.tmp();
        const names = JSON.stringify(s.names.map((n) => n.orig));
        const stores = s.names.map((n, i) => this.assign(n.local, `${t}[${i}]`)).join(' ');
        return `${this.p(s)}; ${t} = R.load(th, ${JSON.stringify(s.module)}, FILE, ${names}); ${stores}`;
      }
    }
  }

  /** JS statements that store the JS expression `v` (evaluated once) into a target. */
  assign(lhs: Expr, v: string, at?: Node): string {
    switch (lhs.kind) {
      case 'Ident': {
        const b = lhs.binding as ResolvedBinding;
        switch (b.scope) {
          case 'local':
            this.cur.used.add(b.index);
            return `v${b.index} = ${v};`;
          case 'cell':
            this.cur.used.add(b.index);
            return `v${b.index}.v = ${v};`;
          case 'free':
            return `fn.freevars[${b.index}].v = ${v};`;
          case 'global':
            return `G[${b.index}] = ${v};`;
          default:
            throw new Error(`internal error: cannot assign to ${b.scope} ${lhs.name}`);
        }
      }
      case 'Index': {
        const t = this.tmp();
        return `${t} = ${v}; R.setidx(${this.expr(lhs.x)}, ${this.expr(lhs.index)}, ${t}, ${this.p(lhs)});`;
      }
      case 'Dot': {
        const t = this.tmp();
        return `${t} = ${v}; R.setAttr(${this.expr(lhs.x)}, ${JSON.stringify(lhs.name)}, ${t}, ${this.p(lhs)});`;
      }
      case 'Tuple':
      case 'List': {
        const t = this.tmp();
        const parts = lhs.elems.map((e, i) => this.assign(e, `${t}[${i}]`, at)).join(' ');
        return `${t} = R.unpack(${v}, ${lhs.elems.length}, ${this.p(at ?? lhs)}); ${parts}`;
      }
      default:
        throw new Error(`internal error: cannot assign to ${lhs.kind}`);
    }
  }

  /**
   * The JS loop of `for vars in iter:` (a for statement or a comprehension clause) around body's code.
   * `for i, x in enumerate(xs)` loops over xs's elements with a counter (see enumerated) instead of making
   * and unpacking an (i, x) tuple per element.
   */
  loop(iter: Expr, vars: Expr, at: Node, body: () => string): string {
    const pos = this.p(at);
    const j = this.tmp();
    const e = enumerateLoop(iter, vars);
    if (e) {
      const xs = this.tmp();
      const b = this.k(universe.get('enumerate'));
      const site = this.k({ file: this.file, line: iter.line, col: iter.col } satisfies Position);
      const src = `R.enumerated(th, ${this.expr(e.xs)}, ${b}, (${this.p(iter)}, ${site}))`;
      return `${xs} = ${src}; ${pos};
for (let ${j} = 0; ${j} < ${xs}.length; ${j}++) {
  if (++th.steps > th.maxSteps) { ${pos}; R.stepLimit(th); }
  ${this.assign(e.a, j, at)}
  ${this.assign(e.b, `${xs}[${j}]`, at)}
  ${body()}
}`;
    }
    const x = this.tmp(),
      a = this.tmp(),
      n = this.tmp(),
      v = this.tmp();
    if (isRangeCall(iter)) {
      // The universal range() returns a Range or fails: a counted loop, with the Range's start and step read
      // once. A Range cannot change, so the loop neither locks it nor needs seq()'s element array.
      const step = this.tmp();
      return `${x} = ${this.expr(iter)}; ${pos}; ${n} = ${x}.length; ${a} = ${x}.start; ${step} = ${x}.step;
for (let ${j} = 0; ${j} < ${n}; ${j}++) {
  if (++th.steps > th.maxSteps) { ${pos}; R.stepLimit(th); }
  ${v} = ${a} + ${j} * ${step};
  ${this.assign(vars, v, at)}
  ${body()}
}`;
    }
    return `${x} = ${this.expr(iter)}; ${pos}; ${a} = R.seq(${x}); ${n} = ${a} === null ? ${x}.length : ${a}.length;
R.lock(${x});
try {
  for (let ${j} = 0; ${j} < ${n}; ${j}++) {
    if (++th.steps > th.maxSteps) { ${pos}; R.stepLimit(th); }
    ${v} = ${a} === null ? ${x}.start + ${j} * ${x}.step : ${n} === Infinity ? ${a}.next() : ${a}[${j}];
    if (${v} === undefined) break;
    ${this.assign(vars, v, at)}
    ${body()}
  }
} finally { R.unlock(${x}); }`;
  }

  augAssign(lhs: Expr, op: string, rhs: Expr, node: Node): string {
    const o = JSON.stringify(op);
    switch (lhs.kind) {
      case 'Ident': {
        const t = this.tmp();
        return `${t} = R.aug(${o}, ${this.ident(lhs)}, ${this.expr(rhs)}, th, ${this.p(node)}); ${this.assign(lhs, t)}`;
      }
      case 'Index': {
        const a = this.tmp(),
          k = this.tmp(),
          t = this.tmp();
        return `${a} = ${this.expr(lhs.x)}; ${k} = ${this.expr(lhs.index)}; ${t} = R.aug(${o}, R.idx(${a}, ${k}, ${this.p(lhs)}), ${this.expr(rhs)}, th, ${this.p(node)}); R.setidx(${a}, ${k}, ${t}, ${this.p(lhs)});`;
      }
      case 'Dot': {
        const a = this.tmp(),
          t = this.tmp();
        const name = JSON.stringify(lhs.name);
        return `${a} = ${this.expr(lhs.x)}; ${t} = R.aug(${o}, R.getAttr(${a}, ${name}, ${this.p(lhs)}), ${this.expr(rhs)}, th, ${this.p(node)}); R.setAttr(${a}, ${name}, ${t}, ${this.p(lhs)});`;
      }
      default:
        throw new Error(`internal error: augmented assignment to ${lhs.kind}`);
    }
  }

  makeFunction(info: FunctionInfo, params: Param[], name: string, node: Node, body: Stmt[] | null, bodyExpr: Expr | null): string {
    const positional = params.filter((p) => p.kind === 'plain' || p.kind === 'default');
    const defaults = positional.map((p) => (p.kind === 'default' ? this.expr(p.default!) : 'undefined'));
    const cells = info.freevars.map((b) => this.cellRef(b));
    const index = this.func(info, name, node, body, bodyExpr, positional);
    return `new R.StarlarkFunction(C[${index}], [${defaults.join(', ')}], [${cells.join(', ')}], M)`;
  }

  cellRef(b: Binding): string {
    if (b.scope === 'cell') {
      this.cur.used.add(b.index);
      return `v${b.index}`;
    }
    if (b.scope === 'free') return `fn.freevars[${b.index}]`;
    throw new Error(`internal error: free variable bound to ${b.scope}`);
  }

  ident(id: Ident): string {
    const b = id.binding as ResolvedBinding;
    const name = JSON.stringify(id.name);
    switch (b.scope) {
      case 'local':
        this.cur.used.add(b.index);
        return `(v${b.index} !== undefined ? v${b.index} : (${this.p(id)}, R.undef("local", ${name})))`;
      case 'cell':
        this.cur.used.add(b.index);
        return `(v${b.index}.v !== undefined ? v${b.index}.v : (${this.p(id)}, R.undef("local", ${name})))`;
      case 'free':
        return `(fn.freevars[${b.index}].v !== undefined ? fn.freevars[${b.index}].v : (${this.p(id)}, R.undef("local", ${name})))`;
      case 'global':
        return `(G[${b.index}] !== undefined ? G[${b.index}] : (${this.p(id)}, R.undef(${b.fileLocal ? '"local"' : '"global"'}, ${name})))`;
      case 'predeclared': {
        const v = this.predeclared.get(id.name);
        return v === undefined ? `(${this.p(id)}, R.undefName(${name}))` : this.constant(v);
      }
      case 'universal': {
        const v = universe.get(id.name);
        return v === undefined ? `(${this.p(id)}, R.undefName(${name}))` : this.constant(v);
      }
      default:
        return `(${this.p(id)}, R.undefName(${name}))`;
    }
  }

  /** A JS boolean expression for the truth of a Starlark expression (inlined fast path for bools). */
  truth(e: string): string {
    const t = this.tmp();
    return `((${t} = ${e}) === true || (${t} !== false && R.truth(${t})))`;
  }

  constant(v: Value): string {
    if (v === null) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (typeof v === 'number') return Object.is(v, -0) ? '0' : String(v);
    if (typeof v === 'string') return JSON.stringify(v);
    return this.k(v);
  }

  expr(x: Expr): string {
    switch (x.kind) {
      case 'Ident':
        return this.ident(x);
      case 'Literal':
        if (x.isFloat) return this.k(new Float(x.value as number));
        if (x.isBytes) return this.k(new Bytes(x.value as string));
        if (typeof x.value === 'bigint') return this.k(x.value);
        return this.constant(x.value);
      case 'Unary': {
        const e = this.expr(x.x);
        if (x.op === 'not') return `!${this.truth(e)}`;
        if (x.op === '-') return `R.neg(${e}, ${this.p(x)})`;
        return `R.unary(${JSON.stringify(x.op)}, ${e}, ${this.p(x)})`;
      }
      case 'Binary':
        return this.binaryExpr(x);
      case 'Cond':
        return `(${this.truth(this.expr(x.cond))} ? ${this.expr(x.t)} : ${this.expr(x.f)})`;
      case 'Call':
        return this.callExpr(x);
      case 'Index':
        return `R.idx(${this.expr(x.x)}, ${this.expr(x.index)}, ${this.p(x)})`;
      case 'Slice': {
        const part = (e: Expr | undefined) => (e ? this.expr(e) : 'undefined');
        return `R.slice(${this.expr(x.x)}, ${part(x.lo)}, ${part(x.hi)}, ${part(x.step)}, ${this.p(x)})`;
      }
      case 'Dot':
        return `R.getAttr(${this.expr(x.x)}, ${JSON.stringify(x.name)}, ${this.p(x)})`;
      case 'List':
        return `new R.List([${x.elems.map((e) => this.expr(e)).join(', ')}])`;
      case 'Tuple':
        return `new R.Tuple([${x.elems.map((e) => this.expr(e)).join(', ')}])`;
      case 'Dict': {
        if (x.entries.length === 0) return 'new R.Dict()';
        const born = this.k(dictSites(this.file, x));
        if (constantStringKeys(x.entries)) {
          // Distinct constant string keys: no entry can fail (no duplicate, nothing unhashable), so the
          // values go straight into the dict's array, evaluated in source order as Go does (the keys are
          // constants, held once by the literal's shape).
          const shape = this.k(DictShape.literal(x.entries.map((en) => (en.key as Extract<Expr, { kind: 'Literal' }>).value as string)));
          const values = x.entries.map((en) => this.expr(en.value));
          const first = Array.from({ length: DICT_INLINE }, (_, i) => values[i] ?? 'undefined');
          const more = values.length > DICT_INLINE ? `, [${values.slice(DICT_INLINE).join(', ')}]` : '';
          return `R.dict(${shape}, ${born}, ${first.join(', ')}${more})`;
        }
        const t = this.tmp();
        const puts = x.entries.map((en) => `R.dput(${t}, ${this.expr(en.key)}, ${this.expr(en.value)}, ${this.p(en)})`);
        return `(${t} = new R.Dict(), ${t}.born = ${born}, ${puts.join(', ')}, ${t})`;
      }
      case 'Comp':
        return this.comprehension(x);
      case 'Lambda':
        return this.makeFunction(x.fn!, x.params, 'lambda', x, null, x.body);
    }
  }

  binaryExpr(x: Extract<Expr, { kind: 'Binary' }>): string {
    if (x.op === '%' && x.x.kind === 'Literal' && typeof x.x.value === 'string' && !x.x.isBytes) {
      const plan = percentPlan(x.x.value);
      const n = plan?.convs.length ?? 0;
      if (plan && x.y.kind === 'Tuple' && x.y.elems.length === n)
        return this.formatCall(n <= 4 ? 'pct' : 'pctN', plan, x.y.elems.map((e) => this.expr(e)), x);
      if (plan && x.y.kind !== 'Tuple' && n === 1) return this.formatCall('pct1', plan, [this.expr(x.y)], x);
    }
    const a = this.expr(x.x),
      b = this.expr(x.y);
    switch (x.op) {
      case 'and': {
        const t = this.tmp();
        return `(${this.truth(`(${t} = ${a})`)} ? ${b} : ${t})`;
      }
      case 'or': {
        const t = this.tmp();
        return `(${this.truth(`(${t} = ${a})`)} ? ${t} : ${b})`;
      }
      // Fast paths are inlined into each program's own code, so V8's type feedback stays per call site
      // (shared helpers would turn polymorphic once several programs have run).
      case '==':
      case '!=': {
        const u = this.tmp(),
          v = this.tmp();
        const fast = `(typeof (${u} = ${a}) === 'number' & typeof (${v} = ${b}) === 'number' ? ${u} === ${v} : R.eq(${u}, ${v}, ${this.p(x)}))`;
        return x.op === '==' ? fast : `!${fast}`;
      }
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const u = this.tmp(),
          v = this.tmp();
        const slow = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' }[x.op];
        return `(typeof (${u} = ${a}) === 'number' & typeof (${v} = ${b}) === 'number' ? ${u} ${x.op} ${v} : R.${slow}(${u}, ${v}, ${this.p(x)}))`;
      }
      case '+':
      case '-': {
        const u = this.tmp(),
          v = this.tmp(),
          z = this.tmp();
        const slow = x.op === '+' ? 'add' : 'sub';
        return `(typeof (${u} = ${a}) === 'number' & typeof (${v} = ${b}) === 'number' && (${z} = ${u} ${x.op} ${v}) <= 9007199254740991 && ${z} >= -9007199254740991 ? ${z} : R.${slow}(${u}, ${v}, th, ${this.p(x)}))`;
      }
      case '*':
        return `R.mul(${a}, ${b}, th, ${this.p(x)})`;
      case '%':
        return `R.mod(${a}, ${b}, th, ${this.p(x)})`;
      case '//':
        return `R.floordiv(${a}, ${b}, th, ${this.p(x)})`;
      case '&':
      case '|':
      case '^': {
        // both ints in int32 range (x | 0 === x): JS's 32-bit operator gives Starlark's result
        const u = this.tmp(),
          v = this.tmp();
        return `(typeof (${u} = ${a}) === 'number' & typeof (${v} = ${b}) === 'number' && (${u} | 0) === ${u} && (${v} | 0) === ${v} ? ${u} ${x.op} ${v} : R.bin(${JSON.stringify(x.op)}, ${u}, ${v}, th, ${this.p(x)}))`;
      }
      case 'in':
        return `R.inop(${a}, ${b}, ${this.p(x)})`;
      case 'not in':
        return `!R.inop(${a}, ${b}, ${this.p(x)})`;
      default:
        return `R.bin(${JSON.stringify(x.op)}, ${a}, ${b}, th, ${this.p(x)})`;
    }
  }

  /**
   * R.fn(th, plan, a0, …): a literal format string applied to arguments (see FormatPlan); pctN and sfmtN take
   * them as one array, [a0, …]. The position is set after the last argument is evaluated.
   */
  formatCall(fn: 'pct' | 'pct1' | 'pctN' | 'sfmt' | 'sfmtN', plan: FormatPlan, args: string[], at: Node): string {
    const last = this.tmp();
    const init = args.slice(0, -1).map((a) => `${a}, `).join('');
    const lastArg = `(${last} = ${args[args.length - 1]}, ${this.p(at)}, ${last})`;
    if (fn === 'pctN' || fn === 'sfmtN') return `R.${fn}(th, ${this.k(plan)}, [${init}${lastArg}])`;
    return `R.${fn}(th, ${this.k(plan)}, ${init}${lastArg})`;
  }

  callExpr(x: Extract<Expr, { kind: 'Call' }>): string {
    const pos: string[] = [];
    const named: string[] = [];
    let star = 'undefined',
      starstar = 'undefined';
    // Source order for positional and named arguments; *args and **kwargs last (as in Go).
    for (const a of x.args) {
      if (a.kind === 'pos') pos.push(this.expr(a.value));
      else if (a.kind === 'named') named.push(`[${JSON.stringify(a.name)}, ${this.expr(a.value)}]`);
    }
    const sa = x.args.find((a) => a.kind === 'star');
    const ska = x.args.find((a) => a.kind === 'starstar');
    if (sa) star = this.expr(sa.value);
    if (ska) starstar = this.expr(ska.value);
    // Named arguments cannot precede positional ones (a static error), so this is source order.
    const argsSrc = `[${pos.join(', ')}]`;
    const kwSrc = named.length ? `[${named.join(', ')}]` : 'null';
    const p = this.p(x);
    // where the call is written, for Thread.callers (a constant: the generated code only passes it on)
    const site = this.k({ file: this.file, line: x.line, col: x.col } satisfies Position);
    if (sa || ska) {
      const fnSrc = x.fn.kind === 'Dot' ? `R.getAttr(${this.expr(x.fn.x)}, ${JSON.stringify(x.fn.name)}, ${this.p(x.fn)})` : this.expr(x.fn);
      return `R.callStar(th, ${fnSrc}, ${argsSrc}, ${kwSrc}, ${star}, ${starstar}, (${p}, ${site}))`;
    }
    if (x.fn.kind === 'Dot') {
      const ms = new MethodSite(x.fn.name);
      ms.node = x.fn;
      const site = this.k(ms);
      const recv = this.expr(x.fn.x);
      if (named.length === 0) {
        if (x.fn.name === 'append' && pos.length === 1) return `R.append1(th, ${recv}, ${pos[0]}, ${site}, ${p})`;
        if (x.fn.name === 'get' && pos.length === 1) return `R.get1(th, ${recv}, ${pos[0]}, ${site}, ${p})`;
        if (x.fn.name === 'get' && pos.length === 2) {
          const d = x.args[1].value;
          if ((d.kind === 'Dict' && d.entries.length === 0) || (d.kind === 'List' && d.elems.length === 0))
            return `R.get2e(th, ${recv}, ${pos[0]}, ${d.kind === 'List'}, ${site}, ${p})`;
          return `R.get2(th, ${recv}, ${pos[0]}, ${pos[1]}, ${site}, ${p})`;
        }
      }
      const r = x.fn.x;
      if (x.fn.name === 'format' && named.length === 0 && r.kind === 'Literal' && typeof r.value === 'string' && !r.isBytes) {
        const plan = bracePlan(r.value);
        if (plan && plan.convs.length === pos.length) return this.formatCall(pos.length <= 4 ? 'sfmt' : 'sfmtN', plan, pos, x);
      }
      return `R.cm(th, ${recv}, ${site}, ${argsSrc}, ${kwSrc}, ${p})`;
    }
    if (x.fn.kind === 'Ident' && (x.fn.binding as ResolvedBinding).scope === 'universal' && named.length === 0 && pos.length === 1) {
      const b = universe.get(x.fn.name);
      if (x.fn.name === 'str') return `R.str1(th, ${pos[0]}, ${this.k(b)}, ${p})`;
      if (x.fn.name === 'int') return `R.int1(th, ${pos[0]}, ${this.k(b)}, ${p})`;
      if (x.fn.name === 'len') return `R.len1(th, ${pos[0]}, ${this.k(b)}, ${p})`;
      if (x.fn.name === 'type') {
        // type({}) and type([]), the idiom for "is it a dict": the type is known here, and making the empty
        // value has no effect anyone can see, so it is not made (in get_path-like helpers it was made at every
        // step).
        const arg = x.args[0].value;
        if ((arg.kind === 'Dict' && arg.entries.length === 0) || (arg.kind === 'List' && arg.elems.length === 0))
          return `(th.steps++, ${JSON.stringify(arg.kind === 'Dict' ? 'dict' : 'list')})`;
        return `R.type1(th, ${pos[0]})`;
      }
    }
    const f = this.tmp();
    if (named.length === 0) {
      // Positional arguments only: a callee that takes them directly gets no arguments array. pc is set to
      // the call after the last argument is evaluated (as in the array form), so a failing call names it.
      let direct = `, (${p}, ${site})`;
      if (pos.length > 0) {
        const last = this.tmp();
        direct = `, ${site}${pos.slice(0, -1).map((a) => `, ${a}`).join('')}, (${last} = ${pos[pos.length - 1]}, ${p}, ${last})`;
      }
      return `((${f} = ${this.expr(x.fn)}) instanceof R.StarlarkFunction && ${f}.code.direct === ${pos.length} ? ${f}.code.invoke(th, ${f}, null, null${direct}) : R.call(th, ${f}, ${argsSrc}, null, (${p}, ${site})))`;
    }
    return `((${f} = ${this.expr(x.fn)}) instanceof R.StarlarkFunction ? ${f}.code.invoke(th, ${f}, ${argsSrc}, ${kwSrc}, (${p}, ${site})) : R.call(th, ${f}, ${argsSrc}, ${kwSrc}, (${p}, ${site})))`;
  }

  /**
   * A comprehension becomes its own JS function: its loop variables and temporaries stay in registers
   * (an inline closure would force the enclosing function's variables into a heap context). Enclosing
   * locals it reads are passed by value (nothing can rebind them meanwhile); cells are passed as cells.
   */
  comprehension(x: Extract<Expr, { kind: 'Comp' }>): string {
    const index = this.compSrc.length;
    this.compSrc.push('');
    const saved = this.cur;
    this.cur = { info: saved.info, temps: 0, used: new Set() };
    const startPc = this.P.length;
    this.P.push(x);
    const out = this.tmp();
    let inner: string;
    if (x.curly) {
      const e = x.body as DictEntry;
      const k = this.tmp(),
        v = this.tmp();
      inner = `${k} = ${this.expr(e.key)}; ${v} = ${this.expr(e.value)}; ${this.p(e)}; ${out}.set(${k}, ${v});`;
    } else inner = `${out}.push(${this.expr(x.body as Expr)});`;
    const own = new Set<number>();
    for (let i = x.clauses.length - 1; i >= 0; i--) {
      const c = x.clauses[i];
      if (c.kind === 'IfClause') inner = `if (${this.truth(this.expr(c.cond))}) {\n${inner}\n}`;
      else {
        collectLocals(c.vars, own);
        // The first clause's iterable is evaluated in the enclosing scope in Go; here it is evaluated first
        // thing in the comprehension, which is observably the same.
        const body = inner;
        inner = this.loop(c.iter, c.vars, c, () => body);
      }
    }
    const result = x.curly ? `return ${out};` : `return new R.List(R.excessive(${out}, th));`;
    const init = x.curly ? `${out} = new R.Dict();` : `${out} = [];`;
    const used = this.cur.used;
    const temps = Array.from({ length: this.cur.temps }, (_, i) => `$t${i}`);
    this.cur = saved;
    const params = [...used].filter((i) => !own.has(i)).sort((a, b) => a - b);
    const lets = [...[...own].map((i) => `v${i}`), ...temps];
    for (const i of params) this.cur.used.add(i);
    const paramList = params.map((i) => `, v${i}`).join('');
    this.compSrc[index] = `function c${index}(th, fn${paramList}) {
  ${lets.length ? `let ${lets.join(', ')};` : ''}
  let pc = ${startPc};
  try {
    ${init}
    ${inner}
    ${result}
  } catch (e) { throw R.compErr(e, P[pc]); }
}`;
    return `c${index}(th, fn${paramList})`;
  }
}

/** True when a dict literal's keys are distinct string literals that fit a flat dict (see Dict). */
function constantStringKeys(entries: DictEntry[]): boolean {
  if (entries.length > DICT_FLAT_MAX) return false;
  const seen = new Set<string>();
  for (const en of entries) {
    const k = en.key;
    if (k.kind !== 'Literal' || typeof k.value !== 'string' || k.isBytes || seen.has(k.value)) return false;
    seen.add(k.value);
  }
  return true;
}

/** Local (non-cell) slots bound by an assignment target. */
/** True when `iter` is a call of the universal range() with positional arguments only (its value is a Range). */
function isRangeCall(iter: Expr): boolean {
  if (iter.kind !== 'Call' || iter.fn.kind !== 'Ident' || iter.fn.name !== 'range') return false;
  return (iter.fn.binding as ResolvedBinding).scope === 'universal' && iter.args.every((a) => a.kind === 'pos');
}

/** xs, a and b when a loop is `for a, b in enumerate(xs)` with the universal enumerate; otherwise null. */
function enumerateLoop(iter: Expr, vars: Expr): { xs: Expr; a: Expr; b: Expr } | null {
  if (iter.kind !== 'Call' || iter.fn.kind !== 'Ident' || iter.fn.name !== 'enumerate') return null;
  if ((iter.fn.binding as ResolvedBinding).scope !== 'universal') return null;
  if (iter.args.length !== 1 || iter.args[0].kind !== 'pos') return null;
  if ((vars.kind !== 'Tuple' && vars.kind !== 'List') || vars.elems.length !== 2) return null;
  return { xs: iter.args[0].value, a: vars.elems[0], b: vars.elems[1] };
}

function collectLocals(e: Expr, into: Set<number>): void {
  if (e.kind === 'Ident') {
    const b = e.binding as ResolvedBinding;
    if (b.scope === 'local') into.add(b.index);
  } else if (e.kind === 'Tuple' || e.kind === 'List') for (const x of e.elems) collectLocals(x, into);
}

/** A compiled module: run() executes its top level on a thread. */
export interface GeneratedModule {
  run(thread: Thread): void;
}

/**
 * Compiles a resolved file to JavaScript. Returns null when code generation is unavailable. `recursion`: the
 * file is compiled with the `recursion` option, so its functions make no recursion check, on any thread (as
 * starlark-go's per-file FileOptions.Recursion); without it they check unless the calling thread allows it.
 */
export function generateModule(file: string, ast: FileAST, predeclared: Map<string, Value>, mod: ModuleEnv, recursion: boolean): GeneratedModule | null {
  if (!canGenerateCode()) return null;
  const g = new Gen(file, predeclared, recursion);
  g.func(ast.toplevel!, '<toplevel>', { line: 1, col: 1 }, ast.stmts, null, []);
  const src = `"use strict";\n${g.fnSrc.join('\n')}\n${g.compSrc.join('\n')}\nreturn [${g.fnSrc.map((_, i) => `f${i}`).join(', ')}];`;
  const factory = new Function('R', 'K', 'P', 'C', 'G', 'M', 'FILE', src) as (...a: unknown[]) => ((...a: unknown[]) => Value)[];
  const fns = factory(RT, g.K, g.P, g.codes, mod.globals, mod, file);
  g.codes.forEach((c, i) => {
    if (i > 0) c.invoke = fns[i] as unknown as CompiledCode['invoke'];
  });
  return {
    run(thread: Thread) {
      fns[0](thread, null);
    },
  };
}

export type { Cell, Position, ThreadLike, Kwargs };
