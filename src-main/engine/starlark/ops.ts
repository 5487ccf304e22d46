// Operators on Starlark values: arithmetic (overflow-free ints, floor division and modulo), comparison,
// membership, indexing, slicing and attribute access, with starlark-go's error messages.
import { chargeElems } from './cost.js';
import { runtimeError } from './errors.js';
import { percentFormat } from './format.js';
import { asIndexInt, indices, sliceIndex } from './indices.js';
import { attrNames, getMethod } from './methods.js';
import {
  Builtin,
  Bytes,
  Dict,
  Float,
  HostValue,
  List,
  Range,
  StarlarkSet,
  Tuple,
  compare,
  equals,
  normBig,
  repr,
  toBig,
  typeName,
  type BinaryOp,
  type ThreadLike,
  type Value,
} from './value.js';
import { decodeUtf8 } from './utf8.js';
import { nearest } from './spell.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Largest BigInt (in bits) an operation may produce. */
const MAX_INT_BITS = 100_000;

function checkBig(b: bigint): number | bigint {
  if (b > 9007199254740991n || b < -9007199254740991n) {
    const bits = (b < 0n ? -b : b).toString(16).length * 4;
    if (bits > MAX_INT_BITS) throw runtimeError(`int too large (more than ${MAX_INT_BITS} bits)`);
    return b;
  }
  return Number(b);
}

export function intAdd(x: number | bigint, y: number | bigint): number | bigint {
  if (typeof x === 'number' && typeof y === 'number') {
    const z = x + y;
    if (z <= MAX_SAFE && z >= -MAX_SAFE) return z;
  }
  return checkBig(toBig(x) + toBig(y));
}

export function intSub(x: number | bigint, y: number | bigint): number | bigint {
  if (typeof x === 'number' && typeof y === 'number') {
    const z = x - y;
    if (z <= MAX_SAFE && z >= -MAX_SAFE) return z;
  }
  return checkBig(toBig(x) - toBig(y));
}

export function intMul(x: number | bigint, y: number | bigint): number | bigint {
  if (typeof x === 'number' && typeof y === 'number') {
    const z = x * y;
    if (z <= MAX_SAFE && z >= -MAX_SAFE) return z === 0 ? 0 : z;
  }
  return checkBig(toBig(x) * toBig(y));
}

export function intFloorDiv(x: number | bigint, y: number | bigint): number | bigint {
  if (y === 0 || y === 0n) throw runtimeError('floored division by zero');
  if (typeof x === 'number' && typeof y === 'number' && x <= 2 ** 50 && x >= -(2 ** 50)) {
    const q = Math.floor(x / y);
    return q === 0 ? 0 : q;
  }
  const a = toBig(x),
    b = toBig(y);
  let q = a / b;
  if (a % b !== 0n && a < 0n !== b < 0n) q -= 1n;
  return normBig(q);
}

export function intMod(x: number | bigint, y: number | bigint): number | bigint {
  if (y === 0 || y === 0n) throw runtimeError('integer modulo by zero');
  if (typeof x === 'number' && typeof y === 'number') {
    let r = x % y;
    if (r !== 0 && r < 0 !== y < 0) r += y;
    return r + 0;
  }
  const a = toBig(x),
    b = toBig(y);
  let r = a % b;
  if (r !== 0n && r < 0n !== b < 0n) r += b;
  return normBig(r);
}

function int32(x: number | bigint): boolean {
  return typeof x === 'number' && x >= -2147483648 && x <= 2147483647;
}

export function intBitwise(op: '&' | '|' | '^', x: number | bigint, y: number | bigint): number | bigint {
  if (int32(x) && int32(y)) {
    const a = x as number,
      b = y as number;
    return op === '&' ? a & b : op === '|' ? a | b : a ^ b;
  }
  const a = toBig(x),
    b = toBig(y);
  return normBig(op === '&' ? a & b : op === '|' ? a | b : a ^ b);
}

