// A fast path for the YAML that Choreo projects are made of: block maps and sequences, plain and
// quoted single-line scalars, literal block scalars, empty flow collections. Anything else (anchors,
// tags, flow collections with content, multi-line plain scalars, folded scalars, odd indentation)
// returns FALLBACK and the caller uses the full `yaml` parser, which also produces the error
// messages. Roughly 10x faster than building a yaml Document, which matters at 100,000 objects.
// Scalar typing follows the YAML 1.1 rules of documents.ts (booleans yes/no/on/off, timestamps
// stay strings); scalars whose type is not obvious are resolved by the full parser, memoised.

export const FALLBACK: unique symbol = Symbol('fallback');
type Fallback = typeof FALLBACK;

class Bail extends Error {}
const bail = (): never => {
  throw new Bail();
};

interface Line {
  indent: number;
  /** text after the indentation (comments not yet removed) */
  text: string;
  raw: string;
}

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUES = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSES = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const DEC_INT = /^[-+]?(0|[1-9][0-9]*)$/;
const SIMPLE_FLOAT = /^[-+]?(0|[1-9][0-9]*)\.[0-9]+$/;

export type ScalarResolver = (plain: string) => unknown;

function plainScalar(s: string, resolve: ScalarResolver): unknown {
  if (NULLS.has(s)) return null;
  if (TRUES.has(s)) return true;
  if (FALSES.has(s)) return false;
  const c = s.charCodeAt(0);
  // digits, sign or dot: maybe a number (or a timestamp / h:m value that stays a string)
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    if (DEC_INT.test(s)) {
      const n = Number(s);
      if (Number.isSafeInteger(n)) return n;
    }
    if (SIMPLE_FLOAT.test(s)) return Number(s);
    if (s === '-' || s.startsWith('- ')) return bail();
    return resolve(s);
  }
  return s;
}

/** Index of the comment start (` #`) in a plain scalar, or -1. */
function commentAt(s: string): number {
  const i = s.indexOf(' #');
  const j = s.indexOf('\t#');
  return i < 0 ? j : j < 0 ? i : Math.min(i, j);
}

function stripTrailingComment(rest: string): void {
  const t = rest.trim();
  if (t !== '' && !t.startsWith('#')) bail();
}

function doubleQuoted(s: string): { value: string; end: number } {
  let out = '';
  for (let i = 1; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '"') return { value: out, end: i + 1 };
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = s[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case '0': out += '\0'; break;
      case ' ': out += ' '; break;
      case 'u': {
        const hex = s.slice(i + 1, i + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) bail();
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        break;
      }
      default:
        bail();
    }
  }
  return bail();
}

function singleQuoted(s: string): { value: string; end: number } {
  let out = '';
  for (let i = 1; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === "'") {
      if (s[i + 1] === "'") {
        out += "'";
        i++;
        continue;
      }
      return { value: out, end: i + 1 };
    }
    out += ch;
  }
  return bail();
}

class FastParser {
  private i = 0;
  constructor(private readonly lines: Line[], private readonly resolve: ScalarResolver) {}

  /** Skips blank and comment-only lines; returns the next significant line or undefined. */
  private peek(): Line | undefined {
    while (this.i < this.lines.length) {
      const l = this.lines[this.i]!;
      if (l.text === '' || l.text.startsWith('#')) {
        this.i++;
        continue;
      }
      return l;
    }
    return undefined;
  }

  parseDocument(): unknown {
    const l = this.peek();
    if (!l) return null;
    if (l.indent !== 0) bail();
    const v = this.parseBlock(l.indent);
    if (this.peek()) bail();
    return v;
  }

  private isSeqItem(text: string): boolean {
    return text === '-' || text.startsWith('- ');
  }

  private parseBlock(indent: number): unknown {
    const l = this.peek()!;
    if (this.isSeqItem(l.text)) return this.parseSeq(indent);
    if (this.keyEnd(l.text) >= 0) return this.parseMap(indent);
    return bail(); // a lone scalar document or something unusual: the full parser decides
  }

