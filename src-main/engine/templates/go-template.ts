// A Go `text/template` engine (engine spec §10.2) for the gotemplate reconcilers: actions, pipelines,
// variables, if/else if/range/with/define/template/block/break/continue, comments, `{{-`/`-}}` trimming and
// the builtin functions (and call html index js len not or print printf println slice urlquery eq ne lt le
// gt ge). No extra functions (Choreo passes an empty FuncMap). Every code entry is a named template in one
// shared namespace. Errors read like Go's: `template: NAME:LINE:COL: …`.
import { goPrint, goTypeName, sprint, sprintf, sprintln, type GoValue } from './go-fmt.js';

export class TemplateError extends Error {
  override name = 'TemplateError';
}

type Pos = { tpl: string; line: number; col: number };

type Node =
  | { t: 'text'; text: string }
  | { t: 'action'; pipe: Pipe; pos: Pos }
  | { t: 'if' | 'with'; pipe: Pipe; list: Node[]; else?: Node[]; pos: Pos }
  | { t: 'range'; pipe: Pipe; list: Node[]; else?: Node[]; pos: Pos }
  | { t: 'template'; name: string; pipe?: Pipe; pos: Pos }
  | { t: 'break' | 'continue'; pos: Pos };

interface Pipe {
  decl: string[];
  assign: boolean;
  cmds: Operand[][];
  text: string;
}

type Operand =
  | { k: 'dot' }
  | { k: 'field'; chain: string[] }
  | { k: 'var'; name: string; chain: string[] }
  | { k: 'lit'; v: GoValue }
  | { k: 'nil' }
  | { k: 'fn'; name: string }
  | { k: 'sub'; pipe: Pipe; chain: string[] };

// ---------------------------------------------------------------------------------------------------------
// Lexing of actions

type Tok = { k: 'id' | 'field' | 'var' | 'str' | 'num' | 'char' | 'op'; v: string; col: number };

function lexAction(src: string, pos: Pos): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const fail = (msg: string) => {
    throw new TemplateError(`template: ${pos.tpl}:${pos.line}: ${msg}`);
  };
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const col = pos.col + i;
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) fail('unterminated quoted string');
      toks.push({ k: 'str', v: JSON.parse(src.slice(i, j + 1)) as string, col });
      i = j + 1;
    } else if (c === '`') {
      const j = src.indexOf('`', i + 1);
      if (j < 0) fail('unterminated raw quoted string');
      toks.push({ k: 'str', v: src.slice(i + 1, j), col });
      i = j + 1;
    } else if (c === "'") {
      const j = src.indexOf("'", i + 1);
      if (j < 0) fail('unterminated character constant');
      toks.push({ k: 'char', v: src.slice(i + 1, j), col });
      i = j + 1;
    } else if (c === ':' && src[i + 1] === '=') {
      toks.push({ k: 'op', v: ':=', col });
      i += 2;
    } else if ('()|,='.includes(c)) {
      toks.push({ k: 'op', v: c, col });
      i++;
    } else if (c === '.' || c === '$') {
      const m = /^(\$[A-Za-z0-9_]*|\.)?((\.[A-Za-z0-9_]+)*)/.exec(src.slice(i))!;
      let text = m[0];
      if (c === '.' && /^\.[A-Za-z_]/.test(src.slice(i))) text = /^(\.[A-Za-z0-9_]+)+/.exec(src.slice(i))![0];
      if (c === '$') toks.push({ k: 'var', v: text, col });
      else toks.push({ k: 'field', v: text, col });
      i += text.length || 1;
    } else if (/[0-9+-]/.test(c)) {
      const m = /^[+-]?(0[xX][0-9a-fA-F_]+|[0-9_]*\.?[0-9_]+([eE][+-]?[0-9]+)?)/.exec(src.slice(i));
      if (!m || !m[0]) fail(`bad number syntax: ${JSON.stringify(src.slice(i, i + 10))}`);
      toks.push({ k: 'num', v: m![0], col });
      i += m![0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      toks.push({ k: 'id', v: m[0], col });
      i += m[0].length;
    } else fail(`unexpected ${JSON.stringify(c)} in command`);
  }
  return toks;
}

