// YAML output byte-compatible with Go's sigs.k8s.io/yaml (go-yaml v2 / libyaml emitter), used where
// Choreo's own files are reproduced (e.g. `dev parse` output): keys in go-yaml's order, indentless
// sequences, libyaml's choice between plain, single-quoted, double-quoted and literal scalars, and
// its folding of long quoted/plain scalars at 80 columns. (toYaml in emit.ts is the general emitter.)

const BEST_WIDTH = 80;
const INDENT = 2;

// ---------------------------------------------------------------------------------------------
// go-yaml v2 key order (sorter.go keyList.Less): letters compare as runes, non-letters sort before
// letters, runs of digits compare as numbers.

const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';

export function goKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + (ar[ai]!.charCodeAt(0) - 48);
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + (br[bi]!.charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

const goKeyCompare = (a: string, b: string) => (goKeyLess(a, b) ? -1 : goKeyLess(b, a) ? 1 : 0);

// ---------------------------------------------------------------------------------------------
// go-yaml v2 resolve(): plain text that would read back as something other than a string.

const RESOLVE_WORDS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF',
  '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<',
]);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP = [
  /^\d{4}-\d\d?-\d\d?([Tt]|[ \t]+)\d\d?:\d\d:\d\d(\.\d+)?(([ \t]*)Z|[-+]\d\d?(:\d\d)?)?$/,
  /^\d{4}-\d\d?-\d\d?([Tt]|[ \t]+)\d\d?:\d\d:\d\d(\.\d+)?$/,
  /^\d{4}-\d\d?-\d\d? \d\d?:\d\d:\d\d(\.\d+)?$/,
  /^\d{4}-\d\d-\d\d$/,
];

function goInt(s: string): boolean {
  const t = s.replace(/_/g, '');
  return /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0|[1-9][0-9]*)$/.test(t) || /^[-+]?0b[01]+$/.test(t);
}

function resolvesToNonString(s: string): boolean {
  if (s === '') return true;
  if (RESOLVE_WORDS.has(s)) return true;
  const c = s[0]!;
  if ('+-0123456789.'.includes(c)) {
    if (goInt(s)) return true;
    if (YAML_FLOAT.test(s.replace(/_/g, ''))) return true;
    if (TIMESTAMP.some((r) => r.test(s))) return true;
  }
  return BASE60_FLOAT.test(s);
}

// ---------------------------------------------------------------------------------------------
// libyaml's scalar analysis.

function isPrintable(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}
const isBreak = (c: string | undefined) => c === '\r' || c === '\n' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isSpace = (c: string | undefined) => c === ' ';
const isBlankz = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || isBreak(c);