  /** Where a `key:` ends in a line (index of the ':'), or -1 when the line is not a map entry. */
  private keyEnd(text: string): number {
    const c = text[0];
    if (c === '"' || c === "'") {
      const q = c === '"' ? doubleQuoted(text) : singleQuoted(text);
      return text[q.end] === ':' && (q.end + 1 === text.length || text[q.end + 1] === ' ') ? q.end : -1;
    }
    if (c === '?' || c === '&' || c === '*' || c === '!' || c === '[' || c === '{' || c === '|' || c === '>' || c === '%' || c === '@' || c === '`') {
      return -1;
    }
    let i = text.indexOf(': ');
    const cm = commentAt(text);
    if (i < 0 || (cm >= 0 && cm < i)) {
      const end = cm >= 0 ? text.slice(0, cm).trimEnd() : text;
      return end.endsWith(':') ? end.length - 1 : -1;
    }
    return i;
  }

  private key(text: string, end: number): string {
    const c = text[0];
    if (c === '"') return doubleQuoted(text).value;
    if (c === "'") return singleQuoted(text).value;
    const k = text.slice(0, end).trimEnd();
    if (k === '<<' || k === '') bail();
    // YAML 1.1 resolves plain keys too: `y:` or `on:` is the boolean true, printed "true" in JSON
    const v = plainScalar(k, this.resolve);
    if (v === null || typeof v === 'object') bail();
    return String(v);
  }

