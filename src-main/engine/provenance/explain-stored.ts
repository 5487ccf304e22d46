// `choreo explain` over the stored runs: finds the object in a snapshot (default the latest), reads that
// run's provenance and the same object in older snapshots, and explains its fields (./explain.ts).
import type { FieldExplanation } from '../../../src-shared/insight/provenance.js';
import { parseFieldPath } from '../../../src-shared/insight/provenance.js';
import { parseApiVersion, type KrmObject } from '../../../src-shared/krm/object.js';
import { StoreError } from '../store/errors.js';
import { listSnapshots, readSnapshot } from '../snapshots/snapshot-store.js';
import type { Snapshot } from '../snapshots/types.js';
import { explainObject, FieldNotFoundError } from './explain.js';
import { readProvenance } from './provenance-store.js';

export interface ExplainRequest {
  /** `<plural>.<group>` (a core kind: `<plural>`). */
  resource: string;
  name: string;
  /** Default `default` for namespaced kinds. */
  namespace?: string;
  /** `.spec.x`: only this field (and what is below it). */
  field?: string;
  /** Snapshot id, id prefix, `latest` (default) or `previous`. */
  snapshot?: string;
  /** How many older snapshots to compare for "last changed" (default 10). */
  historyDepth?: number;
}

export interface ExplainAnswer {
  object: { apiVersion: string; kind: string; namespace: string; name: string };
  /** false when the run recorded no provenance (an older snapshot, a prod run): managers only. */
  recorded: boolean;
  fields: FieldExplanation[];
}

/** Throws StoreError (NotFound, InvalidArgument) with a message that says what to do. */
export async function explainStored(projectDir: string, req: ExplainRequest): Promise<ExplainAnswer> {
  let field;
  try {
    field = req.field === undefined ? undefined : parseFieldPath(req.field);
  } catch (e) {
    throw new StoreError('InvalidArgument', (e as Error).message);
  }
  const snap = await readSnapshot(projectDir, req.snapshot ?? 'latest');
  const object = findObject(snap, req);
  const records = await readProvenance(projectDir, snap.id);
  const all = await listSnapshots(projectDir);
  const at = all.findIndex((s) => s.id === snap.id);
  const older = at < 0 ? [] : all.slice(at + 1, at + 1 + (req.historyDepth ?? 10));
  const history: { snapshotId: string; createdAt: string; object: KrmObject | undefined }[] = [];
  for (const s of older) {
    const old = await readSnapshot(projectDir, s.id);
    history.push({ snapshotId: s.id, createdAt: s.createdAt, object: sameObject(old, object) });
  }
  let fields: FieldExplanation[];
  try {
    fields = explainObject({ object, records, run: { snapshotId: snap.id, runId: snap.runId, createdAt: snap.createdAt }, history, field });
  } catch (e) {
    if (e instanceof FieldNotFoundError) throw new StoreError('NotFound', e.message);
    throw e;
  }
  return {
    object: { apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata.namespace ?? '', name: object.metadata.name ?? '' },
    recorded: records !== undefined,
    fields,
  };
}

function findObject(snap: Snapshot, req: ExplainRequest): KrmObject {
  const dot = req.resource.indexOf('.');
  const plural = dot < 0 ? req.resource : req.resource.slice(0, dot);
  const group = dot < 0 ? '' : req.resource.slice(dot + 1);
  const api = snap.apiResources.find((a) => a.resource === plural && a.group === group);
  if (!api) throw new StoreError('NotFound', `resource ${req.resource} is not in snapshot ${snap.id} (see \`choreo api-resources\`; write <plural>.<group>)`);
  const ns = api.namespaced ? (req.namespace ?? 'default') : '';
  const o = findIn(snap, group, api.kind, ns, req.name);
  if (!o) throw new StoreError('NotFound', `${req.resource} ${ns ? `${ns}/` : ''}${req.name} not found in snapshot ${snap.id} (run \`choreo run once\` first, or check the name with \`choreo get ${req.resource}\`)`);
  return o;
}

function sameObject(snap: Snapshot, o: KrmObject): KrmObject | undefined {
  return findIn(snap, parseApiVersion(o.apiVersion).group, o.kind, o.metadata.namespace ?? '', o.metadata.name ?? '');
}

/** An object by group (any version), kind, namespace and name. */
function findIn(snap: Snapshot, group: string, kind: string, namespace: string, name: string): KrmObject | undefined {
  return snap.objects.find((x) => x.kind === kind && x.metadata.name === name && (x.metadata.namespace ?? '') === namespace && parseApiVersion(x.apiVersion).group === group);
}
