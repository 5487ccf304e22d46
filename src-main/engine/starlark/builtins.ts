// The universal builtins of Starlark (Go dialect): abs, any, all, bool, bytes, chr, dict, dir, enumerate,
// fail, float, getattr, hasattr, hash, int, len, list, max, min, ord, print, range, repr, reversed, set,
// sorted, str, tuple, type, zip — with starlark-go's behaviour and error messages.
import { noKwargs, paramTypeError, unpackArgs, unpackPositional } from './args.js';
import { callValue } from './call.js';
import { chargeBytes, chargeElems } from './cost.js';
import { runtimeError } from './errors.js';
import { attrNames, updateDict } from './methods.js';
import { asIndexInt } from './indices.js';
import { getAttr, hasAttr, intToFloat } from './ops.js';
import {
  Builtin,
  Bytes,
  Dict,
  Float,
  HostValue,
  List,
  Range,
  StarlarkFunction,
  StarlarkSet,
  Tuple,
  compare,
  formatFloatG,
  isIterable,
  iterableElems,
  lengthOf,
  normBig,
  repr,
  str,
  truth,
  typeName,
  type BuiltinImpl,
  type Kwargs,
  type ThreadLike,
  type Value,
} from './value.js';
import { decodeRune, decodeUtf8, encodeRune } from './utf8.js';

/** The byte string with every byte that is not part of a valid UTF-8 sequence replaced by U+FFFD. */
export function validUtf8(s: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; ) {
    if (s.charCodeAt(i) < 0x80) {
      i++;
      continue;
    }
    const [r, w] = decodeRune(s, i);
    if (r < 0) {
      out += s.slice(start, i) + '\xef\xbf\xbd';
      i++;
      start = i;
    } else i += w;
  }
  return start === 0 ? s : out + s.slice(start);
}

/** A thread as builtins see it (print hook included). */
interface PrintingThread extends ThreadLike {
  print: (msg: string) => void;
}

function iterArg(fn: string, v: Value | undefined, param: string | number = 1): Value[] {
  if (v === undefined || !isIterable(v)) throw paramTypeError(fn, param, v ?? null, 'iterable');
  return iterableElems(v);
}

function isCallable(v: Value): boolean {
  return v instanceof StarlarkFunction || v instanceof Builtin || (v instanceof HostValue && typeof v.call === 'function');
}

/**
 * Stable sort of indices by key, like Go's sort.Stable: insertion sort of blocks of 20, then merges. The
 * comparison operands follow Go's order, so that type errors read the same ("int < NoneType").
 */
function stableSort(keys: Value[], reverse: boolean): number[] {
  const n = keys.length;
  const idx = keys.map((_, i) => i);
  // before(a, b): must element a come before element b (strictly)?
  // Go's sort records a comparison error, treats the pair as unordered and goes on; the last error wins.
  let err: unknown = null;
  const before = (a: number, b: number): boolean => {
    let c: number;
    try {
      c = reverse ? compare(keys[b], keys[a], '<') : compare(keys[a], keys[b], '<');
    } catch (e) {
      err = e;
      return false;
    }
    return c < 0;
  };
  const block = 20;
  for (let s = 0; s < n; s += block) {
    const e = Math.min(n, s + block);
    for (let i = s + 1; i < e; i++) for (let j = i; j > s && before(idx[j], idx[j - 1]); j--) [idx[j], idx[j - 1]] = [idx[j - 1], idx[j]];
  }
  let buf = new Array<number>(n);
  let src = idx;
  for (let width = block; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width),
        hi = Math.min(n, lo + 2 * width);
      let i = lo,
        j = mid,
        k = lo;
      while (i < mid && j < hi) buf[k++] = before(src[j], src[i]) ? src[j++] : src[i++];
      while (i < mid) buf[k++] = src[i++];
      while (j < hi) buf[k++] = src[j++];
    }
    [src, buf] = [buf, src];
  }
  if (err) throw err;
  return src;
}

function javaStringHash(s: string): number {
  let h = 0;
  for (const ch of decodeUtf8(s)) h = (Math.imul(31, h) + ch.codePointAt(0)!) | 0;
  return h;
}

