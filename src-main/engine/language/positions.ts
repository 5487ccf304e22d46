// Positions between the editor and the interpreter. Monaco counts columns in UTF-16 code units; the
// Starlark scanner counts characters (code points). They differ only on lines with characters outside the
// Basic Multilingual Plane (emoji), so most lines convert as they are.

/** A 1-based position. */
export interface Pos {
  line: number;
  col: number;
}

/** A range in a file: start inclusive, end exclusive (as Monaco ranges). */
export interface Span {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export class LineIndex {
  readonly lines: string[];

  constructor(text: string) {
    this.lines = text.replace(/\r\n?/g, '\n').split('\n');
  }

  line(n: number): string {
    return this.lines[n - 1] ?? '';
  }

  /** Editor column (UTF-16) → scanner column (code points). */
  toScanner(line: number, col16: number): number {
    const s = this.line(line);
    if (!hasAstral(s)) return col16;
    let col = 1;
    for (let i = 0; i < col16 - 1 && i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0xdc00 || c > 0xdfff) col++;
    }
    return col + Math.max(0, col16 - 1 - s.length);
  }

  /** Scanner column (code points) → editor column (UTF-16). */
  toEditor(line: number, colCp: number): number {
    const s = this.line(line);
    if (!hasAstral(s)) return colCp;
    let i = 0;
    for (let n = 1; n < colCp && i < s.length; n++) i += s.codePointAt(i)! > 0xffff ? 2 : 1;
    return i + 1 + Math.max(0, colCp - 1 - [...s].length);
  }

  /** A span in scanner columns → editor columns. */
  spanToEditor(s: Span): Span {
    return { line: s.line, col: this.toEditor(s.line, s.col), endLine: s.endLine, endCol: this.toEditor(s.endLine, s.endCol) };
  }

  /** The column just after the last character of a line (scanner columns). */
  lineEnd(line: number): number {
    return [...this.line(line)].length + 1;
  }
}

function hasAstral(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) return true;
  }
  return false;
}

/** Does `p` fall inside `s` (end inclusive, so a cursor just after a name still touches it)? */
export function touches(s: Span, p: Pos): boolean {
  if (p.line < s.line || p.line > s.endLine) return false;
  if (p.line === s.line && p.col < s.col) return false;
  if (p.line === s.endLine && p.col > s.endCol) return false;
  return true;
}

export function spanOf(line: number, col: number, length: number): Span {
  return { line, col, endLine: line, endCol: col + length };
}
