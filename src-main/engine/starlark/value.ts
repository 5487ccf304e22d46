// The Starlark value model and the operations every value supports (type, str/repr, truth, hash,
// equality, ordering, freezing, iteration).
//
// Representation, chosen for speed in V8:
//   None → null; bool → JS boolean; int → JS number when it is a safe integer, else BigInt (never a BigInt
//   in the safe range, so each int has one representation); float → Float (a box, so ints stay unboxed);
//   str → JS string holding UTF-8 *bytes*, one char (0..255) per byte (Go's dialect: strings are byte
//   sequences; ASCII text is unchanged). Convert at the host boundary with encodeUtf8/decodeUtf8.
//   bytes → Bytes; list → List; tuple → Tuple; dict → Dict; set → StarlarkSet; range → Range;
//   def/lambda → StarlarkFunction; builtins and bound methods → Builtin; host types → HostValue subclasses.
import { runtimeError, type Position } from './errors.js';
import { DictShape, appended } from './dict-shape.js';
import { decodeRune } from './utf8.js';

export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | Float
  | Bytes
  | List
  | Tuple
  | Dict
  | StarlarkSet
  | Range
  | StarlarkFunction
  | Builtin
  | HostValue;

/** Keyword arguments of a call, in call order. */
export type Kwargs = [string, Value][];

/** The part of a thread that values need (the full Thread lives in thread.ts). */
export interface ThreadLike {
  name: string;
  steps: number;
  maxSteps: number;
  maxAllocation: number;
}

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Largest range that list(), sorted() etc. may materialise (the sandbox's memory guard). */
export const MAX_MATERIALIZE = 5_000_000;

export class Float {
  constructor(readonly v: number) {}
}

export class Bytes {
  /** One char (0..255) per byte. */
  constructor(readonly s: string) {}
}

/**
 * The mutation lock of a list, dict or set, one small integer (`lock`): FROZEN once frozen, plus ITER for
 * each iteration under way. One field instead of a flag and a counter keeps these objects small (reconciler
 * code keeps hundreds of thousands of them alive, and the collector copies every word), and "may I mutate?"
 * is one comparison: lock === 0.
 */
export const FROZEN = 1;
export const ITER = 2;

/** Shared by list, dict and set: a mutation of a locked value fails with Go's wording. */
function lockedError(lock: number, verb: string, what: string): never {
  if (lock & FROZEN) throw runtimeError(`cannot ${verb} frozen ${what}`);
  throw runtimeError(`cannot ${verb} ${what} during iteration`);
}

export class List {
  /** See FROZEN and ITER. */
  lock = 0;
  constructor(public elems: Value[]) {}
  get frozen(): boolean {
    return (this.lock & FROZEN) !== 0;
  }
  checkMutable(verb: string): void {
    if (this.lock !== 0) lockedError(this.lock, verb, 'list');
  }
}

export class Tuple {
  constructor(readonly elems: Value[]) {}
}

export const EMPTY_TUPLE = new Tuple([]);

/**
 * Hash-table key of a hashable value: the value itself for str/int/bool/None/non-integral floats, a
 * normalised number for integral floats (1.0 == 1), a tagged string for tuples and bytes (tags use chars
 * above 0xFF, which never occur in byte strings), or the object itself for values hashed by identity.
 */
const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;
function objectId(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) {
    id = nextObjectId++;
    objectIds.set(o, id);
  }
  return id;
}

export function hashKey(v: Value): unknown {
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
      return v;
    case 'object':
      if (v === null) return null;
      if (v instanceof Float) return floatKey(v.v);
      if (v instanceof Tuple) return '\u0100' + tupleKeyString(v, 0);
      if (v instanceof Bytes) return '\u0101' + v.s;
      if (v instanceof StarlarkFunction || v instanceof Builtin) return v;
      if (v instanceof HostValue) {
        v.hash();
        return v;
      }
      if (v instanceof Range) throw runtimeError('unhashable: range');
      throw runtimeError(`unhashable type: ${typeName(v)}`);
  }
  throw runtimeError(`unhashable type: ${typeName(v)}`);
}

function floatKey(f: number): unknown {
  if (Number.isInteger(f)) {
    if (Number.isSafeInteger(f)) return f === 0 ? 0 : f;
    return BigInt(f);
  }
  return f;
}

function tupleKeyString(t: Tuple, depth: number): string {
  if (depth > 100) throw runtimeError('tuple nesting too deep to hash');
  let s = '(' + t.elems.length + ':';
  for (const e of t.elems) {
    const k = e instanceof Tuple ? 't' + tupleKeyString(e, depth + 1) : hashKey(e);
    switch (typeof k) {
      case 'string':
        s += 's' + k.length + ':' + k;
        break;
      case 'number':
        s += 'n' + k + ';';
        break;
      case 'bigint':
        s += 'n' + k.toString() + ';';
        break;
      case 'boolean':
        s += k ? 'T' : 'F';
        break;
      default:
        s += k === null ? 'N' : 'o' + objectId(k as object) + ';';
    }
  }
  return s + ')';
}