function fnv32(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

/** int(string, base) per Go's parseInt; undefined when invalid. */
function parseIntLiteral(s0: string, base: number): number | bigint | undefined {
  let s = s0;
  let neg = false;
  if (s !== '') {
    if (s[0] === '+') s = s.slice(1);
    else if (s[0] === '-') {
      neg = true;
      s = s.slice(1);
    }
  }
  let prefix = 0;
  if (s.length > 1 && s[0] === '0') {
    if (s.length > 2) {
      const c = s[1];
      prefix = c === 'o' || c === 'O' ? 8 : c === 'x' || c === 'X' ? 16 : c === 'b' || c === 'B' ? 2 : 0;
    }
    if (prefix !== 0) {
      if (base === 0 || prefix === base) {
        base = prefix;
        s = s.slice(2);
      }
    } else if (base === 0) {
      for (let i = 1; i < s.length; i++) if (s[i] !== '0') return undefined;
      return 0;
    }
  }
  if (base === 0) base = 10;
  if (s === '') return undefined;
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, base);
  const lower = s.toLowerCase();
  for (const ch of lower) if (digits.indexOf(ch) < 0) return undefined;
  if (lower.length <= 10) {
    let v = 0;
    for (const ch of lower) v = v * base + digits.indexOf(ch);
    return neg ? (v === 0 ? 0 : -v) : v;
  }
  let acc = 0n;
  const b = BigInt(base);
  for (const ch of lower) acc = acc * b + BigInt(digits.indexOf(ch));
  return normBig(neg ? -acc : acc);
}

/** Go's NumberToInt (used by int() and %d). */
export function numberToInt(x: Value): number | bigint {
  if (typeof x === 'number' || typeof x === 'bigint') return x;
  if (x instanceof Float) {
    const f = x.v;
    if (Number.isNaN(f)) throw runtimeError('cannot convert float NaN to integer');
    if (!Number.isFinite(f)) throw runtimeError('cannot convert float infinity to integer');
    const t = Math.trunc(f);
    return Number.isSafeInteger(t) ? t + 0 : BigInt(t);
  }
  throw runtimeError(`cannot convert ${typeName(x)} to int`);
}

function parseFloatStr(s: string): number {
  if (s === '') throw runtimeError('empty string');
  const l = s.toLowerCase();
  if (l === 'inf' || l === '+inf' || l === 'infinity' || l === '+infinity') return Infinity;
  if (l === '-inf' || l === '-infinity') return -Infinity;
  if (l === 'nan' || l === '+nan' || l === '-nan') return NaN;
  // Go's ParseFloat: decimal digits, optionally separated by single underscores (each between two digits).
  if (!/^[+-]?(\d(_?\d)*\.?(\d(_?\d)*)?|\.\d(_?\d)*)([eE][+-]?\d(_?\d)*)?$/.test(s)) throw runtimeError(`invalid float literal: ${decodeUtf8(s)}`);
  const f = Number(s.replace(/_/g, ''));
  if (!Number.isFinite(f)) throw runtimeError('floating-point number too large');
  return f;
}

function minmax(name: 'max' | 'min'): BuiltinImpl {
  return (thread, args, kwargs) => {
    if (args.length === 0) throw runtimeError(`${name} requires at least one positional argument`);
    const [keyV] = unpackArgs(name, [], kwargs, ['key?']);
    if (keyV !== undefined && !isCallable(keyV)) throw paramTypeError(name, 'key', keyV, 'callable');
    const key = keyV === undefined ? null : keyV;
    const iterable: Value = args.length === 1 ? args[0] : new Tuple(args);
    if (!isIterable(iterable)) throw runtimeError(`${name}: ${typeName(iterable)} value is not iterable`);
    const elems = iterableElems(iterable);
    if (elems.length === 0) throw runtimeError(`${name}: argument is an empty sequence`);
    chargeElems(thread, elems.length);
    let best = elems[0];
    let bestKey = key ? callValue(thread, key, [best]) : best;
    for (let i = 1; i < elems.length; i++) {
      const x = elems[i];
      const k = key ? callValue(thread, key, [x]) : x;
      let c: number;
      try {
        c = compare(k, bestKey, name === 'max' ? '>' : '<');
      } catch (e) {
        throw runtimeError(`${name}: ${(e as Error).message}`);
      }
      if (name === 'max' ? c > 0 : c < 0) {
        best = x;
        bestKey = k;
      }
    }
    return best;
  };
}

