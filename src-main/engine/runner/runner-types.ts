// The runner's public types (prod mode): what startRunner takes and hands back, on either store.
import type { KrmObject } from '../../../src-shared/krm/object.js';
import type { RunError, RunEvent, RunResult } from '../../../src-shared/run/result.js';
import type { ApiStore } from '../store/types.js';
import type { StoreOverrides } from '../store/etcd/config.js';
import type { Leadership } from '../../../src-shared/run/leadership.js';
import type { RunOnceOptions } from './run-once.js';
import type { ConditionChange } from './runtime.js';

export type { Leadership } from '../../../src-shared/run/leadership.js';

export type RunnerEvent =
  | { type: 'progress'; line: string }
  | { type: 'warning'; line: string }
  | { type: 'reconcile'; event: RunEvent }
  | { type: 'condition'; change: ConditionChange }
  | { type: 'error'; error: RunError }
  | { type: 'input'; applied: string[] }
  | { type: 'stopped'; snapshotId: string; success: boolean }
  /** The etcd store: this runner became leader or follower, or another runner now leads. */
  | { type: 'leadership'; leadership: Leadership };

export interface StartRunnerOptions extends Pick<RunOnceOptions, 'urlRewrites' | 'offline' | 'load' | 'onPrint' | 'extraBuiltins' | 'internalReconcilers' | 'limits' | 'interrupt'> {
  onEvent?: (e: RunnerEvent) => void;
  /** Save the store / snapshot / last-run on stop (default true). */
  persist?: boolean;
  /** `--store`, `--environment`, `--lease-seconds`: wins over `.choreo/config.yaml`'s store. */
  store?: StoreOverrides;
  /** The runner's name in a leader election (default `<host>/<pid>/<random>`). */
  identity?: string;
}

export interface ApplyInputResult {
  ok: boolean;
  /** `<Kind>/<namespace>/<name>` of every applied object. */
  applied: string[];
  /** Validation errors; when non-empty nothing was applied. */
  errors: string[];
}

export interface StopResult {
  result: RunResult;
  snapshotId: string | undefined;
}

export interface Runner {
  readonly project: string;
  readonly dir: string;
  /**
   * The live store (read it; write through applyInput so input is validated). On etcd it is this runner's
   * working set, a new one after it lost the leadership (read the property again after a leadership event).
   */
  readonly store: ApiStore;
  /** Who leads, on the etcd store; undefined on the file store. */
  leadership(): Leadership | undefined;
  status(): 'Running' | 'Stopped';
  /** Validates and applies objects (or the YAML documents of a file) to the live store. */
  applyInput(input: KrmObject | KrmObject[] | { file: string }): Promise<ApplyInputResult>;
  /** Queues every for-object again. */
  reconcileAll(): void;
  /** Resolves when no reconcile is ready or running (delayed keys may remain). Handy for tests. */
  whenIdle(): Promise<void>;
  stop(): Promise<StopResult>;
}
