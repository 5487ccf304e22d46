// Types of delivery (issue 7, "build once, deploy many"): environments, builds, deployments, configuration
// and the execution history. Everything here is plain JSON, written under `<project>/.choreo/` (git-ignored);
// secret values never appear in these shapes (only their key names).
import type { SelectorSpec } from '../engine/index.js';

/** An isolated deployment area. `id` is stable (folders, secret keys); `name` is what users see and may rename. */
export interface Environment {
  id: string;
  name: string;
  createdAt: string;
  /** GitOps: every deployment of this environment is published to this repository and branch (publish.ts). */
  gitops?: GitOpsTarget;
}

/** Where an environment publishes its rendered objects: a git repository (HTTPS) and a branch. */
export interface GitOpsTarget {
  /** HTTPS URL of the repository (http:// only on 127.0.0.1, for tests). Never holds credentials. */
  url: string;
  branch: string;
}

/** The commit a deployment was published as (the link in the history and the Environments view). */
export interface PublishedCommit {
  /** The repository URL, credentials removed. */
  url: string;
  branch: string;
  commit: string;
  /** The branch held exactly these files already: no new commit, `commit` is the existing one. */
  unchanged: boolean;
}

/** Where a config key is read in the project's Starlark (file:line:col), or `runtime` when only seen while running. */
export interface KeyUse {
  key: string;
  kind: 'config' | 'secret';
  /** secret(key) always; config(key) without a default. */
  required: boolean;
  where: string[];
}

/** One finding of the build's whole-project check. */
export interface Finding {
  severity: 'error' | 'warning';
  message: string;
  /** file:line:col when known */
  where?: string;
}

/** The for-kind of a reconciler: the objects a health check looks at. */
export interface ReconciledKind {
  reconciler: string;
  group: string;
  version: string;
  kind: string;
  /**
   * `for.selector` as written; null when absent (an absent selector selects nothing, engine spec §4.2).
   * Undefined in builds made before it was recorded: then every object of the kind counts as selected.
   */
  selector?: SelectorSpec | null;
}

export interface PinnedRef {
  name: string;
  url: string;
  ref: string;
  commit: string;
}

export type BuildStatus = 'succeeded' | 'failed';

/** The immutable record of one build (`.choreo/delivery/builds/<id>/build.json`). */
export interface BuildRecord {
  /** First 16 hex digits of `digest`: the content address of the artifact. */
  id: string;
  /** sha-256 over the resolved project files, pinned refs and the normalised run result (no times, no uids). */
  digest: string;
  commit: string;
  /** What the user asked for (branch, tag, hash, HEAD). */
  rev: string;
  status: BuildStatus;
  message: string;
  createdAt: string;
  durationMs: number;
  executionId: string;
  findings: Finding[];
  keys: KeyUse[];
  refs: PinnedRef[];
  kinds: ReconciledKind[];
  objectCount: number;
  fileCount: number;
  /**
   * The build was checked and run with the engine's built-in backends (IP and ID indexes, as `run once -r`);
   * every runner of its deployments (health check, environment runner) enables them too. Absent in builds
   * made before it was recorded, and in builds without them: off.
   */
  internalReconcilers?: boolean;
}

/** kstatus' verdict on one object (sigs.k8s.io/cli-utils pkg/kstatus): only Current counts as healthy. */
export type ObjectHealthStatus = 'Current' | 'InProgress' | 'Failed';

/** One object's verdict and why (the rule that decided it), as the UI's health detail shows it. */
export interface ObjectHealth {
  resource: string;
  status: ObjectHealthStatus;
  why: string;
}

/** A reconcile that ended in an error and has not succeeded since (runner events ERROR / STOP). */
export interface ReconcileFailure {
  reconciler: string;
  namespace: string;
  name: string;
  message: string;
}

/** A health verdict: every object of every reconciled kind is Current (health-rules.ts has the rule). */
export interface Health {
  healthy: boolean;
  checkedAt: string;
  message: string;
  /** Objects that are not Current, with the conditions that made them so. */
  failing: Array<{
    resource: string;
    status?: Exclude<ObjectHealthStatus, 'Current'>;
    why?: string;
    conditions: Array<{ type: string; status: string; reason: string; message: string }>;
  }>;
  /** How many objects got each verdict (absent in verdicts recorded before the kstatus rule). */
  counts?: Record<ObjectHealthStatus, number>;
  /** Every judged object with its reason, not-Current first, at most HEALTH_DETAIL_LIMIT. */
  objects?: ObjectHealth[];
}

