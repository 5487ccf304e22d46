// Engine channels: run once (dev mode), the prod runner and its live conditions, snapshots and their
// diff, the owner tree, CRD schemas for the editor and Starlark diagnostics. The host implements them in
// src-main/host/services/engine.ts; heavy work (runs, big diffs) happens in a worker thread there.
import { z } from 'zod';
import type { ChannelGroup, EventGroup } from '../contract.js';
import type { RunResult } from '../../run/result.js';
import type { LeaderRecord } from '../../run/leadership.js';

// ---------------------------------------------------------------------------------------------
// Shapes

const Empty = z.object({}).strict();

/** Names one object: what the renderer sends to fetch its YAML. */
export const ObjectRef = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
});
export type ObjectRef = z.infer<typeof ObjectRef>;

/** How every row of an object list starts: its key (`apiVersion|kind|namespace|name`), then the object's names. */
const KeyedObjectFields = { key: z.string(), ...ObjectRef.shape };

const ResourceRef = z.object({ group: z.string(), version: z.string(), kind: z.string(), namespace: z.string(), name: z.string() });
const Position = z.object({ file: z.string(), line: z.number(), col: z.number() });
const RunEventSchema = z.object({
  timeMs: z.number(),
  reconciler: z.string(),
  reconcileUid: z.string(),
  resource: ResourceRef,
  operation: z.enum(['START', 'STOP', 'REQUEUE', 'ERROR']),
  message: z.string(),
});

/** The engine's RunResult (src-shared/run/result.ts), checked field by field. */
export const RunResultSchema: z.ZodType<RunResult> = z.object({
  version: z.literal(1),
  mode: z.enum(['once', 'prod']),
  project: z.string(),
  startedAtMs: z.number(),
  finishedAtMs: z.number(),
  success: z.boolean(),
  message: z.string(),
  runners: z.array(
    z.object({ runner: z.string(), success: z.boolean(), taskId: z.string(), message: z.string(), events: z.array(RunEventSchema) }),
  ),
  errors: z.array(
    z.object({
      taskId: z.string(),
      reconciler: z.string(),
      resource: ResourceRef.optional(),
      message: z.string(),
      position: Position.optional(),
      traceback: z.string().optional(),
      frames: z.array(z.object({ fn: z.string(), position: Position.optional() })).optional(),
    }),
  ),
  progress: z.array(z.string()),
  warnings: z.array(z.string()),
  stillLooping: z.array(z.string()),
  snapshotId: z.string().optional(),
});

export const DiffCounts = z.object({ added: z.number(), modified: z.number(), deleted: z.number(), equal: z.number() });
export type DiffCounts = z.infer<typeof DiffCounts>;

const LoadProblem = z.object({ message: z.string(), file: z.string().optional(), line: z.number().optional(), col: z.number().optional() });

/**
 * What `run.once` answers: the result, or why the run could not start (load errors, each with its place),
 * and how the new snapshot differs from the one before; so a run costs one round trip.
 */
export const RunOnceResponse = z.object({
  result: RunResultSchema.nullable(),
  /** Set when the project could not be loaded (bad YAML, bad reconciler…): nothing ran. The whole text, at the first place. */
  loadError: LoadProblem.optional(),
  /** With `loadError`: every problem on its own, with its file, line and column when it has them. */
  loadErrors: z.array(LoadProblem).optional(),
  /** The run's snapshot against the one before it (absent for the first snapshot, or when nothing was written). */
  vsPrevious: z
    .object({
      previous: z.string(),
      counts: DiffCounts,
      /** Resource ids (`resourceIdOf`) of the objects added, modified or deleted. */
      changed: z.array(z.string()),
    })
    .optional(),
  /** Input files (in/) that hold each failing resource, with the line of its document. */
  objectPlaces: z.array(z.object({ resource: z.string(), file: z.string(), line: z.number() })),
  durationMs: z.number(),
});
export type RunOnceResponse = z.infer<typeof RunOnceResponse>;

export const ProdState = z.enum(['stopped', 'starting', 'running', 'stopping']);

/** The leader's record in etcd (src-shared/run/leadership.ts), checked field by field. */
const LeaderRecordSchema: z.ZodType<LeaderRecord> = z.object({
  holderIdentity: z.string(),
  project: z.string(),
  environment: z.string(),
  leaseDurationSeconds: z.number(),
  acquireTime: z.string(),
  renewTime: z.string(),
  leaderTransitions: z.number(),
});