const impls: Record<string, BuiltinImpl> = {
  abs(_t, args, kwargs) {
    const [x] = unpackPositional('abs', args, kwargs, 1, 1);
    if (typeof x === 'number') return Math.abs(x);
    if (typeof x === 'bigint') return x < 0n ? -x : x;
    if (x instanceof Float) return new Float(Math.abs(x.v));
    throw runtimeError(`got ${typeName(x)}, want int or float`);
  },
  all(thread, args, kwargs) {
    const [x] = unpackPositional('all', args, kwargs, 1, 1);
    const elems = iterArg('all', x);
    thread.steps += elems.length;
    for (const e of elems) if (!truth(e)) return false;
    return true;
  },
  any(thread, args, kwargs) {
    const [x] = unpackPositional('any', args, kwargs, 1, 1);
    const elems = iterArg('any', x);
    thread.steps += elems.length;
    for (const e of elems) if (truth(e)) return true;
    return false;
  },
  bool(_t, args, kwargs) {
    const [x] = unpackPositional('bool', args, kwargs, 0, 1);
    return x === undefined ? false : truth(x);
  },
  bytes(_t, args, kwargs) {
    noKwargs('bytes', kwargs);
    if (args.length !== 1) throw runtimeError(`bytes: got ${args.length} arguments, want exactly 1`);
    const x = args[0];
    if (typeof x === 'string') return new Bytes(validUtf8(x));
    if (x instanceof Bytes) return x;
    if (isIterable(x)) {
      let s = '';
      for (const e of iterableElems(x)) {
        if (typeof e !== 'number') throw runtimeError(`bytes: at index ${s.length}, got ${typeName(e)}, want int`);
        if (e < 0 || e > 255) throw runtimeError(`bytes: at index ${s.length}, ${e} out of range (want value in unsigned 8-bit range)`);
        s += String.fromCharCode(e);
      }
      return new Bytes(s);
    }
    throw runtimeError(`bytes: got ${typeName(x)}, want string, bytes, or iterable of ints`);
  },
  chr(_t, args, kwargs) {
    noKwargs('chr', kwargs);
    const [x] = unpackPositional('chr', args, null, 1, 1);
    // Go: AsInt32, whose errors carry no parameter name.
    if (typeof x !== 'number' && typeof x !== 'bigint') throw runtimeError(`chr: got ${typeName(x)}, want int`);
    if (typeof x === 'bigint') throw runtimeError(`chr: ${x} out of range`);
    if (x < 0) throw runtimeError(`chr: Unicode code point ${x} out of range (<0)`);
    if (x > 0x10ffff) throw runtimeError(`chr: Unicode code point U+${x.toString(16).toUpperCase()} out of range (>0x10FFFF)`);
    return encodeRune(Number(x));
  },
  dict(t, args, kwargs) {
    if (args.length > 1) throw runtimeError(`dict: got ${args.length} arguments, want at most 1`);
    if (args.length === 1) chargeElems(t, Math.max(0, lengthOf(args[0]!)));
    const d = new Dict();
    try {
      updateDict(d, args, kwargs);
    } catch (e) {
      throw runtimeError(`dict: ${(e as Error).message}`);
    }
    return d;
  },
  dir(_t, args, kwargs) {
    noKwargs('dir', kwargs);
    const [x] = unpackPositional('dir', args, null, 1, 1);
    return new List(attrNames(x));
  },
  enumerate(t, args, kwargs) {
    // Go: UnpackPositionalArgs (no keywords; parameters named by position).
    const [it, startV] = unpackPositional('enumerate', args, kwargs, 1, 2);
    if (!isIterable(it)) throw paramTypeError('enumerate', 1, it, 'iterable');
    let start = 0;
    if (startV !== undefined) {
      if (typeof startV === 'bigint') throw runtimeError(`enumerate: for parameter 2: ${startV} out of range`);
      if (typeof startV !== 'number') throw paramTypeError('enumerate', 2, startV, 'int');
      start = startV;
    }
    const src = it instanceof List || it instanceof Tuple ? it.elems : iterableElems(it!);
    const n = src.length;
    chargeElems(t, n);
    const out = new Array<Value>(n);
    for (let i = 0; i < n; i++) out[i] = new Tuple([i + start, src[i]]);
    return new List(out);
  },
  fail(_t, args, kwargs) {
    const [sepV] = unpackArgs('fail', [], kwargs, ['sep?']);
    const sep = sepV === undefined ? ' ' : typeof sepV === 'string' ? sepV : (() => { throw paramTypeError('fail', 'sep', sepV, 'string'); })();
    const msg = 'fail: ' + args.map((a) => str(a)).join(sep);
    throw runtimeError(decodeUtf8(msg));
  },
  float(_t, args, kwargs) {
    noKwargs('float', kwargs);
    if (args.length > 1) throw runtimeError(`float got ${args.length} arguments, wants 1`);
    const x = args[0];
    if (x === undefined) return new Float(0);
    if (typeof x === 'boolean') return new Float(x ? 1 : 0);
    if (typeof x === 'number') return new Float(x);
    if (typeof x === 'bigint') {
      const f = Number(x);
      if (!Number.isFinite(f)) throw runtimeError('float: int too large to convert to float');
      return new Float(f);
    }
    if (x instanceof Float) return x;
    if (typeof x === 'string') {
      if (x === '') throw runtimeError('float: empty string');
      return new Float(parseFloatStr(x));
    }
    throw runtimeError(`float got ${typeName(x)}, want number or string`); // sic: Go has no colon here
  },
  getattr(_t, args, kwargs) {
    const [x, nameV, dflt] = unpackPositional('getattr', args, kwargs, 2, 3);
    if (typeof nameV !== 'string') throw paramTypeError('getattr', 2, nameV, 'string');
    try {
      return getAttr(x, nameV);
    } catch (e) {
      if (dflt !== undefined) return dflt;
      throw runtimeError(`getattr: ${(e as Error).message}`);
    }
  },
  hasattr(_t, args, kwargs) {
    const [x, nameV] = unpackPositional('hasattr', args, kwargs, 2, 2);
    if (typeof nameV !== 'string') throw paramTypeError('hasattr', 2, nameV, 'string');
    return hasAttr(x, nameV);
  },
  hash(_t, args, kwargs) {
    const [x] = unpackPositional('hash', args, kwargs, 1, 1);
    if (typeof x === 'string') return javaStringHash(x);
    if (x instanceof Bytes) return fnv32(x.s);
    throw runtimeError(`hash: got ${typeName(x)}, want string or bytes`);
  },
  int(_t, args, kwargs) {
    const [xV, baseV] = unpackArgs('int', args, kwargs, ['x', 'base?']);
    const x = xV!;
    if (typeof x === 'string') {
      let b = 10;
      if (baseV !== undefined) {
        if (typeof baseV !== 'number') throw runtimeError(`int: for base, got ${typeName(baseV)}, want int`);
        b = baseV;
        if (b !== 0 && (b < 2 || b > 36)) throw runtimeError('int: base must be an integer >= 2 && <= 36');
      }
      const r = parseIntLiteral(x, b);
      if (r === undefined) throw runtimeError(`int: invalid literal with base ${b}: ${decodeUtf8(x)}`);
      return r;
    }
    if (baseV !== undefined) throw runtimeError("int: can't convert non-string with explicit base");
    if (typeof x === 'boolean') return x ? 1 : 0;
    try {
      return numberToInt(x);
    } catch (e) {
      throw runtimeError(`int: ${(e as Error).message}`);
    }
  },
  len(_t, args, kwargs) {
    const [x] = unpackPositional('len', args, kwargs, 1, 1);
    const n = lengthOf(x);
    if (n < 0) {
      if (x instanceof HostValue) {
        const l = (x as HostValue & { len?: () => number }).len;
        if (l) return l.call(x);
      }
      throw runtimeError(`len: value of type ${typeName(x)} has no len`);
    }
    return n;
  },
  list(thread, args, kwargs) {
    const [x] = unpackPositional('list', args, kwargs, 0, 1);
    if (x === undefined) return new List([]);
    const elems = iterArg('list', x);
    chargeElems(thread, elems.length);
    return new List(elems);
  },
  max: minmax('max'),
  min: minmax('min'),
  ord(_t, args, kwargs) {
    noKwargs('ord', kwargs);
    const [x] = unpackPositional('ord', args, null, 1, 1);
    if (typeof x === 'string') {
      if (x.length === 0) throw runtimeError('ord: string encodes 0 Unicode code points, want 1');
      const [r, w] = decodeRune(x, 0);
      if (w !== x.length || r < 0) {
        let n = 0;
        for (let i = 0; i < x.length; ) {
          i += decodeRune(x, i)[1];
          n++;
        }
        if (n !== 1) throw runtimeError(`ord: string encodes ${n} Unicode code points, want 1`);
        return 0xfffd;
      }
      return r;
    }
    if (x instanceof Bytes) {
      if (x.s.length !== 1) throw runtimeError(`ord: bytes has length ${x.s.length}, want 1`);
      return x.s.charCodeAt(0);
    }
    throw runtimeError(`ord: got ${typeName(x)}, want string or bytes`);
  },
  print(thread, args, kwargs) {
    const [sepV] = unpackArgs('print', [], kwargs, ['sep?']);
    const sep = sepV === undefined ? ' ' : typeof sepV === 'string' ? sepV : (() => { throw paramTypeError('print', 'sep', sepV, 'string'); })();
    const msg = args.map((a) => str(a)).join(sep);
    (thread as PrintingThread).print(decodeUtf8(msg));
    return null;
  },
  range(_t, args, kwargs) {
    unpackPositional('range', args, kwargs, 1, 3);
    const ints = args.map((a, i) => {
      if (typeof a !== 'number') {
        if (typeof a === 'bigint') throw runtimeError(`range: for parameter ${i + 1}: ${a} out of range (want value in signed 32-bit range)`);
        throw paramTypeError('range', i + 1, a, 'int');
      }
      return a;
    });
    let start = 0,
      stop: number,
      step = 1;
    if (ints.length === 1) stop = ints[0];
    else {
      start = ints[0];
      stop = ints[1];
      if (ints.length === 3) step = ints[2];
    }
    if (step === 0) throw runtimeError('range: step argument must not be zero');
    return new Range(start, stop, step);
  },
  repr(t, args, kwargs) {
    const [x] = unpackPositional('repr', args, kwargs, 1, 1);
    const out = repr(x);
    chargeBytes(t, out.length);
    return out;
  },
  reversed(t, args, kwargs) {
    const [x] = unpackPositional('reversed', args, kwargs, 1, 1);
    const elems = iterArg('reversed', x);
    chargeElems(t, elems.length);
    return new List(elems.reverse());
  },
  set(t, args, kwargs) {
    const [x] = unpackPositional('set', args, kwargs, 0, 1);
    const s = new StarlarkSet();
    if (x !== undefined) {
      const elems = iterArg('set', x);
      chargeElems(t, elems.length);
      for (const e of elems) {
        try {
          s.add(e);
        } catch (err) {
          throw runtimeError(`set: ${(err as Error).message}`);
        }
      }
    }
    return s;
  },
  sorted(thread, args, kwargs) {
    const [it, keyV, revV] = unpackArgs('sorted', args, kwargs, ['iterable', 'key?', 'reverse?']);
    const elems = iterArg('sorted', it, 'iterable');
    if (keyV !== undefined && !isCallable(keyV)) throw paramTypeError('sorted', 'key', keyV, 'callable');
    const key = keyV === undefined ? null : keyV;
    const keys = key ? elems.map((e) => callValue(thread, key, [e])) : elems;
    thread.steps += elems.length * Math.max(1, Math.ceil(Math.log2(elems.length + 1)));
    if (revV !== undefined && typeof revV !== 'boolean') throw paramTypeError('sorted', 'reverse', revV, 'bool');
    const rev = revV === true;
    let order: number[];
    order = stableSort(keys, rev);
    return new List(order.map((i) => elems[i]));
  },
  str(t, args, kwargs) {
    noKwargs('str', kwargs);
    if (args.length !== 1) throw runtimeError(`str: got ${args.length} arguments, want exactly 1`);
    const x = args[0];
    if (x instanceof Bytes) return validUtf8(x.s); // Go: each invalid byte becomes U+FFFD
    if (typeof x === 'string') return x;
    const out = str(x);
    chargeBytes(t, out.length);
    return out;
  },
  tuple(t, args, kwargs) {
    const [x] = unpackPositional('tuple', args, kwargs, 0, 1);
    if (x === undefined) return new Tuple([]);
    if (x instanceof Tuple) return x;
    const elems = iterArg('tuple', x);
    chargeElems(t, elems.length);
    return new Tuple(elems);
  },
  type(_t, args, kwargs) {
    noKwargs('type', kwargs);
    if (args.length !== 1) throw runtimeError(`type: got ${args.length} arguments, want exactly 1`);
    const x = args[0];
    return typeName(x);
  },
  zip(t, args, kwargs) {
    noKwargs('zip', kwargs);
    const lists = args.map((a, i) => {
      if (!isIterable(a)) throw runtimeError(`zip: argument #${i + 1} is not iterable: ${typeName(a)}`);
      return iterableElems(a);
    });
    if (lists.length === 0) return new List([]);
    const n = Math.min(...lists.map((l) => l.length));
    chargeElems(t, n * lists.length);
    const out: Value[] = [];
    for (let i = 0; i < n; i++) out.push(new Tuple(lists.map((l) => l[i])));
    return new List(out);
  },
};

/** The universal builtins (abs, any, all, ...), by name; None/True/False included. */
export const universe = new Map<string, Value>();
universe.set('None', null);
universe.set('True', true);
universe.set('False', false);
for (const [name, impl] of Object.entries(impls)) universe.set(name, new Builtin(name, impl));

export { formatFloatG, intToFloat, asIndexInt, parseIntLiteral };
export type { Kwargs };
