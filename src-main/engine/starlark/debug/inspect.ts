// Looking into a stopped program: the variables of a frame (locals, globals), short previews of values,
// their children a page at a time (so a list of a million elements costs what is shown), and evaluation of
// an expression in a frame. Texts returned here are ready to show (UTF-8 byte strings decoded).
import { StarlarkError } from '../errors.js';
import { evalResolvedExpr } from '../eval.js';
import { resolve } from '../resolve/resolver.js';
import { parse } from '../syntax/parser.js';
import { Thread } from '../thread.js';
import { decodeUtf8 } from '../utf8.js';
import { Builtin, Bytes, Dict, Float, HostValue, List, Range, StarlarkFunction, StarlarkSet, Tuple, quote, repr, str, typeName, type Cell, type Value } from '../value.js';
import type { DebugFrame } from './debugger.js';

/** A name and its value: a variable, an element, an entry, a field. */
export interface NamedValue {
  name: string;
  value: Value;
}

/** How many children a value has, and whether they are found by position or by name. */
export interface ChildCount {
  kind: 'indexed' | 'named';
  count: number;
}

/** Steps an evaluation in a stopped frame may take (a console typo must not hang the debuggee). */
export const EVAL_MAX_STEPS = 10_000_000;

/** The frame's local variables that have a value, parameters first; then its free variables. */
export function frameLocals(frame: DebugFrame): NamedValue[] {
  const out = new Map<string, Value>();
  const { info } = frame.code;
  for (const b of info.locals) {
    const slot = frame.locals[b.index];
    const v = (b.scope === 'cell' ? (slot as Cell | undefined)?.v : slot) as Value | undefined;
    // comprehension variables may reuse a name: the one with a value wins
    if (v !== undefined) out.set(b.name, v);
  }
  info.freevars.forEach((b, i) => {
    const v = frame.fn?.freevars[i]?.v;
    if (v !== undefined) out.set(b.name, v);
  });
  return [...out].map(([name, value]) => ({ name, value }));
}

/** The module's globals that have a value (names bound by load() included). */
export function frameGlobals(frame: DebugFrame): NamedValue[] {
  const m = frame.code.module;
  const out: NamedValue[] = [];
  m.globalNames.forEach((name, i) => {
    const v = m.globals[i];
    if (v !== undefined) out.push({ name, value: v });
  });
  return out;
}

/** Every name an expression in this frame can see: predeclared, globals, free and local variables. */
export function frameEnv(frame: DebugFrame): Map<string, Value> {
  const env = new Map(frame.code.module.predeclared);
  for (const g of frameGlobals(frame)) env.set(g.name, g.value);
  for (const l of frameLocals(frame)) env.set(l.name, l.value);
  return env;
}

/**
 * Evaluates a Starlark expression in the frame (the debug console, watches, breakpoint conditions). Throws
 * a StarlarkError for a syntax error, an unknown name, a statement, or a runtime error.
 */
export function evaluateInFrame(frame: DebugFrame, source: string, print: (msg: string) => void = () => {}): Value {
  const env = frameEnv(frame);
  if (source.trim() === '') throw new StarlarkError('syntax', 'type an expression, for example a variable name');
  const ast = parse('<expr>', source);
  if (ast.stmts.length !== 1 || ast.stmts[0]!.kind !== 'ExprStmt') {
    throw new StarlarkError('syntax', 'only an expression can be evaluated here (for example spec["name"] or len(items)), not a statement');
  }
  resolve(ast, { predeclared: (name) => env.has(name) });
  const thread = new Thread({ name: '<debug>', print, options: { maxSteps: EVAL_MAX_STEPS } });
  return evalResolvedExpr(thread, ast, env);
}

/** A logpoint's text: every `{expression}` replaced by str() of its value in the frame (`{{` is a `{`). */
export function interpolateLogMessage(frame: DebugFrame, template: string): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if ((c === '{' || c === '}') && template[i + 1] === c) {
      out += c;
      i++;
      continue;
    }
    if (c !== '{') {
      out += c;
      continue;
    }
    const end = template.indexOf('}', i + 1);
    if (end < 0) {
      out += template.slice(i);
      break;
    }
    const expr = template.slice(i + 1, end);
    try {
      out += decodeUtf8(str(evaluateInFrame(frame, expr)));
    } catch (e) {
      out += `<error: ${e instanceof StarlarkError ? e.msg : String(e)}>`;
    }
    i = end;
  }
  return out;
}

/** Whether a value is a container that can no longer change (module globals are frozen after loading). */
export function isFrozen(v: Value): boolean {
  return (v instanceof List || v instanceof Dict || v instanceof StarlarkSet || v instanceof HostValue) && v.frozen;
}

/** The value's type name as Starlark says it (`type(x)`). */
export function typeOf(v: Value): string {
  return typeName(v);
}