export type DeploymentReason = 'deploy' | 'promote' | 'rollback' | 'config' | 'auto';
export type DeploymentStatus = 'active' | 'superseded' | 'refused';
export type Trigger = 'manual' | 'commit' | 'promotion';

/** A build + an environment's configuration at that moment. Never changed after creation except its status. */
export interface Deployment {
  id: string;
  env: string;
  buildId: string;
  commit: string;
  createdAt: string;
  reason: DeploymentReason;
  trigger: Trigger;
  /** Non-secret values as resolved at deploy time (global overlaid by the environment's own). */
  config: Record<string, string>;
  /** Names only: the values are sealed in the secret store under this deployment's id. */
  secretKeys: string[];
  status: DeploymentStatus;
  health?: Health;
  /** The deployment this one rolled back to (reason rollback). */
  rollbackOf?: string;
  executionId: string;
  /** The GitOps commit of this deployment, when its environment publishes. */
  published?: PublishedCommit;
  /** Its build's `internalReconcilers`, copied so the runner restarts the same way when the build is gone. */
  internalReconcilers?: boolean;
}

export type ExecutionKind = 'run' | 'build' | 'deploy' | 'health-check' | 'promotion' | 'rollback' | 'prod-session';
export type ExecutionStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

/** One execution in `.choreo/history/executions.jsonl` (its log in `.choreo/history/logs/<id>.log`). */
export interface Execution {
  id: string;
  kind: ExecutionKind;
  trigger: Trigger;
  env?: string;
  commit?: string;
  dirty: boolean;
  startedAt: string;
  durationMs?: number;
  status: ExecutionStatus;
  summary?: string;
  buildId?: string;
  deploymentId?: string;
  parentId?: string;
  /** The GitOps commit a deploy execution published (links the history to the repository). */
  published?: PublishedCommit;
}

/** Per-project delivery settings (`.choreo/delivery/settings.json`). */
export interface DeliverySettings {
  /** Build every new commit on the current branch and deploy successful builds to the first environment. */
  autoBuild: boolean;
  /** History older than this is dropped (days). */
  historyRetentionDays: number;
  /** How long a health check waits for every condition to become True. */
  healthTimeoutMs: number;
  /** How often auto build looks at HEAD. */
  autoBuildPollMs: number;
  /**
   * The app hands this project's delivery to the project's background host (the one the CLI uses), so its
   * deployments keep running when the app closes; the project's secrets are then sealed with the key file
   * that host can open (docs/design-notes.md). The CLI and the host itself always run them in the host.
   */
  keepDeploymentsRunning: boolean;
  /**
   * Builds enable the engine's built-in backends (IP and ID indexes, as `run once -r`) unless a build says
   * otherwise: the app's Build action and auto build use this; `choreo build -r` enables them for one build.
   */
  internalReconcilers: boolean;
}

export const DEFAULT_SETTINGS: DeliverySettings = {
  autoBuild: false,
  historyRetentionDays: 90,
  healthTimeoutMs: 15_000,
  autoBuildPollMs: 2_000,
  keepDeploymentsRunning: false,
  internalReconcilers: false,
};

/** Scope of a configuration value: every environment (`all`) or one environment id. */
export type ConfigScope = string;
export const GLOBAL_SCOPE = 'all';

export interface ConfigEntry {
  scope: ConfigScope;
  key: string;
  secret: boolean;
  /** Plain values only; secrets are write-only and never come back. */
  value?: string;
  updatedAt: string;
}

/** Progress and change notifications of the delivery service (streamed to the UI). */
export type DeliveryEvent =
  | { type: 'progress'; executionId: string; line: string }
  | { type: 'execution'; execution: Execution }
  | { type: 'changed'; what: 'environments' | 'builds' | 'deployments' | 'config' | 'settings' };

/** An error a user can act on. `code` lets the UI and CLI react (e.g. list missing keys). */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    readonly code: 'not-found' | 'invalid' | 'missing-keys' | 'unhealthy' | 'build-failed' | 'cancelled' | 'git',
    message: string,
    readonly details: { missingKeys?: string[]; health?: Health } = {},
  ) {
    super(message);
  }
}