interface Analysis {
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

function analyze(s: string): Analysis {
  const ch = [...s];
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  if (s.startsWith('---') || s.startsWith('...')) {
    blockIndicators = true;
  }
  let precededByWs = true;
  for (let i = 0; i < ch.length; i++) {
    const c = ch[i]!;
    const followedByWs = isBlankz(ch[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      if ((c === '?' || c === ':') && followedByWs) blockIndicators = true;
      if (c === '-' && followedByWs) blockIndicators = true;
    } else {
      // (flow indicators only matter in flow context, which this emitter never writes)
      if (c === ':' && followedByWs) blockIndicators = true;
      if (c === '#' && precededByWs) blockIndicators = true;
    }
    if (!isPrintable(c.codePointAt(0)!)) special = true;
    if (isBreak(c)) lineBreaks = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === ch.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (i === ch.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true;
      prevSpace = false;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlankz(c);
  }
  let blockPlain = true;
  let singleQuoted = true;
  let block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlain = false;
  if (trailingSpace) block = false;
  if (breakSpace) {
    blockPlain = false;
    singleQuoted = false;
  }
  if (spaceBreak || special) {
    blockPlain = false;
    singleQuoted = false;
    block = false;
  }
  if (lineBreaks) blockPlain = false;
  if (blockIndicators) blockPlain = false;
  return { blockPlain, singleQuoted, block };
}

// ---------------------------------------------------------------------------------------------
// The writer: tracks the column like libyaml does, for folding.

class Writer {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;

  put(s: string): void {
    this.out += s;
    this.column += [...s].length;
  }

  breakLine(): void {
    this.out += '\n';
    this.column = 0;
  }

  /** libyaml write_indent */
  writeIndent(indent: number): void {
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.breakLine();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  plain(s: string, indent: number, allowBreaks: boolean): void {
    if (!this.whitespace && s !== '') this.put(' ');
    const ch = [...s];
    let spaces = false;
    for (let i = 0; i < ch.length; i++) {
      const c = ch[i]!;
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(ch[i + 1])) this.writeIndent(indent);
        else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  singleQuoted(s: string, indent: number, allowBreaks: boolean): void {
    this.put(this.whitespace ? "'" : " '");
    const ch = [...s];
    let spaces = false;
    for (let i = 0; i < ch.length; i++) {
      const c = ch[i]!;
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== ch.length - 1 && !isSpace(ch[i + 1])) this.writeIndent(indent);
        else this.put(c);
        spaces = true;
      } else {
        if (c === "'") this.put("'");
        this.put(c);
        this.indention = false;
        spaces = false;
      }
    }
    this.put("'");
    this.whitespace = false;
    this.indention = false;
  }

  doubleQuoted(s: string, indent: number, allowBreaks: boolean): void {
    this.put(this.whitespace ? '"' : ' "');
    const ch = [...s];
    let spaces = false;
    for (let i = 0; i < ch.length; i++) {
      const c = ch[i]!;
      const cp = c.codePointAt(0)!;
      if (!isPrintable(cp) || cp === 0xfeff || isBreak(c) || c === '"' || c === '\\') {
        this.put('\\');
        const esc: Record<number, string> = { 0: '0', 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 27: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P' };
        if (esc[cp] !== undefined) this.put(esc[cp]!);
        else if (cp <= 0xff) this.put('x' + cp.toString(16).toUpperCase().padStart(2, '0'));
        else if (cp <= 0xffff) this.put('u' + cp.toString(16).toUpperCase().padStart(4, '0'));
        else this.put('U' + cp.toString(16).toUpperCase().padStart(8, '0'));
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== ch.length - 1) {
          this.writeIndent(indent);
          if (isSpace(ch[i + 1])) this.put('\\');
        } else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    }
    this.put('"');
    this.whitespace = false;
    this.indention = false;
  }

  literal(s: string, indent: number): void {
    let hints = '';
    if (s.startsWith(' ') || isBreak(s[0])) hints += String(INDENT);
    if (!isBreak(s[s.length - 1])) hints += '-';
    else if (s.length === 1 || isBreak(s[s.length - 2])) hints += '+';
    this.put(this.whitespace ? '|' + hints : ' |' + hints);
    this.breakLine();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of s) {
      if (isBreak(c)) {
        this.breakLine();
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent(indent);
        this.put(c);
        this.indention = false;
        breaks = false;
      }
    }
    // like libyaml, leave `indention` as the last character left it: after a final line break the
    // next key needs no extra newline
  }
}

function scalarText(v: unknown): { text: string; kind: 'string' | 'other' } {
  if (v === null || v === undefined) return { text: 'null', kind: 'other' };
  if (typeof v === 'boolean') return { text: String(v), kind: 'other' };
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return { text: String(v), kind: 'other' };
    if (Number.isNaN(v)) return { text: '.nan', kind: 'other' };
    if (!Number.isFinite(v)) return { text: v > 0 ? '.inf' : '-.inf', kind: 'other' };
    return { text: String(v).replace(/e\+?/, 'e+').replace('e+-', 'e-'), kind: 'other' };
  }
  return { text: String(v), kind: 'string' };
}

function writeScalar(w: Writer, v: unknown, indent: number, simpleKey: boolean): void {
  const { text, kind } = scalarText(v);
  if (kind === 'other') return w.plain(text, indent, false);
  const a = analyze(text);
  let style: 'plain' | 'single' | 'double' | 'literal' = text.includes('\n') ? 'literal' : resolvesToNonString(text) ? 'double' : 'plain';
  if (style === 'plain' && (!a.blockPlain || (text === '' && simpleKey))) style = 'single';
  if (style === 'single' && !a.singleQuoted) style = 'double';
  if (style === 'literal' && (!a.block || simpleKey)) style = 'double';
  if (style === 'plain') w.plain(text, indent, !simpleKey);
  else if (style === 'single') w.singleQuoted(text, indent, !simpleKey);
  else if (style === 'double') w.doubleQuoted(text, indent, !simpleKey);
  else w.literal(text, indent);
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Writes a node whose first token goes at the writer's current position. */
function writeNode(w: Writer, v: unknown, indent: number): void {
  if (isMap(v)) {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort(goKeyCompare);
    if (keys.length === 0) return w.plain('{}', indent, false);
    keys.forEach((k, i) => {
      if (i > 0 || !w.indention) w.writeIndent(indent);
      else w.writeIndent(indent);
      writeScalar(w, k, indent, true);
      w.put(':');
      w.whitespace = false;
      writeValue(w, v[k], indent);
    });
    return;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return w.plain('[]', indent, false);
    v.forEach((item) => {
      w.writeIndent(indent);
      w.put('-');
      w.whitespace = false;
      w.indention = false;
      // the item's content starts after "- ", at indent+2
      if (isMap(item) && Object.keys(item).length > 0) {
        w.put(' ');
        w.whitespace = true;
        w.indention = true; // like libyaml: a compact mapping continues on the dash's line
        writeNode(w, item, indent + INDENT);
      } else if (Array.isArray(item) && item.length > 0) {
        w.put(' ');
        w.whitespace = true;
        w.indention = true;
        writeNode(w, item, indent + INDENT);
      } else writeScalar(w, item, indent + INDENT, false);
    });
    return;
  }
  writeScalar(w, v, indent + INDENT, false);
}

/** The value after `key:` (mapping at `indent`). */
function writeValue(w: Writer, v: unknown, indent: number): void {
  if (isMap(v) && Object.keys(v).some((k) => v[k] !== undefined)) {
    writeNode(w, v, indent + INDENT);
  } else if (Array.isArray(v) && v.length > 0) {
    writeNode(w, v, indent); // indentless sequence
  } else if (isMap(v) || Array.isArray(v)) {
    w.plain(isMap(v) ? '{}' : '[]', indent, false);
  } else writeScalar(w, v, indent + INDENT, false);
}

/** A document as go-yaml v2 (sigs.k8s.io/yaml) writes it. */
export function toGoYaml(value: unknown): string {
  const w = new Writer();
  if (isMap(value) || Array.isArray(value)) writeNode(w, value, 0);
  else writeScalar(w, value, 0, false);
  return w.out + '\n';
}
