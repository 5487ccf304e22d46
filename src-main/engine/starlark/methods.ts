// Methods of the built-in types (str, bytes, list, dict, set), as in starlark-go's library.go.
// Each method is a plain function of (thread, receiver, args, kwargs); getMethod binds one to a receiver.
import { noArgs, paramTypeError, unpackPositional } from './args.js';
import { runtimeError } from './errors.js';
import { chargeBytes, chargeElems, chargePieces, chargeScan } from './cost.js';
import { strFormat } from './format.js';
import { asIndexInt, indices as rawIndices } from './indices.js';
import {
  Builtin,
  Bytes,
  Dict,
  HostValue,
  List,
  StarlarkSet,
  Tuple,
  equals,
  isIterable,
  iterableElems,
  lengthOf,
  quote,
  typeName,
  type Kwargs,
  type ThreadLike,
  type Value,
} from './value.js';
import { decodeRune, decodeUtf8, encodeUtf8, isAscii } from './utf8.js';

export type MethodImpl = (thread: ThreadLike, recv: any, args: Value[], kwargs: Kwargs | null, name: string) => Value;

function isSpaceByte(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Go's indices() inside a method: its errors carry the method name ("find: invalid start index: ..."). */
function indices(name: string, start: Value | undefined, end: Value | undefined, len: number): [number, number] {
  try {
    return rawIndices(start, end, len);
  } catch (e) {
    throw runtimeError(`${name}: ${(e as Error).message}`);
  }
}

function asStr(fn: string, param: string | number, v: Value | undefined): string {
  if (typeof v !== 'string') throw paramTypeError(fn, param, v ?? null, 'string');
  return v;
}

function optInt(fn: string, param: string, v: Value | undefined, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number') {
    if (typeof v === 'bigint') return v > 0n ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
    throw paramTypeError(fn, param, v, 'int');
  }
  return v;
}

/** Runes of a byte string: [rune, byteOffset, width]. Invalid bytes decode to U+FFFD, width 1. */
function runes(s: string): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i < s.length; ) {
    const [r, w] = decodeRune(s, i);
    out.push([r < 0 ? 0xfffd : r, i, w]);
    i += w;
  }
  return out;
}

function isLetter(r: number): boolean {
  return /\p{L}/u.test(String.fromCodePoint(r));
}
function isDigitRune(r: number): boolean {
  return /\p{Nd}/u.test(String.fromCodePoint(r));
}
function isUpperRune(r: number): boolean {
  return /\p{Lu}/u.test(String.fromCodePoint(r));
}
function isLowerRune(r: number): boolean {
  return /\p{Ll}/u.test(String.fromCodePoint(r));
}
function isTitleRune(r: number): boolean {
  return /\p{Lt}/u.test(String.fromCodePoint(r));
}
function isSpaceRune(r: number): boolean {
  return r === 32 || (r >= 9 && r <= 13) || r === 0x85 || r === 0xa0 || /\s/u.test(String.fromCodePoint(r));
}
/**
 * Go's unicode.ToUpper/ToLower/ToTitle use the simple (one rune to one rune) case mappings of UnicodeData.txt.
 * JS toUpperCase/toLowerCase use the full mappings; per rune they agree except where SpecialCasing.txt expands
 * a rune. For those we keep the rune unchanged unless it has a simple mapping, listed here.
 */
const SIMPLE_LOWER = new Map<number, number>([[0x130, 0x69]]); // İ -> i (JS: i + combining dot above)
const SIMPLE_UPPER = new Map<number, number>([
  [0x1fb3, 0x1fbc],
  [0x1fc3, 0x1fcc],
  [0x1ff3, 0x1ffc],
]);
for (const base of [0x1f80, 0x1f90, 0x1fa0]) for (let i = 0; i < 8; i++) SIMPLE_UPPER.set(base + i, base + 8 + i); // ᾀ -> ᾈ ...

/** Go's isCasedRune: ASCII letters, or a rune with another rune in its case-fold orbit (unicode.SimpleFold). */
function isCasedRune(r: number): boolean {
  if ((r >= 97 && r <= 122) || (r >= 65 && r <= 90)) return true;
  if (r === 0xdf) return true; // ß folds with ẞ, though neither JS mapping of ß is a single rune
  if (r === 0x130 || r === 0x131) return false; // İ and ı fold only under Turkic rules: SimpleFold leaves them
  const c = String.fromCodePoint(r);
  return toLowerRune(r) !== c || toUpperRune(r) !== c || toTitleRune(r) !== c;
}
function toTitleRune(r: number): string {
  const c = String.fromCodePoint(r);
  const special: Record<string, string> = { ǆ: 'ǅ', Ǆ: 'ǅ', ǅ: 'ǅ', ǉ: 'ǈ', Ǉ: 'ǈ', ǈ: 'ǈ', ǌ: 'ǋ', Ǌ: 'ǋ', ǋ: 'ǋ', ǳ: 'ǲ', Ǳ: 'ǲ', ǲ: 'ǲ' };
  if (special[c]) return special[c];
  // Georgian Mkhedruli letters are their own title case (Unicode 11); only their upper case is Mtavruli.
  if ((r >= 0x10d0 && r <= 0x10fa) || (r >= 0x10fd && r <= 0x10ff)) return c;
  return toUpperRune(r);
}
function toLowerRune(r: number): string {
  const simple = SIMPLE_LOWER.get(r);
  if (simple !== undefined) return String.fromCodePoint(simple);
  const c = String.fromCodePoint(r);
  const l = c.toLowerCase();
  return [...l].length === 1 ? l : c;
}
function toUpperRune(r: number): string {
  const simple = SIMPLE_UPPER.get(r);
  if (simple !== undefined) return String.fromCodePoint(simple);
  const c = String.fromCodePoint(r);
  const u = c.toUpperCase();
  return [...u].length === 1 ? u : c;
}