export function intShift(op: '<<' | '>>', x: number | bigint, y: number | bigint): number | bigint {
  if (y < 0) throw runtimeError(`negative shift count: ${y}`);
  if (op === '<<') {
    if (y >= 512) throw runtimeError(`shift count too large: ${y}`);
    if (typeof x === 'number') {
      const z = x * 2 ** Number(y);
      if (z <= MAX_SAFE && z >= -MAX_SAFE) return z;
    }
    return checkBig(toBig(x) << toBig(y));
  }
  if (typeof x === 'number' && int32(x) && (y as number) < 32) return x >> (y as number);
  return normBig(toBig(x) >> toBig(y));
}

/** int → JS float, with Go's error when it does not fit. */
export function intToFloat(x: number | bigint): number {
  if (typeof x === 'number') return x;
  const f = Number(x);
  if (!Number.isFinite(f)) throw runtimeError('int too large to convert to float');
  return f;
}

function asFloat(v: Value): number {
  if (v instanceof Float) return v.v;
  return intToFloat(v as number | bigint);
}

function isNum(v: Value): boolean {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof Float;
}

function floatMod(x: number, y: number): number {
  if (y === 0) throw runtimeError('floating-point modulo by zero');
  let z = x % y;
  if (z !== 0 && z < 0 !== y < 0) z += y;
  return z;
}

function checkAlloc(thread: ThreadLike | null, n: number, what: string): void {
  const max = thread ? thread.maxAllocation : 5_000_000;
  if (n > max) throw runtimeError(`excessive ${what} (${n} elements; the limit is ${max})`);
}

function repeatCount(n: number | bigint, len: number, thread: ThreadLike | null): number {
  if (len === 0) return 0;
  if (typeof n === 'bigint' || n > 2147483647 || n < -2147483648) throw runtimeError(`repeat count ${n} too large`);
  if (n <= 0) return 0;
  const total = n * len;
  if (total > (thread ? thread.maxAllocation : 5_000_000)) throw runtimeError(`excessive repeat (${len} * ${n} elements)`);
  if (thread) chargeElems(thread, total);
  return n;
}

function repeatArray(a: Value[], n: number): Value[] {
  const out: Value[] = [];
  for (let i = 0; i < n; i++) for (const e of a) out.push(e);
  return out;
}