function tooBig(): never {
  throw runtimeError(`dict too large (the limit is ${MAX_MATERIALIZE} entries)`);
}

/**
 * Where a dict literal was written, and each of its entries with a literal string key (a compile-time
 * constant shared by every dict the literal makes): field provenance's "line where the value was built".
 */
export interface DictSites {
  at: Position;
  keys: Map<string, Position>;
}

/** How many entries a dict keeps with a shape (see Dict) before it moves them to a Map. */
export const DICT_FLAT_MAX = 8;
const FLAT_MAX = DICT_FLAT_MAX;

/** How many of its values a dict with a shape keeps in fields of its own, v0..v3 (see Dict). */
export const DICT_INLINE = 4;
const INLINE = DICT_INLINE;

/** The entries of a dict that has no shape (see Dict). */
class DictTable {
  /** hashKey → value, in insertion order. */
  readonly map = new Map<unknown, Value>();
  /** hashKey → original key, only for keys whose hashKey is not the key itself (tuples, floats, bytes...). */
  okeys: Map<unknown, Value> | null = null;
  /** The original key of hash key h. */
  keyOf(h: unknown): Value {
    if (this.okeys) {
      const k = this.okeys.get(h);
      if (k !== undefined) return k;
    }
    return h as Value;
  }
}

export class Dict {
  /**
   * A small dict whose keys are all strings (most dicts of Choreo code: the fields of KRM objects) has a
   * shape, which holds its keys in insertion order and is shared with the other dicts that got the same keys
   * the same way (see DictShape), and keeps only its values: the first INLINE of them in fields of the dict
   * itself (v0..v3), the others in `rest`. Reconciler code keeps hundreds of thousands of these alive, and
   * the collector's copying of them was most of its run time: a dict of up to four entries is one object of
   * 88 bytes instead of three (the dict, a JS array and its backing store) of 120 to 168. The first key of
   * another type or the entry past FLAT_MAX moves the entries to a DictTable in `rest` for good (then
   * `shape` is null). Starlark strings never contain characters above U+00FF, so no string key can equal the
   * hash key of a tuple or bytes value.
   */
  private shape: DictShape | null = DictShape.empty();
  /** See FROZEN and ITER. */
  lock = 0;
  /** Set by a dict literal (see DictSites); null for dicts made otherwise. */
  born: DictSites | null = null;
  private v0: Value | undefined = undefined;
  private v1: Value | undefined = undefined;
  private v2: Value | undefined = undefined;
  private v3: Value | undefined = undefined;
  /** With a shape: the values from the fifth on, in an array of the exact size (null when none); without: the entries. */
  private rest: Value[] | DictTable | null = null;

  /**
   * The dict of a literal whose keys are its shape's (distinct strings, at most FLAT_MAX), with these values
   * in their order: a, b, c, d for the first four keys (undefined past the last), more for the others (the
   * dict owns that array from now on).
   */
  static literal(shape: DictShape, born: DictSites, a: Value | undefined, b: Value | undefined, c: Value | undefined, d: Value | undefined, more?: Value[]): Dict {
    const dict = new Dict();
    dict.shape = shape;
    dict.born = born;
    dict.v0 = a;
    dict.v1 = b;
    dict.v2 = c;
    dict.v3 = d;
    if (more !== undefined) dict.rest = more;
    return dict;
  }

  /** The value at position i of a dict with a shape. */
  private valueAt(i: number): Value {
    switch (i) {
      case 0:
        return this.v0!;
      case 1:
        return this.v1!;
      case 2:
        return this.v2!;
      case 3:
        return this.v3!;
      default:
        return (this.rest as Value[])[i - INLINE]!;
    }
  }
  /** Sets the value at position i (< size) of a dict with a shape; undefined empties a field. */
  private setValueAt(i: number, v: Value | undefined): void {
    switch (i) {
      case 0:
        this.v0 = v;
        return;
      case 1:
        this.v1 = v;
        return;
      case 2:
        this.v2 = v;
        return;
      case 3:
        this.v3 = v;
        return;
      default:
        (this.rest as Value[])[i - INLINE] = v!;
    }
  }

