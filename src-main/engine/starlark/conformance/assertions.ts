// Recorded assertion failures of one conformance chunk. Assertions record and carry on (README §1): they
// never stop the chunk. Both the starlark-go assert module and the bazel-suite helpers write here.

export interface AssertionFailure {
  msg: string;
  /** Where the failing assertion was called, when the interpreter can tell (file:line:col). */
  where?: string;
}

export class AssertionLog {
  readonly failures: AssertionFailure[] = [];
  /** Number of assertion calls that ran (reported for single-chunk files). */
  calls = 0;

  record(msg: string, where?: string): void {
    this.failures.push({ msg, where });
  }
}