// ---------------------------------------------------------------------------------------------------------
// Parsing

interface RawItem {
  kind: 'text' | 'action';
  text: string;
  pos: Pos;
}

function split(name: string, src: string): RawItem[] {
  const items: RawItem[] = [];
  let i = 0;
  const posAt = (off: number): Pos => {
    const before = src.slice(0, off);
    const line = before.split('\n').length;
    return { tpl: name, line, col: off - before.lastIndexOf('\n') };
  };
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      items.push({ kind: 'text', text: src.slice(i), pos: posAt(i) });
      break;
    }
    let text = src.slice(i, open);
    let start = open + 2;
    if (src.startsWith('- ', start) || src.startsWith('-\t', start) || src.startsWith('-\n', start) || src.startsWith('-\r', start)) {
      text = text.replace(/[ \t\r\n]+$/, '');
      start += 1;
    }
    if (text) items.push({ kind: 'text', text, pos: posAt(i) });
    const close = src.indexOf('}}', start);
    if (close < 0) throw new TemplateError(`template: ${name}:${posAt(open).line}: unclosed action`);
    let body = src.slice(start, close);
    let next = close + 2;
    if (/[ \t\r\n]-$/.test(body)) {
      body = body.slice(0, -1);
      const m = /^[ \t\r\n]*/.exec(src.slice(next))!;
      next += m[0].length;
    }
    const trimmed = body.trim();
    if (!(trimmed.startsWith('/*') && trimmed.endsWith('*/'))) items.push({ kind: 'action', text: body, pos: posAt(start) });
    i = next;
  }
  return items;
}

class Parser {
  private i = 0;
  constructor(
    private readonly items: RawItem[],
    private readonly defines: Map<string, Node[]>,
  ) {}

  parseList(stop: string[]): { list: Node[]; end: string; endItem?: RawItem } {
    const list: Node[] = [];
    while (this.i < this.items.length) {
      const it = this.items[this.i++]!;
      if (it.kind === 'text') {
        list.push({ t: 'text', text: it.text });
        continue;
      }
      const toks = lexAction(it.text, it.pos);
      const head = toks[0];
      const kw = head?.k === 'id' ? head.v : '';
      if (stop.includes(kw)) return { list, end: kw, endItem: { ...it, text: it.text.trim().slice(kw.length) } };
      switch (kw) {
        case 'if':
        case 'with':
        case 'range':
          list.push(this.parseControl(kw, toks.slice(1), it));
          break;
        case 'define': {
          const name = toks[1];
          if (name?.k !== 'str') throw this.err(it, 'define needs a quoted template name');
          const body = this.parseList(['end']);
          if (body.end !== 'end') throw this.err(it, 'unexpected EOF');
          this.defines.set(name.v, body.list);
          break;
        }
        case 'block': {
          const name = toks[1];
          if (name?.k !== 'str') throw this.err(it, 'block needs a quoted template name');
          const pipe = toks.length > 2 ? this.pipe(toks.slice(2), it) : undefined;
          const body = this.parseList(['end']);
          this.defines.set(name.v, body.list);
          list.push({ t: 'template', name: name.v, pipe, pos: it.pos });
          break;
        }
        case 'template': {
          const name = toks[1];
          if (name?.k !== 'str') throw this.err(it, 'template needs a quoted template name');
          list.push({ t: 'template', name: name.v, pipe: toks.length > 2 ? this.pipe(toks.slice(2), it) : undefined, pos: it.pos });
          break;
        }
        case 'break':
        case 'continue':
          list.push({ t: kw, pos: it.pos });
          break;
        case 'end':
        case 'else':
          throw this.err(it, `unexpected {{${kw}}}`);
        default:
          list.push({ t: 'action', pipe: this.pipe(toks, it), pos: it.pos });
      }
    }
    return { list, end: '' };
  }

