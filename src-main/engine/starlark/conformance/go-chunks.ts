// Splits a starlark-go test file (starlark/testdata, resolve/testdata, syntax/testdata) into chunks,
// exactly as ../shared/conformance/starlark/README.md §2.1–§2.3 describes: chunks separated by "\n---\n",
// line numbers preserved by padding each chunk with newlines, `### "regexp"` expectations per line and
// `option:NAME` dialect markers per chunk.

export type DialectOption = 'set' | 'while' | 'toplevelcontrol' | 'globalreassign' | 'loadbindsglobally' | 'recursion';

export interface LineExpectation {
  /** 1-based line in the original file. */
  line: number;
  /** Source text of the regular expression (compile without the `u` flag). */
  pattern: string;
}

export interface GoChunk {
  /** 1-based chunk number within the file. */
  index: number;
  /** 1-based line of the original file where this chunk starts. */
  startLine: number;
  /** Number of lines of the chunk itself (without padding). */
  lineCount: number;
  /** The chunk text, preceded by (startLine - 1) newlines so that positions match the original file. */
  source: string;
  /** Dialect options named anywhere in the chunk. */
  options: Set<DialectOption>;
  /** At most one expectation per line, keyed by line. */
  expectations: Map<number, LineExpectation>;
  /** Expectations that could not be decoded (a malformed Go string literal); each fails the chunk. */
  badExpectations: string[];
}

export const DIALECT_OPTIONS: readonly DialectOption[] = ['set', 'while', 'toplevelcontrol', 'globalreassign', 'loadbindsglobally', 'recursion'];

const SEPARATOR = '\n---\n';

/** Decodes a Go string literal: "…" (JSON-compatible in these files) or `raw`. Returns undefined when malformed. */
export function decodeGoStringLiteral(text: string): string | undefined {
  if (text.length >= 2 && text.startsWith('`') && text.endsWith('`')) {
    const body = text.slice(1, -1);
    return body.includes('`') ? undefined : body;
  }
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Dialect options named by `option:NAME` anywhere in the text (whole-word names only). */
export function findOptions(text: string): Set<DialectOption> {
  const found = new Set<DialectOption>();
  for (const m of text.matchAll(/option:([A-Za-z_]+)/g)) {
    const name = m[1] as DialectOption;
    if (DIALECT_OPTIONS.includes(name)) found.add(name);
  }
  return found;
}

/** Splits a starlark-go test file into chunks with their expectations and options. */
export function splitGoChunks(text: string): GoChunk[] {
  const parts = text.split(SEPARATOR);
  const chunks: GoChunk[] = [];
  let startLine = 1;
  parts.forEach((part, i) => {
    const lines = part.split('\n');
    // Only the last part can end with the file's final newline, which leaves an empty element that is not a line.
    const isLast = i === parts.length - 1;
    const lineCount = isLast && part.endsWith('\n') ? lines.length - 1 : lines.length;
    const expectations = new Map<number, LineExpectation>();
    const badExpectations: string[] = [];
    lines.forEach((lineText, j) => {
      const at = lineText.indexOf('###');
      if (at < 0) return;
      const line = startLine + j;
      const literal = lineText.slice(at + 3).trim();
      const pattern = decodeGoStringLiteral(literal);
      if (pattern === undefined) badExpectations.push(`line ${line}: cannot decode expectation ${JSON.stringify(literal)} as a Go string literal`);
      else expectations.set(line, { line, pattern });
    });
    chunks.push({
      index: i + 1,
      startLine,
      lineCount,
      source: '\n'.repeat(startLine - 1) + part,
      options: findOptions(part),
      expectations,
      badExpectations,
    });
    // Next chunk starts after this chunk's lines plus the separator line.
    startLine += lines.length + 1;
  });
  return chunks;
}
