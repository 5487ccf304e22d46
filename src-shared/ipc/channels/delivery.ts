// Delivery channels (issue 7): environments, configuration and write-only secrets, builds, deploy, promote,
// rollback, the preview diff between two builds, the objects an environment serves, the execution history
// and its logs. The host implements them in src-main/host/services/delivery.ts over src-main/delivery.
// Secret values only ever travel renderer → host (config.set); nothing sends them back.
import { z } from 'zod';
import type { ChannelGroup, EventGroup } from '../contract.js';

// ---------------------------------------------------------------------------------------------
// Shapes

const Empty = z.object({}).strict();
const Name = z.string().min(1).max(200);

/** Where an environment publishes its deployments (GitOps): an http(s) repository URL and a branch. */
export const GitOpsTarget = z.object({ url: z.string().min(1).max(2000), branch: z.string().min(1).max(200) }).strict();
export type GitOpsTarget = z.infer<typeof GitOpsTarget>;
/** The commit a deployment was published as (credentials never in the URL). */
export const PublishedCommit = z.object({ url: z.string(), branch: z.string(), commit: z.string(), unchanged: z.boolean() });
export type PublishedCommit = z.infer<typeof PublishedCommit>;

export const DeliveryEnvironment = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), gitops: GitOpsTarget.optional() });
export type DeliveryEnvironment = z.infer<typeof DeliveryEnvironment>;

export const KeyUse = z.object({ key: z.string(), kind: z.enum(['config', 'secret']), required: z.boolean(), where: z.array(z.string()) });
export const Finding = z.object({ severity: z.enum(['error', 'warning']), message: z.string(), where: z.string().optional() });

export const BuildRecord = z.object({
  id: z.string(),
  digest: z.string(),
  commit: z.string(),
  rev: z.string(),
  status: z.enum(['succeeded', 'failed']),
  message: z.string(),
  createdAt: z.string(),
  durationMs: z.number(),
  executionId: z.string(),
  findings: z.array(Finding),
  keys: z.array(KeyUse),
  refs: z.array(z.object({ name: z.string(), url: z.string(), ref: z.string(), commit: z.string() })),
  kinds: z.array(z.object({ reconciler: z.string(), group: z.string(), version: z.string(), kind: z.string() })),
  objectCount: z.number(),
  fileCount: z.number(),
  /** Made with the engine's built-in backends (IP and ID indexes); its deployments run with them. Absent: off. */
  internalReconcilers: z.boolean().optional(),
});
export type BuildRecord = z.infer<typeof BuildRecord>;

export const ObjectHealthStatus = z.enum(['Current', 'InProgress', 'Failed']);
export const Health = z.object({
  healthy: z.boolean(),
  checkedAt: z.string(),
  message: z.string(),
  failing: z.array(
    z.object({
      resource: z.string(),
      status: z.enum(['InProgress', 'Failed']).optional(),
      why: z.string().optional(),
      conditions: z.array(z.object({ type: z.string(), status: z.string(), reason: z.string(), message: z.string() })),
    }),
  ),
  /** kstatus verdicts: how many objects are Current, InProgress, Failed (absent in older records). */
  counts: z.object({ Current: z.number(), InProgress: z.number(), Failed: z.number() }).optional(),
  /** Why each object counts as healthy or not (not-Current first, bounded). */
  objects: z.array(z.object({ resource: z.string(), status: ObjectHealthStatus, why: z.string() })).optional(),
});
export type Health = z.infer<typeof Health>;

const Trigger = z.enum(['manual', 'commit', 'promotion']);

export const Deployment = z.object({
  id: z.string(),
  env: z.string(),
  buildId: z.string(),
  commit: z.string(),
  createdAt: z.string(),
  reason: z.enum(['deploy', 'promote', 'rollback', 'config', 'auto']),
  trigger: Trigger,
  config: z.record(z.string(), z.string()),
  secretKeys: z.array(z.string()),
  status: z.enum(['active', 'superseded', 'refused']),
  health: Health.optional(),
  rollbackOf: z.string().optional(),
  executionId: z.string(),
  published: PublishedCommit.optional(),
  internalReconcilers: z.boolean().optional(),
});
export type Deployment = z.infer<typeof Deployment>;

export const ExecutionKind = z.enum(['run', 'build', 'deploy', 'health-check', 'promotion', 'rollback', 'prod-session']);
export const ExecutionStatus = z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted']);
export const Execution = z.object({
  id: z.string(),
  kind: ExecutionKind,
  trigger: Trigger,
  env: z.string().optional(),
  commit: z.string().optional(),
  dirty: z.boolean(),
  startedAt: z.string(),
  durationMs: z.number().optional(),
  status: ExecutionStatus,
  summary: z.string().optional(),
  buildId: z.string().optional(),
  deploymentId: z.string().optional(),
  parentId: z.string().optional(),
  published: PublishedCommit.optional(),
});
export type Execution = z.infer<typeof Execution>;

/** A configuration entry; secrets never carry a value. */
export const ConfigEntry = z.object({ scope: z.string(), key: z.string(), secret: z.boolean(), value: z.string().optional(), updatedAt: z.string() });
export type ConfigEntry = z.infer<typeof ConfigEntry>;

export const DeliverySettings = z.object({
  autoBuild: z.boolean(),
  historyRetentionDays: z.number().int().min(1).max(3650),
  healthTimeoutMs: z.number().int().min(100).max(600_000),
  autoBuildPollMs: z.number().int().min(200).max(600_000),
  /** The app runs this project's deployments in the project's background host, so they outlive the app. */
  keepDeploymentsRunning: z.boolean(),
  /** Builds enable the engine's built-in backends (as `choreo build -r`); the build records it. */
  internalReconcilers: z.boolean(),
});
export type DeliverySettings = z.infer<typeof DeliverySettings>;