function mapRunes(s: string, f: (r: number, i: number) => string): string {
  let out = '';
  let i = 0;
  for (const [r] of runes(s)) out += f(r, i++);
  return encodeUtf8(out);
}

// ---------------------------------------------------------------------------------------------------------
// iterable views returned by str.elems() etc.

export class StringView extends HostValue {
  readonly type: string;
  constructor(
    readonly s: string,
    readonly kind: 'elems' | 'codepoints' | 'elem_ords' | 'codepoint_ords',
    readonly isBytes = false,
  ) {
    super();
    this.type = (isBytes ? 'bytes.' : 'string.') + (kind === 'elems' || kind === 'elem_ords' ? 'elems' : 'codepoints');
    if (kind === 'elems' || kind === 'elem_ords') {
      this.len = () => this.s.length;
      this.index = (i: number) => (this.kind === 'elem_ords' || this.isBytes ? this.s.charCodeAt(i) : this.s[i]);
    }
  }
  override str(): string {
    return `${quote(this.s, this.isBytes)}.${this.kind}()`;
  }
  override hash(): number {
    throw runtimeError(`unhashable: ${this.type}`);
  }
  items(): Value[] {
    const s = this.s;
    switch (this.kind) {
      case 'elems':
        if (this.isBytes) return Array.from(s, (c) => c.charCodeAt(0));
        return Array.from(s);
      case 'elem_ords':
        return Array.from(s, (c) => c.charCodeAt(0));
      case 'codepoints':
        return runes(s).map(([r, off, w]) => (w === 1 && r === 0xfffd && s.charCodeAt(off) >= 0x80 ? '\xef\xbf\xbd' : s.slice(off, off + w)));
      case 'codepoint_ords':
        return runes(s).map(([r]) => r);
    }
  }
  override iterate(): Iterator<Value> {
    return this.items()[Symbol.iterator]();
  }
}

// ---------------------------------------------------------------------------------------------------------
// str

function splitWhitespace(s: string, maxsplit: number, fromRight: boolean): string[] {
  const out: string[] = [];
  if (!fromRight) {
    let i = 0;
    const n = s.length;
    while (i < n) {
      while (i < n && isSpaceByte(s.charCodeAt(i))) i++;
      if (i >= n) break;
      if (maxsplit >= 0 && out.length === maxsplit) {
        out.push(s.slice(i));
        return out;
      }
      let j = i;
      while (j < n && !isSpaceByte(s.charCodeAt(j))) j++;
      out.push(s.slice(i, j));
      i = j;
    }
    return out;
  }
  let j = s.length;
  while (j > 0) {
    while (j > 0 && isSpaceByte(s.charCodeAt(j - 1))) j--;
    if (j <= 0) break;
    if (maxsplit >= 0 && out.length === maxsplit) {
      out.push(s.slice(0, j));
      break;
    }
    let i = j;
    while (i > 0 && !isSpaceByte(s.charCodeAt(i - 1))) i--;
    out.push(s.slice(i, j));
    j = i;
  }
  return out.reverse();
}

function stripChars(s: string, chars: string | null, left: boolean, right: boolean): string {
  if (chars === null) {
    // Ends that are ASCII non-space bytes are whole runes that are not spaces: nothing to strip, no scan.
    const n = s.length;
    if (n > 0) {
      const c0 = s.charCodeAt(0),
        c1 = s.charCodeAt(n - 1);
      if ((!left || (c0 < 0x80 && !isSpaceByte(c0))) && (!right || (c1 < 0x80 && !isSpaceByte(c1)))) return s;
    }
    if (isAscii(s)) {
      let i = 0,
        j = s.length;
      if (left) while (i < j && isSpaceByte(s.charCodeAt(i))) i++;
      if (right) while (j > i && isSpaceByte(s.charCodeAt(j - 1))) j--;
      return s.slice(i, j);
    }
    const rs = runes(s);
    let a = 0,
      b = rs.length;
    if (left) while (a < b && isSpaceRune(rs[a][0])) a++;
    if (right) while (b > a && isSpaceRune(rs[b - 1][0])) b--;
    if (a >= b) return '';
    return s.slice(rs[a][1], rs[b - 1][1] + rs[b - 1][2]);
  }
  const set = new Set(runes(chars).map(([r]) => r));
  const rs = runes(s);
  let a = 0,
    b = rs.length;
  if (left) while (a < b && set.has(rs[a][0])) a++;
  if (right) while (b > a && set.has(rs[b - 1][0])) b--;
  if (a >= b) return '';
  return s.slice(rs[a][1], rs[b - 1][1] + rs[b - 1][2]);
}