  /** The entries as a DictTable; a dict with a shape moves to the table representation for good. */
  private toTable(): DictTable {
    const shape = this.shape;
    if (shape === null) return this.rest as DictTable;
    const table = new DictTable();
    for (let i = 0; i < shape.keys.length; i++) table.map.set(shape.keys[i], this.valueAt(i));
    this.v0 = this.v1 = this.v2 = this.v3 = undefined;
    this.rest = table;
    this.shape = null;
    return table;
  }
  get frozen(): boolean {
    return (this.lock & FROZEN) !== 0;
  }

  get size(): number {
    return this.shape ? this.shape.keys.length : (this.rest as DictTable).map.size;
  }
  get(k: Value): Value | undefined {
    if (this.shape) {
      if (typeof k === 'string') {
        const i = this.shape.indexOf(k);
        return i < 0 ? undefined : this.valueAt(i);
      }
      if (typeof k !== 'number') hashKey(k); // unhashable keys still fail
      return undefined;
    }
    return (this.rest as DictTable).map.get(typeof k === 'string' || typeof k === 'number' ? k : hashKey(k));
  }
  has(k: Value): boolean {
    return this.get(k) !== undefined;
  }
  set(k: Value, v: Value): void {
    if (this.lock !== 0) lockedError(this.lock, 'insert into', 'hash table');
    const shape = this.shape;
    if (shape && typeof k === 'string') {
      const i = shape.indexOf(k);
      const n = shape.keys.length;
      if (i >= 0) this.setValueAt(i, v);
      else if (n < FLAT_MAX) {
        this.shape = shape.with(k);
        if (n < INLINE) this.setValueAt(n, v);
        else this.rest = this.rest === null ? [v] : appended(this.rest as Value[], v);
      } else this.toTable().map.set(k, v);
      return;
    }
    const table = this.toTable();
    const map = table.map;
    if (typeof k === 'string' || typeof k === 'number') {
      if (map.size >= MAX_MATERIALIZE && !map.has(k)) tooBig();
      map.set(k, v);
      return;
    }
    const h = hashKey(k);
    if (map.size >= MAX_MATERIALIZE && !map.has(h)) tooBig();
    if (h !== k) {
      if (!map.has(h)) (table.okeys ??= new Map()).set(h, k);
    }
    map.set(h, v);
  }
  delete(k: Value): Value | undefined {
    if (this.lock !== 0) lockedError(this.lock, 'delete from', 'hash table');
    const h = typeof k === 'string' ? k : hashKey(k);
    const shape = this.shape;
    if (shape) {
      if (typeof h !== 'string') return undefined;
      const i = shape.indexOf(h);
      if (i < 0) return undefined;
      const v = this.valueAt(i);
      const n = shape.keys.length;
      for (let j = i; j < n - 1; j++) this.setValueAt(j, this.valueAt(j + 1));
      if (n > INLINE + 1) this.rest = (this.rest as Value[]).slice(0, n - 1 - INLINE);
      else if (n === INLINE + 1) this.rest = null;
      else this.setValueAt(n - 1, undefined);
      this.shape = shape.without(i);
      return v;
    }
    const table = this.rest as DictTable;
    const v = table.map.get(h);
    if (v === undefined) return undefined;
    table.map.delete(h);
    if (table.okeys) table.okeys.delete(h);
    return v;
  }
  clear(): void {
    if (this.lock !== 0) lockedError(this.lock, 'clear', 'hash table');
    if (this.shape) {
      this.shape = DictShape.empty();
      this.v0 = this.v1 = this.v2 = this.v3 = undefined;
      this.rest = null;
    } else {
      const table = this.rest as DictTable;
      table.map.clear();
      table.okeys = null;
    }
  }
  /** Sets each entry of src, in its order (d.update(src), dict(src)). */
  setAll(src: Dict): void {
    const shape = src.shape;
    if (shape) {
      if (this.shape && this.shape.keys.length === 0 && this.lock === 0) {
        // a dict with no entries takes src's shape (a copy of it when it is src's own) and a copy of its values
        this.shape = shape.shared ? shape : shape.copy();
        this.v0 = src.v0;
        this.v1 = src.v1;
        this.v2 = src.v2;
        this.v3 = src.v3;
        if (src.rest !== null) this.rest = (src.rest as Value[]).slice();
      } else {
        for (let i = 0; i < shape.keys.length; i++) this.set(shape.keys[i]!, src.valueAt(i));
      }
      return;
    }
    const table = src.rest as DictTable;
    for (const [h, v] of table.map) this.set(table.okeys ? table.keyOf(h) : (h as Value), v);
  }
  /** Calls fn with each key and value, in insertion order, without building pairs. */
  forEachEntry(fn: (k: Value, v: Value) => void): void {
    const shape = this.shape;
    if (shape) {
      for (let i = 0; i < shape.keys.length; i++) fn(shape.keys[i]!, this.valueAt(i));
      return;
    }
    const table = this.rest as DictTable;
    for (const [h, v] of table.map) fn(table.okeys ? table.keyOf(h) : (h as Value), v);
  }
  keys(): Value[] {
    if (this.shape) return this.shape.keys.slice();
    const out: Value[] = [];
    const table = this.rest as DictTable;
    for (const h of table.map.keys()) out.push(table.okeys ? table.keyOf(h) : (h as Value));
    return out;
  }
  values(): Value[] {
    const shape = this.shape;
    if (shape) {
      const out: Value[] = new Array(shape.keys.length);
      for (let i = 0; i < out.length; i++) out[i] = this.valueAt(i);
      return out;
    }
    return Array.from((this.rest as DictTable).map.values());
  }
  items(): [Value, Value][] {
    const shape = this.shape;
    if (shape) {
      const out: [Value, Value][] = new Array(shape.keys.length);
      for (let i = 0; i < out.length; i++) out[i] = [shape.keys[i]!, this.valueAt(i)];
      return out;
    }
    const out: [Value, Value][] = [];
    const table = this.rest as DictTable;
    for (const [h, v] of table.map) out.push([table.okeys ? table.keyOf(h) : (h as Value), v]);
    return out;
  }
}