export const EnvironmentOverview = z.object({
  env: DeliveryEnvironment,
  active: Deployment.optional(),
  build: BuildRecord.optional(),
  runner: z.enum(['running', 'stopped']),
  missingKeys: z.array(z.string()),
});
export type EnvironmentOverview = z.infer<typeof EnvironmentOverview>;

export const PreviewItem = z.object({
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  status: z.enum(['equal', 'added', 'modified', 'deleted']),
  symbol: z.string(),
  diff: z.string().optional(),
});
export type PreviewItem = z.infer<typeof PreviewItem>;

const Redeployed = z.array(z.object({ env: z.string(), deploymentId: z.string().optional(), error: z.string().optional() }));

// ---------------------------------------------------------------------------------------------
// Channels

export const deliveryChannels = {
  /** Environments as columns with their active deployment, the build list, settings, running now, 30-day count. */
  'delivery.overview': {
    request: Empty,
    response: z.object({
      environments: z.array(EnvironmentOverview),
      builds: z.array(BuildRecord),
      settings: DeliverySettings,
      runningNow: z.array(Execution),
      count30: z.number(),
      /** The process that runs the deployments; `projectHost`: the project's host (`.choreo/host.json`), which outlives the app. */
      host: z.object({ pid: z.number(), projectHost: z.boolean() }).optional(),
    }),
  },
  'delivery.env.create': { request: z.object({ name: Name, position: z.number().int().min(0).optional() }).strict(), response: DeliveryEnvironment },
  'delivery.env.rename': { request: z.object({ env: Name, name: Name }).strict(), response: DeliveryEnvironment },
  'delivery.env.reorder': { request: z.object({ ids: z.array(Name) }).strict(), response: z.array(DeliveryEnvironment) },
  'delivery.env.delete': { request: z.object({ env: Name }).strict(), response: DeliveryEnvironment },
  /** Sets where the environment publishes each deployment (GitOps); `gitops` omitted = stop publishing. */
  'delivery.env.gitops': { request: z.object({ env: Name, gitops: GitOpsTarget.optional() }).strict(), response: DeliveryEnvironment },
  /** Scope `all` = every environment; omitted = every scope. */
  'delivery.config.list': { request: z.object({ scope: Name.optional() }).strict(), response: z.array(ConfigEntry) },
  /** Sets (or replaces) a value; a secret is write-only from here on. Affected active deployments are redeployed. */
  'delivery.config.set': {
    request: z.object({ scope: Name, key: Name, value: z.string().max(65_536), secret: z.boolean() }).strict(),
    response: z.object({ entry: ConfigEntry, redeployed: Redeployed }),
  },
  'delivery.config.unset': { request: z.object({ scope: Name, key: Name }).strict(), response: z.object({ removed: z.boolean(), redeployed: Redeployed }) },
  /** Builds a revision (default HEAD); progress streams as `delivery.progress`. Failed builds resolve too (status failed). */
  'delivery.build': { request: z.object({ rev: Name.optional() }).strict(), response: BuildRecord },
  'delivery.deploy': { request: z.object({ env: Name, build: Name }).strict(), response: Deployment },
  /** `to` defaults to the next environment in order. */
  'delivery.promote': { request: z.object({ from: Name, to: Name.optional(), build: Name.optional() }).strict(), response: Deployment },
  /** `deployment` defaults to the previous one. */
  'delivery.rollback': { request: z.object({ env: Name, deployment: Name.optional() }).strict(), response: Deployment },
  'delivery.deployments': { request: z.object({ env: Name.optional() }).strict(), response: z.array(Deployment) },
  /** What switching from build `from` to build `to` changes (their snapshots' diff). */
  'delivery.preview': {
    request: z.object({ from: Name.optional(), to: Name }).strict(),
    response: z.object({ from: z.string().optional(), to: z.string(), items: z.array(PreviewItem) }),
  },
  /** The objects an environment serves now (its active runner's store), secrets redacted. */
  'delivery.objects': { request: z.object({ env: Name }).strict(), response: z.array(z.record(z.string(), z.unknown())) },
  'delivery.history': {
    request: z
      .object({ env: Name.optional(), kind: ExecutionKind.optional(), status: ExecutionStatus.optional(), sinceDays: z.number().min(0).max(3650).optional(), limit: z.number().int().min(1).max(10_000).optional() })
      .strict(),
    response: z.object({ executions: z.array(Execution), runningNow: z.array(Execution), count30: z.number() }),
  },
  'delivery.logs': { request: z.object({ id: Name }).strict(), response: z.object({ execution: Execution, log: z.string() }) },
  'delivery.cancel': { request: z.object({ id: Name }).strict(), response: z.object({ cancelled: z.boolean() }) },
  'delivery.settings.set': { request: DeliverySettings.partial().strict(), response: DeliverySettings },
} as const satisfies ChannelGroup;

export const deliveryEvents = {
  /** A log line of a running execution (already redacted). */
  'delivery.progress': z.object({ executionId: z.string(), line: z.string() }),
  /** An execution started or ended. */
  'delivery.execution': Execution,
  /** Something the Environments view shows changed; refetch the overview. */
  'delivery.changed': z.object({ what: z.enum(['environments', 'builds', 'deployments', 'config', 'settings']) }),
} as const satisfies EventGroup;
