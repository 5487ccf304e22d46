// Matching of errors against starlark-go `###` expectations (README §2.2): each error is matched at its own
// line against that line's pattern, which is then used up; an error on a line without an expectation, a
// pattern that does not match, and an expectation left unused at the end all fail the chunk.
import type { LineExpectation } from './go-chunks.js';

export interface LocatedError {
  /** Line in the test file, or undefined when the error could not be located in it. */
  line: number | undefined;
  msg: string;
}

/** Reasons why the errors do not meet the expectations; empty when they do. */
export function matchLineErrors(errors: LocatedError[], expectations: Map<number, LineExpectation>): string[] {
  const reasons: string[] = [];
  const used = new Set<number>();
  for (const e of errors) {
    if (e.line === undefined) {
      reasons.push(`error outside the test file: ${e.msg}`);
      continue;
    }
    const want = expectations.get(e.line);
    if (!want || used.has(e.line)) {
      reasons.push(`line ${e.line}: unexpected error: ${e.msg}`);
      continue;
    }
    used.add(e.line);
    let re: RegExp;
    try {
      re = new RegExp(want.pattern);
    } catch (err) {
      reasons.push(`line ${e.line}: expectation ${JSON.stringify(want.pattern)} is not a valid regular expression: ${(err as Error).message}`);
      continue;
    }
    if (!re.test(e.msg)) reasons.push(`line ${e.line}: error ${JSON.stringify(e.msg)} does not match ${JSON.stringify(want.pattern)}`);
  }
  for (const [line, want] of expectations) {
    if (!used.has(line)) reasons.push(`line ${line}: expected error matching ${JSON.stringify(want.pattern)} did not occur`);
  }
  return reasons;
}
