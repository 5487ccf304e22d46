// The "CEL field value" V(expr) of engine spec §4.2: evaluate `input.<expr>` on an object and render the
// result like Go's `%v`. Compile errors, evaluation errors (missing keys) and null all mean "not found".
// cel-js is loaded only when an expression is more than a dotted path (schema-libraries.ts).
import { celJs } from '../schema/schema-libraries.js';

export type FieldValue = { found: true; value: string } | { found: false };

type Compiled = ((ctx: Record<string, unknown>) => unknown) | null;

// Selectors are few and evaluated very often (once per object per event): compile each expression once.
const compiled = new Map<string, Compiled>();

function compile(expr: string): Compiled {
  let fn = compiled.get(expr);
  if (fn !== undefined) return fn;
  try {
    const program = celJs().parse(`input.${expr}`);
    fn = (ctx) => program(ctx);
  } catch {
    fn = null;
  }
  compiled.set(expr, fn);
  return fn;
}

/** V(expr) on `object`. Plain dotted paths (`spec.provider`) skip CEL entirely: that is the hot path. */
export function fieldValue(object: unknown, expr: string): FieldValue {
  if (isPlainPath(expr)) {
    let cur: unknown = object;
    for (const part of expr.split('.')) {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return { found: false };
      cur = (cur as Record<string, unknown>)[part];
    }
    return cur === null || cur === undefined ? { found: false } : { found: true, value: goValueString(cur) };
  }
  const fn = compile(expr);
  if (!fn) return { found: false };
  let result: unknown;
  try {
    result = fn({ input: object });
  } catch {
    return { found: false };
  }
  return result === null || result === undefined ? { found: false } : { found: true, value: goValueString(result) };
}

const plainPath = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
// CEL reserved words cannot be plain field selections; let CEL report them.
const reserved = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

function isPlainPath(expr: string): boolean {
  return plainPath.test(expr) && !expr.split('.').some((p) => reserved.has(p));
}

/** Go `%v` of a JSON-like value; CEL integers arrive as BigInt and are printed as integers. */
export function goValueString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return goFloat(v);
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValueString).join(' ')}]`;
  if (v instanceof Map) {
    const keys = [...v.keys()].map(String).sort();
    return `map[${keys.map((k) => `${k}:${goValueString(v.get(k))}`).join(' ')}]`;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // Go prints maps with sorted keys.
    return `map[${Object.keys(o).sort().map((k) => `${k}:${goValueString(o[k])}`).join(' ')}]`;
  }
  return String(v);
}

// Go's %v for float64 is strconv 'g' with the shortest representation, exponent when exp < -4 || exp >= 21.
function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) {
    const [mant, e] = n.toExponential().split('e');
    const ev = Number(e);
    return `${mant}e${ev < 0 ? '-' : '+'}${String(Math.abs(ev)).padStart(2, '0')}`;
  }
  return String(n);
}