/**
 * Who leads the prod runners of this project's store, as this instance's runner sees it (issue 16): on the
 * etcd store runners of one project and environment elect a leader; on the file store a runner is alone.
 */
export const ProdLeadership = z.object({
  /** `file` (the project's .choreo/db) or `etcd://HOST:PORT,…/prefix`. */
  store: z.string(),
  /** `leader`: this instance reconciles; `follower`: it watches another runner lead (or nobody, yet); `standalone`: the file store, no election. */
  role: z.enum(['standalone', 'leader', 'follower']),
  /** This instance's runner in the election (etcd only). */
  identity: z.string().optional(),
  /** The leader's record (this instance's own when it leads); absent on the file store and while nobody leads. */
  leader: LeaderRecordSchema.optional(),
  /** Every runner of the store's prefix, the leader included (etcd only). */
  candidates: z.array(z.string()).optional(),
});
export type ProdLeadership = z.infer<typeof ProdLeadership>;

export const ProdStatus = z.object({
  state: ProdState,
  startedAtMs: z.number().optional(),
  /** Reconcile events since start. */
  events: z.number(),
  errors: z.number(),
  /** Snapshot written when the last session stopped. */
  lastSnapshotId: z.string().optional(),
  message: z.string().optional(),
  /**
   * Reconciler and library files (project-relative) saved since the runner started: it still runs the code
   * it loaded, so the renderer offers a restart (the store is kept: stop saves it, start loads it).
   */
  codeChanged: z.array(z.string()).optional(),
  /** Who leads, while a runner runs (updated on every change of leader: a failover shows at once). */
  leadership: ProdLeadership.optional(),
});
export type ProdStatus = z.infer<typeof ProdStatus>;

/** What a condition says, in the live view and in its history. */
const ConditionStateFields = { status: z.string(), reason: z.string(), message: z.string() };

export const ConditionCell = z.object({ ...ConditionStateFields, lastTransitionTime: z.string() });
export type ConditionCell = z.infer<typeof ConditionCell>;

/** One row of the live condition view. */
export const ConditionRow = z.object({
  ...KeyedObjectFields,
  conditions: z.record(z.string(), ConditionCell),
});
export type ConditionRow = z.infer<typeof ConditionRow>;

export const ConditionHistoryEntry = z.object({ timeMs: z.number(), type: z.string(), ...ConditionStateFields });
export type ConditionHistoryEntry = z.infer<typeof ConditionHistoryEntry>;

export const SnapshotSummary = z.object({
  id: z.string(),
  createdAt: z.string(),
  mode: z.string(),
  summary: z.string().optional(),
  success: z.boolean().optional(),
  git: z.object({ commit: z.string(), dirty: z.boolean(), branch: z.string().optional() }).optional(),
  objectCount: z.number(),
  /** The etcd store's revision the snapshot was taken at (runs on the etcd store). */
  revision: z.number().optional(),
});
export type SnapshotSummary = z.infer<typeof SnapshotSummary>;

export const DiffStatus = z.enum(['equal', 'added', 'modified', 'deleted']);
export const DiffRow = z.object({
  ...KeyedObjectFields,
  status: DiffStatus,
  /** The status.conditions differ between the two snapshots. */
  conditionsChanged: z.boolean(),
});
export type DiffRow = z.infer<typeof DiffRow>;

/**
 * One side of a comparison as the user names it: a snapshot id (prefix), `latest`, `previous`, `rev:<branch,
 * tag, hash, HEAD~N>` or `env:<environment>`; or a token a comparison answered (`rev:<commit>`,
 * `env:<id>@<deployment>`).
 */
export const CompareSide = z
  .string()
  .min(1)
  .max(300)
  .regex(/^(rev:[^\s]+|env:[^\s]+|[0-9a-f]{1,64}|latest|previous)$/, 'a side is a snapshot id, latest, previous, rev:<revision> or env:<environment>');

/** A resolved side: the token the other snapshot channels take, and what to call it. */
export const ComparedSide = z.object({
  token: z.string(),
  kind: z.enum(['snapshot', 'rev', 'env']),
  label: z.string(),
  /** The side's run failed: it holds what that run left. */
  failed: z.string().optional(),
});
export type ComparedSide = z.infer<typeof ComparedSide>;

/** An environment a comparison can name, with the deployment it would show (null: nothing deployed). */
export const EnvironmentChoice = z.object({
  id: z.string(),
  name: z.string(),
  deployment: z.object({ id: z.string(), buildId: z.string(), commit: z.string(), createdAt: z.string() }).nullable(),
});
export type EnvironmentChoice = z.infer<typeof EnvironmentChoice>;

