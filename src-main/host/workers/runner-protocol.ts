// Messages between a runner thread (./runner-worker.ts) and its owner (./runner-thread.ts). A runner thread
// does ONE job that runs reconcilers: a continuous runner (prod mode, a delivery environment, `choreo run
// start`), a run once (`choreo run once`), or a delivery build's check and run. Requests get exactly one `done`
// or `error` answer with their id; what the run reports on its own (runner events, condition rows) comes in
// batches with id 0, always before the answer of a request made after it.
import type { ConditionRow, DepsNode } from '../../../src-shared/ipc/channels/engine.js';
import type { GroupVersionKind, KrmObject } from '../../../src-shared/krm/object.js';
import type { RunResult } from '../../../src-shared/run/result.js';
import type { BuildEvaluation } from '../../delivery/build-eval.js';
import type { Snapshot, ProjectFolders, ReconcileLimits, RunOnceOptions, StoreOverrides, ApplyInputResult, Leadership, RunnerEvent, StopResult } from '../../engine/index.js';

/** What config() and secret() return in a delivery environment. */
export interface EnvironmentValues {
  config: Record<string, string>;
  secrets: Record<string, string>;
}

/** How a continuous runner starts. */
export interface RunnerStartArgs {
  dir: string;
  internalReconcilers?: boolean;
  /** Upstream refs from cached clones only. */
  offline?: boolean;
  limits?: ReconcileLimits;
  /** `--apis …`: the project's folders (engine/files/folders.ts). */
  folders?: Partial<ProjectFolders>;
  /** `--store …`: wins over `.choreo/config.yaml`'s store (engine/store/etcd/config.ts). */
  store?: StoreOverrides;
  /** The runner's name in the etcd store's leader election. */
  identity?: string;
  /** Save the store, a snapshot and last-run.json on stop (default true). */
  persist?: boolean;
  /** A delivery environment: its own store (the project's db is not read) and its config()/secret() values. */
  environment?: EnvironmentValues;
  /** Send condition rows of the user's objects as they change (prod mode's live view). */
  rows?: boolean;
}

/** `choreo run once` in a thread. */
export interface RunOnceArgs {
  dir: string;
  internalReconcilers?: boolean;
  offline?: boolean;
  limits?: ReconcileLimits;
  timeoutMs?: number;
  maxReconciles?: number;
  folders?: Partial<ProjectFolders>;
  /** `-s`: the config validator after the reconcilers. */
  configValidator?: RunOnceOptions['configValidator'];
  store?: StoreOverrides;
  identity?: string;
  /**
   * Hand back at most this many events per runner, with the full counts (trimRunResult): all a reconciler
   * summary needs, without copying 400,000 events between threads. Default: every event.
   */
  maxEvents?: number;
}

/** A delivery build's check and run, in the build's checkout `dir` (`root`: the project, for URL rewrites). */
export interface BuildArgs {
  dir: string;
  root: string;
  offline: boolean;
  /** The engine's built-in backends (as `run once -r`). */
  internalReconcilers?: boolean;
}

/** The objects and API list of a store (what a snapshot holds). */
export interface StoreContent {
  objects: KrmObject[];
  apiResources: Snapshot['apiResources'];
}

/** Owner tree of a live store (the `deps.tree` answer without its source). */
export interface DepsValue {
  nodes: DepsNode[];
  roots: number[];
  kindCounts: Record<string, number>;
}

export interface RunnerOps {
  /** Loads the project and starts a continuous runner; the following ops act on it. */
  /** `leadership`: who leads at the start, on the etcd store (undefined: the file store); changes come as events. */
  start: { args: RunnerStartArgs; value: { project: string; leadership?: Leadership } };
  once: { args: RunOnceArgs; value: { result: RunResult } | { loadError: string } };
  /** A delivery build's check and run (delivery/build-eval.ts); its log lines come as progress events. */
  build: { args: BuildArgs; value: BuildEvaluation };
  /** Validates and applies input; nothing is applied when any document is invalid. */
  apply: { args: { input: KrmObject[] | { file: string } }; value: ApplyInputResult };
  /** Resolves when no reconcile is ready or running. */
  idle: { args: Record<string, never>; value: null };
  /** The objects of each kind (null: the kind is not served), in the order asked. */
  list: { args: { kinds: GroupVersionKind[] }; value: Array<KrmObject[] | null> };
  content: { args: Record<string, never>; value: StoreContent };
  /** One object of the live store as YAML (null: not there). */
  objectYaml: { args: { key: string }; value: string | null };
  deps: { args: { includeChoreoApis?: boolean }; value: DepsValue };
  stop: { args: Record<string, never>; value: StopResult };
}
export type RunnerOp = keyof RunnerOps;

export type RunnerRequest = { [K in RunnerOp]: { id: number; op: K; args: RunnerOps[K]['args'] } }[RunnerOp];

/** What a run reports on its own: the engine's runner events, plus print() output and run once's progress. */
export type RunnerThreadEvent = RunnerEvent | { type: 'print'; line: string; file: string };

/** A condition row that changed (`row`) or an object that went away (no `row`). */
export interface RowChange {
  key: string;
  row?: ConditionRow;
}

export type RunnerMessage =
  | { id: number; type: 'done'; value: unknown }
  | { id: number; type: 'error'; message: string; loadError?: boolean }
  | { id: 0; type: 'events'; events: RunnerThreadEvent[] }
  | { id: 0; type: 'rows'; rows: RowChange[] };

/** What the thread gets at its start (workerData). */
export interface RunnerWorkerData {
  /** A RunProbe's buffer (./run-probe.ts). */
  shared: SharedArrayBuffer;
}