export class StarlarkSet {
  map = new Map<unknown, Value>();
  /** See FROZEN and ITER. */
  lock = 0;
  get frozen(): boolean {
    return (this.lock & FROZEN) !== 0;
  }
  get size(): number {
    return this.map.size;
  }
  has(k: Value): boolean {
    return this.map.has(hashKey(k));
  }
  add(k: Value): void {
    if (this.lock !== 0) lockedError(this.lock, 'insert into', 'hash table');
    const h = hashKey(k);
    if (!this.map.has(h)) this.map.set(h, k);
  }
  delete(k: Value): boolean {
    if (this.lock !== 0) lockedError(this.lock, 'delete from', 'hash table');
    return this.map.delete(hashKey(k));
  }
  elems(): Value[] {
    return Array.from(this.map.values());
  }
  clear(): void {
    if (this.lock !== 0) lockedError(this.lock, 'clear', 'hash table');
    this.map.clear();
  }
}

export class Range {
  constructor(
    readonly start: number,
    readonly stop: number,
    readonly step: number,
  ) {}
  get length(): number {
    const { start, stop, step } = this;
    if (step > 0) return start < stop ? Math.floor((stop - start - 1) / step) + 1 : 0;
    return start > stop ? Math.floor((start - stop - 1) / -step) + 1 : 0;
  }
  at(i: number): number {
    return this.start + i * this.step;
  }
}

/** Compiled function code; the compiler fills it (see compile.ts). */
export interface FunctionCode {
  name: string;
  pos: Position;
  doc: string;
  /** Parameter names: positional (incl. those with defaults), then keyword-only, then *args, then **kwargs. */
  paramNames: string[];
  numParams: number;
  numKwonly: number;
  hasVarargs: boolean;
  hasKwargs: boolean;
  /** How many of the calls are currently active (for the recursion check by code). */
  active: number;
  /** Runs the function; set by the compiler. `site`: where it is called from (Thread.callers). */
  invoke: (thread: ThreadLike, fn: StarlarkFunction, args: Value[], kwargs: Kwargs | null, site?: Position) => Value;
}

/** A cell: storage of a local variable shared with nested functions. */
export interface Cell {
  v: Value | undefined;
}

export class StarlarkFunction {
  constructor(
    readonly code: FunctionCode,
    /** Default values of the parameters that have one (undefined for required ones), length numParams+numKwonly. */
    readonly defaults: (Value | undefined)[],
    readonly freevars: Cell[],
    /** The module's global slots and metadata. */
    readonly module: ModuleEnv,
  ) {}
  get name(): string {
    return this.code.name;
  }
}

/** Globals of one module while it runs and after. */
export interface ModuleEnv {
  name: string;
  globalNames: string[];
  globals: (Value | undefined)[];
  predeclared: Map<string, Value>;
}

export type BuiltinImpl = (thread: ThreadLike, args: Value[], kwargs: Kwargs | null, self: Builtin) => Value;

/** A function implemented in TypeScript: a universe builtin, a host builtin, or a method bound to a receiver. */
export class Builtin {
  constructor(
    readonly name: string,
    readonly impl: BuiltinImpl,
    readonly recv: Value | undefined = undefined,
  ) {}
}

/** Binary operators as their Starlark tokens. */
export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '&' | '|' | '^' | '<<' | '>>' | 'in' | 'not in';

/**
 * Base class of values the host adds (modules, hasfields, struct-like values, ...). Override what the type
 * supports; the defaults give Go's messages for what it does not.
 */
