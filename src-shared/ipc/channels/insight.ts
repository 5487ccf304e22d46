// Insight channels (issue 13): why a field of a derived object has its value (field provenance), and what a
// run of the project would change (plan). The host answers them in worker threads
// (src-main/host/services/insight.ts); the shapes are those of src-shared/insight/provenance.ts.
import { z } from 'zod';
import type { ChannelGroup } from '../contract.js';
import type { FieldExplanation } from '../../insight/provenance.js';

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
} as const satisfies ChannelGroup;