export const DepsNode = z.object({
  ...KeyedObjectFields,
  /** Status of the Ready condition, or '' when the object has none. */
  ready: z.string(),
  /** Indices of the children in `nodes`. */
  children: z.array(z.number()),
});
export type DepsNode = z.infer<typeof DepsNode>;

/** How an object of the Resources view changed since the snapshot before (the previous run). */
export const ResourceChange = z.enum(['added', 'modified', 'unchanged', 'deleted']);
export type ResourceChange = z.infer<typeof ResourceChange>;

/** One produced object of a snapshot, as the Resources view lists it (its YAML comes from deps.object). */
export const ResourceRow = z.object({
  ...KeyedObjectFields,
  /** Status of the Ready condition, or '' when the object has none. */
  ready: z.string(),
  /** Reason and message of the Ready condition (tooltip), '' when none. */
  readyReason: z.string(),
  readyMessage: z.string(),
  /** The controlling owner (else the first), as `kind/name` and its key. */
  owner: z.object({ key: z.string(), kind: z.string(), name: z.string() }).nullable(),
  change: ResourceChange,
});
export type ResourceRow = z.infer<typeof ResourceRow>;

export const ResourcesList = z.object({
  /** The snapshot listed, or null before the first run. */
  snapshot: SnapshotSummary.pick({ id: true, createdAt: true, mode: true }).nullable(),
  /** The snapshot the changes are against (the one before), or null for the first. */
  previous: z.string().nullable(),
  /** Objects in the snapshot (deleted ones not counted), per kind, and the change counts. */
  total: z.number(),
  kinds: z.record(z.string(), z.number()),
  changes: DiffCounts.omit({ equal: true }),
  /** The rows that match the request's filter, sorted by kind, namespace, name; at most `limit`. */
  rows: z.array(ResourceRow),
  matched: z.number(),
  /** More rows matched than were sent: the view filters on the host from then on. */
  truncated: z.boolean(),
});
export type ResourcesList = z.infer<typeof ResourcesList>;

export const JsonSchemaEntry = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  /** The CRD's openAPIV3Schema as JSON schema, with apiVersion/kind/metadata/status added. */
  schema: z.record(z.string(), z.unknown()),
  /** The CRD file that defines it ('' for the built-in choreo kinds). */
  file: z.string(),
});
export type JsonSchemaEntry = z.infer<typeof JsonSchemaEntry>;

