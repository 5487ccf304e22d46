// What the user is typing at the cursor, read from the interpreter's scanner over the text before it (the
// text after the cursor does not matter, and the text being typed rarely parses): a name, a member after
// `x.`, a key in `x["` or `x.get("`, a module or a name in `load(`, and the call whose arguments the cursor
// is in (signature help).
import { StarlarkError } from '../starlark/index.js';
import { Scanner, type Token } from '../starlark/syntax/scanner.js';
import type { LineIndex, Pos } from './positions.js';

export type CursorContext =
  /** An identifier (maybe empty) where a name may stand. */
  | { k: 'name'; prefix: string; start: Pos }
  /** After `x.`: `object` is the source text of `x`. */
  | { k: 'member'; object: string; prefix: string; start: Pos }
  /** Inside the string of `x["` or `x.get("`. */
  | { k: 'key'; object: string; prefix: string; start: Pos }
  /** Inside the first string of `load(`. */
  | { k: 'loadModule'; prefix: string; start: Pos }
  /** Inside a later string of `load("module", `. */
  | { k: 'loadName'; module: string; prefix: string; start: Pos }
  /** In a comment, another string, or a number: nothing to complete. */
  | { k: 'none' };

/** The call around the cursor: its callee's source text and which argument the cursor is in. */
export interface CallContext {
  callee: string;
  /** Position of the callee's last name (for resolving it). */
  calleePos: Pos;
  /** 0-based index among the arguments. */
  argIndex: number;
  /** The keyword of the current argument (`name=`), if it has one. */
  argName?: string;
  /** Keywords already given before the cursor. */
  named: string[];
}

interface Scan {
  tokens: Token[];
  /** The string literal the cursor is inside, if any (its start). */
  openString?: Pos;
}

/**
 * Scans the text before the cursor. A one-line string left open on an earlier line (the user typed `x["` and
 * moved on) ends at its line, so that line is blanked and the scan starts again: the rest of the file, the
 * call being typed included, still reads. At most 16 such lines are skipped. The string the cursor is in
 * stays open (`openString`).
 */
function scanPrefix(prefix: string): Scan {
  let text = prefix;
  const lastLine = prefix.split('\n').length;
  for (let skipped = 0; ; skipped++) {
    const sc = new Scanner('<cursor>', text);
    const tokens: Token[] = [];
    try {
      for (;;) {
        const t = sc.next();
        if (t.kind === 'EOF') break;
        tokens.push(t);
      }
    } catch (e) {
      if (e instanceof StarlarkError && /in string/.test(e.msg) && e.pos) {
        const brokenEarlierLine = e.pos.line < lastLine && skipped < 16 && !isTripleQuoted(text, e.pos);
        if (!brokenEarlierLine) return { tokens, openString: { line: e.pos.line, col: e.pos.col } };
        text = blankLine(text, e.pos.line);
        continue;
      }
    }
    // The scanner closes the file with NEWLINE and OUTDENT tokens at the end; they are not the user's.
    while (tokens.length && ['NEWLINE', 'OUTDENT'].includes(tokens[tokens.length - 1]!.kind)) tokens.pop();
    return { tokens };
  }
}

