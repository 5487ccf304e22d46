// Regular expressions that come from users (CRD `pattern`s, CEL matches()) are Go regular expressions, and
// Kubernetes matches them with Go's regexp package: RE2, linear time in the input. JavaScript's RegExp
// backtracks, so `^(a+)+$` on 30 `a`s and a `b` takes minutes. re2js is RE2 in JavaScript: same syntax, same
// error texts (`error parsing regexp: missing closing ): ...`), linear time. It is loaded only when a
// pattern is compiled (schema-libraries.ts).
import { re2js } from './schema-libraries.js';

export interface Pattern {
  /** Whether the pattern matches anywhere in `s` (Go's regexp.MatchString). */
  test(s: string): boolean;
}

/** Compiles a Go regular expression; throws with Go's message when it is not one. */
export function compilePattern(source: string): Pattern {
  const re = re2js().RE2JS.compile(source);
  return { test: (s) => re.matcher(s).find() };
}
