// The error a run raises when it cannot start. In its own module so the store-specific runners (loaded
// lazily by run-once.ts) can raise it without importing run-once.ts back.
import type { RunLoadProblem } from '../../../src-shared/run/result.js';

/** The run could not start (load error, bad reconciler, upstream failure): exit code 2, nothing written. */
export class RunLoadError extends Error {
  override name = 'RunLoadError';
  /** Every problem with its place, for the editor's markers and the run panel's links (one without a place otherwise). */
  readonly problems: RunLoadProblem[];
  constructor(message: string, problems?: RunLoadProblem[]) {
    super(message);
    this.problems = problems?.length ? problems : [{ message }];
  }
}
