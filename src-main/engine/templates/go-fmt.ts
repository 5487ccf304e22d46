// Go `fmt` formatting for template values (engine spec §10.2): `%v` printing and `printf` verbs, including
// Go's `%!verb(type=value)` error forms, because rendered configs show them (`%!d(float64=0)` in the READMEs).
// Value domain: data numbers are float64 (JS number), template integer literals and len() are int (BigInt).
import { goValueString } from '../selectors/field-value.js';

/** A Go-typed value of the template engine. `undefined` is Go's missing value (`<no value>`). */
export type GoValue = unknown;

export function goTypeName(v: GoValue): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'function') return 'func';
  return 'map[string]interface {}';
}

/** `%v` / print: Go's default format. */
export function goPrint(v: GoValue): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  return goValueString(v);
}

/** fmt.Sprint: spaces only between operands when neither is a string. */
export function sprint(args: GoValue[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += goPrint(a);
  });
  return out;
}

export function sprintln(args: GoValue[]): string {
  return args.map(goPrint).join(' ') + '\n';
}

interface Spec {
  minus: boolean;
  plus: boolean;
  zero: boolean;
  space: boolean;
  sharp: boolean;
  width?: number;
  prec?: number;
}

export function sprintf(format: string, args: GoValue[]): string {
  let out = '';
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== '%') {
      out += ch;
      continue;
    }
    i++;
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const spec: Spec = { minus: false, plus: false, zero: false, space: false, sharp: false };
    for (; i < format.length; i++) {
      const f = format[i];
      if (f === '-') spec.minus = true;
      else if (f === '+') spec.plus = true;
      else if (f === '0') spec.zero = true;
      else if (f === ' ') spec.space = true;
      else if (f === '#') spec.sharp = true;
      else break;
    }
    let m = /^\d+/.exec(format.slice(i));
    if (m) {
      spec.width = Number(m[0]);
      i += m[0].length;
    }
    if (format[i] === '.') {
      i++;
      m = /^\d+/.exec(format.slice(i));
      spec.prec = m ? Number(m[0]) : 0;
      if (m) i += m[0].length;
    }
    const verb = format[i];
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += pad(formatOne(verb, args[argi++], spec), spec);
  }
  if (argi < args.length) out += `%!(EXTRA ${args.slice(argi).map((a) => `${goTypeName(a)}=${goPrint(a)}`).join(', ')})`;
  return out;
}

function pad(s: string, spec: Spec): string {
  if (spec.width === undefined || s.length >= spec.width) return s;
  if (spec.minus) return s.padEnd(spec.width);
  if (spec.zero && /^[+-]?[0-9.]/.test(s)) {
    const sign = /^[+-]/.test(s) ? s[0] : '';
    return sign + s.slice(sign.length).padStart(spec.width - sign.length, '0');
  }
  return s.padStart(spec.width);
}

function bad(verb: string, v: GoValue): string {
  if (v === undefined || v === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(v)}=${goPrint(v)})`;
}

function formatOne(verb: string, v: GoValue, spec: Spec): string {
  switch (verb) {
    case 'v':
      return goPrint(v);
    case 's':
      if (typeof v === 'string') return spec.prec !== undefined ? v.slice(0, spec.prec) : v;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return `[${v.join(' ')}]`;
      return bad(verb, v);
    case 'q':
      if (typeof v === 'string') return JSON.stringify(v);
      return bad(verb, v);
    case 't':
      return typeof v === 'boolean' ? String(v) : bad(verb, v);
    case 'd':
      if (typeof v === 'bigint') return (spec.plus && v >= 0n ? '+' : '') + v.toString();
      return bad(verb, v);
    case 'x':
    case 'X': {
      let s: string | undefined;
      if (typeof v === 'bigint') s = (v < 0n ? '-' : '') + (v < 0n ? -v : v).toString(16);
      else if (typeof v === 'string') s = Buffer.from(v, 'utf8').toString('hex');
      if (s === undefined) return bad(verb, v);
      return verb === 'X' ? s.toUpperCase() : s;
    }
    case 'f':
    case 'F':
    case 'e':
    case 'g': {
      if (typeof v !== 'number') return bad(verb, v);
      const sign = spec.plus && v >= 0 ? '+' : '';
      if (verb === 'e') return sign + goExp(v, spec.prec ?? 6);
      if (verb === 'g') return sign + (spec.prec === undefined ? goPrint(v) : String(Number(v.toPrecision(spec.prec))));
      return sign + v.toFixed(spec.prec ?? 6);
    }
    default:
      return bad(verb, v);
  }
}

function goExp(v: number, prec: number): string {
  const [mant, exp] = v.toExponential(prec).split('e');
  const e = Number(exp);
  return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}
