// Where delivery runs the project's code: the interface between delivery and the runner threads that the
// host and the CLI give it (src-main/host/workers/delivery-runners.ts implements it with one worker thread per
// runner, each with a heap limit and a watchdog). Delivery never runs a reconciler in its own thread, so a
// reconciler that loops, fills memory or gets stuck in one huge store operation stops its own runner — the
// environment's runner, a deploy's health check or a build — with a message naming the reconciler and the
// object, and the process (the host, the CLI) goes on.
//
// The interface is asynchronous because the runner's store lives in the other thread: every read is a
// message, answered from a consistent store (between two reconciles).
import type { GroupVersionKind, KrmObject } from '../../src-shared/krm/object.js';
import type { ApplyInputResult, RunnerEvent, Snapshot, StopResult } from '../engine/index.js';
import type { BuildEvaluation, BuildEvaluationOptions } from './build-eval.js';
import type { ResolvedValues } from './config-values.js';

/** What an environment's runner reports: the engine's runner events, and the reconcilers' print() output. */
export type EnvironmentRunnerEvent = RunnerEvent | { type: 'print'; line: string; file: string };

export interface EnvironmentRunnerOptions {
  /** What config() and secret() return (the environment's configuration, or a deployment's sealed copy). */
  values: ResolvedValues;
  /** Enable the engine's built-in backends (the deployment's build was made with them: BuildRecord). */
  internalReconcilers?: boolean;
  onEvent?: (e: EnvironmentRunnerEvent) => void;
}

/**
 * A continuous runner of one deployment, over its own store (the deployment's folder holds the project; its
 * store starts empty and is never saved). Calls made after the runner ended reject with the reason it ended.
 */
export interface EnvironmentRunner {
  /** Validates and applies objects; nothing is applied when any is invalid. */
  applyInput(objects: KrmObject[]): Promise<ApplyInputResult>;
  /** Resolves when no reconcile is ready or running (keys may be delayed). */
  whenIdle(): Promise<void>;
  /** The objects of each kind, in the order asked (null: the store does not serve the kind). */
  list(kinds: GroupVersionKind[]): Promise<Array<KrmObject[] | null>>;
  /** Every object and the API list (a snapshot's content). */
  content(): Promise<Pick<Snapshot, 'objects' | 'apiResources'>>;
  /** Stops the runner and ends its thread; resolves with the session's result (never saved: the store is the runner's own). */
  stop(): Promise<StopResult>;
  /**
   * Resolves when the runner ended without stop() — its thread ran out of memory, crashed, or was stopped by
   * the watchdog — with a message that says why (naming the reconciler and the object when one was running).
   * Never resolves after a stop().
   */
  readonly died: Promise<string>;
}

export interface DeliveryRunners {
  /** Starts the continuous runner of a deployment in `dir`. Rejects with the load error when it cannot start. */
  startEnvironment(dir: string, opts: EnvironmentRunnerOptions): Promise<EnvironmentRunner>;
  /**
   * A build's check and run (./build-eval.ts) in the checkout `dir`. Rejects with the reason when it ended
   * without an answer (out of memory, a stuck reconcile), or when `signal` aborted it (the work is stopped).
   */
  evaluateBuild(dir: string, opts: BuildEvaluationOptions, signal?: AbortSignal): Promise<BuildEvaluation>;
}
