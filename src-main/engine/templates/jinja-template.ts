// A pongo2-flavoured (Django-style) template engine for `jinjatemplate` reconcilers (engine spec §10.3):
// `{{ }}` output with filters, `{% if/elif/else %}`, `{% for … empty %}` with `forloop`, `{% macro … export %}`,
// pongo2's `{% import 'file' m1, m2 as alias %}`, `{% include %}`, `{% set %}`, `{% with %}`,
// `{% autoescape %}`, `{% comment %}`, whitespace control `{%- -%}`/`{{- -}}`. Autoescape is on; data numbers
// are float64 and print like `%f` (`0.000000`), template integers (literals, length, counters) are BigInt.
// Unknown files load as empty templates (a pongo2 quirk the spec keeps). A subset: no `extends`/`block`.
import { goPrint } from './go-fmt.js';

export class JinjaError extends Error {
  override name = 'JinjaError';
}

/** Text that is not escaped again (macro output, `|safe`). */
export class SafeString {
  constructor(readonly s: string) {}
  toString(): string {
    return this.s;
  }
}

interface Macro {
  name: string;
  params: { name: string; def?: Expr }[];
  body: Node[];
  exported: boolean;
  tpl: string;
}

type Expr =
  | { k: 'lit'; v: unknown }
  | { k: 'var'; name: string }
  | { k: 'attr'; obj: Expr; name: string }
  | { k: 'index'; obj: Expr; index: Expr }
  | { k: 'call'; fn: Expr; args: Expr[] }
  | { k: 'filter'; v: Expr; name: string; arg?: Expr }
  | { k: 'un'; op: string; v: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'list'; items: Expr[] };

type Node =
  | { t: 'text'; s: string }
  | { t: 'out'; e: Expr; line: number }
  | { t: 'if'; branches: { cond: Expr; body: Node[] }[]; else?: Node[] }
  | { t: 'for'; vars: string[]; iter: Expr; body: Node[]; empty?: Node[]; reversed: boolean; sorted: boolean }
  | { t: 'macro'; m: Macro }
  | { t: 'import'; file: string; names: { name: string; alias: string }[] }
  | { t: 'include'; file: string; only: boolean; with: [string, Expr][] }
  | { t: 'set'; name: string; e: Expr }
  | { t: 'with'; assigns: [string, Expr][]; body: Node[] }
  | { t: 'autoescape'; on: boolean; body: Node[] };

// ---------------------------------------------------------------------------------------------------------
// Lexing

interface Item {
  kind: 'text' | 'var' | 'tag';
  s: string;
  line: number;
}

