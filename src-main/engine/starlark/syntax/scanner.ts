// Lexical scanner for Starlark (Go dialect): indentation (a tab advances to the next multiple of 8 columns),
// implicit line joining inside brackets, backslash continuation, comments, and every literal form.
// Tokens are produced on demand so that the first error reported is the one the parser reaches first.
import { StarlarkError } from '../errors.js';
import { encodeRune, encodeUtf8 } from '../utf8.js';

export type TokenKind = string;

export interface Token {
  /** 'IDENT' 'INT' 'FLOAT' 'STRING' 'BYTES' 'NEWLINE' 'INDENT' 'OUTDENT' 'EOF', a keyword, or punctuation. */
  kind: TokenKind;
  line: number;
  col: number;
  /** Identifier name, or the raw text of a literal. */
  raw: string;
  /** Decoded literal value: number|bigint for INT, number for FLOAT, byte string for STRING/BYTES. */
  value?: number | bigint | string;
  /** Scanner position just after the token (Go reports most parse errors there). */
  endLine?: number;
  endCol?: number;
}

export const KEYWORDS = new Set([
  'and', 'break', 'continue', 'def', 'elif', 'else', 'for', 'if', 'in', 'lambda', 'load', 'not', 'or', 'pass',
  'return', 'while',
  // reserved
  'as', 'async', 'await', 'class', 'del', 'except', 'finally', 'from', 'global', 'import', 'is', 'nonlocal',
  'raise', 'try', 'with', 'yield',
]);

const NAMED: Record<string, string> = {
  EOF: 'end of file',
  NEWLINE: 'newline',
  INDENT: 'indent',
  OUTDENT: 'outdent',
  IDENT: 'identifier',
  INT: 'int literal',
  FLOAT: 'float literal',
  STRING: 'string literal',
  BYTES: 'bytes literal',
};

/** How Go's parser names a token in "got X, want Y" (punctuation quoted, keywords bare). */
export function describeToken(kind: TokenKind): string {
  const n = NAMED[kind];
  if (n) return n;
  if (KEYWORDS.has(kind) || kind === 'not in') return kind;
  return `'${kind}'`;
}