export abstract class HostValue {
  abstract readonly type: string;
  frozen = false;
  str(): string {
    return `<${this.type}>`;
  }
  repr(): string {
    return this.str();
  }
  truth(): boolean {
    return true;
  }
  /** Throw to make the type unhashable. Identity decides dict-key equality. */
  hash(): number {
    throw runtimeError(`unhashable type: ${this.type}`);
  }
  /** Attribute lookup: undefined when there is no such field or method. */
  attr(_name: string): Value | undefined {
    return undefined;
  }
  attrNames(): string[] {
    return [];
  }
  /** Sets a field; the default says the type has none. */
  setAttr(name: string, _v: Value): void {
    throw runtimeError(`${this.type} has no .${name} field`);
  }
  /** `this OP other` (side 'left') or `other OP this` (side 'right'); undefined = not supported. */
  binary(_op: BinaryOp, _other: Value, _side: 'left' | 'right'): Value | undefined {
    return undefined;
  }
  freeze(): void {
    this.frozen = true;
  }
  /** Elements for `for` loops; undefined = not iterable. */
  iterate(): Iterator<Value> | undefined {
    return undefined;
  }
  /** Makes the value callable. */
  call?(thread: ThreadLike, args: Value[], kwargs: Kwargs | null): Value;
  /** Makes the value have a length (len()). */
  len?(): number;
  /** Makes the value indexable by int (with len()): x[i] for 0 <= i < len. */
  index?(i: number): Value;
  /** Equality with another value of the same type; default identity. */
  equals(other: HostValue): boolean {
    return this === other;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Ints

/** "0".."999" and "000".."999": the pieces of intString. */
const DIGITS: string[] = [];
const DIGITS3: string[] = [];
for (let i = 0; i < 1000; i++) {
  DIGITS.push(String(i));
  DIGITS3.push(String(i).padStart(3, '0'));
}

/**
 * The decimal digits of an int held as a JS number, the same as String(n). Non-negative ints below 1e9
 * are built from a table instead: String(n) keeps each new string alive in V8's number-string cache, so a
 * program that formats many distinct ints makes every young-generation GC copy ~16K dead strings (a fifth
 * of the time of `"item" + str(i * r)` loops went to those copies).
 */
export function intString(n: number): string {
  if (n >= 0 && n < 1e9 && Number.isInteger(n)) {
    if (n < 1000) return DIGITS[n];
    if (n < 1e6) {
      const q = Math.floor(n / 1000);
      return DIGITS[q] + DIGITS3[n - q * 1000];
    }
    const q = Math.floor(n / 1e6);
    const r = n - q * 1e6;
    const q2 = Math.floor(r / 1000);
    return DIGITS[q] + DIGITS3[q2] + DIGITS3[r - q2 * 1000];
  }
  return String(n);
}

export function isInt(v: Value): v is number | bigint {
  return typeof v === 'number' || typeof v === 'bigint';
}

/** A BigInt result normalised to a JS number when it is a safe integer. */
export function normBig(b: bigint): number | bigint {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

export function toBig(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

// ---------------------------------------------------------------------------------------------------------
// type, truth, str, repr

export function typeName(v: Value): string {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
  }
  if (v === null) return 'NoneType';
  if (v instanceof Float) return 'float';
  if (v instanceof List) return 'list';
  if (v instanceof Dict) return 'dict';
  if (v instanceof Tuple) return 'tuple';
  if (v instanceof StarlarkFunction) return 'function';
  if (v instanceof Builtin) return 'builtin_function_or_method';
  if (v instanceof StarlarkSet) return 'set';
  if (v instanceof Range) return 'range';
  if (v instanceof Bytes) return 'bytes';
  if (v instanceof HostValue) return v.type;
  return 'unknown';
}

export function truth(v: Value): boolean {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
    case 'bigint':
      return true;
  }
  if (v === null) return false;
  if (v instanceof List || v instanceof Tuple) return v.elems.length > 0;
  if (v instanceof Dict || v instanceof StarlarkSet) return v.size > 0;
  if (v instanceof Float) return v.v !== 0;
  if (v instanceof Range) return v.length > 0;
  if (v instanceof Bytes) return v.s.length > 0;
  if (v instanceof HostValue) return v.truth();
  return true;
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64) plus starlark's ".0" suffix. */
export function formatFloatG(f: number): string {
  if (!Number.isFinite(f)) return Number.isNaN(f) ? 'nan' : f > 0 ? '+inf' : '-inf';
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0';
  const e = f.toExponential(); // shortest round-trip digits
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
  const digits = m[2] + (m[3] ?? '');
  const exp = parseInt(m[4], 10);
  let s: string;
  if (exp < -4 || exp >= 6) {
    // Go's %g with shortest precision switches to exponent form at 1e+06 and below 1e-04.
    s = expForm(m[1], digits, exp);
  } else {
    s = fixedForm(m[1], digits, exp);
  }
  if (!/[.eE]/.test(s)) s += '.0';
  return s;
}

function expForm(sign: string, digits: string, exp: number): string {
  const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
  const ae = Math.abs(exp);
  return `${sign}${mant}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' + ae : ae}`;
}

function fixedForm(sign: string, digits: string, exp: number): string {
  if (exp < 0) return sign + '0.' + '0'.repeat(-exp - 1) + digits;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
  return sign + digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
}

/** str(v): the string itself for strings, otherwise repr. */
export function str(v: Value): string {
  if (typeof v === 'string') return v;
  return repr(v);
}

export function repr(v: Value): string {
  switch (typeof v) {
    case 'string':
      return quote(v, false);
    case 'number':
      return intString(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'True' : 'False';
  }
  const out: string[] = [];
  writeValue(out, v, []);
  return out.join('');
}

function writeValue(out: string[], v: Value, path: object[]): void {
  switch (typeof v) {
    case 'string':
      out.push(quote(v, false));
      return;
    case 'number':
      out.push(String(v));
      return;
    case 'bigint':
      out.push(v.toString());
      return;
    case 'boolean':
      out.push(v ? 'True' : 'False');
      return;
  }
  if (v === null) {
    out.push('None');
    return;
  }
  if (v instanceof Float) {
    out.push(formatFloatG(v.v));
    return;
  }
  if (v instanceof List || v instanceof Dict) {
    if (path.includes(v)) {
      out.push(v instanceof List ? '[...]' : '{...}');
      return;
    }
    if (path.length > 1000) throw runtimeError('value too deeply nested to print');
  }
  if (v instanceof List) {
    path.push(v);
    out.push('[');
    v.elems.forEach((e, i) => {
      if (i > 0) out.push(', ');
      writeValue(out, e, path);
    });
    out.push(']');
    path.pop();
    return;
  }
  if (v instanceof Tuple) {
    out.push('(');
    v.elems.forEach((e, i) => {
      if (i > 0) out.push(', ');
      writeValue(out, e, path);
    });
    if (v.elems.length === 1) out.push(',');
    out.push(')');
    return;
  }
  if (v instanceof Dict) {
    path.push(v);
    out.push('{');
    let i = 0;
    v.forEachEntry((k, e) => {
      if (i++ > 0) out.push(', ');
      writeValue(out, k, path);
      out.push(': ');
      writeValue(out, e, path);
    });
    out.push('}');
    path.pop();
    return;
  }
  if (v instanceof StarlarkSet) {
    out.push('set([');
    let i = 0;
    for (const e of v.map.values()) {
      if (i++ > 0) out.push(', ');
      writeValue(out, e, path);
    }
    out.push('])');
    return;
  }
  if (v instanceof StarlarkFunction) {
    out.push(`<function ${v.name}>`);
    return;
  }
  if (v instanceof Builtin) {
    if (v.recv !== undefined) out.push(`<built-in method ${v.name} of ${typeName(v.recv)} value>`);
    else out.push(`<built-in function ${v.name}>`);
    return;
  }
  if (v instanceof Range) {
    const { start, stop, step } = v;
    out.push(step !== 1 ? `range(${start}, ${stop}, ${step})` : start !== 0 ? `range(${start}, ${stop})` : `range(${stop})`);
    return;
  }
  if (v instanceof Bytes) {
    out.push(quote(v.s, true));
    return;
  }
  if (v instanceof HostValue) {
    out.push(v.repr());
    return;
  }
  out.push(String(v));
}

const HEX = '0123456789abcdef';
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's starlark quoting (syntax.Quote) of a byte string; the result is again a byte string. */
export function quote(s: string, isBytes: boolean): string {
  let out = isBytes ? 'b"' : '"';
  let plainStart = 0;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) {
      i++;
      continue;
    }
    out += s.slice(plainStart, i);
    if (c < 0x80) {
      switch (c) {
        case 0x22:
          out += '\\"';
          break;
        case 0x5c:
          out += '\\\\';
          break;
        case 7:
          out += '\\a';
          break;
        case 8:
          out += '\\b';
          break;
        case 12:
          out += '\\f';
          break;
        case 10:
          out += '\\n';
          break;
        case 13:
          out += '\\r';
          break;
        case 9:
          out += '\\t';
          break;
        case 11:
          out += '\\v';
          break;
        default:
          out += '\\x' + HEX[c >> 4] + HEX[c & 15];
      }
      i++;
    } else {
      const [r, w] = decodeRune(s, i);
      if (r < 0) {
        out += '\\x' + HEX[c >> 4] + HEX[c & 15];
        i++;
      } else {
        const ch = String.fromCodePoint(r);
        if (PRINTABLE.test(ch)) out += s.slice(i, i + w);
        else if (r < 0x10000) out += '\\u' + r.toString(16).padStart(4, '0');
        else out += '\\U' + r.toString(16).padStart(8, '0');
        i += w;
      }
    }
    plainStart = i;
  }
  out += s.slice(plainStart);
  return out + '"';
}

// ---------------------------------------------------------------------------------------------------------
// equality and ordering

const MAX_DEPTH = 1000;

export function equals(a: Value, b: Value): boolean {
  // Containers are compared structurally even when identical, so that cycles hit the depth limit as in Go.
  if (a === b && (typeof a !== 'object' || a === null || !(a instanceof List || a instanceof Dict || a instanceof Tuple))) return true;
  const ta = typeof a;
  if (ta === 'string' || ta === 'boolean' || typeof b === 'string' || typeof b === 'boolean') return false;
  return eqDeep(a, b, 0);
}

function eqDeep(a: Value, b: Value, depth: number): boolean {
  if (a === b && (typeof a !== 'object' || a === null || !(a instanceof List || a instanceof Dict || a instanceof Tuple))) return true;
  if (depth > MAX_DEPTH) throw runtimeError('comparison exceeded maximum recursion depth');
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number' || ta === 'bigint' || a instanceof Float) {
    if (tb === 'number' || tb === 'bigint' || b instanceof Float) return numCompare(a as Num, b as Num) === 0;
    return false;
  }
  if (ta !== 'object' || tb !== 'object' || a === null || b === null) return false;
  if (a instanceof List) {
    return b instanceof List && seqEq(a.elems, b.elems, depth);
  }
  if (a instanceof Tuple) {
    return b instanceof Tuple && seqEq(a.elems, b.elems, depth);
  }
  if (a instanceof Dict) {
    if (!(b instanceof Dict) || a.size !== b.size) return false;
    // keys are hashable, so b.get(k) cannot throw
    for (const [k, v] of a.items()) {
      const w = b.get(k);
      if (w === undefined || !eqDeep(v, w, depth + 1)) return false;
    }
    return true;
  }
  if (a instanceof StarlarkSet) {
    if (!(b instanceof StarlarkSet) || a.size !== b.size) return false;
    for (const h of a.map.keys()) if (!b.map.has(h)) return false;
    return true;
  }
  if (a instanceof Bytes) return b instanceof Bytes && a.s === b.s;
  if (a instanceof Range) {
    if (!(b instanceof Range)) return false;
    const n = a.length;
    if (n !== b.length) return false;
    if (n === 0) return true;
    return a.start === b.start && (n === 1 || a.step === b.step);
  }
  if (a instanceof Builtin) {
    return b instanceof Builtin && a.name === b.name && a.recv !== undefined && a.recv === b.recv;
  }
  if (a instanceof HostValue) return b instanceof HostValue && a.type === b.type && a.equals(b);
  return false;
}