  private parseControl(kw: 'if' | 'with' | 'range', toks: Tok[], it: RawItem): Node {
    const pipe = this.pipe(toks, it);
    const body = this.parseList(['else', 'end']);
    if (!body.end) throw this.err(it, 'unexpected EOF');
    let elseList: Node[] | undefined;
    if (body.end === 'else') {
      const rest = lexAction(body.endItem!.text, body.endItem!.pos);
      if (rest[0]?.k === 'id' && (rest[0].v === 'if' || rest[0].v === 'with')) {
        // `else if …` / `else with …`: a nested control that shares this one's {{end}}.
        elseList = [this.parseControl(rest[0].v as 'if' | 'with', rest.slice(1), body.endItem!)];
      } else {
        const e = this.parseList(['end']);
        if (e.end !== 'end') throw this.err(it, 'unexpected EOF');
        elseList = e.list;
      }
    }
    return { t: kw, pipe, list: body.list, else: elseList, pos: it.pos } as Node;
  }

  private pipe(toks: Tok[], it: RawItem): Pipe {
    let j = 0;
    const decl: string[] = [];
    let assign = false;
    // `$x :=`, `$i, $v :=`, `$x =`
    const declEnd = toks.findIndex((t) => t.k === 'op' && (t.v === ':=' || t.v === '='));
    if (declEnd > 0 && toks.slice(0, declEnd).every((t) => t.k === 'var' || (t.k === 'op' && t.v === ','))) {
      for (const t of toks.slice(0, declEnd)) if (t.k === 'var') decl.push(t.v);
      assign = toks[declEnd]!.v === '=';
      j = declEnd + 1;
    }
    const cmds: Operand[][] = [[]];
    const parseOperand = (): Operand => {
      const t = toks[j++]!;
      let op: Operand;
      if (t.k === 'op' && t.v === '(') {
        let depth = 1;
        const start = j;
        while (j < toks.length && depth > 0) {
          if (toks[j]!.k === 'op' && toks[j]!.v === '(') depth++;
          if (toks[j]!.k === 'op' && toks[j]!.v === ')') depth--;
          j++;
        }
        if (depth !== 0) throw this.err(it, 'unclosed left paren');
        op = { k: 'sub', pipe: this.pipe(toks.slice(start, j - 1), it), chain: [] };
        while (toks[j]?.k === 'field' && toks[j]!.col === (toks[j - 1]?.col ?? -1) + 1) op.chain.push(...fieldChain(toks[j++]!.v));
        return op;
      }
      if (t.k === 'field') return t.v === '.' ? { k: 'dot' } : { k: 'field', chain: fieldChain(t.v) };
      if (t.k === 'var') {
        const [name, ...rest] = t.v.split('.');
        return { k: 'var', name: name!, chain: rest };
      }
      if (t.k === 'str') return { k: 'lit', v: t.v };
      if (t.k === 'char') return { k: 'lit', v: BigInt(t.v.codePointAt(0) ?? 0) };
      if (t.k === 'num') return { k: 'lit', v: /^[+-]?\d+$/.test(t.v.replace(/_/g, '')) ? BigInt(t.v.replace(/_/g, '')) : Number(t.v.replace(/_/g, '')) };
      if (t.k === 'id') {
        if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true' };
        if (t.v === 'nil') return { k: 'nil' };
        if (!(t.v in funcs)) throw this.err(it, `function "${t.v}" not defined`);
        return { k: 'fn', name: t.v };
      }
      throw this.err(it, `unexpected "${t.v}" in operand`);
    };
    while (j < toks.length) {
      const t = toks[j]!;
      if (t.k === 'op' && t.v === '|') {
        if (cmds[cmds.length - 1]!.length === 0) throw this.err(it, 'missing command');
        cmds.push([]);
        j++;
        continue;
      }
      cmds[cmds.length - 1]!.push(parseOperand());
    }
    if (cmds[cmds.length - 1]!.length === 0) throw this.err(it, 'missing value for command');
    return { decl, assign, cmds, text: it.text.trim() };
  }