  private parseMap(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      const l = this.peek();
      if (!l || l.indent < indent) return out;
      if (l.indent > indent || this.isSeqItem(l.text)) bail();
      const end = this.keyEnd(l.text);
      if (end < 0) bail();
      const k = this.key(l.text, end);
      const rest = l.text.slice(end + 1).trimStart();
      this.i++;
      out[k] = this.value(rest, indent, true);
    }
  }

  private parseSeq(indent: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const l = this.peek();
      if (!l || l.indent < indent) return out;
      if (l.indent > indent || !this.isSeqItem(l.text)) {
        if (l.indent === indent) return out; // the map that holds this compact sequence continues
        bail();
      }
      const after = l.text.slice(1);
      const rest = after.trimStart();
      if (rest === '' || rest.startsWith('#')) {
        this.i++;
        out.push(this.value('', indent, false));
        continue;
      }
      if (this.isSeqItem(rest)) bail();
      if (this.keyEnd(rest) >= 0) {
        // `- key: value`: a map whose indentation is the column of `key`
        const col = indent + 1 + (after.length - rest.length);
        this.lines[this.i] = { indent: col, text: rest, raw: l.raw };
        out.push(this.parseMap(col));
        continue;
      }
      this.i++;
      out.push(this.value(rest, indent, false));
    }
  }

  /** The value after `key:` or `- `; `parentIndent` is the indentation of the key or dash. */
  private value(rest: string, parentIndent: number, inMap: boolean): unknown {
    if (rest === '' || rest.startsWith('#')) {
      const n = this.peek();
      if (!n) return null;
      if (n.indent > parentIndent) return this.parseBlock(n.indent);
      if (inMap && n.indent === parentIndent && this.isSeqItem(n.text)) return this.parseSeq(parentIndent);
      return null;
    }
    const c = rest[0];
    if (c === '|') return this.blockScalar(rest, parentIndent);
    return this.scalar(rest, parentIndent);
  }

  private scalar(rest: string, parentIndent: number): unknown {
    const c = rest[0]!;
    let v: unknown;
    if (c === '"' || c === "'") {
      const q = c === '"' ? doubleQuoted(rest) : singleQuoted(rest);
      stripTrailingComment(rest.slice(q.end));
      v = q.value;
    } else if (c === '[' || c === '{') {
      const cm = commentAt(rest);
      const body = (cm >= 0 ? rest.slice(0, cm) : rest).trim();
      if (body === '[]') v = [];
      else if (body === '{}') v = {};
      else bail();
    } else if (c === '&' || c === '*' || c === '!' || c === '>' || c === '%' || c === '@' || c === '`' || c === '?') {
      bail();
    } else {
      const cm = commentAt(rest);
      const s = (cm >= 0 ? rest.slice(0, cm) : rest).trimEnd();
      if (s.includes(': ') || s.endsWith(':') || s.includes('\t')) bail();
      const more = cm >= 0 ? undefined : this.continuation(parentIndent);
      v = more === undefined ? plainScalar(s, this.resolve) : s + more;
    }
    // a continuation line would make this a multi-line scalar
    const n = this.peek();
    if (n && n.indent > parentIndent) bail();
    return v;
  }

  /**
   * Continuation lines of a multi-line plain scalar (more indented than its key or dash), folded:
   * line breaks become spaces, blank lines become newlines. undefined when there are none.
   */
  private continuation(parentIndent: number): string | undefined {
    let j = this.i;
    let out = '';
    let blanks = 0;
    let any = false;
    while (j < this.lines.length) {
      const l = this.lines[j]!;
      if (l.text === '') {
        blanks++;
        j++;
        continue;
      }
      if (l.indent <= parentIndent || l.text.startsWith('#')) break;
      const cm = commentAt(l.text);
      if (cm >= 0 || l.text.includes(': ') || l.text.endsWith(':') || l.text.includes('\t')) bail();
      out += blanks > 0 ? '\n'.repeat(blanks) : ' ';
      out += l.text;
      blanks = 0;
      any = true;
      j++;
    }
    if (!any) return undefined;
    this.i = j - blanks;
    return out;
  }

  private blockScalar(header: string, parentIndent: number): string {
    const m = /^\|([+-]?)\s*(#.*)?$/.exec(header);
    if (!m) bail();
    const chomp = m![1];
    const body: string[] = [];
    let blockIndent = -1;
    while (this.i < this.lines.length) {
      const l = this.lines[this.i]!;
      const blank = l.raw.trim() === '';
      if (blank) {
        body.push(blockIndent >= 0 ? l.raw.slice(blockIndent) : '');
        this.i++;
        continue;
      }
      if (blockIndent < 0) {
        if (l.indent <= parentIndent) break;
        blockIndent = l.indent;
      } else if (l.indent < blockIndent) break;
      body.push(l.raw.slice(blockIndent));
      this.i++;
    }
    // blank lines before a less-indented line belong to the scalar's trailing part
    let text = body.join('\n');
    if (chomp === '-') text = text.replace(/\n+$/, '');
    else if (chomp === '+') text = body.length ? text + '\n' : '';
    else text = text.replace(/\n+$/, '') + (body.some((b) => b !== '') ? '\n' : '');
    if (blockIndent >= 0) {
      // leading blank lines that were shorter than the indentation are empty, as in YAML
      return text;
    }
    return chomp === '+' ? text : '';
  }
}

/** Parses one YAML document, or returns FALLBACK when the text uses anything outside the subset. */
export function fastParseYaml(text: string, resolve: ScalarResolver): unknown | Fallback {
  if (text.includes('\t') && /(^|\n)[ ]*\t/.test(text)) return FALLBACK;
  const raw = text.split('\n');
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop(); // the text's final newline ends a line
  const lines: Line[] = [];
  for (const r0 of raw) {
    const r = r0.endsWith('\r') ? r0.slice(0, -1) : r0;
    let k = 0;
    while (k < r.length && r.charCodeAt(k) === 32) k++;
    const t = r.slice(k).trimEnd();
    if (k === 0 && (t === '---' || t.startsWith('--- ') || t === '...' || t.startsWith('%'))) {
      if (t === '---' && lines.every((l) => l.text === '' || l.text.startsWith('#'))) {
        lines.push({ indent: 0, text: '', raw: '' });
        continue;
      }
      return FALLBACK;
    }
    lines.push({ indent: k, text: t, raw: r });
  }
  try {
    return new FastParser(lines, resolve).parseDocument();
  } catch (e) {
    if (e instanceof Bail) return FALLBACK;
    throw e;
  }
}