function lex(name: string, src: string): Item[] {
  const items: Item[] = [];
  let i = 0;
  let trimNext = false;
  const lineAt = (off: number) => src.slice(0, off).split('\n').length;
  while (i < src.length) {
    const m = /\{\{|\{%|\{#/.exec(src.slice(i));
    let text = m ? src.slice(i, i + m.index) : src.slice(i);
    if (trimNext) text = text.replace(/^\s+/, '');
    trimNext = false;
    if (!m) {
      if (text) items.push({ kind: 'text', s: text, line: lineAt(i) });
      break;
    }
    const open = i + m.index;
    const closeTok = m[0] === '{{' ? '}}' : m[0] === '{%' ? '%}' : '#}';
    let start = open + 2;
    if (src[start] === '-') {
      text = text.replace(/\s+$/, '');
      start++;
    }
    if (text) items.push({ kind: 'text', s: text, line: lineAt(i) });
    const close = src.indexOf(closeTok, start);
    if (close < 0) throw new JinjaError(`[Error (where: lexer) in ${name} | Line ${lineAt(open)}] unclosed ${m[0]}`);
    let body = src.slice(start, close);
    if (body.endsWith('-')) {
      body = body.slice(0, -1);
      trimNext = true;
    }
    if (m[0] !== '{#') items.push({ kind: m[0] === '{{' ? 'var' : 'tag', s: body.trim(), line: lineAt(open) });
    i = close + 2;
  }
  return items;
}

type Tok = { k: 'name' | 'num' | 'str' | 'op'; v: string };

function tokenize(s: string, where: string): Tok[] {
  const toks: Tok[] = [];
  const re = /\s*(?:(\d+\.\d+|\d+)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<>|<=|>=|&&|\|\||[-+*/%^<>()[\],.|:=!]))/y;
  let i = 0;
  while (i < s.length) {
    if (/^\s*$/.test(s.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) throw new JinjaError(`${where}: cannot parse ${JSON.stringify(s.slice(i))}`);
    if (m[1] !== undefined) toks.push({ k: 'num', v: m[1] });
    else if (m[2] !== undefined) toks.push({ k: 'str', v: m[2].slice(1, -1).replace(/\\(.)/g, (_x, c: string) => ({ n: '\n', t: '\t' })[c] ?? c) });
    else if (m[3] !== undefined) toks.push({ k: 'name', v: m[3] });
    else toks.push({ k: 'op', v: m[4]! });
    i = re.lastIndex;
  }
  return toks;
}

class ExprParser {
  private i = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly where: string,
  ) {}
  done(): boolean {
    return this.i >= this.toks.length;
  }
  peek(v?: string): boolean {
    const t = this.toks[this.i];
    return t !== undefined && (v === undefined || ((t.k === 'op' || t.k === 'name') && t.v === v));
  }
  take(v: string): boolean {
    if (this.peek(v)) {
      this.i++;
      return true;
    }
    return false;
  }
  expect(v: string): void {
    if (!this.take(v)) throw this.err(`expected '${v}'`);
  }
  name(): string {
    const t = this.toks[this.i++];
    if (t?.k !== 'name') throw this.err('expected a name');
    return t.v;
  }
  err(msg: string): JinjaError {
    return new JinjaError(`${this.where}: ${msg} (near ${JSON.stringify(this.toks.slice(this.i, this.i + 3).map((t) => t.v).join(' '))})`);
  }
  rest(): Tok[] {
    return this.toks.slice(this.i);
  }
  expr(): Expr {
    let a = this.and();
    while (this.take('or') || this.take('||')) a = { k: 'bin', op: 'or', a, b: this.and() };
    return a;
  }
  private and(): Expr {
    let a = this.not();
    while (this.take('and') || this.take('&&')) a = { k: 'bin', op: 'and', a, b: this.not() };
    return a;
  }
  private not(): Expr {
    if (this.take('not') || this.take('!')) return { k: 'un', op: 'not', v: this.not() };
    return this.cmp();
  }
  private cmp(): Expr {
    const a = this.add();
    for (const op of ['==', '!=', '<>', '<=', '>=', '<', '>', 'in']) {
      if (this.take(op)) return { k: 'bin', op: op === '<>' ? '!=' : op, a, b: this.add() };
    }
    if (this.peek('not') && this.toks[this.i + 1]?.v === 'in') {
      this.i += 2;
      return { k: 'un', op: 'not', v: { k: 'bin', op: 'in', a, b: this.add() } };
    }
    return a;
  }
  private add(): Expr {
    let a = this.mul();
    for (;;) {
      if (this.take('+')) a = { k: 'bin', op: '+', a, b: this.mul() };
      else if (this.take('-')) a = { k: 'bin', op: '-', a, b: this.mul() };
      else return a;
    }
  }
  private mul(): Expr {
    let a = this.unary();
    for (;;) {
      const op = ['*', '/', '%', '^'].find((o) => this.take(o));
      if (!op) return a;
      a = { k: 'bin', op, a, b: this.unary() };
    }
  }
  private unary(): Expr {
    if (this.take('-')) return { k: 'un', op: '-', v: this.unary() };
    if (this.take('+')) return this.unary();
    return this.filtered();
  }
  private filtered(): Expr {
    let v = this.postfix();
    while (this.take('|')) {
      const name = this.name();
      const arg = this.take(':') ? this.postfix() : undefined;
      v = { k: 'filter', v, name, arg };
    }
    return v;
  }
  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      if (this.take('.')) {
        const t = this.toks[this.i++];
        if (!t || (t.k !== 'name' && t.k !== 'num')) throw this.err('expected an attribute');
        e = t.k === 'num' ? { k: 'index', obj: e, index: { k: 'lit', v: BigInt(t.v) } } : { k: 'attr', obj: e, name: t.v };
      } else if (this.take('[')) {
        const index = this.expr();
        this.expect(']');
        e = { k: 'index', obj: e, index };
      } else if (this.take('(')) {
        const args: Expr[] = [];
        if (!this.take(')')) {
          do args.push(this.expr());
          while (this.take(','));
          this.expect(')');
        }
        e = { k: 'call', fn: e, args };
      } else return e;
    }
  }
  private primary(): Expr {
    const t = this.toks[this.i++];
    if (!t) throw this.err('unexpected end of expression');
    if (t.k === 'num') return { k: 'lit', v: t.v.includes('.') ? Number(t.v) : BigInt(t.v) };
    if (t.k === 'str') return { k: 'lit', v: t.v };
    if (t.k === 'op' && t.v === '(') {
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (t.k === 'op' && t.v === '[') {
      const items: Expr[] = [];
      if (!this.take(']')) {
        do items.push(this.expr());
        while (this.take(','));
        this.expect(']');
      }
      return { k: 'list', items };
    }
    if (t.k === 'name') {
      if (t.v === 'true' || t.v === 'True') return { k: 'lit', v: true };
      if (t.v === 'false' || t.v === 'False') return { k: 'lit', v: false };
      if (t.v === 'nil' || t.v === 'None') return { k: 'lit', v: null };
      return { k: 'var', name: t.v };
    }
    this.i--;
    throw this.err('unexpected token');
  }
}

// ---------------------------------------------------------------------------------------------------------
// Parsing of a template

class TemplateParser {
  private i = 0;
  constructor(
    private readonly name: string,
    private readonly items: Item[],
  ) {}

  parse(): Node[] {
    const { nodes, end } = this.list([]);
    if (end) throw this.err(end.line, `unexpected tag '${end.s}'`);
    return nodes;
  }

  private err(line: number, msg: string): JinjaError {
    return new JinjaError(`[Error (where: parser) in ${this.name} | Line ${line}] ${msg}`);
  }

  private list(stops: string[]): { nodes: Node[]; end?: Item & { tag: string } } {
    const nodes: Node[] = [];
    while (this.i < this.items.length) {
      const it = this.items[this.i++]!;
      if (it.kind === 'text') {
        nodes.push({ t: 'text', s: it.s });
        continue;
      }
      const where = `${this.name}:${it.line}`;
      if (it.kind === 'var') {
        const p = new ExprParser(tokenize(it.s, where), where);
        const e = p.expr();
        if (!p.done()) throw p.err('unexpected tokens');
        nodes.push({ t: 'out', e, line: it.line });
        continue;
      }
      const tag = /^\w+/.exec(it.s)?.[0] ?? '';
      const args = it.s.slice(tag.length).trim();
      if (stops.includes(tag)) return { nodes, end: { ...it, tag, s: args } };
      const p = new ExprParser(tokenize(args, where), where);
      switch (tag) {
        case 'if': {
          const branches = [{ cond: p.expr(), body: [] as Node[] }];
          let elseBody: Node[] | undefined;
          for (;;) {
            const r = this.list(['elif', 'else', 'endif']);
            if (!r.end) throw this.err(it.line, "'if' has no 'endif'");
            if (elseBody) elseBody = r.nodes;
            else branches[branches.length - 1]!.body = r.nodes;
            if (r.end.tag === 'endif') break;
            if (r.end.tag === 'elif') branches.push({ cond: new ExprParser(tokenize(r.end.s, where), where).expr(), body: [] });
            else elseBody = [];
          }
          nodes.push({ t: 'if', branches, else: elseBody });
          break;
        }
        case 'for': {
          const vars = [p.name()];
          if (p.take(',')) vars.push(p.name());
          p.expect('in');
          const iter = p.expr();
          const reversed = p.take('reversed');
          const sorted = p.take('sorted');
          const r = this.list(['empty', 'endfor']);
          if (!r.end) throw this.err(it.line, "'for' has no 'endfor'");
          let empty: Node[] | undefined;
          if (r.end.tag === 'empty') {
            const e = this.list(['endfor']);
            if (!e.end) throw this.err(it.line, "'for' has no 'endfor'");
            empty = e.nodes;
          }
          nodes.push({ t: 'for', vars, iter, body: r.nodes, empty, reversed, sorted });
          break;
        }
        case 'macro': {
          const name = p.name();
          p.expect('(');
          const params: Macro['params'] = [];
          if (!p.take(')')) {
            do {
              const n = p.name();
              params.push({ name: n, def: p.take('=') ? p.expr() : undefined });
            } while (p.take(','));
            p.expect(')');
          }
          const exported = p.take('export');
          const r = this.list(['endmacro']);
          if (!r.end) throw this.err(it.line, "'macro' has no 'endmacro'");
          nodes.push({ t: 'macro', m: { name, params, body: r.nodes, exported, tpl: this.name } });
          break;
        }
        case 'import': {
          const file = p.expr();
          if (file.k !== 'lit' || typeof file.v !== 'string') throw p.err('import needs a quoted file name');
          const names: { name: string; alias: string }[] = [];
          do {
            const n = p.name();
            names.push({ name: n, alias: p.take('as') ? p.name() : n });
          } while (p.take(','));
          nodes.push({ t: 'import', file: file.v, names });
          break;
        }
        case 'include': {
          const file = p.expr();
          if (file.k !== 'lit' || typeof file.v !== 'string') throw p.err('include needs a quoted file name');
          const withs: [string, Expr][] = [];
          let only = false;
          if (p.take('with')) {
            while (!p.done() && !p.peek('only')) {
              const n = p.name();
              p.expect('=');
              withs.push([n, p.expr()]);
            }
          }
          if (p.take('only')) only = true;
          nodes.push({ t: 'include', file: file.v, only, with: withs });
          break;
        }
        case 'set': {
          const name = p.name();
          p.expect('=');
          nodes.push({ t: 'set', name, e: p.expr() });
          break;
        }
        case 'with': {
          const assigns: [string, Expr][] = [];
          while (!p.done()) {
            const n = p.name();
            if (p.take('as')) {
              // `{% with expr as name %}` is parsed as name-first only in Django's old syntax; keep it simple.
              throw p.err("use 'with name=value'");
            }
            p.expect('=');
            assigns.push([n, p.expr()]);
          }
          const r = this.list(['endwith']);
          if (!r.end) throw this.err(it.line, "'with' has no 'endwith'");
          nodes.push({ t: 'with', assigns, body: r.nodes });
          break;
        }
        case 'autoescape': {
          const mode = p.name();
          const r = this.list(['endautoescape']);
          if (!r.end) throw this.err(it.line, "'autoescape' has no 'endautoescape'");
          nodes.push({ t: 'autoescape', on: mode === 'on', body: r.nodes });
          break;
        }
        case 'comment': {
          const r = this.list(['endcomment']);
          if (!r.end) throw this.err(it.line, "'comment' has no 'endcomment'");
          break;
        }
        default:
          throw this.err(it.line, `Tag '${tag}' not found (or beginning tag not provided)`);
      }
    }
    return { nodes };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Execution

type Scope = Map<string, unknown>;

interface Exec {
  escape: boolean;
  scopes: Scope[];
  depth: number;
}

function isTrue(v: unknown): boolean {
  if (v instanceof SafeString) return v.s !== '';
  if (v === undefined || v === null || v === false || v === '' || v === 0 || v === 0n) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

function str(v: unknown): string {
  if (v instanceof SafeString) return v.s;
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return v.toFixed(6);
  if (typeof v === 'function') return '';
  return goPrint(v);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function toNum(v: unknown): number | bigint {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return BigInt(v.trim());
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return 0n;
}

function arith(op: string, a: unknown, b: unknown): unknown {
  if (op === '+' && (typeof a === 'string' || typeof b === 'string' || a instanceof SafeString)) return str(a) + str(b);
  if (op === '+' && Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  const x = toNum(a);
  const y = toNum(b);
  if (typeof x === 'bigint' && typeof y === 'bigint') {
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        return y === 0n ? 0n : x / y;
      case '%':
        return y === 0n ? 0n : x % y;
      case '^':
        return Number(x) ** Number(y);
    }
  }
  const fx = Number(x);
  const fy = Number(y);
  switch (op) {
    case '+':
      return fx + fy;
    case '-':
      return fx - fy;
    case '*':
      return fx * fy;
    case '/':
      return fx / fy;
    case '%':
      return fx % fy;
    default:
      return fx ** fy;
  }
}

function equal(a: unknown, b: unknown): boolean {
  if (a instanceof SafeString) a = a.s;
  if (b instanceof SafeString) b = b.s;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) return Number(a) === Number(b);
  return JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)) === JSON.stringify(b, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
}

function lengthOf(v: unknown): bigint {
  if (v instanceof SafeString) return BigInt([...v.s].length);
  if (typeof v === 'string') return BigInt([...v].length);
  if (Array.isArray(v)) return BigInt(v.length);
  if (v && typeof v === 'object') return BigInt(Object.keys(v).length);
  return 0n;
}

const filters: Record<string, (v: unknown, arg: unknown) => unknown> = {
  length: (v) => lengthOf(v),
  length_is: (v, a) => Number(lengthOf(v)) === Number(toNum(a)),
  default: (v, a) => (isTrue(v) ? v : a),
  default_if_none: (v, a) => (v === null || v === undefined ? a : v),
  upper: (v) => str(v).toUpperCase(),
  lower: (v) => str(v).toLowerCase(),
  title: (v) => str(v).replace(/\w\S*/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()),
  capfirst: (v) => str(v).charAt(0).toUpperCase() + str(v).slice(1),
  join: (v, a) => (Array.isArray(v) ? v.map(str).join(str(a)) : str(v)),
  first: (v) => (Array.isArray(v) ? v[0] : typeof v === 'string' ? [...v][0] ?? '' : ''),
  last: (v) => (Array.isArray(v) ? v[v.length - 1] : typeof v === 'string' ? [...v].pop() ?? '' : ''),
  safe: (v) => (v instanceof SafeString ? v : new SafeString(str(v))),
  escape: (v) => new SafeString(escapeHtml(str(v))),
  e: (v) => new SafeString(escapeHtml(str(v))),
  add: (v, a) => arith('+', v, a),
  cut: (v, a) => str(v).split(str(a)).join(''),
  integer: (v) => {
    const n = toNum(v);
    return typeof n === 'bigint' ? n : BigInt(Math.trunc(n));
  },
  float: (v) => Number(toNum(v)),
  floatformat: (v, a) => {
    const n = Number(toNum(v));
    const d = a === undefined ? -1 : Number(toNum(a));
    if (d < 0) return Number.isInteger(n) ? String(n) : n.toFixed(Math.abs(d));
    return n.toFixed(d);
  },
  stringformat: (v, a) => goPrint(v) && str(a).replace(/%[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]/, () => (typeof v === 'number' ? v.toFixed(6) : str(v))),
  yesno: (v, a) => {
    const [yes, no, maybe] = (a === undefined ? 'yes,no,maybe' : str(a)).split(',');
    if (v === null || v === undefined) return maybe ?? no;
    return isTrue(v) ? yes : no;
  },
  slice: (v, a) => {
    const [from, to] = str(a).split(':').map((x) => (x === '' ? undefined : Number(x)));
    if (Array.isArray(v)) return v.slice(from, to);
    return str(v).slice(from, to);
  },
  split: (v, a) => str(v).split(str(a)),
  make_list: (v) => [...str(v)],
  truncatechars: (v, a) => {
    const s = str(v);
    const n = Number(toNum(a));
    return s.length > n ? s.slice(0, Math.max(0, n - 3)) + '...' : s;
  },
  wordcount: (v) => BigInt(str(v).split(/\s+/).filter(Boolean).length),
  center: (v, a) => {
    const s = str(v);
    const w = Number(toNum(a));
    const left = Math.floor((w - s.length) / 2);
    return s.length >= w ? s : ' '.repeat(left) + s + ' '.repeat(w - s.length - left);
  },
  ljust: (v, a) => str(v).padEnd(Number(toNum(a))),
  rjust: (v, a) => str(v).padStart(Number(toNum(a))),
  urlencode: (v) => encodeURIComponent(str(v)),
  striptags: (v) => str(v).replace(/<[^>]*>/g, ''),
  addslashes: (v) => str(v).replace(/[\\'"]/g, (c) => '\\' + c),
  divisibleby: (v, a) => Number(toNum(v)) % Number(toNum(a)) === 0,
  pluralize: (v, a) => {
    const [one, many] = a === undefined ? ['', 's'] : str(a).includes(',') ? str(a).split(',') : ['', str(a)];
    return Number(toNum(v)) === 1 ? one : many;
  },
  linebreaksbr: (v) => new SafeString(escapeHtml(str(v)).replace(/\n/g, '<br />')),
};

export class JinjaTemplateSet {
  private readonly parsed = new Map<string, Node[]>();

  /** Parses every file; throws JinjaError on a syntax error. */
  constructor(private readonly files: Record<string, string>) {
    for (const [name, src] of Object.entries(files)) this.parsed.set(name, new TemplateParser(name, lex(name, src)).parse());
  }

  has(name: string): boolean {
    return this.parsed.has(name);
  }

  /** Renders `name` with the top-level keys of `context` as variables. */
  execute(name: string, context: Record<string, unknown>): string {
    const nodes = this.parsed.get(name) ?? [];
    const ex: Exec = { escape: true, scopes: [new Map(Object.entries(context))], depth: 0 };
    return this.render(nodes, ex, name);
  }

  private render(nodes: Node[], ex: Exec, tpl: string): string {
    if (++ex.depth > 1000) throw new JinjaError(`[Error in ${tpl}] maximum recursion depth exceeded`);
    let out = '';
    for (const n of nodes) {
      switch (n.t) {
        case 'text':
          out += n.s;
          break;
        case 'out': {
          const v = this.eval(n.e, ex, tpl);
          out += v instanceof SafeString || !ex.escape ? str(v) : escapeHtml(str(v));
          break;
        }
        case 'if': {
          const b = n.branches.find((br) => isTrue(this.eval(br.cond, ex, tpl)));
          if (b) out += this.render(b.body, ex, tpl);
          else if (n.else) out += this.render(n.else, ex, tpl);
          break;
        }
        case 'for': {
          const v = this.eval(n.iter, ex, tpl);
          let entries: [unknown, unknown][] = Array.isArray(v)
            ? v.map((x, i) => [BigInt(i), x])
            : typeof v === 'string'
              ? [...v].map((c, i) => [BigInt(i), c])
              : v && typeof v === 'object'
                ? Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])
                : [];
          if (n.sorted) entries = [...entries].sort((a, b) => (str(n.vars.length === 2 ? a[0] : a[1]) < str(n.vars.length === 2 ? b[0] : b[1]) ? -1 : 1));
          if (n.reversed) entries = [...entries].reverse();
          if (entries.length === 0) {
            if (n.empty) out += this.render(n.empty, ex, tpl);
            break;
          }
          const isMap = !Array.isArray(v) && typeof v !== 'string';
          entries.forEach(([k, x], i) => {
            const scope: Scope = new Map();
            if (n.vars.length === 2) {
              scope.set(n.vars[0]!, k);
              scope.set(n.vars[1]!, x);
            } else scope.set(n.vars[0]!, isMap ? k : x);
            scope.set('forloop', {
              Counter: BigInt(i + 1),
              Counter0: BigInt(i),
              First: i === 0,
              Last: i === entries.length - 1,
              Revcounter: BigInt(entries.length - i),
              Revcounter0: BigInt(entries.length - i - 1),
            });
            ex.scopes.push(scope);
            try {
              out += this.render(n.body, ex, tpl);
            } finally {
              ex.scopes.pop();
            }
          });
          break;
        }
        case 'macro':
          this.top(ex).set(n.m.name, this.macroFn(n.m, ex));
          break;
        case 'import': {
          const exported = this.macrosOf(n.file, ex);
          for (const { name, alias } of n.names) {
            const m = exported.get(name);
            if (!m) throw new JinjaError(`[Error in ${tpl}] macro '${name}' not found (or not exported) in '${n.file}'`);
            this.top(ex).set(alias, this.macroFn(m, ex));
          }
          break;
        }
        case 'include': {
          const body = this.parsed.get(n.file) ?? []; // unknown files are empty templates (pongo2 quirk)
          const scope: Scope = new Map(n.with.map(([k, e]) => [k, this.eval(e, ex, tpl)]));
          const inner: Exec = n.only ? { escape: ex.escape, scopes: [scope], depth: ex.depth } : { ...ex, scopes: [...ex.scopes, scope] };
          out += this.render(body, inner, n.file);
          break;
        }
        case 'set':
          this.top(ex).set(n.name, this.eval(n.e, ex, tpl));
          break;
        case 'with': {
          const scope: Scope = new Map(n.assigns.map(([k, e]) => [k, this.eval(e, ex, tpl)]));
          ex.scopes.push(scope);
          try {
            out += this.render(n.body, ex, tpl);
          } finally {
            ex.scopes.pop();
          }
          break;
        }
        case 'autoescape': {
          const prev = ex.escape;
          ex.escape = n.on;
          try {
            out += this.render(n.body, ex, tpl);
          } finally {
            ex.escape = prev;
          }
          break;
        }
      }
    }
    ex.depth--;
    return out;
  }

  private top(ex: Exec): Scope {
    return ex.scopes[ex.scopes.length - 1]!;
  }

  /** The exported macros of a file (executing its top level once per import). */
  private macrosOf(file: string, _ex: Exec): Map<string, Macro> {
    const out = new Map<string, Macro>();
    for (const n of this.parsed.get(file) ?? []) if (n.t === 'macro' && n.m.exported) out.set(n.m.name, n.m);
    return out;
  }

  private macroFn(m: Macro, ex: Exec): (args: unknown[]) => SafeString {
    return (args) => {
      const scope: Scope = new Map();
      m.params.forEach((p, i) => scope.set(p.name, i < args.length ? args[i] : p.def ? this.eval(p.def, ex, m.tpl) : null));
      const inner: Exec = { escape: ex.escape, scopes: [ex.scopes[0]!, scope], depth: ex.depth };
      return new SafeString(this.render(m.body, inner, m.tpl));
    };
  }

  private lookup(name: string, ex: Exec): unknown {
    for (let i = ex.scopes.length - 1; i >= 0; i--) if (ex.scopes[i]!.has(name)) return ex.scopes[i]!.get(name);
    return undefined;
  }

  private eval(e: Expr, ex: Exec, tpl: string): unknown {
    switch (e.k) {
      case 'lit':
        return e.v;
      case 'var':
        return this.lookup(e.name, ex);
      case 'list':
        return e.items.map((x) => this.eval(x, ex, tpl));
      case 'attr': {
        const o = this.eval(e.obj, ex, tpl);
        return o && typeof o === 'object' && !Array.isArray(o) && !(o instanceof SafeString) ? (o as Record<string, unknown>)[e.name] : undefined;
      }
      case 'index': {
        const o = this.eval(e.obj, ex, tpl);
        const k = this.eval(e.index, ex, tpl);
        if (Array.isArray(o)) return o[Number(toNum(k))];
        if (o && typeof o === 'object') return (o as Record<string, unknown>)[str(k)];
        return undefined;
      }
      case 'call': {
        const fn = this.eval(e.fn, ex, tpl);
        if (typeof fn !== 'function') throw new JinjaError(`[Error in ${tpl}] ${exprName(e.fn)} is not a function`);
        return (fn as (a: unknown[]) => unknown)(e.args.map((a) => this.eval(a, ex, tpl)));
      }
      case 'filter': {
        const f = filters[e.name];
        if (!f) throw new JinjaError(`[Error in ${tpl}] filter '${e.name}' does not exist`);
        return f(this.eval(e.v, ex, tpl), e.arg ? this.eval(e.arg, ex, tpl) : undefined);
      }
      case 'un': {
        const v = this.eval(e.v, ex, tpl);
        if (e.op === 'not') return !isTrue(v);
        const n = toNum(v);
        return typeof n === 'bigint' ? -n : -n;
      }
      case 'bin': {
        if (e.op === 'and') {
          const a = this.eval(e.a, ex, tpl);
          return isTrue(a) ? isTrue(this.eval(e.b, ex, tpl)) : false;
        }
        if (e.op === 'or') {
          const a = this.eval(e.a, ex, tpl);
          return isTrue(a) ? true : isTrue(this.eval(e.b, ex, tpl));
        }
        const a = this.eval(e.a, ex, tpl);
        const b = this.eval(e.b, ex, tpl);
        switch (e.op) {
          case '==':
            return equal(a, b);
          case '!=':
            return !equal(a, b);
          case '<':
          case '>':
          case '<=':
          case '>=': {
            const x = typeof a === 'string' && typeof b === 'string' ? (a < b ? -1 : a > b ? 1 : 0) : Math.sign(Number(toNum(a)) - Number(toNum(b)));
            return e.op === '<' ? x < 0 : e.op === '>' ? x > 0 : e.op === '<=' ? x <= 0 : x >= 0;
          }
          case 'in':
            if (typeof b === 'string' || b instanceof SafeString) return str(b).includes(str(a));
            if (Array.isArray(b)) return b.some((x) => equal(x, a));
            if (b && typeof b === 'object') return str(a) in (b as object);
            return false;
          default:
            return arith(e.op, a, b);
        }
      }
    }
  }
}

function exprName(e: Expr): string {
  return e.k === 'var' ? e.name : e.k === 'attr' ? `${exprName(e.obj)}.${e.name}` : 'expression';
}