  private err(it: RawItem, msg: string): TemplateError {
    return new TemplateError(`template: ${it.pos.tpl}:${it.pos.line}: ${msg}`);
  }
}

function fieldChain(text: string): string[] {
  return text.split('.').filter((s) => s !== '');
}

// ---------------------------------------------------------------------------------------------------------
// Execution

class BreakSignal {}
class ContinueSignal {}

type Fn = (args: GoValue[], ctx: ExecCtx) => GoValue;

interface ExecCtx {
  fail(msg: string): never;
}

function truth(v: GoValue): boolean {
  if (v === undefined || v === null || v === false || v === '' || v === 0 || v === 0n) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

function num(v: GoValue): number | bigint | undefined {
  return typeof v === 'number' || typeof v === 'bigint' ? v : undefined;
}

function compare(a: GoValue, b: GoValue, ctx: ExecCtx): number {
  const x = num(a);
  const y = num(b);
  if (x !== undefined && y !== undefined) {
    if (typeof x !== typeof y) ctx.fail('incompatible types for comparison');
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : 2;
  if (a === undefined || b === undefined || a === null || b === null) ctx.fail('invalid type for comparison');
  if (goTypeName(a) !== goTypeName(b)) ctx.fail('incompatible types for comparison');
  ctx.fail('invalid type for comparison');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"'\u0000]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;', '\u0000': '\uFFFD' })[c]!);
}

const funcs: Record<string, Fn> = {
  and: (a) => {
    for (const x of a) if (!truth(x)) return x;
    return a[a.length - 1];
  },
  or: (a) => {
    for (const x of a) if (truth(x)) return x;
    return a[a.length - 1];
  },
  not: (a, ctx) => (a.length !== 1 ? ctx.fail(`wrong number of args for not: want 1 got ${a.length}`) : !truth(a[0])),
  len: (a, ctx) => {
    const v = a[0];
    if (typeof v === 'string') return BigInt(Buffer.byteLength(v));
    if (Array.isArray(v)) return BigInt(v.length);
    if (v && typeof v === 'object') return BigInt(Object.keys(v).length);
    return ctx.fail(`error calling len: len of type ${goTypeName(v)}`);
  },
  index: (a, ctx) => {
    let v = a[0];
    for (const k of a.slice(1)) {
      if (Array.isArray(v)) {
        const n = num(k);
        if (n === undefined) ctx.fail(`error calling index: cannot index slice/array with type ${goTypeName(k)}`);
        if (Number(n) < 0 || Number(n) >= v.length) ctx.fail(`error calling index: index out of range: ${String(n)}`);
        v = v[Number(n)];
      } else if (v && typeof v === 'object') v = (v as Record<string, GoValue>)[String(k)];
      else ctx.fail(`error calling index: can't index item of type ${goTypeName(v)}`);
    }
    return v;
  },
  slice: (a, ctx) => {
    const v = a[0];
    const idx = a.slice(1).map((x) => Number(num(x) ?? ctx.fail('error calling slice: non-integer index')));
    if (typeof v === 'string' || Array.isArray(v)) return v.slice(idx[0] ?? 0, idx[1] ?? v.length);
    return ctx.fail(`error calling slice: can't slice item of type ${goTypeName(v)}`);
  },
  print: (a) => sprint(a),
  println: (a) => sprintln(a),
  printf: (a, ctx) => (typeof a[0] === 'string' ? sprintf(a[0], a.slice(1)) : ctx.fail('wrong type for value; expected string')),
  html: (a) => escapeHtml(sprint(a)),
  js: (a) => sprint(a).replace(/[\\'"<>&=]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`),
  urlquery: (a) => encodeURIComponent(sprint(a)).replace(/%20/g, '+'),
  call: (_a, ctx) => ctx.fail('error calling call: no functions in this template data'),
  eq: (a, ctx) => {
    if (a.length < 2) ctx.fail('missing argument for comparison');
    return a.slice(1).some((b) => compare(a[0], b, ctx) === 0);
  },
  ne: (a, ctx) => compare(a[0], a[1], ctx) !== 0,
  lt: (a, ctx) => compare(a[0], a[1], ctx) === -1,
  le: (a, ctx) => [-1, 0].includes(compare(a[0], a[1], ctx)),
  gt: (a, ctx) => compare(a[0], a[1], ctx) === 1,
  ge: (a, ctx) => [1, 0].includes(compare(a[0], a[1], ctx)),
};

export class GoTemplateSet {
  private readonly defines = new Map<string, Node[]>();

  /** Parses every named template (file name → source); throws TemplateError on a syntax error. */
  constructor(files: Record<string, string>) {
    for (const [name, src] of Object.entries(files)) {
      const p = new Parser(split(name, src), this.defines);
      const { list, end } = p.parseList([]);
      if (end) throw new TemplateError(`template: ${name}: unexpected {{${end}}}`);
      // A file that only holds {{define}}s does not replace an explicit define of its own name.
      if (!this.defines.has(name) || list.some((n) => n.t !== 'text' || n.text.trim() !== '')) this.defines.set(name, list);
    }
  }

  has(name: string): boolean {
    return this.defines.has(name);
  }

  execute(name: string, data: GoValue): string {
    const list = this.defines.get(name);
    if (!list) throw new TemplateError(`template: no template ${JSON.stringify(name)} associated with template ${JSON.stringify(name)}`);
    let out = '';
    this.run(list, data, [{ name: '$', v: data }], (s) => (out += s), name, 0);
    return out;
  }

  private run(list: Node[], dot: GoValue, vars: { name: string; v: GoValue }[], write: (s: string) => void, tplName: string, depth: number): void {
    if (depth > 100000) throw new TemplateError(`template: ${tplName}: exceeded maximum template depth (100000)`);
    const mark = vars.length;
    for (const n of list) {
      switch (n.t) {
        case 'text':
          write(n.text);
          break;
        case 'action': {
          const v = this.pipe(n.pipe, dot, vars, n.pos);
          if (n.pipe.decl.length === 0) write(goPrint(v));
          break;
        }
        case 'if':
        case 'with': {
          const v = this.pipe(n.pipe, dot, vars, n.pos);
          if (truth(v)) this.run(n.list, n.t === 'with' ? v : dot, vars, write, tplName, depth + 1);
          else if (n.else) this.run(n.else, dot, vars, write, tplName, depth + 1);
          break;
        }
        case 'range': {
          const decl = n.pipe.decl;
          const v = this.pipe({ ...n.pipe, decl: [] }, dot, vars, n.pos);
          const entries: [GoValue, GoValue][] = Array.isArray(v)
            ? v.map((x, i) => [BigInt(i), x])
            : v && typeof v === 'object'
              ? Object.keys(v).sort().map((k) => [k, (v as Record<string, GoValue>)[k]])
              : typeof v === 'bigint'
                ? Array.from({ length: Number(v) }, (_, i) => [BigInt(i), BigInt(i)] as [GoValue, GoValue])
                : v === undefined || v === null
                  ? []
                  : this.fail(n.pos, n.pipe.text, `range can't iterate over ${goPrint(v)}`);
          if (entries.length === 0) {
            if (n.else) this.run(n.else, dot, vars, write, tplName, depth + 1);
            break;
          }
          for (const [k, x] of entries) {
            const inner = [...vars];
            if (decl.length === 1) inner.push({ name: decl[0]!, v: x });
            else if (decl.length === 2) inner.push({ name: decl[0]!, v: k }, { name: decl[1]!, v: x });
            try {
              this.run(n.list, x, inner, write, tplName, depth + 1);
            } catch (e) {
              if (e instanceof BreakSignal) break;
              if (e instanceof ContinueSignal) continue;
              throw e;
            }
          }
          break;
        }
        case 'template': {
          const body = this.defines.get(n.name);
          if (!body) this.fail(n.pos, `template "${n.name}"`, `template: no such template "${n.name}"`);
          const arg = n.pipe ? this.pipe(n.pipe, dot, vars, n.pos) : undefined;
          this.run(body!, arg, [{ name: '$', v: arg }], write, n.name, depth + 1);
          break;
        }
        case 'break':
          throw new BreakSignal();
        case 'continue':
          throw new ContinueSignal();
      }
    }
    vars.length = mark;
  }

  private pipe(p: Pipe, dot: GoValue, vars: { name: string; v: GoValue }[], pos: Pos): GoValue {
    const ctx: ExecCtx = { fail: (msg) => this.fail(pos, p.text, msg) };
    let prev: GoValue | typeof NONE = NONE;
    for (const cmd of p.cmds) {
      const [head, ...rest] = cmd;
      const args = rest.map((o) => this.operand(o, dot, vars, ctx));
      if (prev !== NONE) args.push(prev);
      if (head!.k === 'fn') prev = funcs[head!.name]!(args, ctx);
      else {
        if (args.length) ctx.fail(`can't give argument to non-function ${opText(head!)}`);
        prev = this.operand(head!, dot, vars, ctx);
      }
    }
    const v = prev === NONE ? undefined : prev;
    if (p.decl.length) {
      if (p.assign) {
        const slot = [...vars].reverse().find((x) => x.name === p.decl[0]);
        if (!slot) ctx.fail(`undefined variable: ${p.decl[0]}`);
        slot!.v = v;
      } else vars.push({ name: p.decl[0]!, v });
    }
    return v;
  }

  private operand(o: Operand, dot: GoValue, vars: { name: string; v: GoValue }[], ctx: ExecCtx): GoValue {
    switch (o.k) {
      case 'dot':
        return dot;
      case 'lit':
        return o.v;
      case 'nil':
        return ctx.fail('nil is not a command');
      case 'fn':
        return funcs[o.name]!([], ctx);
      case 'field':
        return chain(dot, o.chain, ctx);
      case 'var': {
        const slot = [...vars].reverse().find((x) => x.name === o.name);
        if (!slot) ctx.fail(`undefined variable: ${o.name}`);
        return chain(slot!.v, o.chain, ctx);
      }
      case 'sub':
        return chain(this.pipe(o.pipe, dot, vars, { tpl: '', line: 0, col: 0 }), o.chain, ctx);
    }
  }

  private fail(pos: Pos, at: string, msg: string): never {
    throw new TemplateError(`template: ${pos.tpl}:${pos.line}:${pos.col}: executing "${pos.tpl}" at <${at}>: ${msg}`);
  }
}

const NONE = Symbol('none');

function chain(v: GoValue, fields: string[], ctx: ExecCtx): GoValue {
  let cur = v;
  for (const f of fields) {
    if (cur === undefined || cur === null) ctx.fail(`nil pointer evaluating interface {}.${f}`);
    if (Array.isArray(cur) || typeof cur !== 'object') ctx.fail(`can't evaluate field ${f} in type ${goTypeName(cur)}`);
    // A missing map key gives the zero value ("<no value>" when printed), as Go does for map[string]any.
    cur = (cur as Record<string, GoValue>)[f];
  }
  return cur;
}

function opText(o: Operand): string {
  if (o.k === 'field') return '.' + o.chain.join('.');
  if (o.k === 'var') return [o.name, ...o.chain].join('.');
  if (o.k === 'lit') return goPrint(o.v);
  return o.k;
}
