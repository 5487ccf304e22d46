// `choreo explain` over the stored runs: finds the object in a snapshot (default the latest), reads that
// run's provenance and the same object in older snapshots, and explains its fields (./explain.ts).
import { objectKeyOf, parseFieldPath, type FieldExplanation, type ObjectIdentity, type SourcePosition } from '../../../src-shared/insight/provenance.js';
import { readProjectSources } from '../loader/sources.js';
import { diskFs } from '../loader/source-fs.js';
import { parseApiVersion, type KrmObject } from '../../../src-shared/krm/object.js';
import { StoreError } from '../store/errors.js';
import { listSnapshots, readSnapshot } from '../snapshots/snapshot-store.js';
import type { Snapshot } from '../snapshots/types.js';
import { explainObject, FieldNotFoundError } from './explain.js';
import { readProvenance } from './provenance-store.js';

export interface ExplainRequest {
  /** `<plural>.<group>` (a core kind: `<plural>`) and the object's name; or `key` instead. */
  resource?: string;
  name?: string;
  /** The object as the engine channels name it, `apiVersion|kind|namespace|name` (the app's views). */
  key?: string;
  /** Default `default` for namespaced kinds. */
  namespace?: string;
  /** `.spec.x`: only this field (and what is below it). */
  field?: string;
  /** Snapshot id, id prefix, `latest` (default) or `previous`. */
  snapshot?: string;
  /** How many older snapshots to compare for "last changed" (default 10). */
  historyDepth?: number;
  /** Also find the input file (in/) of each write's trigger object (`ExplainAnswer.inputs`). */
  inputPlaces?: boolean;
}

export interface ExplainAnswer {
  object: { apiVersion: string; kind: string; namespace: string; name: string };
  /** false when the run recorded no provenance (an older snapshot, a prod run): managers only. */
  recorded: boolean;
  fields: FieldExplanation[];
  /** With `inputPlaces`: where the trigger objects of the writes are written in in/ (object key → place). */
  inputs?: Record<string, SourcePosition>;
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
  const inputs = req.inputPlaces ? await inputPlaces(projectDir, fields) : undefined;
  return {
    ...(inputs ? { inputs } : {}),
    object: { apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata.namespace ?? '', name: object.metadata.name ?? '' },
    recorded: records !== undefined,
    fields,
  };
}

function findObject(snap: Snapshot, req: ExplainRequest): KrmObject {
  if (req.key !== undefined) {
    const [apiVersion = '', kind = '', namespace = '', name = ''] = req.key.split('|');
    const o = findIn(snap, parseApiVersion(apiVersion).group, kind, namespace, name);
    if (!o) throw new StoreError('NotFound', `${kind} ${namespace ? `${namespace}/` : ''}${name} is not in snapshot ${snap.id}`);
    return o;
  }
  if (!req.resource || req.name === undefined) throw new StoreError('InvalidArgument', 'name the object: <plural>.<group> and NAME, or its key');
  const dot = req.resource.indexOf('.');
  const plural = dot < 0 ? req.resource : req.resource.slice(0, dot);
  const group = dot < 0 ? '' : req.resource.slice(dot + 1);
  const api = snap.apiResources.find((a) => a.resource === plural && a.group === group);
  if (!api) throw new StoreError('NotFound', `resource ${req.resource} is not in snapshot ${snap.id} (see \`choreo api-resources\`; write <plural>.<group>)`);
  const ns = api.namespaced ? (req.namespace ?? 'default') : '';
  const o = findIn(snap, group, api.kind, ns, req.name!);
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

/**
 * Where the writes' trigger objects are written in the project's input files (the folder as it is now; an
 * object no input file holds, such as a derived one, is left out). Keyed by `objectKeyOf`.
 */
async function inputPlaces(projectDir: string, fields: FieldExplanation[]): Promise<Record<string, SourcePosition>> {
  const wanted = new Map<string, ObjectIdentity>();
  for (const f of fields) if (f.write) wanted.set(objectKeyOf(f.write.trigger.apiVersion, f.write.trigger.kind, f.write.trigger.namespace, f.write.trigger.name), f.write.trigger);
  const out: Record<string, SourcePosition> = {};
  if (!wanted.size) return out;
  const sources = await readProjectSources(diskFs(projectDir), { noDevParse: true });
  for (const input of sources.inputs) {
    const o = input.object;
    const key = objectKeyOf(o.apiVersion, o.kind, o.metadata.namespace ?? 'default', o.metadata.name);
    const bare = objectKeyOf(o.apiVersion, o.kind, o.metadata.namespace ?? '', o.metadata.name);
    for (const k of [key, bare]) if (wanted.has(k) && !out[k]) out[k] = { file: input.origin.file, line: input.origin.line ?? 1, col: input.origin.column ?? 1 };
  }
  return out;
}