function startsEnds(name: string, s: string, args: Value[], kwargs: Kwargs | null, ends: boolean): boolean {
  if (args.length === 1 && kwargs === null && typeof args[0] === 'string') return ends ? s.endsWith(args[0]) : s.startsWith(args[0]);
  const [x, start, end] = unpackPositional(name, args, kwargs, 1, 3);
  const [a, b] = indices(name, start, end, s.length);
  const sub = a <= b ? s.slice(a, b) : '';
  const test = (p: Value) => {
    if (typeof p !== 'string') throw runtimeError(`${name}: got ${typeName(p)}, want string`);
    return ends ? sub.endsWith(p) : sub.startsWith(p);
  };
  if (x instanceof Tuple) {
    for (let i = 0; i < x.elems.length; i++) {
      const p = x.elems[i];
      if (typeof p !== 'string') throw runtimeError(`${name}: want string, got ${typeName(p)}, for element ${i}`);
      if (test(p)) return true;
    }
    return false;
  }
  if (typeof x !== 'string') throw runtimeError(`${name}: got ${typeName(x!)}, want string or tuple of string`);
  return test(x);
}

function findImpl(name: string, s: string, args: Value[], kwargs: Kwargs | null, last: boolean, raise: boolean): number {
  const [sub, start, end] = unpackPositional(name, args, kwargs, 1, 3);
  const needle = asStr(name, 1, sub);
  const [a, b] = indices(name, start, end, s.length);
  const hay = a <= b ? s.slice(a, b) : '';
  const i = a > b ? -1 : last ? hay.lastIndexOf(needle) : hay.indexOf(needle);
  if (i < 0) {
    if (raise) throw runtimeError(`${name}: substring not found`);
    return -1;
  }
  return i + a;
}

/** s.split(sep) for a non-empty sep as an indexOf/slice loop, which V8 compiles inline instead of calling
 *  the runtime's split. */
function splitAll(s: string, sep: string): string[] {
  const out: string[] = [];
  const n = sep.length;
  let i = 0;
  for (let j = s.indexOf(sep); j >= 0; j = s.indexOf(sep, i)) {
    out.push(s.slice(i, j));
    i = j + n;
  }
  out.push(s.slice(i));
  return out;
}

function splitImpl(name: string, s: string, args: Value[], kwargs: Kwargs | null, fromRight: boolean): List {
  if (args.length === 1 && kwargs === null) {
    const sep = args[0];
    if (typeof sep === 'string' && sep !== '') return new List(splitAll(s, sep));
  }
  // Go: UnpackPositionalArgs, so split and rsplit take no keywords.
  const [sepV, maxV] = unpackPositional(name, args, kwargs, 0, 2);
  const maxsplit = optInt(name, '2', maxV, -1);
  if (sepV === undefined || sepV === null) return new List(splitWhitespace(s, maxsplit, fromRight));
  if (typeof sepV !== 'string') throw runtimeError(`split: got ${typeName(sepV)} for separator, want string`); // Go says "split" for rsplit too
  const sep = sepV;
  if (sep === '') throw runtimeError(`${name}: empty separator`);
  if (maxsplit < 0) return new List(splitAll(s, sep));
  const out: string[] = [];
  if (!fromRight) {
    let i = 0;
    while (out.length < maxsplit) {
      const j = s.indexOf(sep, i);
      if (j < 0) break;
      out.push(s.slice(i, j));
      i = j + sep.length;
    }
    out.push(s.slice(i));
    return new List(out);
  }
  let j = s.length;
  while (out.length < maxsplit) {
    const i = s.lastIndexOf(sep, j - sep.length);
    if (i < 0 || j - sep.length < 0) break;
    out.push(s.slice(i + sep.length, j));
    j = i;
  }
  out.push(s.slice(0, j));
  return new List(out.reverse());
}

/** A split's result, charged: the string scanned and each part made. */
function charged(t: ThreadLike, s: string, parts: List): List {
  chargeScan(t, s.length);
  chargePieces(t, parts.elems.length);
  return parts;
}