/** Binary operator (everything except `and`/`or` and comparisons). */
export function binary(op: BinaryOp, x: Value, y: Value, thread: ThreadLike | null = null): Value {
  const tx = typeof x,
    ty = typeof y;
  const xi = tx === 'number' || tx === 'bigint';
  const yi = ty === 'number' || ty === 'bigint';
  switch (op) {
    case '+':
      if (xi && yi) return intAdd(x as number, y as number);
      if (tx === 'string' && ty === 'string') {
        checkAlloc(thread, (x as string).length + (y as string).length, 'string size');
        return (x as string) + (y as string);
      }
      if (isNum(x) && isNum(y)) return new Float(asFloat(x) + asFloat(y));
      if (x instanceof List && y instanceof List) {
        checkAlloc(thread, x.elems.length + y.elems.length, 'list size');
        if (thread) chargeElems(thread, x.elems.length + y.elems.length);
        return new List(x.elems.concat(y.elems));
      }
      if (x instanceof Tuple && y instanceof Tuple) {
        if (thread) chargeElems(thread, x.elems.length + y.elems.length);
        return new Tuple(x.elems.concat(y.elems));
      }
      if (x instanceof Bytes && y instanceof Bytes) return new Bytes(x.s + y.s);
      break;
    case '-':
      if (xi && yi) return intSub(x as number, y as number);
      if (isNum(x) && isNum(y)) return new Float(asFloat(x) - asFloat(y));
      if (x instanceof StarlarkSet && y instanceof StarlarkSet) {
        const s = new StarlarkSet();
        for (const [h, e] of x.map) if (!y.map.has(h)) s.map.set(h, e);
        return s;
      }
      break;
    case '*':
      if (xi && yi) return intMul(x as number, y as number);
      if (isNum(x) && isNum(y)) return new Float(asFloat(x) * asFloat(y));
      if (xi || yi) {
        const n = (xi ? x : y) as number | bigint;
        const s = xi ? y : x;
        if (typeof s === 'string') return s.repeat(repeatCount(n, s.length, thread));
        if (s instanceof List) return new List(repeatArray(s.elems, repeatCount(n, s.elems.length, thread)));
        if (s instanceof Tuple) return new Tuple(repeatArray(s.elems, repeatCount(n, s.elems.length, thread)));
        if (s instanceof Bytes) return new Bytes(s.s.repeat(repeatCount(n, s.s.length, thread)));
      }
      break;
    case '/':
      if (isNum(x) && isNum(y)) {
        const b = asFloat(y);
        if (b === 0) throw runtimeError('floating-point division by zero');
        if (typeof x === 'bigint' || typeof y === 'bigint') return new Float(bigDivide(x, y));
        return new Float(asFloat(x) / b);
      }
      break;
    case '//':
      if (xi && yi) return intFloorDiv(x as number, y as number);
      if (isNum(x) && isNum(y)) {
        const b = asFloat(y);
        if (b === 0) throw runtimeError('floored division by zero');
        return new Float(Math.floor(asFloat(x) / b));
      }
      break;
    case '%':
      if (xi && yi) return intMod(x as number, y as number);
      if (isNum(x) && isNum(y)) return new Float(floatMod(asFloat(x), asFloat(y)));
      if (tx === 'string') return percentFormat(x as string, y, thread);
      if (x instanceof Bytes) return new Bytes(percentFormat(x.s, y, thread));
      break;
    case '&':
    case '|':
    case '^':
      if (xi && yi) return intBitwise(op, x as number, y as number);
      if (x instanceof StarlarkSet && y instanceof StarlarkSet) return setOp(op, x, y);
      if (op === '|' && x instanceof Dict && y instanceof Dict) {
        const d = new Dict();
        for (const [k, v] of x.items()) d.set(k, v);
        for (const [k, v] of y.items()) d.set(k, v);
        return d;
      }
      break;
    case '<<':
    case '>>':
      if (xi && yi) return intShift(op, x as number, y as number);
      break;
    case 'in':
      return contains(y, x, op);
    case 'not in':
      return !contains(y, x, op);
  }
  if (x instanceof HostValue) {
    const r = x.binary(op, y, 'left');
    if (r !== undefined) return r;
  }
  if (y instanceof HostValue) {
    const r = y.binary(op, x, 'right');
    if (r !== undefined) return r;
  }
  throw runtimeError(`unknown binary op: ${typeName(x)} ${op} ${typeName(y)}`);
}

function bigDivide(x: Value, y: Value): number {
  // Exact enough: convert each operand (Go converts both to float64 first).
  return asFloat(x) / asFloat(y);
}

function setOp(op: '&' | '|' | '^', x: StarlarkSet, y: StarlarkSet): StarlarkSet {
  const s = new StarlarkSet();
  if (op === '|') {
    for (const [h, e] of x.map) s.map.set(h, e);
    for (const [h, e] of y.map) if (!s.map.has(h)) s.map.set(h, e);
  } else if (op === '&') {
    for (const [h, e] of x.map) if (y.map.has(h)) s.map.set(h, e);
  } else {
    for (const [h, e] of x.map) if (!y.map.has(h)) s.map.set(h, e);
    for (const [h, e] of y.map) if (!x.map.has(h)) s.map.set(h, e);
  }
  return s;
}

/** `needle in container`. */
export function contains(container: Value, needle: Value, op: 'in' | 'not in' = 'in'): boolean {
  if (container instanceof Dict) {
    try {
      return container.has(needle);
    } catch {
      return false; // an unhashable value is in no dict (Go's behaviour)
    }
  }
  if (container instanceof List || container instanceof Tuple) {
    const a = container.elems;
    if (typeof needle === 'string') {
      for (let i = 0; i < a.length; i++) if (a[i] === needle) return true;
      return false;
    }
    for (let i = 0; i < a.length; i++) if (equals(a[i], needle)) return true;
    return false;
  }
  if (typeof container === 'string') {
    if (typeof needle !== 'string') throw runtimeError(`'in <string>' requires string as left operand, not ${typeName(needle)}`);
    return container.includes(needle);
  }
  if (container instanceof StarlarkSet) return container.has(needle);
  if (container instanceof Range) {
    if (typeof needle === 'number') return rangeHas(container, needle);
    if (needle instanceof Float) return Number.isInteger(needle.v) && rangeHas(container, needle.v);
    if (typeof needle === 'bigint') return false;
    throw runtimeError(`'in <range>' requires integer as left operand, not ${typeName(needle)}`);
  }
  if (container instanceof Bytes) {
    if (needle instanceof Bytes) return container.s.includes(needle.s);
    if (typeof needle === 'number') {
      if (needle < 0 || needle > 255) throw runtimeError(`int in bytes: ${needle} out of range`);
      return container.s.includes(String.fromCharCode(needle));
    }
    throw runtimeError(`'in bytes' requires bytes or int as left operand, not ${typeName(needle)}`);
  }
  if (container instanceof HostValue) {
    const r = container.binary(op === 'in' ? 'in' : 'in', needle, 'right');
    if (r !== undefined) return r === true;
  }
  throw runtimeError(`unknown binary op: ${typeName(needle)} ${op} ${typeName(container)}`);
}

