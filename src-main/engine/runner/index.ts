// Public API of the engine runtime (run once, continuous runner, upstream refs), re-exported by engine/index.ts.
export { runOnce, runOnceWithProject, loadWithUpstreams, buildResult, RunLoadError, type RunOnceOptions } from './run-once.js';
export { DEFAULT_RECONCILE_TIMEOUT_MS, type ReconcileLimits } from './limits.js';
export { startRunner, type Runner, type RunnerEvent, type StartRunnerOptions, type ApplyInputResult, type StopResult, type Leadership } from './prod-runner.js';
export { ReconcilerRuntime, type ConditionChange, type RuntimeOptions, type RuntimeDebug, type ReconcileTarget } from './runtime.js';
export { cloneDirFor, upstreamOrigin, UpstreamError, type ResolvedUpstream, type UpstreamOptions } from '../refs/upstream.js';
export { loadRefTree, childPackages, type RefNode, type RefTreeOptions } from '../refs/ref-tree.js';
export { readUrlRewrites, rewriteUrl, parseRewriteEnv, type UrlRewrite } from '../refs/url-rewrite.js';
export { compileSelector, fieldSelector, type Selector, type SelectorSpec } from '../selectors/selector.js';
export { fieldValue } from '../selectors/field-value.js';
export { ReconcilerLoadError } from '../reconcilers/outcome.js';
export { runnerStatus, acquireRunner, RunnerBusyError, type RunnerStatus } from './status.js';
