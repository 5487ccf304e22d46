// The worker side of comparing any two sides (issue 13 item 3, `snapshots.compare`): resolving the sides
// (a revision not run yet runs here, so this runs in the heap-limited run worker), and explaining a field of
// a side's object (a revision's run recorded provenance in its own state folder; an environment's snapshot has
// managers only). The sides themselves are delivery/diff-sides.ts's.
import type { ComparedSide } from '../../../src-shared/ipc/channels/engine.js';
import type { ExplainResponse } from '../../../src-shared/ipc/channels/insight.js';
import { parseFieldPath } from '../../../src-shared/insight/provenance.js';
import { parseApiVersion } from '../../../src-shared/krm/object.js';
import { DeliveryError } from '../../delivery/index.js';
import { openSide, parseSide, resolveSide, type DiffSide, type SideSpec } from '../../delivery/diff-sides.js';
import { explainObject, explainStored, FieldNotFoundError, isStoreError, RunLoadError } from '../../engine/index.js';
import { GitError } from '../../project/git/errors.js';
import { commitOf } from '../../project/revision-run.js';
import type { WorkerOps } from './protocol.js';

type Refusal = Extract<WorkerOps['prepareSides']['value'], { ok: false }>;

function sideName(s: SideSpec): string {
  return s.kind === 'rev' ? `Revision "${s.rev}"` : s.kind === 'env' ? `Environment "${s.env}"` : `Snapshot "${s.ref}"`;
}

/** The user's error about one side as a refusal with a code the host answers with; anything else throws. */
function refusal(spec: SideSpec, e: unknown): Refusal {
  const say = (code: Refusal['code'], message: string): Refusal => ({ ok: false, code, message: `${sideName(spec)}: ${message}` });
  if (e instanceof GitError) return say(e.code === 'not-a-repo' ? 'not-a-repo' : 'not-found', e.message);
  if (e instanceof DeliveryError) return say(e.code === 'not-found' ? 'not-found' : 'invalid-request', e.message);
  if (isStoreError(e)) return say('not-found', `${e.message}. Pick a snapshot from the list (every run stores one).`);
  if (e instanceof RunLoadError) return say('invalid-request', `the project does not load at this revision: ${e.message}`);
  throw e;
}

function described(side: DiffSide): ComparedSide {
  return { token: side.token, kind: side.kind, label: side.label, ...(side.failed ? { failed: side.failed } : {}) };
}

/** Resolves both sides; revision names are checked before either revision runs. */
export async function prepareSides(args: WorkerOps['prepareSides']['args'], onProgress: (line: string) => void): Promise<WorkerOps['prepareSides']['value']> {
  const specs = [parseSide(args.from), parseSide(args.to)];
  for (const spec of specs) {
    if (spec.kind !== 'rev') continue;
    try {
      await commitOf(args.dir, spec.rev);
    } catch (e) {
      return refusal(spec, e);
    }
  }
  const out: ComparedSide[] = [];
  for (const spec of specs) {
    try {
      out.push(described(await resolveSide(args.dir, spec, { internalReconcilers: args.internalReconcilers, onProgress })));
    } catch (e) {
      return refusal(spec, e);
    }
  }
  return { ok: true, from: out[0]!, to: out[1]! };
}

/**
 * A field of an object of a revision's or an environment's side, explained: a revision's run recorded its
 * provenance in the revision's own state folder; an environment's snapshot has the managers only.
 */
export async function explainSide(dir: string, token: string, key: string, field: string | undefined): Promise<ExplainResponse> {
  const side = await openSideOrNotFound(dir, token);
  if (side.stateDir) return explainStored(side.stateDir, { key, field, snapshot: side.snapshot.id });
  const [apiVersion = '', kind = '', namespace = '', name = ''] = key.split('|');
  const { group } = parseApiVersion(apiVersion);
  const object = side.snapshot.objects.find((o) => o.kind === kind && o.metadata.name === name && (o.metadata.namespace ?? '') === namespace && parseApiVersion(o.apiVersion).group === group);
  if (!object) throw Object.assign(new Error(`${kind} ${namespace ? `${namespace}/` : ''}${name} is not in ${side.label}.`), { notFound: true });
  try {
    const fields = explainObject({
      object,
      records: undefined,
      run: { snapshotId: token, runId: side.snapshot.runId, createdAt: side.snapshot.createdAt },
      history: [],
      field: field === undefined ? undefined : parseFieldPath(field),
    });
    return { object: { apiVersion: object.apiVersion, kind, namespace, name }, recorded: false, fields };
  } catch (e) {
    if (e instanceof FieldNotFoundError) throw Object.assign(new Error(e.message), { notFound: true });
    throw e;
  }
}

/** openSide for the worker's loaders: a side that is not stored (any more) answers not-found. */
export async function openSideOrNotFound(dir: string, token: string): Promise<DiffSide> {
  try {
    return await openSide(dir, token);
  } catch (e) {
    if (e instanceof DeliveryError && e.code === 'not-found') throw Object.assign(new Error(e.message), { notFound: true });
    throw e;
  }
}
