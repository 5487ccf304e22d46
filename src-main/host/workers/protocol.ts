// Messages between the host and its engine worker threads. One request gets any number of progress
// messages and exactly one `done` or `error` answer with the same id.
import type { ReconcileLimits, ProjectFolders } from '../../engine/index.js';
import type { ComparedSide, DepsNode, DiffCounts, DiffRow, ResourcesList, RunOnceResponse, StarlarkMarker } from '../../../src-shared/ipc/channels/engine.js';
import type { ProjectGraph } from '../../../src-shared/ipc/channels/graph.js';
import type { LanguageOpArgs } from './language-ops.js';
import type { ExplainResponse, PlanResponse } from '../../../src-shared/ipc/channels/insight.js';
import type { ObjectPair, PlanArgs } from './plan-ops.js';

export interface WorkerOps {
  runOnce: { args: { dir: string; internalReconcilers?: boolean; limits?: ReconcileLimits; folders?: Partial<ProjectFolders>; configValidator?: boolean }; value: RunOnceResponse };
  diff: { args: { dir: string; from: string; to: string; includeChoreoApis?: boolean }; value: { from: string; to: string; items: DiffRow[]; counts: DiffCounts } };
  counts: { args: { dir: string; pairs: Array<[string, string]> }; value: Record<string, DiffCounts> };
  objectPair: { args: { dir: string; from: string; to: string; key: string; hideNoise: boolean }; value: { left: string; right: string; conditionLines: number[] } };
  deps: { args: { dir: string; snapshot: string; includeChoreoApis?: boolean }; value: { source: string; nodes: DepsNode[]; roots: number[]; kindCounts: Record<string, number> } };
  depsObject: { args: { dir: string; snapshot: string; key: string }; value: { yaml: string } };
  resources: { args: { dir: string; snapshot: string; kind?: string; text?: string; changedOnly?: boolean; limit: number }; value: ResourcesList };
  check: { args: { file: string; text: string }; value: StarlarkMarker[] };
  /** A Starlark language service request (./language-ops.ts): the channel's response, or a refusal. */
  language: { args: LanguageOpArgs; value: unknown };
  graph: { args: { dir: string; folders?: Partial<ProjectFolders> }; value: ProjectGraph };
  /** Resolves two comparison sides (delivery/diff-sides.ts), running a revision not run yet; a refusal names the side. */
  prepareSides: {
    args: { dir: string; from: string; to: string; internalReconcilers?: boolean };
    value: { ok: true; from: ComparedSide; to: ComparedSide } | { ok: false; code: 'not-found' | 'not-a-repo' | 'invalid-request'; message: string };
  };
  /** Field provenance of an object of a snapshot (engine/provenance/explain-stored.ts). */
  explain: { args: { dir: string; key: string; field?: string; snapshot?: string }; value: ExplainResponse };
  /** A plan of the unsaved buffers or of the git index (./plan-ops.ts). */
  plan: { args: PlanArgs; value: PlanResponse };
  /** Both sides of one object of a recent plan. */
  planObject: { args: { planId: string; key: string }; value: ObjectPair };
}
export type WorkerOp = keyof WorkerOps;

export type WorkerRequest = { [K in WorkerOp]: { id: number; op: K; args: WorkerOps[K]['args'] } }[WorkerOp] | { id: number; op: 'cancel'; target: number };

export type WorkerMessage =
  | { id: number; type: 'progress'; line: string; kind: 'progress' | 'warning' | 'print' }
  | { id: number; type: 'done'; value: unknown }
  | { id: number; type: 'error'; message: string; notFound?: boolean };