/** repr() of a value cut at about `max` characters (…), without building the whole text of a large value. */
export function preview(v: Value, max = 120): string {
  const w = new Writer(max);
  try {
    w.value(v, []);
  } catch (e) {
    if (e !== FULL) throw e;
  }
  return w.text();
}

const FULL = Symbol('preview full');

class Writer {
  private parts: string[] = [];
  private len = 0;
  private cut = false;
  constructor(private readonly max: number) {}

  text(): string {
    return this.parts.join('') + (this.cut ? '…' : '');
  }

  put(s: string): void {
    if (this.len + s.length > this.max) {
      this.parts.push(s.slice(0, Math.max(0, this.max - this.len)));
      this.cut = true;
      throw FULL;
    }
    this.parts.push(s);
    this.len += s.length;
  }

  value(v: Value, path: object[]): void {
    if (typeof v === 'string') {
      // quote only what can show: a 4 MB string costs no more than a short one
      const head = v.length > this.max * 4 ? v.slice(0, this.max * 4) : v;
      const q = decodeUtf8(quote(head, false));
      return this.put(head === v ? q : q.slice(0, -1) + '…"');
    }
    if (v instanceof Bytes) return this.put(decodeUtf8(quote(v.s.length > this.max * 4 ? v.s.slice(0, this.max * 4) : v.s, true)));
    if (v === null || typeof v !== 'object' || v instanceof Float || v instanceof Range || v instanceof StarlarkFunction || v instanceof Builtin) return this.put(decodeUtf8(repr(v)));
    if (path.includes(v)) return this.put(v instanceof List ? '[...]' : v instanceof Dict ? '{...}' : '...');
    path.push(v);
    if (v instanceof List || v instanceof Tuple) {
      this.put(v instanceof List ? '[' : '(');
      v.elems.forEach((e, i) => {
        if (i > 0) this.put(', ');
        this.value(e, path);
      });
      this.put(v instanceof Tuple && v.elems.length === 1 ? ',)' : v instanceof List ? ']' : ')');
    } else if (v instanceof Dict) {
      this.put('{');
      let i = 0;
      v.forEachEntry((k, e) => {
        if (i++ > 0) this.put(', ');
        this.value(k, path);
        this.put(': ');
        this.value(e, path);
      });
      this.put('}');
    } else if (v instanceof StarlarkSet) {
      this.put('set([');
      let i = 0;
      for (const e of v.map.values()) {
        if (i++ > 0) this.put(', ');
        this.value(e, path);
      }
      this.put('])');
    } else if (v instanceof HostValue) {
      this.put(decodeUtf8(v.repr()));
    } else this.put(String(v));
    path.pop();
  }
}

/** How many children a value shows when expanded; null for a value without children. */
export function childCount(v: Value): ChildCount | null {
  if (v instanceof List || v instanceof Tuple) return v.elems.length ? { kind: 'indexed', count: v.elems.length } : null;
  if (v instanceof StarlarkSet) return v.size ? { kind: 'indexed', count: v.size } : null;
  if (v instanceof Dict) return v.size ? { kind: 'named', count: v.size } : null;
  if (v instanceof HostValue) {
    const names = v.attrNames();
    if (names.length) return { kind: 'named', count: names.length };
    if (v.len && v.index) {
      const n = v.len();
      return n ? { kind: 'indexed', count: n } : null;
    }
  }
  return null;
}

/** Children `start` … `start + count - 1` of a value (elements by index, dict entries by key, fields). */
export function children(v: Value, start: number, count: number): NamedValue[] {
  const end = start + count;
  const out: NamedValue[] = [];
  if (v instanceof List || v instanceof Tuple) {
    for (let i = start; i < Math.min(end, v.elems.length); i++) out.push({ name: String(i), value: v.elems[i]! });
  } else if (v instanceof Dict) {
    for (const [k, e] of v.items().slice(start, end)) out.push({ name: preview(k, 60), value: e });
  } else if (v instanceof StarlarkSet) {
    // insertion order; a map cannot seek, so skip to `start` (pages are asked for in order, and small)
    let i = 0;
    for (const e of v.map.values()) {
      if (i >= end) break;
      if (i++ < start) continue;
      out.push({ name: String(i - 1), value: e });
    }
  } else if (v instanceof HostValue) {
    const names = v.attrNames();
    if (names.length) {
      for (const n of names.slice(start, end)) {
        let value: Value;
        try {
          value = v.attr(n) ?? null;
        } catch (e) {
          value = `<error: ${e instanceof StarlarkError ? e.msg : String(e)}>`;
        }
        out.push({ name: n, value });
      }
    } else if (v.len && v.index) {
      for (let i = start; i < Math.min(end, v.len()); i++) out.push({ name: String(i), value: v.index(i) });
    }
  }
  return out;
}
