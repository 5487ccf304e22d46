import { describe, expect, it } from 'vitest';
import { Scanner, unquote, type Token } from './scanner.js';
import { StarlarkError } from '../errors.js';

function tokens(src: string): Token[] {
  const sc = new Scanner('t.star', src);
  const out: Token[] = [];
  for (;;) {
    const t = sc.next();
    out.push(t);
    if (t.kind === 'EOF') return out;
  }
}
const kinds = (src: string) => tokens(src).map((t) => t.kind);

describe('scanner', () => {
  it('emits INDENT/OUTDENT and synthesises NEWLINE + OUTDENT at EOF without final newline', () => {
    expect(kinds('if x:\n  y = 1')).toEqual(['if', 'IDENT', ':', 'NEWLINE', 'INDENT', 'IDENT', '=', 'INT', 'NEWLINE', 'OUTDENT', 'EOF']);
  });

  it('moves a tab to the next multiple of 8 columns', () => {
    // "\t" (col 8) and 8 spaces are the same indentation level.
    const k = kinds('def f():\n\tx = 1\n        y = 2\n');
    expect(k.filter((x) => x === 'INDENT')).toHaveLength(1);
    expect(k.filter((x) => x === 'OUTDENT')).toHaveLength(1);
    // "  \t" is also column 8.
    expect(kinds('def f():\n  \tx = 1\n\ty = 2\n').filter((x) => x === 'INDENT')).toHaveLength(1);
  });

  it('ignores newlines and indentation inside brackets, blank lines and comments', () => {
    expect(kinds('x = [1,\n    # c\n  2]\n\n   \n# only comment\ny = 3\n')).toEqual([
      'IDENT', '=', '[', 'INT', ',', 'INT', ']', 'NEWLINE', 'IDENT', '=', 'INT', 'NEWLINE', 'EOF',
    ]);
  });

  it('joins lines with a backslash', () => {
    expect(kinds('x = 1 + \\\n  2\n')).toEqual(['IDENT', '=', 'INT', '+', 'INT', 'NEWLINE', 'EOF']);
  });

  it('decodes int literals of every base and big ints', () => {
    const vals = tokens('0 12 0x1F 0o17 0b101 123456789012345678901234567890').filter((t) => t.kind === 'INT').map((t) => t.value);
    expect(vals).toEqual([0, 12, 31, 15, 5, 123456789012345678901234567890n]);
  });

  it('decodes float literals', () => {
    const vals = tokens('1.5 .5 1e3 2.5E-2 1.').filter((t) => t.kind === 'FLOAT').map((t) => t.value);
    expect(vals).toEqual([1.5, 0.5, 1000, 0.025, 1]);
  });

  it('rejects legacy octal with Go wording', () => {
    expect(() => tokens('x = 0755')).toThrow(/obsolete form of octal literal; use 0o755/);
  });

  it('decodes escapes to UTF-8 bytes', () => {
    expect(unquote(String.raw`"a\tb\n\x41\101\u00e9\U0001F600\\\""`)[0]).toBe('a\tb\nAA\xc3\xa9\xf0\x9f\x98\x80\\"');
    expect(unquote(String.raw`r"\n"`)[0]).toBe('\\n');
    expect(unquote('"""a\nb"""')[0]).toBe('a\nb');
    expect(unquote('"é"')[0]).toBe('\xc3\xa9');
    const b = unquote(String.raw`b"\xff"`);
    expect(b).toEqual(['\xff', true]);
  });

  it('reports invalid escapes and unterminated strings with positions', () => {
    try {
      tokens('x = "a\\qb"');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StarlarkError);
      expect((e as StarlarkError).msg).toBe('invalid escape sequence \\q');
      expect((e as StarlarkError).pos).toEqual({ file: 't.star', line: 1, col: 5 });
    }
    expect(() => tokens('x = "abc\n"')).toThrow(/unexpected newline in string/);
  });

  it('reports an unindent that matches no outer level', () => {
    expect(() => tokens('if x:\n    a\n  b\n')).toThrow(/unindent does not match any outer indentation level/);
  });

  it('normalises CRLF line endings', () => {
    expect(kinds('x = 1\r\ny = 2\r\n')).toEqual(['IDENT', '=', 'INT', 'NEWLINE', 'IDENT', '=', 'INT', 'NEWLINE', 'EOF']);
  });
});
