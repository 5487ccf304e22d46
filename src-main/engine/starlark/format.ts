// String formatting: the `%` operator (%s %r %d %i %o %x %X %e %f %g %E %F %G %c %%) and str.format,
// with starlark-go's behaviour and messages.
import { runtimeError } from './errors.js';
import { Dict, Float, Tuple, formatFloatG, repr, typeName, type Kwargs, type ThreadLike, type Value } from './value.js';
import { decodeRune, encodeRune } from './utf8.js';

function numberToInt(v: Value, c: string): bigint | number {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (v instanceof Float) {
    if (Number.isNaN(v.v)) throw runtimeError(`%${c} format requires integer: cannot convert float NaN to integer`);
    if (!Number.isFinite(v.v)) throw runtimeError(`%${c} format requires integer: cannot convert float infinity to integer`);
    const t = Math.trunc(v.v);
    return Number.isSafeInteger(t) ? t + 0 : BigInt(t);
  }
  throw runtimeError(`%${c} format requires integer: cannot convert ${typeName(v)} to int`);
}

/**
 * Go's Float.format for %e %f %g %E %F %G. Non-finite values print as +inf/-inf/nan whatever the verb.
 * Go hands the verb to strconv.FormatFloat, which has no 'F' format and writes "%F" for any finite value
 * (strconv's unknown-format fallback); Starlark's `%F` therefore prints the two characters "%F".
 */
export function formatFloatConv(f: number, conv: string): string {
  if (!Number.isFinite(f)) return Number.isNaN(f) ? 'nan' : f > 0 ? '+inf' : '-inf';
  if (conv === 'F') return '%F';
  const upper = conv === 'E' || conv === 'G';
  const c = conv.toLowerCase();
  let s: string;
  if (c === 'g') s = formatFloatG(f);
  else if (c === 'e') s = (Object.is(f, -0) ? '-' : '') + expDigits(f.toExponential(6));
  else s = (Object.is(f, -0) ? '-' : '') + fixed6(f);
  return upper ? s.toUpperCase() : s;
}