export const strMethods: Record<string, MethodImpl> = {
  capitalize(t, s: string, args, kwargs, name) {
    noArgs(name, args, kwargs);
    chargeBytes(t, s.length);
    if (isAscii(s)) return s.slice(0, 1).toUpperCase() + s.slice(1).toLowerCase();
    return mapRunes(s, (r, i) => (i === 0 ? toTitleRune(r) : toLowerRune(r)));
  },
  codepoint_ords(_t, s: string, args, kwargs, name) {
    noArgs(name, args, kwargs);
    return new StringView(s, 'codepoint_ords');
  },
  codepoints(_t, s: string, args, kwargs, name) {
    noArgs(name, args, kwargs);
    return new StringView(s, 'codepoints');
  },
  count(t, s: string, args, kwargs, name) {
    chargeScan(t, s.length);
    if (args.length === 1 && kwargs === null && typeof args[0] === 'string' && args[0] !== '') {
      // count(sub) over the whole string: no index arithmetic, no slice.
      const needle = args[0];
      let n = 0;
      for (let i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length)) n++;
      return n;
    }
    const [sub, start, end] = unpackPositional(name, args, kwargs, 1, 3);
    const needle = asStr(name, 1, sub);
    const [a, b] = indices(name, start, end, s.length);
    if (a > b) return 0;
    const hay = s.slice(a, b);
    if (needle === '') return hay.length + 1;
    let n = 0;
    for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) n++;
    return n;
  },
  elem_ords(_t, s: string, args, kwargs, name) {
    noArgs(name, args, kwargs);
    return new StringView(s, 'elem_ords');
  },
  elems(_t, s: string, args, kwargs, name) {
    noArgs(name, args, kwargs);
    return new StringView(s, 'elems');
  },
  endswith(_t, s: string, args, kwargs, name) {
    return startsEnds(name, s, args, kwargs, true);
  },
  find(t, s: string, args, kwargs, name) {
    chargeScan(t, s.length);
    return findImpl(name, s, args, kwargs, false, false);
  },
  format(t, s: string, args, kwargs) {
    const out = strFormat(s, args, kwargs);
    chargeBytes(t, out.length);
    return out;
  },
  index(t, s: string, args, kwargs, name) {
    chargeScan(t, s.length);
    return findImpl(name, s, args, kwargs, false, true);
  },
  isalnum(t, s: string, args, kwargs, name) {
    noArgs(name, args, kwargs);
    chargeBytes(t, s.length);
    const rs = runes(s);
    return rs.length > 0 && rs.every(([r]) => isLetter(r) || isDigitRune(r));
  },
  isalpha(t, s: string, args, kwargs, name) {
    noArgs(name, args, kwargs);
    chargeBytes(t, s.length);
    const rs = runes(s);
    return rs.length > 0 && rs.every(([r]) => isLetter(r));
  },
  isdigit(t, s: string, args, kwargs, name) {
    noArgs(name, args, kwargs);
    chargeBytes(t, s.length);
    const rs = runes(s);
    return rs.length > 0 && rs.every(([r]) => isDigitRune(r));
  },
  islower(t, s: string, args, kwargs, name) {
    noArgs(name, args, kwargs);
    chargeBytes(t, s.length);
    // Go: isCasedString(s) && s == strings.ToLower(s), which maps rune by rune.
    return runes(s).some(([r]) => isCasedRune(r)) && (isAscii(s) ? s.toLowerCase() : mapRunes(s, toLowerRune)) === s;
  },
  isspace(t, s: string, args, kwargs, name) {
    noArgs(name, args, kwargs);
    chargeBytes(t, s.length);
    const rs = runes(s);
    return rs.length > 0 && rs.every(([r]) => isSpaceRune(r));
  },
  istitle(t, s: string, args, kwargs, name) {
    noArgs(name, args, kwargs);
    chargeBytes(t, s.length);
    let cased = false,
      prevCased = false;
    for (const [r] of runes(s)) {
      if ((r >= 65 && r <= 90) || isTitleRune(r)) {
        if (prevCased) return false;
        prevCased = true;
        cased = true;
      } else if (isLowerRune(r)) {
        if (!prevCased) return false;
        prevCased = true;
        cased = true;
      } else if (isUpperRune(r)) return false;
      else prevCased = false;
    }
    return cased;
  },
  isupper(t, s: string, args, kwargs, name) {
    noArgs(name, args, kwargs);
    chargeBytes(t, s.length);
    // Go: isCasedString(s) && s == strings.ToUpper(s), which maps rune by rune.
    return runes(s).some(([r]) => isCasedRune(r)) && (isAscii(s) ? s.toUpperCase() : mapRunes(s, toUpperRune)) === s;
  },
  join(thread, s: string, args, kwargs, name) {
    const [it] = unpackPositional(name, args, kwargs, 1, 1);
    if (!isIterable(it)) throw paramTypeError(name, 1, it, 'iterable');
    const elems = it instanceof List || it instanceof Tuple ? it.elems : iterableElems(it);
    thread.steps += elems.length;
    for (let i = 0; i < elems.length; i++) {
      if (typeof elems[i] !== 'string') throw runtimeError(`${name}: in list, want string, got ${typeName(elems[i])}`);
    }
    const out = (elems as string[]).join(s);
    if (out.length > thread.maxAllocation) throw runtimeError(`${name}: excessive string size (${out.length} bytes)`);
    chargeBytes(thread, out.length);
    return out;
  },
  lower(t, s: string, args, kwargs, name) {
    noArgs(name, args, kwargs);
    chargeBytes(t, s.length);
    return isAscii(s) ? s.toLowerCase() : mapRunes(s, toLowerRune);
  },
  lstrip(t, s: string, args, kwargs, name) {
    chargeScan(t, s.length);
    const [c] = unpackPositional(name, args, kwargs, 0, 1);
    return stripChars(s, c === undefined || c === null || c === '' ? null : asStr(name, 1, c), true, false);
  },
  partition(t, s: string, args, kwargs, name) {
    chargeScan(t, s.length);
    const [sepV] = unpackPositional(name, args, kwargs, 1, 1);
    const sep = asStr(name, 1, sepV);
    if (sep === '') throw runtimeError(`${name}: empty separator`);
    const i = s.indexOf(sep);
    if (i < 0) return new Tuple([s, '', '']);
    return new Tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  removeprefix(_t, s: string, args, kwargs, name) {
    const [p] = unpackPositional(name, args, kwargs, 1, 1);
    const x = asStr(name, 1, p);
    return s.startsWith(x) ? s.slice(x.length) : s;
  },
  removesuffix(_t, s: string, args, kwargs, name) {
    const [p] = unpackPositional(name, args, kwargs, 1, 1);
    const x = asStr(name, 1, p);
    return x !== '' && s.endsWith(x) ? s.slice(0, s.length - x.length) : s;
  },
  replace(thread, s: string, args, kwargs, name) {
    const [oldV, newV, countV] = unpackPositional(name, args, kwargs, 2, 3);
    const oldS = asStr(name, 1, oldV);
    const newS = asStr(name, 2, newV);
    let count = optInt(name, '3', countV, -1);
    chargeBytes(thread, s.length);
    if (count < 0) {
      if (oldS !== '') {
        const parts = splitAll(s, oldS);
        const size = s.length + (parts.length - 1) * (newS.length - oldS.length);
        if (size > thread.maxAllocation) throw runtimeError(`${name}: excessive string size`);
        chargePieces(thread, parts.length);
        chargeBytes(thread, size);
        return parts.join(newS);
      }
      count = Infinity;
    }
    let out = '';
    let i = 0,
      n = 0;
    if (oldS === '') {
      // Go's strings.Replace: insert before each rune and at the end.
      const rs = runes(s);
      for (const [, off, w] of rs) {
        if (n < count) {
          out += newS;
          n++;
        }
        out += s.slice(off, off + w);
      }
      if (n < count) out += newS;
      chargePieces(thread, n);
      return out;
    }
    while (n < count) {
      const j = s.indexOf(oldS, i);
      if (j < 0) break;
      out += s.slice(i, j) + newS;
      i = j + oldS.length;
      n++;
      if (out.length > thread.maxAllocation) throw runtimeError(`${name}: excessive string size`);
    }
    chargePieces(thread, n);
    return out + s.slice(i);
  },
  rfind(t, s: string, args, kwargs, name) {
    chargeScan(t, s.length);
    return findImpl(name, s, args, kwargs, true, false);
  },
  rindex(t, s: string, args, kwargs, name) {
    chargeScan(t, s.length);
    return findImpl(name, s, args, kwargs, true, true);
  },
  rpartition(t, s: string, args, kwargs, name) {
    chargeScan(t, s.length);
    const [sepV] = unpackPositional(name, args, kwargs, 1, 1);
    const sep = asStr(name, 1, sepV);
    if (sep === '') throw runtimeError(`${name}: empty separator`);
    const i = s.lastIndexOf(sep);
    if (i < 0) return new Tuple(['', '', s]);
    return new Tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  rsplit(t, s: string, args, kwargs, name) {
    return charged(t, s, splitImpl(name, s, args, kwargs, true));
  },
  rstrip(t, s: string, args, kwargs, name) {
    chargeScan(t, s.length);
    const [c] = unpackPositional(name, args, kwargs, 0, 1);
    return stripChars(s, c === undefined || c === null || c === '' ? null : asStr(name, 1, c), false, true);
  },
  split(t, s: string, args, kwargs, name) {
    return charged(t, s, splitImpl(name, s, args, kwargs, false));
  },
  splitlines(t, s: string, args, kwargs, name) {
    // Go: UnpackPositionalArgs, so no keywords and the parameter is named by position.
    const [keepV] = unpackPositional(name, args, kwargs, 0, 1);
    if (keepV !== undefined && typeof keepV !== 'boolean') throw paramTypeError(name, 1, keepV, 'bool');
    const keep = keepV === true;
    if (s === '') return new List([]);
    let lines: string[];
    if (keep) {
      lines = [];
      let i = 0;
      for (;;) {
        const j = s.indexOf('\n', i);
        if (j < 0) {
          lines.push(s.slice(i));
          break;
        }
        lines.push(s.slice(i, j + 1));
        i = j + 1;
      }
    } else lines = s.split('\n');
    if (s.endsWith('\n')) lines.pop();
    return charged(t, s, new List(lines));
  },
  startswith(_t, s: string, args, kwargs, name) {
    return startsEnds(name, s, args, kwargs, false);
  },
  strip(t, s: string, args, kwargs, name) {
    chargeScan(t, s.length);
    const [c] = unpackPositional(name, args, kwargs, 0, 1);
    return stripChars(s, c === undefined || c === null || c === '' ? null : asStr(name, 1, c), true, true);
  },
  title(t, s: string, args, kwargs, name) {
    noArgs(name, args, kwargs);
    chargeBytes(t, s.length);
    let prevCased = false;
    let out = '';
    for (const [r0] of runes(s)) {
      const c = prevCased ? toLowerRune(r0) : toTitleRune(r0);
      prevCased = isCasedRune(c.codePointAt(0)!);
      out += c;
    }
    return encodeUtf8(out);
  },
  upper(t, s: string, args, kwargs, name) {
    noArgs(name, args, kwargs);
    chargeBytes(t, s.length);
    return isAscii(s) ? s.toUpperCase() : mapRunes(s, toUpperRune);
  },
};

export const bytesMethods: Record<string, MethodImpl> = {
  elems(_t, b: Bytes, args, kwargs, name) {
    noArgs(name, args, kwargs);
    return new StringView(b.s, 'elems', true);
  },
};

// ---------------------------------------------------------------------------------------------------------
// list

export const listMethods: Record<string, MethodImpl> = {
  append(_t, l: List, args, kwargs, name) {
    if (args.length !== 1 || (kwargs && kwargs.length)) unpackPositional(name, args, kwargs, 1, 1);
    if (l.lock !== 0) nameErr(name, () => l.checkMutable('append to'));
    if (l.elems.length >= _t.maxAllocation) throw runtimeError(`${name}: list too large (the limit is ${_t.maxAllocation} elements)`);
    l.elems.push(args[0]);
    return null;
  },
  clear(_t, l: List, args, kwargs, name) {
    noArgs(name, args, kwargs);
    nameErr(name, () => l.checkMutable('clear'));
    l.elems.length = 0;
    return null;
  },
  extend(thread, l: List, args, kwargs, name) {
    const [it] = unpackPositional(name, args, kwargs, 1, 1);
    nameErr(name, () => l.checkMutable('extend'));
    if (!isIterable(it)) throw paramTypeError(name, 1, it, 'iterable');
    const elems = iterableElems(it);
    if (l.elems.length + elems.length > thread.maxAllocation) throw runtimeError(`${name}: excessive list size`);
    chargeElems(thread, elems.length);
    for (const e of elems) l.elems.push(e);
    return null;
  },
  index(t, l: List, args, kwargs, name) {
    const [x, start, end] = unpackPositional(name, args, kwargs, 1, 3);
    const [a, b] = indices(name, start, end, l.elems.length);
    chargeElems(t, b - a);
    for (let i = a; i < b; i++) if (equals(l.elems[i], x)) return i;
    throw runtimeError(`${name}: value not in list`);
  },
  insert(_t, l: List, args, kwargs, name) {
    const [iV, x] = unpackPositional(name, args, kwargs, 2, 2);
    nameErr(name, () => l.checkMutable('insert into'));
    if (l.elems.length >= _t.maxAllocation) throw runtimeError(`${name}: list too large (the limit is ${_t.maxAllocation} elements)`);
    let i = asIndexArg(name, iV);
    const n = l.elems.length;
    if (i < 0) i += n;
    if (i > n) i = n;
    else if (i < 0) i = 0;
    l.elems.splice(i, 0, x);
    return null;
  },
  pop(_t, l: List, args, kwargs, name) {
    const [iV] = unpackPositional(name, args, kwargs, 0, 1);
    const n = l.elems.length;
    let i = iV === undefined ? n - 1 : asIndexArg(name, iV);
    const orig = i;
    if (i < 0) i += n;
    if (i < 0 || i >= n) {
      if (n === 0) throw runtimeError(`${name}: index ${orig} out of range: empty list`);
      throw runtimeError(`${name}: list index ${orig} out of range [${-n}:${n - 1}]`);
    }
    nameErr(name, () => l.checkMutable('pop from'));
    return i === n - 1 ? l.elems.pop()! : l.elems.splice(i, 1)[0];
  },
  remove(t, l: List, args, kwargs, name) {
    const [x] = unpackPositional(name, args, kwargs, 1, 1);
    chargeElems(t, l.elems.length);
    nameErr(name, () => l.checkMutable('remove from'));
    for (let i = 0; i < l.elems.length; i++) {
      if (equals(l.elems[i], x)) {
        l.elems.splice(i, 1);
        return null;
      }
    }
    throw runtimeError(`${name}: element not found`);
  },
};

function asIndexArg(name: string, v: Value): number {
  try {
    return asIndexInt(v);
  } catch (e) {
    const m = (e as Error).message;
    throw runtimeError(`${name}: for parameter 1: ${m.endsWith('out of range') ? `${m} (want value in signed 32-bit range)` : m}`);
  }
}

function nameErr(name: string, f: () => void): void {
  try {
    f();
  } catch (e) {
    throw runtimeError(`${name}: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// dict

export const dictMethods: Record<string, MethodImpl> = {
  clear(_t, d: Dict, args, kwargs, name) {
    noArgs(name, args, kwargs);
    nameErr(name, () => d.clear());
    return null;
  },
  get(_t, d: Dict, args, kwargs, name) {
    if (args.length < 1 || args.length > 2 || (kwargs && kwargs.length)) unpackPositional(name, args, kwargs, 1, 2);
    let v: Value | undefined;
    try {
      v = d.get(args[0]);
    } catch (e) {
      throw runtimeError(`${name}: ${(e as Error).message}`);
    }
    return v === undefined ? (args.length > 1 ? args[1] : null) : v;
  },
  items(t, d: Dict, args, kwargs, name) {
    noArgs(name, args, kwargs);
    chargePieces(t, d.size);
    return new List(d.items().map(([k, v]) => new Tuple([k, v])));
  },
  keys(t, d: Dict, args, kwargs, name) {
    noArgs(name, args, kwargs);
    chargeElems(t, d.size);
    return new List(d.keys());
  },
  pop(_t, d: Dict, args, kwargs, name) {
    const [k, dflt] = unpackPositional(name, args, kwargs, 1, 2);
    let v: Value | undefined;
    try {
      v = d.delete(k!);
    } catch (e) {
      throw runtimeError(`${name}: ${(e as Error).message}`);
    }
    if (v === undefined) {
      if (dflt !== undefined) return dflt;
      throw runtimeError(`${name}: missing key`);
    }
    return v;
  },
  popitem(t, d: Dict, args, kwargs, name) {
    noArgs(name, args, kwargs);
    chargeElems(t, d.size);
    if (d.size === 0) throw runtimeError(`${name}: empty dict`);
    const [k] = d.items()[0];
    const v = d.get(k)!;
    nameErr(name, () => d.delete(k));
    return new Tuple([k, v]);
  },
  setdefault(_t, d: Dict, args, kwargs, name) {
    const [k, dflt] = unpackPositional(name, args, kwargs, 1, 2);
    const v = d.get(k!);
    if (v !== undefined) return v;
    const nv = dflt ?? null;
    nameErr(name, () => d.set(k!, nv));
    return nv;
  },
  update(t, d: Dict, args, kwargs, name) {
    if (args.length > 1) throw runtimeError(`${name}: got ${args.length} arguments, want at most 1`);
    if (args[0] !== undefined) chargeElems(t, Math.max(0, lengthOf(args[0])));
    nameErr(name, () => updateDict(d, args, kwargs));
    return null;
  },
  values(t, d: Dict, args, kwargs, name) {
    noArgs(name, args, kwargs);
    chargeElems(t, d.size);
    return new List(d.values());
  },
};

/** dict(...) and dict.update(...) semantics. */
export function updateDict(d: Dict, args: Value[], kwargs: Kwargs | null): void {
  if (args.length === 1) {
    const src = args[0];
    if (src instanceof Dict) d.setAll(src);
    else {
      let i = 0;
      if (!isIterable(src)) throw runtimeError(`got ${typeName(src)}, want iterable`);
      for (const pair of iterableElems(src)) {
        let kv: Value[];
        try {
          kv = iterableElems(pair);
        } catch {
          throw runtimeError(`dictionary update sequence element #${i} is not iterable (${typeName(pair)})`);
        }
        if (kv.length !== 2) throw runtimeError(`dictionary update sequence element #${i} has length ${kv.length}, want 2`);
        d.set(kv[0], kv[1]);
        i++;
      }
    }
  }
  if (kwargs) {
    const seen = new Set<string>();
    for (const [k, v] of kwargs) {
      if (seen.has(k)) throw runtimeError(`duplicate keyword arg: ${decodeUtf8(quote(k, false))}`);
      seen.add(k);
      d.set(k, v);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// set

function setArg(t: ThreadLike, name: string, v: Value): StarlarkSet {
  // Go unpacks the other operand with UnpackPositionalArgs into an Iterable.
  if (!isIterable(v)) throw paramTypeError(name, 1, v, 'iterable');
  const s = new StarlarkSet();
  const elems = iterableElems(v, name);
  chargeElems(t, elems.length);
  for (const e of elems) s.add(e);
  return s;
}

export const setMethods: Record<string, MethodImpl> = {
  add(_t, s: StarlarkSet, args, kwargs, name) {
    const [x] = unpackPositional(name, args, kwargs, 1, 1);
    nameErr(name, () => {
      if (!s.has(x)) s.add(x); // adding a present element is no mutation, even when frozen
    });
    return null;
  },
  clear(_t, s: StarlarkSet, args, kwargs, name) {
    noArgs(name, args, kwargs);
    if (s.size > 0) nameErr(name, () => s.clear());
    return null;
  },
  difference(t, s: StarlarkSet, args, kwargs, name) {
    chargeElems(t, s.size);
    unpackPositional(name, args, kwargs, 0, 1); // Go 2024 takes one other set at most
    const out = new StarlarkSet();
    for (const [h, e] of s.map) out.map.set(h, e);
    for (const a of args) for (const h of setArg(t, name, a).map.keys()) out.map.delete(h);
    return out;
  },
  discard(_t, s: StarlarkSet, args, kwargs, name) {
    const [x] = unpackPositional(name, args, kwargs, 1, 1);
    nameErr(name, () => {
      if (s.has(x)) s.delete(x);
    });
    return null;
  },
  intersection(t, s: StarlarkSet, args, kwargs, name) {
    chargeElems(t, s.size);
    unpackPositional(name, args, kwargs, 0, 1);
    let cur = new Map(s.map);
    for (const a of args) {
      const o = setArg(t, name, a);
      const next = new Map<unknown, Value>();
      for (const [h, e] of cur) if (o.map.has(h)) next.set(h, e);
      cur = next;
    }
    const out = new StarlarkSet();
    out.map = cur;
    return out;
  },
  issubset(t, s: StarlarkSet, args, kwargs, name) {
    chargeElems(t, s.size);
    const [x] = unpackPositional(name, args, kwargs, 1, 1);
    const o = setArg(t, name, x);
    for (const h of s.map.keys()) if (!o.map.has(h)) return false;
    return true;
  },
  issuperset(t, s: StarlarkSet, args, kwargs, name) {
    chargeElems(t, s.size);
    const [x] = unpackPositional(name, args, kwargs, 1, 1);
    const o = setArg(t, name, x);
    for (const h of o.map.keys()) if (!s.map.has(h)) return false;
    return true;
  },
  pop(_t, s: StarlarkSet, args, kwargs, name) {
    noArgs(name, args, kwargs);
    if (s.size === 0) throw runtimeError(`${name}: empty set`);
    const [h, e] = s.map.entries().next().value!;
    nameErr(name, () => {
      if (s.lock !== 0) s.delete(e);
      s.map.delete(h);
    });
    return e;
  },
  remove(_t, s: StarlarkSet, args, kwargs, name) {
    const [x] = unpackPositional(name, args, kwargs, 1, 1);
    let found = false;
    nameErr(name, () => {
      found = s.delete(x);
    });
    if (!found) throw runtimeError(`${name}: missing key`);
    return null;
  },
  symmetric_difference(t, s: StarlarkSet, args, kwargs, name) {
    chargeElems(t, s.size);
    const [x] = unpackPositional(name, args, kwargs, 1, 1);
    const o = setArg(t, name, x);
    const out = new StarlarkSet();
    for (const [h, e] of s.map) if (!o.map.has(h)) out.map.set(h, e);
    for (const [h, e] of o.map) if (!s.map.has(h)) out.map.set(h, e);
    return out;
  },
  union(t, s: StarlarkSet, args, kwargs, name) {
    chargeElems(t, s.size);
    unpackPositional(name, args, kwargs, 0, 1);
    const out = new StarlarkSet();
    for (const [h, e] of s.map) out.map.set(h, e);
    for (const a of args) for (const [h, e] of setArg(t, name, a).map) if (!out.map.has(h)) out.map.set(h, e);
    return out;
  },
};

// ---------------------------------------------------------------------------------------------------------

/** The method table for a value's type, or undefined. */
export function methodTable(x: Value): Record<string, MethodImpl> | undefined {
  if (typeof x === 'string') return strMethods;
  if (x instanceof Dict) return dictMethods;
  if (x instanceof List) return listMethods;
  if (x instanceof StarlarkSet) return setMethods;
  if (x instanceof Bytes) return bytesMethods;
  return undefined;
}

const boundCache = new WeakMap<object, Map<string, Builtin>>();

/** x.name as a bound method, or undefined. */
export function getMethod(x: Value, name: string): Builtin | undefined {
  const t = methodTable(x);
  if (!t || !Object.prototype.hasOwnProperty.call(t, name)) return undefined;
  const impl = t[name];
  if (typeof x === 'object' && x !== null) {
    let m = boundCache.get(x);
    if (!m) boundCache.set(x, (m = new Map()));
    let b = m.get(name);
    if (!b) m.set(name, (b = new Builtin(name, (th, a, k) => impl(th, x, a, k, name), x)));
    return b;
  }
  return new Builtin(name, (th, a, k) => impl(th, x, a, k, name), x);
}

/** Names for dir(x): methods, plus host attributes. */
export function attrNames(x: Value): string[] {
  const t = methodTable(x);
  const names = t ? Object.keys(t) : [];
  if (x instanceof HostValue) names.push(...x.attrNames());
  return names.sort();
}

