// Insight channels (issue 13): why a field of a derived object has its value (field provenance), and what a
// run of the project would change (plan). The host answers them in worker threads
// (src-main/host/services/insight.ts); provenance's shapes are those of src-shared/insight/provenance.ts, the
// plan's those of the engine's plan (src-main/engine/plan/plan.ts) with each object named by its key.
import { z } from 'zod';
import type { ChannelGroup } from '../contract.js';
import type { FieldExplanation } from '../../insight/provenance.js';
import { MAX_EDITOR_FILE_BYTES } from '../limits.js';

const SourcePosition = z.object({ file: z.string(), line: z.number(), col: z.number() });
const ObjectIdentity = z.object({ apiVersion: z.string(), kind: z.string(), namespace: z.string(), name: z.string() });

export const FieldExplanationSchema: z.ZodType<FieldExplanation> = z.object({
  path: z.string(),
  value: z.unknown(),
  managers: z.array(z.object({ manager: z.string(), operation: z.string(), time: z.string() })),
  write: z
    .object({
      reconciler: z.string(),
      via: z.enum(['client_create', 'client_update', 'client_update_status', 'reconcile_result']),
      trigger: ObjectIdentity,
      callSite: SourcePosition.optional(),
      callStack: z.array(SourcePosition),
      appliedAt: z.array(SourcePosition).optional(),
      builtAt: SourcePosition.extend({ exact: z.boolean() }).optional(),
    })
    .optional(),
  run: z.object({ snapshotId: z.string(), runId: z.string(), createdAt: z.string() }),
  lastChange: z.object({ snapshotId: z.string(), createdAt: z.string(), from: z.unknown().optional(), op: z.enum(['added', 'changed']) }).optional(),
  historyDepth: z.number(),
}) as z.ZodType<FieldExplanation>;

export const ExplainResponse = z.object({
  object: ObjectIdentity,
  /** false: the run recorded no provenance (a prod session, an older snapshot): managers only. */
  recorded: z.boolean(),
  fields: z.array(FieldExplanationSchema),
  /** Where each write's trigger object is written in in/ (key: objectKeyOf of the trigger). */
  inputs: z.record(z.string(), SourcePosition).optional(),
});
export type ExplainResponse = z.infer<typeof ExplainResponse>;

/** One changed field of a planned object (`spec.x`: its value before and after). */
export const PlanFieldChange = z.object({ path: z.string(), op: z.enum(['added', 'removed', 'changed']), before: z.unknown().optional(), after: z.unknown().optional() });
export type PlanFieldChange = z.infer<typeof PlanFieldChange>;

/** One object a plan would create (`+`), change (`~`, with its field changes) or delete (`-`). */
export const PlanItem = z.object({
  /** `apiVersion|kind|namespace|name`, as the engine channels name objects (plan.object takes it). */
  key: z.string(),
  symbol: z.enum(['+', '~', '-']),
  apiVersion: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  changes: z.array(PlanFieldChange),
});
export type PlanItem = z.infer<typeof PlanItem>;

/** What the planned files are: the editor's unsaved buffers over the folder, or the git index. */
export const PlanSource = z.enum(['buffers', 'staged']);
export type PlanSource = z.infer<typeof PlanSource>;

export const PlanResponse = z.object({
  /** Names this plan for plan.object (the host keeps the last few plans' objects). */
  planId: z.string(),
  source: PlanSource,
  /** The project files that differ from the folder's in this plan (the buffers planned, or the staged paths). */
  files: z.array(z.string()),
  /** The last run's snapshot compared with, or null when the project never ran (everything is to add). */
  against: z.string().nullable(),
  /** Did the planned run succeed? A failed run's plan is shown with its message, not trusted. */
  success: z.boolean(),
  message: z.string(),
  /** The project could not be loaded as planned (a YAML or Starlark error in a buffer): where and why. */
  loadError: z.object({ message: z.string(), file: z.string().optional(), line: z.number().optional(), col: z.number().optional() }).optional(),
  items: z.array(PlanItem),
  counts: z.object({ add: z.number(), change: z.number(), destroy: z.number() }),
  /** Time the worker took, from the request to the answer. */
  durationMs: z.number(),
});
export type PlanResponse = z.infer<typeof PlanResponse>;

/** At most this many unsaved buffers go into one plan (more is no editor session). */
export const MAX_PLAN_BUFFERS = 200;

export const insightChannels = {
  /**
   * Explains a field of an object of a snapshot (default latest): its managers, the reconciler write behind
   * it (call site, where the value was built, the trigger and its input file) and when it last changed.
   * `field` is a path such as `.spec.x` (the fields below it are explained too); `key` names the object as
   * the engine channels do (`apiVersion|kind|namespace|name`).
   */
  'provenance.explain': {
    request: z
      .object({
        snapshot: z.string().min(1).max(200).optional(),
        key: z.string().min(3).max(2000),
        field: z.string().min(1).max(2000).optional(),
      })
      .strict(),
    response: ExplainResponse,
  },
  /**
   * Plans the project (issue 13 item 2): runs its files on a copy of the last run's store in the plan worker,
   * writing nothing, and answers what the run would change against the last run. `buffers`: the editor's
   * unsaved files (project-relative paths, each confined to the project) over the folder's; `staged`: the
   * files as the git index holds them (what a commit would hold; `not-a-repo` outside a repository).
   */
  'plan.compute': {
    request: z.discriminatedUnion('source', [
      z
        .object({
          source: z.literal('buffers'),
          buffers: z
            .array(z.object({ path: z.string().min(1).max(4096), content: z.string().max(MAX_EDITOR_FILE_BYTES) }).strict())
            .max(MAX_PLAN_BUFFERS, `At most ${MAX_PLAN_BUFFERS} unsaved files can be planned at once. Save some of them first.`),
        })
        .strict(),
      z.object({ source: z.literal('staged') }).strict(),
    ]),
    response: PlanResponse,
  },
  /** The YAML of one object of a recent plan, before (the last run) and after (the planned run), for its diff. */
  'plan.object': {
    request: z.object({ planId: z.string().min(1).max(100), key: z.string().min(3).max(2000) }).strict(),
    response: z.object({ left: z.string(), right: z.string(), conditionLines: z.array(z.number()) }),
  },
} as const satisfies ChannelGroup;
