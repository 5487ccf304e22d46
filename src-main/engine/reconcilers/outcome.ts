// What one typed reconcile returns to the work loop (engine spec §4.5).
import type { RunLoadProblem, RunSourcePosition, RunTraceFrame } from '../../../src-shared/run/result.js';

export type ReconcileOutcome =
  | { kind: 'stop' }
  /** requeue = true: rate-limited re-add, REQUEUE event with the message. */
  | { kind: 'requeue'; message: string }
  /** requeueAfter > 0: re-add after the delay, REQUEUE event without message. */
  | { kind: 'requeueAfter'; delayMs: number }
  | { kind: 'error'; message: string; position?: RunSourcePosition; traceback?: string; frames?: RunTraceFrame[] };

/** A reconciler that can be prepared (load-time checks) and called per key. */
export interface TypedReconciler {
  readonly name: string;
  reconcile(namespace: string, name: string): ReconcileOutcome;
}

/** A problem found while preparing reconcilers: the run does not start. */
export class ReconcilerLoadError extends Error {
  override name = 'ReconcilerLoadError';
  /** Each problem's text, as printed. */
  readonly problems: string[];
  constructor(readonly details: RunLoadProblem[]) {
    const problems = details.map((d) => d.message);
    super(problems.length === 1 ? problems[0] : `${problems.length} reconciler errors:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/** A problem of a reconciler, placed at `where` (its file, and the line and column when known). */
export function problemAt(message: string, where: { file?: string; line?: number; column?: number; col?: number } | undefined): RunLoadProblem {
  const col = where?.col ?? where?.column;
  return { message, ...(where?.file ? { file: where.file } : {}), ...(where?.line ? { line: where.line } : {}), ...(col ? { col } : {}) };
}