function seqEq(x: Value[], y: Value[], depth: number): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!eqDeep(x[i], y[i], depth + 1)) return false;
  return true;
}

type Num = number | bigint | Float;

/** Exact comparison of ints and floats. As in Go, NaN is greater than every number and equal to itself. */
export function numCompare(a: Num, b: Num): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const fa = a instanceof Float;
  const fb = b instanceof Float;
  if (fa && fb) {
    const x = (a as Float).v,
      y = (b as Float).v;
    return x < y ? -1 : x > y ? 1 : x === y ? 0 : x === x ? -1 : y === y ? 1 : 0;
  }
  if (!fa && !fb) {
    const x = toBig(a as number | bigint),
      y = toBig(b as number | bigint);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  // int vs float, exactly
  const f = fa ? (a as Float).v : (b as Float).v;
  const i = fa ? (b as number | bigint) : (a as number | bigint);
  let c: number;
  if (Number.isNaN(f)) c = -1; // int < NaN
  else if (!Number.isFinite(f)) c = f > 0 ? -1 : 1; // int vs inf
  else if (typeof i === 'number') c = i < f ? -1 : i > f ? 1 : 0;
  else {
    const fi = Math.floor(f);
    const bf = BigInt(fi);
    c = i < bf ? -1 : i > bf ? 1 : fi < f ? -1 : 0;
  }
  return fa ? -c : c;
}

