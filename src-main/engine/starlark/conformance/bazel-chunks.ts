// Splits a bazelbuild/starlark test_suite file into chunks, as ../shared/conformance/starlark/README.md §3.1
// describes: a `---` line (trailing whitespace ignored) ends a chunk; `code ### [go:|java:|rust:] text` keeps
// `code` and records `text` as the expectation when it has no prefix or the `go:` prefix.
// Lines keep their numbers: every chunk's source is padded with the newlines of the lines before it.

export interface BazelChunk {
  /** 1-based chunk number within the file. */
  index: number;
  /** 1-based line of the original file where the chunk starts. */
  startLine: number;
  /** Code with `###` parts removed, padded so that line numbers match the original file. */
  source: string;
  /** The expectation that applies to the Go dialect, if any (the runner lower-cases it). */
  expectation?: { line: number; text: string };
  /** More than one applicable expectation in a chunk: upstream never does this; the runner reports it. */
  extraExpectations: number;
}

const EXPECTATION = /^(.*?) *### *((go|java|rust):)? *(.*)$/s;

/** Splits a bazel-suite test file into chunks. */
export function splitBazelChunks(text: string): BazelChunk[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const chunks: BazelChunk[] = [];
  let code: string[] = [];
  let startLine = 1;
  let expectation: BazelChunk['expectation'];
  let extra = 0;
  const finish = (): void => {
    chunks.push({
      index: chunks.length + 1,
      startLine,
      source: '\n'.repeat(startLine - 1) + code.join('\n') + '\n',
      expectation,
      extraExpectations: extra,
    });
  };
  lines.forEach((raw, i) => {
    const trimmed = raw.replace(/\s+$/, '');
    if (trimmed === '---') {
      finish();
      code = [];
      startLine = i + 2;
      expectation = undefined;
      extra = 0;
      return;
    }
    const m = EXPECTATION.exec(trimmed);
    if (!m) {
      code.push(raw);
      return;
    }
    code.push(m[1]);
    const impl = m[3];
    if (impl === undefined || impl === 'go') {
      if (expectation) extra++;
      else expectation = { line: i + 1, text: m[4] };
    }
  });
  finish();
  return chunks;
}

/**
 * Upstream matching: both sides lower-cased; met when the expectation is a substring of the error output, or
 * else when it matches the output as an unanchored regular expression. An invalid pattern only gets the
 * substring test.
 */
export function bazelExpectationMet(expectation: string, errorOutput: string): boolean {
  const want = expectation.toLowerCase();
  const got = errorOutput.toLowerCase();
  if (got.includes(want)) return true;
  try {
    return new RegExp(want).test(got);
  } catch {
    return false;
  }
}