function expDigits(s: string): string {
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function fixed6(f: number): string {
  if (Math.abs(f) < 1e21) return f.toFixed(6);
  return BigInt(f).toString() + '.000000';
}

/** `format % args`. */
export function percentFormat(format: string, x: Value, thread: ThreadLike | null): string {
  let out = '';
  let index = 0;
  const nargs = x instanceof Tuple ? x.elems.length : 1;
  let i = 0;
  const n = format.length;
  for (;;) {
    const j = format.indexOf('%', i);
    if (j < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, j);
    i = j + 1;
    if (i < n && format[i] === '%') {
      out += '%';
      i++;
      continue;
    }
    let arg: Value;
    if (i < n && format[i] === '(') {
      const k = format.indexOf(')', i + 1);
      if (k < 0) throw runtimeError('incomplete format key');
      const key = format.slice(i + 1, k);
      if (!(x instanceof Dict)) throw runtimeError('format requires a mapping');
      const v = x.get(key);
      if (v === undefined) throw runtimeError(`key not found: ${key}`);
      arg = v;
      i = k + 1;
    } else {
      if (index >= nargs) throw runtimeError('not enough arguments for format string');
      arg = x instanceof Tuple ? x.elems[index] : x;
    }
    if (i >= n) throw runtimeError('incomplete format');
    const c = format[i];
    switch (c) {
      case 's':
        out += typeof arg === 'string' ? arg : repr(arg);
        break;
      case 'r':
        out += repr(arg);
        break;
      case 'd':
      case 'i':
      case 'o':
      case 'x':
      case 'X': {
        const v = numberToInt(arg, c);
        const neg = v < 0;
        const abs = neg ? -v : v;
        let s = c === 'o' ? abs.toString(8) : c === 'x' ? abs.toString(16) : c === 'X' ? abs.toString(16).toUpperCase() : abs.toString();
        if (neg) s = '-' + s;
        out += s;
        break;
      }
      case 'e':
      case 'f':
      case 'g':
      case 'E':
      case 'F':
      case 'G': {
        let f: number;
        if (arg instanceof Float) f = arg.v;
        else if (typeof arg === 'number') f = arg;
        else if (typeof arg === 'bigint') f = Number(arg);
        else throw runtimeError(`%${c} format requires float, not ${typeName(arg)}`);
        out += formatFloatConv(f, c);
        break;
      }
      case 'c':
        if (typeof arg === 'number' || typeof arg === 'bigint') {
          if (typeof arg === 'bigint' || arg < 0 || arg > 0x10ffff) throw runtimeError(`%c format requires a valid Unicode code point, got ${arg}`);
          out += encodeRune(arg);
        } else if (typeof arg === 'string') {
          const [r, w] = arg.length ? decodeRune(arg, 0) : [-1, 0];
          if (arg.length === 0 || w !== arg.length || r < 0) throw runtimeError('%c format requires a single-character string');
          out += arg;
        } else throw runtimeError(`%c format requires int or single-character string, not ${typeName(arg)}`);
        break;
      default:
        throw runtimeError(`unknown conversion %${c}`);
    }
    if (thread && out.length > thread.maxAllocation) throw runtimeError(`excessive string size (${out.length} bytes)`);
    i++;
    index++;
  }
  if (index < nargs && !(x instanceof Dict)) throw runtimeError('too many arguments for format string');
  return out;
}

/** str.format(*args, **kwargs). */
export function strFormat(format: string, args: Value[], kwargs: Kwargs | null): string {
  let out = '';
  let auto = false,
    manual = false;
  let index = 0;
  let rest = format;
  for (;;) {
    const i = rest.indexOf('{');
    let literal = i >= 0 ? rest.slice(0, i) : rest;
    for (;;) {
      const j = literal.indexOf('}');
      if (j < 0) {
        out += literal;
        break;
      }
      if (literal.length === j + 1 || literal[j + 1] !== '}') throw runtimeError("format: single '}' in format");
      out += literal.slice(0, j + 1);
      literal = literal.slice(j + 2);
    }
    if (i < 0) break;
    if (i + 1 < rest.length && rest[i + 1] === '{') {
      out += '{';
      rest = rest.slice(i + 2);
      continue;
    }
    rest = rest.slice(i + 1);
    const k = rest.indexOf('}');
    if (k < 0) throw runtimeError("format: unmatched '{' in format");
    let field = rest.slice(0, k);
    rest = rest.slice(k + 1);
    let conv = 's';
    let spec = '';
    let name: string;
    const bang = field.indexOf('!');
    if (bang < 0) {
      const colon = field.indexOf(':');
      if (colon < 0) name = field;
      else {
        name = field.slice(0, colon);
        spec = field.slice(colon + 1);
      }
    } else {
      name = field.slice(0, bang);
      field = field.slice(bang + 1);
      const colon = field.indexOf(':');
      if (colon < 0) conv = field;
      else {
        conv = field.slice(0, colon);
        spec = field.slice(colon + 1);
      }
    }
    let arg: Value | undefined;
    if (name === '') {
      if (manual) throw runtimeError('format: cannot switch from manual field specification to automatic field numbering');
      auto = true;
      if (index >= args.length) throw runtimeError('format: tuple index out of range');
      arg = args[index++];
    } else if (/^[0-9]+$/.test(name)) {
      if (auto) throw runtimeError('format: cannot switch from automatic field numbering to manual field specification');
      manual = true;
      const num = parseInt(name, 10);
      if (num >= args.length) throw runtimeError('format: tuple index out of range');
      arg = args[num];
    } else {
      if (kwargs) for (const [kk, v] of kwargs) if (kk === name) arg = v;
      if (arg === undefined) {
        if (name.includes('.')) throw runtimeError(`format: attribute syntax x.y is not supported in replacement fields: ${name}`);
        if (name.includes('[')) throw runtimeError(`format: element syntax a[i] is not supported in replacement fields: ${name}`);
        if (name.includes('{')) throw runtimeError('format: nested replacement fields not supported');
        throw runtimeError(`format: keyword ${name} not found`);
      }
    }
    if (spec !== '') throw runtimeError(`format spec features not supported in replacement fields: ${spec}`);
    if (conv === 's') out += typeof arg === 'string' ? arg : repr(arg);
    else if (conv === 'r') out += repr(arg);
    else throw runtimeError(`format: unknown conversion ${JSON.stringify(conv)}`);
  }
  return out;
}

/**
 * A format string written as a literal, split once when the file is compiled, for the commonest shapes:
 * `"…%s…%d…" % (a, b)` (conversions %s %d %i and %%) and `"…{}…{}…".format(a, b)` (automatic fields,
 * {{ and }}). The generated code then joins the pieces with the arguments without a tuple or an argument
 * array (codegen.ts); any argument it cannot convert directly sends the call to percentFormat/strFormat,
 * which give the same text or the same error.
 */
export interface FormatPlan {
  readonly format: string;
  /** The literal text around the fields: one more than there are fields. */
  readonly lits: string[];
  /** Per field: 's' (str of the value) or 'd' (an int). */
  readonly convs: ('s' | 'd')[];
}

/** The plan of `format % …`, or null when it has other conversions (or none). */
export function percentPlan(format: string): FormatPlan | null {
  const lits: string[] = [];
  const convs: ('s' | 'd')[] = [];
  let lit = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      lit += c;
      continue;
    }
    const d = format[++i];
    if (d === '%') lit += '%';
    else if (d === 's' || d === 'd' || d === 'i') {
      lits.push(lit);
      lit = '';
      convs.push(d === 's' ? 's' : 'd');
    } else return null;
  }
  lits.push(lit);
  return convs.length ? { format, lits, convs } : null;
}

/** The plan of `format.format(…)` with positional arguments, or null for other fields (or none). */
export function bracePlan(format: string): FormatPlan | null {
  const lits: string[] = [];
  const convs: 's'[] = [];
  let lit = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '{' && format[i + 1] === '{') lit += format[++i];
    else if (c === '}' && format[i + 1] === '}') lit += format[++i];
    else if (c === '{' && format[i + 1] === '}') {
      i++;
      lits.push(lit);
      lit = '';
      convs.push('s');
    } else if (c === '{' || c === '}') return null;
    else lit += c;
  }
  lits.push(lit);
  return convs.length ? { format, lits, convs } : null;
}