export type CompareOp = '<' | '<=' | '>' | '>=';

/** Three-way ordering; throws Go's "T < U not implemented" for unordered types. */
export function compare(a: Value, b: Value, op: CompareOp = '<'): number {
  return cmpDeep(a, b, op, 0);
}

function cmpDeep(a: Value, b: Value, op: CompareOp, depth: number): number {
  if (depth > MAX_DEPTH) throw runtimeError('comparison exceeded maximum recursion depth');
  const ta = typeof a,
    tb = typeof b;
  if (ta === 'string' && tb === 'string') return a! < b! ? -1 : a! > b! ? 1 : 0;
  const an = ta === 'number' || ta === 'bigint' || a instanceof Float;
  const bn = tb === 'number' || tb === 'bigint' || b instanceof Float;
  if (an && bn) return numCompare(a as Num, b as Num);
  if (ta === 'boolean' && tb === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof List && b instanceof List) return seqCmp(a.elems, b.elems, op, depth);
  if (a instanceof Tuple && b instanceof Tuple) return seqCmp(a.elems, b.elems, op, depth);
  if (a instanceof Bytes && b instanceof Bytes) return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
  throw runtimeError(`${typeName(a)} ${op} ${typeName(b)} not implemented`);
}

function seqCmp(x: Value[], y: Value[], op: CompareOp, depth: number): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    if (!eqDeep(x[i], y[i], depth + 1)) return cmpDeep(x[i], y[i], op, depth + 1);
  }
  return x.length - y.length < 0 ? -1 : x.length > y.length ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------