/** Whether the string starting at `at` (scanner line/col, 1-based) opens with three quotes (it may span lines). */
function isTripleQuoted(text: string, at: Pos): boolean {
  const line = text.split('\n')[at.line - 1] ?? '';
  return /^[rRbB]*("""|\'\'\')/.test([...line].slice(at.col - 1).join(''));
}

/** `text` with line `n` (1-based) emptied; the other lines keep their numbers. */
function blankLine(text: string, n: number): string {
  const lines = text.split('\n');
  lines[n - 1] = '';
  return lines.join('\n');
}

const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** The index of the first token of the primary expression that ends at tokens[end] (a.b(c)[d] ...). */
function chainStart(tokens: Token[], end: number): number {
  let i = end;
  for (;;) {
    const t = tokens[i];
    if (!t) return i + 1;
    if (CLOSERS[t.kind]) {
      let depth = 0;
      let j = i;
      for (; j >= 0; j--) {
        const k = tokens[j]!.kind;
        if (CLOSERS[k]) depth++;
        else if (k === '(' || k === '[' || k === '{') depth--;
        if (depth === 0) break;
      }
      if (j < 0) return i + 1;
      const before = tokens[j - 1];
      // a call or an index continues the chain to its left; a bare bracket starts it
      if (tokens[j]!.kind !== '{' && before && (before.kind === 'IDENT' || before.kind === 'STRING' || CLOSERS[before.kind])) {
        i = j - 1;
        continue;
      }
      return j;
    }
    if (t.kind === 'IDENT' || t.kind === 'STRING' || t.kind === 'INT' || t.kind === 'FLOAT') {
      if (tokens[i - 1]?.kind === '.') {
        i -= 2;
        continue;
      }
      return i;
    }
    return i + 1;
  }
}

/** The source text from token `from` up to (not including) token `to`, or up to the cursor. */
function slice(index: LineIndex, text: string, tokens: Token[], from: number, to: number): string {
  const a = tokens[from];
  if (!a) return '';
  const start = offsetOf(index, a.line, a.col);
  const b = tokens[to];
  const end = b ? offsetOf(index, b.line, b.col) : text.length;
  return text.slice(start, end);
}

/** Character offset of a scanner position in the text. */
export function offsetOf(index: LineIndex, line: number, col: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) off += index.line(l).length + 1;
  const s = index.line(line);
  let i = 0;
  for (let c = 1; c < col && i < s.length; c++) i += s.codePointAt(i)! > 0xffff ? 2 : 1;
  return off + i;
}

function prefixText(index: LineIndex, pos: Pos): string {
  const lines = index.lines.slice(0, pos.line);
  const last = lines[pos.line - 1] ?? '';
  lines[pos.line - 1] = [...last].slice(0, pos.col - 1).join('');
  return lines.join('\n');
}

/** What the user is typing at `pos` (scanner columns). */
export function cursorContext(index: LineIndex, pos: Pos): CursorContext {
  const prefix = prefixText(index, pos);
  const { tokens, openString } = scanPrefix(prefix);
  if (openString) {
    const body = prefix.slice(offsetOf(index, openString.line, openString.col));
    const quoteLen = /^[rb]*("""|'''|"|')/.exec(body)?.[0].length ?? 1;
    const typed = body.slice(quoteLen);
    if (typed.includes('\n')) return { k: 'none' };
    const start = { line: openString.line, col: openString.col + [...body.slice(0, quoteLen)].length };
    const n = tokens.length;
    const last = tokens[n - 1];
    if (last?.kind === '[' && n >= 2) return { k: 'key', object: slice(index, prefix, tokens, chainStart(tokens, n - 2), n - 1), prefix: typed, start };
    if (last?.kind === '(' && tokens[n - 2]?.kind === 'IDENT' && ['get', 'pop', 'setdefault'].includes(tokens[n - 2]!.raw) && tokens[n - 3]?.kind === '.') {
      return { k: 'key', object: slice(index, prefix, tokens, chainStart(tokens, n - 4), n - 3), prefix: typed, start };
    }
    const load = loadStart(tokens);
    if (load !== undefined) {
      if (load === n - 2) return { k: 'loadModule', prefix: typed, start };
      const module = tokens[load + 2];
      if (module?.kind === 'STRING' && last?.kind === ',') return { k: 'loadName', module: String(module.value ?? ''), prefix: typed, start };
      if (module?.kind === 'STRING' && last?.kind === '=') return { k: 'loadName', module: String(module.value ?? ''), prefix: typed, start };
    }
    return { k: 'none' };
  }
  // In a comment: the scanner skipped it, so the text after the last token holds a '#'.
  const lastTok = tokens[tokens.length - 1];
  const tail = lastTok ? prefix.slice(offsetOf(index, lastTok.endLine ?? lastTok.line, lastTok.endCol ?? lastTok.col)) : prefix;
  if (tail.includes('#')) return { k: 'none' };
  const touching = lastTok && tail === '' ? lastTok : undefined;
  if (touching && (touching.kind === 'INT' || touching.kind === 'FLOAT' || touching.kind === 'STRING' || touching.kind === 'BYTES')) return { k: 'none' };
  const word = touching && (touching.kind === 'IDENT' || /^[a-z]+$/.test(touching.kind)) ? touching : undefined;
  const end = word ? tokens.length - 2 : tokens.length - 1;
  const start = word ? { line: word.line, col: word.col } : pos;
  const typed = word ? word.raw : '';
  if (tokens[end]?.kind === '.' && end >= 1) {
    return { k: 'member', object: slice(index, prefix, tokens, chainStart(tokens, end - 1), end), prefix: typed, start };
  }
  // `load("m", x` : a name of the module
  const load = loadStart(tokens);
  if (load !== undefined && tokens[load + 2]?.kind === 'STRING' && tokens[end]?.kind === ',') {
    return { k: 'loadName', module: String(tokens[load + 2]!.value ?? ''), prefix: typed, start };
  }
  return { k: 'name', prefix: typed, start };
}

/** The index of `load` when the tokens end inside an open `load(` statement. */
function loadStart(tokens: Token[]): number | undefined {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const k = tokens[i]!.kind;
    if (k === 'NEWLINE' || k === 'INDENT' || k === 'OUTDENT' || k === ')') return undefined;
    if (k === 'load' && tokens[i + 1]?.kind === '(') return i;
  }
  return undefined;
}

/** The call whose argument list holds the cursor, if any. */
export function callContext(index: LineIndex, pos: Pos): CallContext | undefined {
  const prefix = prefixText(index, pos);
  const { tokens } = scanPrefix(prefix);
  let depth = 0;
  let commas = 0;
  let currentStart = tokens.length;
  const named: string[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (CLOSERS[t.kind]) depth++;
    else if (t.kind === '[' || t.kind === '{') {
      if (depth === 0) return undefined; // inside a list or dict literal, not an argument list
      depth--;
    } else if (t.kind === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const calleeEnd = i - 1;
      const callee = tokens[calleeEnd];
      if (!callee || !(callee.kind === 'IDENT' || CLOSERS[callee.kind])) return undefined;
      if (tokens[calleeEnd - 1]?.kind === 'def') return undefined;
      const from = chainStart(tokens, calleeEnd);
      const argStart = commas === 0 ? i + 1 : currentStart;
      const first = tokens[argStart];
      const argName = first?.kind === 'IDENT' && tokens[argStart + 1]?.kind === '=' ? first.raw : undefined;
      return {
        callee: slice(index, prefix, tokens, from, i),
        calleePos: { line: callee.line, col: callee.col },
        argIndex: commas,
        ...(argName ? { argName } : {}),
        named: named.filter((n) => n !== argName),
      };
    } else if (depth === 0) {
      if (t.kind === ',') {
        if (commas === 0) currentStart = i + 1;
        commas++;
      } else if (t.kind === 'NEWLINE') return undefined;
      else if (t.kind === '=' && tokens[i - 1]?.kind === 'IDENT' && (tokens[i - 2]?.kind === ',' || tokens[i - 2]?.kind === '(')) named.push(tokens[i - 1]!.raw);
    }
  }
  return undefined;
}