function rangeHas(r: Range, x: number): boolean {
  const { start, stop, step } = r;
  if (step > 0 ? x < start || x >= stop : x > start || x <= stop) return false;
  return (x - start) % step === 0;
}

/** Comparison operators. */
export function cmp(op: string, x: Value, y: Value): boolean {
  switch (op) {
    case '==':
      return equals(x, y);
    case '!=':
      return !equals(x, y);
  }
  if (x instanceof StarlarkSet && y instanceof StarlarkSet) {
    const sub = (a: StarlarkSet, b: StarlarkSet) => {
      for (const h of a.map.keys()) if (!b.map.has(h)) return false;
      return true;
    };
    switch (op) {
      case '<=':
        return sub(x, y);
      case '<':
        return x.size < y.size && sub(x, y);
      case '>=':
        return sub(y, x);
      default:
        return x.size > y.size && sub(y, x);
    }
  }
  const c = compare(x, y, op as '<');
  if (Number.isNaN(c)) return false;
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}

export function unary(op: string, x: Value): Value {
  switch (op) {
    case '-':
      if (typeof x === 'number') return x === 0 ? 0 : -x;
      if (typeof x === 'bigint') return normBig(-x);
      if (x instanceof Float) return new Float(-x.v);
      break;
    case '+':
      if (typeof x === 'number' || typeof x === 'bigint' || x instanceof Float) return x;
      break;
    case '~':
      if (typeof x === 'number') return -x - 1;
      if (typeof x === 'bigint') return normBig(-x - 1n);
      if (x instanceof StarlarkSet) break;
      break;
  }
  throw runtimeError(`unknown unary op: ${op} ${typeName(x)}`);
}

// ---------------------------------------------------------------------------------------------------------
// indexing and slicing

function outOfRange(i: number, n: number, x: Value): Error {
  if (n === 0) return runtimeError(`index ${i} out of range: empty ${typeName(x)}`);
  return runtimeError(`${typeName(x)} index ${i} out of range [${-n}:${n - 1}]`);
}

export function getIndex(x: Value, y: Value): Value {
  if (x instanceof Dict) {
    const v = x.get(y);
    if (v === undefined) throw runtimeError(`key ${decodeUtf8(repr(y))} not in dict`);
    return v;
  }
  let n: number;
  if (x instanceof List || x instanceof Tuple) n = x.elems.length;
  else if (typeof x === 'string') n = x.length;
  else if (x instanceof Range) n = x.length;
  else if (x instanceof Bytes) n = x.s.length;
  else if (x instanceof HostValue && x.index && x.len) n = x.len();
  else throw runtimeError(`unhandled index operation ${typeName(x)}[${typeName(y)}]`);
  let i: number;
  try {
    i = asIndexInt(y);
  } catch (e) {
    throw runtimeError(`${typeName(x)} index: ${(e as Error).message}`);
  }
  const orig = i;
  if (i < 0) i += n;
  if (i < 0 || i >= n) throw outOfRange(orig, n, x);
  if (x instanceof List || x instanceof Tuple) return x.elems[i];
  if (typeof x === 'string') return x[i];
  if (x instanceof Range) return x.at(i);
  if (x instanceof Bytes) return new Bytes(x.s[i]);
  return (x as HostValue).index!(i);
}