export const StarlarkMarker = z.object({
  line: z.number(),
  col: z.number(),
  endLine: z.number().optional(),
  endCol: z.number().optional(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});
export type StarlarkMarker = z.infer<typeof StarlarkMarker>;

// ---------------------------------------------------------------------------------------------
// Channels

export const engineChannels = {
  /** Runs the project once in a worker; progress streams as `run.progress`. */
  'run.once': { request: Empty, response: RunOnceResponse },
  /** Cancels the run in progress, if any. */
  'run.cancel': { request: Empty, response: z.object({ cancelled: z.boolean() }) },
  /** The last run's result (`.choreo/last-run.json`), or null before the first run. */
  'run.result': { request: Empty, response: RunResultSchema.nullable() },
  'prod.start': { request: Empty, response: ProdStatus },
  'prod.stop': { request: Empty, response: z.object({ snapshotId: z.string().optional(), success: z.boolean() }) },
  'prod.status': { request: Empty, response: ProdStatus },
  /** Every resource with its current conditions; `prod.conditionEvents` carries the changes after `seq`. */
  'prod.conditions': { request: Empty, response: z.object({ rows: z.array(ConditionRow), seq: z.number() }) },
  /** The live object's YAML and the history of its conditions in this session. */
  'prod.object': {
    request: z.object({ key: z.string() }).strict(),
    response: z.object({ yaml: z.string(), history: z.array(ConditionHistoryEntry), exists: z.boolean() }),
  },
  'snapshots.list': { request: Empty, response: z.array(SnapshotSummary) },
  /** `+ ~ - =` counts of each snapshot against the one before it (null for the oldest). */
  'snapshots.counts': {
    request: z.object({ ids: z.array(z.string()).max(500) }).strict(),
    response: z.record(z.string(), DiffCounts.nullable()),
  },
  /** Object list of the diff from `from` (older) to `to` (newer). Snapshot ids or `latest`/`previous`. */
  'snapshots.diff': {
    request: z.object({ from: z.string().min(1), to: z.string().min(1), includeChoreoApis: z.boolean().optional() }).strict(),
    response: z.object({ from: z.string(), to: z.string(), items: z.array(DiffRow), counts: DiffCounts }),
  },
  /**
   * The diff of any two sides (issue 13 item 3): snapshots, git revisions (run from the commit's files when not
   * run before, cached by commit) and environments (what their active deployment serves). `from`/`to` of the
   * answer are tokens that snapshots.objectPair and provenance.explain take as snapshot ids.
   */
  'snapshots.compare': {
    request: z.object({ from: CompareSide, to: CompareSide, includeChoreoApis: z.boolean().optional() }).strict(),
    response: z.object({ from: ComparedSide, to: ComparedSide, items: z.array(DiffRow), counts: DiffCounts }),
  },
  /** The environments a comparison can name (delivery's, read from disk: nothing is started). */
  'snapshots.compareChoices': { request: Empty, response: z.object({ environments: z.array(EnvironmentChoice) }) },
  /** The two YAML renderings of one object for the diff editor ('' where it does not exist). */
  'snapshots.objectPair': {
    request: z.object({ from: z.string(), to: z.string(), key: z.string(), hideNoise: z.boolean() }).strict(),
    response: z.object({ left: z.string(), right: z.string(), conditionLines: z.array(z.number()) }),
  },
  /** Owner tree of the live prod store (no snapshot given, prod running), else of a snapshot (default latest). */
  'deps.tree': {
    request: z.object({ snapshot: z.string().optional(), includeChoreoApis: z.boolean().optional() }).strict(),
    response: z.object({
      source: z.string(),
      nodes: z.array(DepsNode),
      roots: z.array(z.number()),
      kindCounts: z.record(z.string(), z.number()),
    }),
  },
  /** YAML of one object from the same source as deps.tree. */
  'deps.object': {
    request: z.object({ snapshot: z.string().optional(), key: z.string() }).strict(),
    response: z.object({ yaml: z.string() }),
  },
  /**
   * The produced objects of a snapshot (default latest) with kind, name, namespace, Ready, owner and the
   * change since the snapshot before, computed in the host's data worker; filtered there by kind and text
   * (so a huge snapshot never travels whole). At most `limit` rows (default 20,000).
   */
  'resources.list': {
    request: z
      .object({
        snapshot: z.string().min(1).optional(),
        kind: z.string().optional(),
        text: z.string().max(500).optional(),
        changedOnly: z.boolean().optional(),
        limit: z.number().int().min(1).max(100_000).optional(),
      })
      .strict(),
    response: ResourcesList,
  },
  /** JSON schemas per apiVersion/kind from the project's CRDs (and the built-in choreo kinds). */
  'schemas.forProject': { request: Empty, response: z.object({ version: z.number(), schemas: z.array(JsonSchemaEntry) }) },
  /** Parser and resolver errors of a Starlark buffer (not saved yet). */
  'starlark.check': {
    request: z.object({ file: z.string(), text: z.string().max(5_000_000) }).strict(),
    response: z.object({ markers: z.array(StarlarkMarker) }),
  },
} as const satisfies ChannelGroup;

export const engineEvents = {
  /** A progress line of the run in progress (dev mode) or of the prod runner's start. */
  'run.progress': z.object({ runId: z.number(), line: z.string(), kind: z.enum(['progress', 'warning', 'print']) }),
  'run.state': z.object({ running: z.boolean(), runId: z.number() }),
  'prod.status': ProdStatus,
  /** Batched condition changes (one event per ~100 ms at most). */
  'prod.conditionEvents': z.object({
    seq: z.number(),
    rows: z.array(ConditionRow),
    removed: z.array(z.string()),
    /** Reconcile events (START, STOP, REQUEUE, ERROR) since the last batch, and their rate over the last second. */
    events: z.number(),
    perSecond: z.number(),
  }),
  /** An input file saved while prod runs: applied live, or rejected with the validation errors. */
  'prod.inputApplied': z.object({ file: z.string(), ok: z.boolean(), applied: z.array(z.string()), errors: z.array(z.string()) }),
  /** A CRD file changed: ask schemas.forProject again. */
  'schemas.changed': z.object({ version: z.number() }),
  /** A run or a prod session wrote a snapshot. */
  'snapshots.changed': z.object({ id: z.string().optional() }),
} as const satisfies EventGroup;
