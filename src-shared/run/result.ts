// The result of one engine run (run once, or a continuous runner that was stopped), as plain data.
// Shared by the engine (which records it), the CLI (which prints it) and the renderer (which shows it),
// so it has no Node imports and holds only JSON-serialisable values.

/** What a reconcile event says happened (engine spec §4.5). */
export type RunOperation = 'START' | 'STOP' | 'REQUEUE' | 'ERROR';

/** The for-object a reconcile was about. */
export interface RunResourceRef {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
}

/** A position in a source file (1-based line and column). */
export interface RunSourcePosition {
  file: string;
  line: number;
  col: number;
}

/**
 * Why a run could not start, one problem each: the message as printed, and where it is when it has a
 * place (project-relative file, 1-based line and column), so no reader parses positions out of the text.
 */
export interface RunLoadProblem {
  message: string;
  file?: string;
  line?: number;
  col?: number;
}

/** One frame of a Starlark traceback, its file mapped to the project file it came from. */
export interface RunTraceFrame {
  /** The function ("reconcile", a library function, or a builtin such as "fail"). */
  fn: string;
  /** Project-relative file, 1-based line and column; absent for a builtin frame. */
  position?: RunSourcePosition;
}

/** One entry of the raw timeline. */
export interface RunEvent {
  /** Wall-clock time, milliseconds since the epoch (fractional: microsecond precision). */
  timeMs: number;
  reconciler: string;
  /** Random id shared by the START event and its closing event. */
  reconcileUid: string;
  resource: RunResourceRef;
  operation: RunOperation;
  /** Error or requeue message; '' when there is none. */
  message: string;
}

/** An error that ended (or was reported by) a run. */
export interface RunError {
  /** `<reconciler>.<Kind>.<group>.<name>` (spec Appendix A), or '' for load errors. */
  taskId: string;
  reconciler: string;
  resource?: RunResourceRef;
  message: string;
  /** Where in the Starlark (or YAML) source the error happened, when known. */
  position?: RunSourcePosition;
  /** Multi-line Starlark traceback, when known (as starlark-go prints it: module names, for the CLI). */
  traceback?: string;
  /** The same traceback as frames, outermost first, with project file names (for links). */
  frames?: RunTraceFrame[];
}

/** One runner's part of a run: `root`, or the name of an upstream ref (profile B child runners). */
export interface RunnerResult {
  runner: string;
  success: boolean;
  /** Task id of the failure, '' on success. */
  taskId: string;
  message: string;
  events: RunEvent[];
  /**
   * Set when `events` was cut to keep a large run's snapshot small (the full timeline stays in
   * `.choreo/last-run.json`): how many events were left out. `counts` then holds the full per-reconciler counts.
   */
  eventsOmitted?: number;
  counts?: ReconcilerRow[];
}

/** The current condition of a for-object as last written during the run (live condition view). */
export interface RunConditionState {
  resource: RunResourceRef;
  type: string;
  status: string;
  reason: string;
  message: string;
}

export type RunMode = 'once' | 'prod';

/** Everything a run produced. Persisted as `.choreo/last-run.json` and stored with the snapshot. */
export interface RunResult {
  /** Format version of this structure. */
  version: 1;
  mode: RunMode;
  /** Base name of the project folder (`running root reconciler <project>`). */
  project: string;
  startedAtMs: number;
  finishedAtMs: number;
  success: boolean;
  /** Summary message on failure ('' on success). */
  message: string;
  runners: RunnerResult[];
  errors: RunError[];
  /** Progress lines printed during the run (`loading ...` etc.). */
  progress: string[];
  /** Warnings (offline upstream refs, ignored watch selectors, …). */
  warnings: string[];
  /** Reconcilers that still had work queued when a step limit or timeout ended the run. */
  stillLooping: string[];
  /** Snapshot written at the end of the run, when one was written. */
  snapshotId?: string;
}

/** Start/Stop/Requeue/Error counts of one row of the reconciler or resource view. */
export interface RunCounts {
  start: number;
  stop: number;
  requeue: number;
  error: number;
}

export interface ReconcilerRow extends RunCounts {
  reconciler: string;
}

export interface ResourceRow extends RunCounts {
  reconciler: string;
  /** `<group>.<Kind>.<namespace>.<name>` */
  resource: string;
}

/** The output views of `run result -o …` (spec §5.4). */
export type RunOutputFormat = 'reconciler' | 'resource' | 'raw';
export const runOutputFormats: readonly RunOutputFormat[] = ['raw', 'reconciler', 'resource'];

/** Task id of a reconcile (`<reconciler>.<Kind>.<group>.<name>`). */
export function taskIdOf(reconciler: string, r: RunResourceRef): string {
  return `${reconciler}.${r.kind}.${r.group}.${r.name}`;
}

/** Resource id used in the result views (`<group>.<Kind>.<namespace>.<name>`). */
export function resourceIdOf(r: RunResourceRef): string {
  return `${r.group}.${r.kind}.${r.namespace}.${r.name}`;
}