// freezing

/** Deep-freezes a value (module globals after a load; assert.freeze). Returns it. */
export function freeze(v: Value): Value {
  freezeDeep(v);
  return v;
}

function freezeDeep(v: Value): void {
  if (v === null || typeof v !== 'object') return;
  if (v instanceof List) {
    if (v.lock & FROZEN) return;
    v.lock |= FROZEN;
    for (const e of v.elems) freezeDeep(e);
  } else if (v instanceof Dict) {
    if (v.lock & FROZEN) return;
    v.lock |= FROZEN;
    v.forEachEntry((k, e) => {
      freezeDeep(k);
      freezeDeep(e);
    });
  } else if (v instanceof Tuple) {
    for (const e of v.elems) freezeDeep(e);
  } else if (v instanceof StarlarkSet) {
    v.lock |= FROZEN;
  } else if (v instanceof StarlarkFunction) {
    if (frozenFns.has(v)) return;
    frozenFns.add(v);
    for (const d of v.defaults) if (d !== undefined) freezeDeep(d);
    for (const c of v.freevars) if (c.v !== undefined) freezeDeep(c.v);
  } else if (v instanceof Builtin) {
    if (v.recv !== undefined) freezeDeep(v.recv);
  } else if (v instanceof HostValue) {
    if (!v.frozen) v.freeze();
  }
}

const frozenFns = new WeakSet<StarlarkFunction>();

// ---------------------------------------------------------------------------------------------------------
// iteration

/** Elements of an iterable value as an array (a snapshot), or throws Go's "got T, want iterable". */
export function iterableElems(v: Value, what?: string): Value[] {
  if (v instanceof List || v instanceof Tuple) return v.elems.slice();
  if (v instanceof Dict) return v.keys();
  if (v instanceof StarlarkSet) return v.elems();
  if (v instanceof Range) {
    const n = v.length;
    if (n > MAX_MATERIALIZE) throw runtimeError(`range of ${n} elements is too large to turn into a list (the limit is ${MAX_MATERIALIZE})`);
    const out = new Array<Value>(n);
    for (let i = 0; i < n; i++) out[i] = v.start + i * v.step;
    return out;
  }
  if (v instanceof HostValue) {
    const it = v.iterate();
    if (it) {
      const out: Value[] = [];
      for (let r = it.next(); !r.done; r = it.next()) out.push(r.value);
      return out;
    }
  }
  throw runtimeError(what ? `${what}: got ${typeName(v)}, want iterable` : `${typeName(v)} is not iterable`);
}

export function isIterable(v: Value): boolean {
  return (
    v instanceof List ||
    v instanceof Tuple ||
    v instanceof Dict ||
    v instanceof StarlarkSet ||
    v instanceof Range ||
    (v instanceof HostValue && v.iterate !== HostValue.prototype.iterate)
  );
}

/** Sequence length, or -1 when the value has none. */
export function lengthOf(v: Value): number {
  if (typeof v === 'string') return v.length;
  if (v instanceof List || v instanceof Tuple) return v.elems.length;
  if (v instanceof Dict || v instanceof StarlarkSet) return v.size;
  if (v instanceof Range) return v.length;
  if (v instanceof Bytes) return v.s.length;
  if (v instanceof HostValue && v.len) return v.len();
  return -1;
}