export function setIndex(x: Value, y: Value, v: Value): void {
  if (x instanceof Dict) {
    x.set(y, v);
    return;
  }
  if (x instanceof List) {
    x.checkMutable('assign to element of');
    let i: number;
    try {
      i = asIndexInt(y);
    } catch (e) {
      throw runtimeError(`list index: ${(e as Error).message}`);
    }
    const n = x.elems.length;
    const orig = i;
    if (i < 0) i += n;
    if (i < 0 || i >= n) throw outOfRange(orig, n, x);
    x.elems[i] = v;
    return;
  }
  throw runtimeError(`${typeName(x)} value does not support item assignment`);
}

export function slice(x: Value, lo: Value | undefined, hi: Value | undefined, stepV: Value | undefined): Value {
  let n: number;
  if (typeof x === 'string') n = x.length;
  else if (x instanceof List || x instanceof Tuple) n = x.elems.length;
  else if (x instanceof Range) n = x.length;
  else if (x instanceof Bytes) n = x.s.length;
  else throw runtimeError(`invalid slice operand ${typeName(x)}`);
  let step = 1;
  if (stepV !== undefined && stepV !== null) {
    try {
      step = asIndexInt(stepV);
    } catch (e) {
      throw runtimeError(`invalid slice step: ${(e as Error).message}`);
    }
    if (step === 0) throw runtimeError('zero is not a valid slice step');
  }
  let start: number, end: number;
  if (step > 0) {
    [start, end] = indices(lo, hi, n);
    if (end < start) end = start;
  } else {
    start = sliceIndex(lo, n, n - 1, 'start');
    if (start >= n) start = n - 1;
    end = sliceIndex(hi, n, -1, 'end');
    if (end < -1) end = -1;
    if (start < end) start = end;
  }
  if (typeof x === 'string' || x instanceof Bytes) {
    const s = typeof x === 'string' ? x : x.s;
    let out: string;
    if (step === 1) out = s.slice(start, end);
    else {
      out = '';
      if (step > 0) for (let i = start; i < end; i += step) out += s[i];
      else for (let i = start; i > end; i += step) out += s[i];
    }
    return typeof x === 'string' ? out : new Bytes(out);
  }
  if (x instanceof Range) {
    return new Range(x.start + start * x.step, x.start + end * x.step, step * x.step);
  }
  const a = (x as List | Tuple).elems;
  let out: Value[];
  if (step === 1) out = a.slice(start, end);
  else {
    out = [];
    if (step > 0) for (let i = start; i < end; i += step) out.push(a[i]);
    else for (let i = start; i > end; i += step) out.push(a[i]);
  }
  return x instanceof List ? new List(out) : new Tuple(out);
}

// ---------------------------------------------------------------------------------------------------------
// attributes

export function getAttr(x: Value, name: string): Value {
  const m = getMethod(x, name);
  if (m !== undefined) return m;
  if (x instanceof HostValue) {
    const v = x.attr(name);
    if (v !== undefined) return v;
  }
  const names = attrNames(x);
  const hint = nearest(name, names);
  throw runtimeError(`${typeName(x)} has no .${name} field or method${hint ? ` (did you mean .${hint}?)` : ''}`);
}

export function hasAttr(x: Value, name: string): boolean {
  if (getMethod(x, name) !== undefined) return true;
  if (x instanceof HostValue) return x.attr(name) !== undefined;
  return false;
}

export function setAttr(x: Value, name: string, v: Value): void {
  if (x instanceof HostValue) {
    try {
      x.setAttr(name, v);
    } catch (e) {
      // A "no such field" error gets a spelling hint, as Go adds for NoSuchAttrError.
      const msg = (e as Error).message;
      if (msg.endsWith(`.${name} field`) || msg.endsWith(`.${name} field or method`)) {
        const h = nearest(name, x.attrNames());
        if (h) throw runtimeError(`${msg} (did you mean .${h}?)`);
      }
      throw e;
    }
    return;
  }
  throw runtimeError(`can't assign to .${name} field of ${typeName(x)}`);
}

export function isBuiltinMethod(v: Value): boolean {
  return v instanceof Builtin && v.recv !== undefined;
}