const PUNCT3 = new Set(['<<=', '>>=', '//=']);
const PUNCT2 = new Set(['<=', '>=', '==', '!=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<', '>>', '//', '**']);
const PUNCT1 = new Set(['+', '-', '*', '/', '%', '&', '|', '^', '~', '<', '>', '=', ':', ';', '.', ',']);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c > 127 && /\p{L}/u.test(String.fromCodePoint(c)));
}
function isIdentChar(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

export class Scanner {
  private readonly src: string;
  private pos = 0;
  private line = 1;
  private col = 1;
  private depth = 0;
  private indents: number[] = [0];
  private dents = 0;
  private lineStart = true;

  constructor(
    readonly filename: string,
    source: string,
  ) {
    // Normalise line endings: CRLF and CR become LF (Go's readRune does the same).
    this.src = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
  }

  error(msg: string, line = this.line, col = this.col): never {
    throw new StarlarkError('syntax', msg, { file: this.filename, line, col });
  }

  private peek(off = 0): number {
    const i = this.pos + off;
    return i < this.src.length ? this.src.charCodeAt(i) : 0;
  }

  private advance(): number {
    const c = this.src.charCodeAt(this.pos++);
    if (c === 10) {
      this.line++;
      this.col = 1;
    } else if (c < 0xdc00 || c > 0xdfff) this.col++; // low surrogates do not start a character
    return c;
  }

  next(): Token {
    const t = this.scan();
    t.endLine = this.line;
    t.endCol = this.col;
    return t;
  }

  private scan(): Token {
    for (;;) {
      let blank = false;
      const savedLineStart = this.lineStart;
      let c = 0;
      if (this.lineStart) {
        this.lineStart = false;
        let col = 0;
        for (;;) {
          c = this.peek();
          if (c === 32) {
            col++;
            this.advance();
          } else if (c === 9) {
            col += 8 - ((this.col - 1) % 8);
            this.advance();
          } else break;
        }
        if (c === 35 || c === 10 || this.pos >= this.src.length) blank = true;
        if (!blank && this.depth === 0) {
          const cur = this.indents[this.indents.length - 1];
          if (col > cur) {
            this.dents++;
            this.indents.push(col);
          } else if (col < cur) {
            while (this.indents.length > 0 && col < this.indents[this.indents.length - 1]) {
              this.dents--;
              this.indents.pop();
            }
            if (this.indents.length === 0 || col !== this.indents[this.indents.length - 1]) {
              this.error('unindent does not match any outer indentation level');
            }
          }
        }
      }
      if (this.dents !== 0) {
        const t = { kind: this.dents < 0 ? 'OUTDENT' : 'INDENT', line: this.line, col: this.col, raw: '' };
        if (this.dents < 0) this.dents++;
        else this.dents--;
        return t;
      }
      c = this.peek();
      while (c === 32 || c === 9) {
        this.advance();
        c = this.peek();
      }
      if (c === 35) {
        while (this.pos < this.src.length && this.peek() !== 10) this.advance();
        c = this.peek();
      }
      if (c === 10 && this.pos < this.src.length) {
        this.lineStart = true;
        if (this.depth > 0 || blank) {
          this.advance();
          continue;
        }
        const t = { kind: 'NEWLINE', line: this.line, col: this.col, raw: '\n' };
        this.advance();
        return t;
      }
      if (this.pos >= this.src.length) {
        if (this.indents.length > 1) {
          if (savedLineStart) {
            this.dents = 1 - this.indents.length;
            this.indents.length = 1;
            continue;
          }
          this.lineStart = true;
          return { kind: 'NEWLINE', line: this.line, col: this.col, raw: '\n' };
        }
        return { kind: 'EOF', line: this.line, col: this.col, raw: '' };
      }
      if (c === 92) {
        this.advance();
        if (this.peek() !== 10) this.error('stray backslash in program');
        this.advance();
        continue;
      }
      return this.token(c);
    }
  }

  private token(c: number): Token {
    const line = this.line,
      col = this.col,
      start = this.pos;
    if (c === 44) {
      this.advance();
      return { kind: ',', line, col, raw: ',' };
    }
    if (c === 34 || c === 39) return this.scanString(line, col, start);
    if (isIdentStart(c) || (c >= 0xd800 && c <= 0xdbff)) {
      const c1 = this.peek(1);
      if ((c === 114 || c === 98) && (c1 === 34 || c1 === 39)) {
        this.advance();
        return this.scanString(line, col, start);
      }
      if (c === 114 && c1 === 98 && (this.peek(2) === 34 || this.peek(2) === 39)) {
        this.advance();
        this.advance();
        return this.scanString(line, col, start);
      }
      while (this.pos < this.src.length) {
        const d = this.src.codePointAt(this.pos)!;
        if (!isIdentChar(d)) break;
        this.advance();
        if (d > 0xffff) this.pos++;
      }
      const raw = this.src.slice(start, this.pos);
      return { kind: KEYWORDS.has(raw) ? raw : 'IDENT', line, col, raw };
    }
    switch (c) {
      case 40:
      case 91:
      case 123:
        this.depth++;
        this.advance();
        return { kind: String.fromCharCode(c), line, col, raw: String.fromCharCode(c) };
      case 41:
      case 93:
      case 125:
        if (this.depth === 0) this.error(`unexpected '${String.fromCharCode(c)}'`);
        this.depth--;
        this.advance();
        return { kind: String.fromCharCode(c), line, col, raw: String.fromCharCode(c) };
    }
    if (isDigit(c) || (c === 46 && isDigit(this.peek(1)))) return this.scanNumber(line, col, start);
    const s3 = this.src.slice(this.pos, this.pos + 3);
    if (PUNCT3.has(s3)) {
      this.pos += 3;
      this.col += 3;
      return { kind: s3, line, col, raw: s3 };
    }
    const s2 = s3.slice(0, 2);
    if (PUNCT2.has(s2)) {
      this.pos += 2;
      this.col += 2;
      return { kind: s2, line, col, raw: s2 };
    }
    const s1 = s3.slice(0, 1);
    if (PUNCT1.has(s1)) {
      this.advance();
      return { kind: s1, line, col, raw: s1 };
    }
    if (c === 33) this.error("unexpected input character '!'");
    this.error(`unexpected input character ${JSON.stringify(String.fromCodePoint(this.src.codePointAt(this.pos)!)).replace(/^"|"$/g, "'")}`);
  }

  private scanNumber(line: number, col: number, start: number): Token {
    let c = this.peek();
    let fraction = false,
      exponent = false;
    const isX = (d: number) => isDigit(d) || (d >= 65 && d <= 70) || (d >= 97 && d <= 102);
    if (c === 46) {
      this.advance();
      fraction = true;
    } else if (c === 48) {
      this.advance();
      c = this.peek();
      if (c === 46) {
        fraction = true;
        this.advance();
      } else if (c === 120 || c === 88) {
        this.advance();
        if (!isX(this.peek())) this.error('invalid hex literal', line, col);
        while (isX(this.peek())) this.advance();
      } else if (c === 111 || c === 79) {
        this.advance();
        if (!(this.peek() >= 48 && this.peek() <= 55)) this.error('invalid octal literal');
        while (this.peek() >= 48 && this.peek() <= 55) this.advance();
      } else if (c === 98 || c === 66) {
        this.advance();
        if (!(this.peek() === 48 || this.peek() === 49)) this.error('invalid binary literal');
        while (this.peek() === 48 || this.peek() === 49) this.advance();
      } else {
        let allzeros = true,
          octal = true;
        while (isDigit(this.peek())) {
          const d = this.peek();
          if (d !== 48) allzeros = false;
          if (d > 55) octal = false;
          this.advance();
        }
        c = this.peek();
        if (c === 46) {
          fraction = true;
          this.advance();
        } else if (c === 101 || c === 69) exponent = true;
        else if (octal && !allzeros) {
          this.error(`obsolete form of octal literal; use 0o${this.src.slice(start + 1, this.pos)}`);
        } else if (!allzeros) {
          this.error('invalid int literal', line, col);
        }
      }
    } else {
      while (isDigit(this.peek())) this.advance();
      c = this.peek();
      if (c === 46) {
        fraction = true;
        this.advance();
      } else if (c === 101 || c === 69) exponent = true;
    }
    if (fraction) {
      while (isDigit(this.peek())) this.advance();
      c = this.peek();
      if (c === 101 || c === 69) exponent = true;
    }
    if (exponent) {
      this.advance();
      c = this.peek();
      if (c === 43 || c === 45) {
        this.advance();
        if (!isDigit(this.peek())) this.error('invalid float literal');
      }
      while (isDigit(this.peek())) this.advance();
    }
    const raw = this.src.slice(start, this.pos);
    if (fraction || exponent) {
      const v = Number(raw);
      if (Number.isNaN(v)) this.error('invalid float literal');
      return { kind: 'FLOAT', line, col, raw, value: v };
    }
    let big: bigint;
    const p = raw.slice(0, 2).toLowerCase();
    if (p === '0o') big = BigInt('0o' + raw.slice(2));
    else if (p === '0b') big = BigInt('0b' + raw.slice(2));
    else if (p === '0x') big = BigInt('0x' + raw.slice(2));
    else big = BigInt(raw);
    const n = big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
    return { kind: 'INT', line, col, raw, value: n };
  }

  private scanString(line: number, col: number, start: number): Token {
    const quote = this.peek();
    const triple = this.peek(1) === quote && this.peek(2) === quote;
    this.advance();
    if (!triple) {
      for (;;) {
        if (this.pos >= this.src.length) this.error('unexpected EOF in string', line, col);
        const c = this.advance();
        if (c === quote) break;
        if (c === 10) this.error('unexpected newline in string', line, col);
        if (c === 92) {
          if (this.pos >= this.src.length) this.error('unexpected EOF in string', line, col);
          this.advance();
        }
      }
    } else {
      this.advance();
      this.advance();
      let count = 0;
      for (;;) {
        if (this.pos >= this.src.length) this.error('unexpected EOF in string', line, col);
        const c = this.advance();
        if (c === quote) {
          if (++count === 3) break;
        } else count = 0;
        if (c === 92) {
          if (this.pos >= this.src.length) this.error('unexpected EOF in string', line, col);
          this.advance();
        }
      }
    }
    const raw = this.src.slice(start, this.pos);
    let isBytes: boolean;
    let value: string;
    try {
      [value, isBytes] = unquote(raw);
    } catch (e) {
      this.error((e as Error).message, line, col);
    }
    return { kind: isBytes ? 'BYTES' : 'STRING', line, col, raw, value };
  }
}

/** Decodes a string literal's raw text (with prefix and quotes) into a byte string. */
export function unquote(quoted: string): [string, boolean] {
  let raw = false,
    isBytes = false;
  if (quoted[0] === 'r') {
    raw = true;
    quoted = quoted.slice(1);
  }
  if (quoted[0] === 'b') {
    isBytes = true;
    quoted = quoted.slice(1);
  }
  const q = quoted[0];
  if (quoted.length >= 6 && quoted[1] === q && quoted[2] === q) quoted = quoted.slice(3, -3);
  else quoted = quoted.slice(1, -1);
  if (raw || !quoted.includes('\\')) return [encodeUtf8(quoted), isBytes];
  let out = '';
  let i = 0;
  const n = quoted.length;
  while (i < n) {
    const j = quoted.indexOf('\\', i);
    if (j < 0) {
      out += encodeUtf8(quoted.slice(i));
      break;
    }
    out += encodeUtf8(quoted.slice(i, j));
    i = j;
    if (i + 1 >= n) throw new Error('truncated escape sequence \\');
    const e = quoted[i + 1];
    switch (e) {
      case '\n':
        i += 2;
        break;
      case 'a':
        out += '\x07';
        i += 2;
        break;
      case 'b':
        out += '\b';
        i += 2;
        break;
      case 'f':
        out += '\f';
        i += 2;
        break;
      case 'n':
        out += '\n';
        i += 2;
        break;
      case 'r':
        out += '\r';
        i += 2;
        break;
      case 't':
        out += '\t';
        i += 2;
        break;
      case 'v':
        out += '\v';
        i += 2;
        break;
      case '\\':
      case "'":
      case '"':
        out += e;
        i += 2;
        break;
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        let v = e.charCodeAt(0) - 48;
        i += 2;
        for (let k = 1; k < 3 && i < n && quoted[i] >= '0' && quoted[i] <= '7'; k++) v = v * 8 + (quoted.charCodeAt(i++) - 48);
        if (!isBytes && v > 127) {
          const h = v.toString(16).toUpperCase().padStart(4, '0');
          throw new Error(`non-ASCII octal escape \\${v.toString(8)} (use \\u${h} for the UTF-8 encoding of U+${h})`);
        }
        if (v >= 256) throw new Error(`invalid escape sequence \\${v.toString(8).padStart(3, '0')}`);
        out += String.fromCharCode(v);
        break;
      }
      case 'x': {
        if (i + 4 > n) throw new Error(`truncated escape sequence ${quoted.slice(i)}`);
        const h = quoted.slice(i + 2, i + 4);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new Error(`invalid escape sequence ${quoted.slice(i, i + 4)}`);
        const v = parseInt(h, 16);
        if (!isBytes && v > 127) {
          const hh = v.toString(16).toUpperCase().padStart(4, '0');
          throw new Error(`non-ASCII hex escape ${quoted.slice(i, i + 4)} (use \\u${hh} for the UTF-8 encoding of U+${hh})`);
        }
        out += String.fromCharCode(v);
        i += 4;
        break;
      }
      case 'u':
      case 'U': {
        const sz = e === 'u' ? 6 : 10;
        if (i + sz > n) throw new Error(`truncated escape sequence ${quoted.slice(i)}`);
        const h = quoted.slice(i + 2, i + sz);
        if (!/^[0-9a-fA-F]+$/.test(h)) throw new Error(`invalid escape sequence ${quoted.slice(i, i + sz)}`);
        const v = parseInt(h, 16);
        if (v > 0x10ffff) throw new Error(`code point out of range: ${quoted.slice(i, i + sz)} (max \\U${v.toString(16).padStart(8, '0')})`);
        if (v >= 0xd800 && v < 0xe000) throw new Error(`invalid Unicode code point U+${v.toString(16).toUpperCase().padStart(4, '0')}`);
        out += encodeRune(v);
        i += sz;
        break;
      }
      default:
        throw new Error(`invalid escape sequence \\${e}`);
    }
  }
  return [out, isBytes];
}
