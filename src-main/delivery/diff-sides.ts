// The two sides of a semantic diff (issue 13 item 3): a stored snapshot of the project's runs, a git
// revision (the project run as that commit holds it, cached by commit: project/revision-run.ts), or a
// delivery environment (what its active deployment serves: the snapshot taken when it became active).
// `run diff --rev A..B | --env a..b | --from X --to Y` and the app's compare view name sides the same way:
//   `rev:<revision>`  `env:<environment>`  or a snapshot id (prefix), `latest`, `previous`.
// Resolving a side gives a token that names it for good (a commit hash, a deployment id) so the app can
// ask for one object's two renderings or a field's provenance later without running anything again.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KrmObject } from '../../src-shared/krm/object.js';
import { diffSnapshots, readSnapshot, type DiffItem, type DiffOptions, type Snapshot } from '../engine/index.js';
import { revisionStateDir, runRevision, storedRevisionRun, type RevisionRunOptions } from '../project/revision-run.js';
import { Environments } from './environments.js';
import { deliveryPaths, deploymentSnapshotFile, readJson } from './layout.js';
import { DeliveryError, type Deployment } from './types.js';

/** A side as the user names it. */
export type SideSpec = { kind: 'snapshot'; ref: string } | { kind: 'rev'; rev: string } | { kind: 'env'; env: string };

/** A resolved side: its token, what to call it, and its objects. */
export interface DiffSide {
  /** Names exactly this side from now on: a snapshot id, `rev:<commit>[-r]` or `env:<env id>@<deployment id>`. */
  token: string;
  kind: SideSpec['kind'];
  /** One line for people: `revision 1a2b3c4d5e6f main~1 "Fix the tone"`, `production: deployment d-… of build …`. */
  label: string;
  snapshot: Snapshot;
  /** Where the side's run keeps its state (snapshots and provenance): the project, or a revision's folder. */
  stateDir?: string;
  /** The side's run failed: its objects are what the failed run left. */
  failed?: string;
}

const REV_TOKEN = /^rev:([0-9a-f]{40})(-r)?$/;
const ENV_TOKEN = /^env:([^@\s]+)@([^@\s]+)$/;

/** `rev:X` → revision X, `env:X` → environment X, anything else a snapshot reference. */
export function parseSide(text: string): SideSpec {
  if (text.startsWith('rev:')) return { kind: 'rev', rev: text.slice(4) };
  if (text.startsWith('env:')) return { kind: 'env', env: text.slice(4) };
  return { kind: 'snapshot', ref: text };
}

/** `A..B` of `--rev`/`--env` as two sides; a UsageError-like Error naming the flag when it is not that shape. */
export function parseRange(flag: '--rev' | '--env', text: string): [SideSpec, SideSpec] {
  const i = text.indexOf('..');
  const a = i < 0 ? '' : text.slice(0, i);
  const b = i < 0 ? '' : text.slice(i + 2);
  if (!a || !b || b.startsWith('.')) {
    throw new Error(`${flag} ${text}: expected two ${flag === '--rev' ? 'revisions' : 'environments'} as A..B, for example ${flag === '--rev' ? 'HEAD~1..HEAD or main..feature' : 'development..production'}`);
  }
  return flag === '--rev' ? [{ kind: 'rev', rev: a }, { kind: 'rev', rev: b }] : [{ kind: 'env', env: a }, { kind: 'env', env: b }];
}

export interface ResolveOptions extends RevisionRunOptions {}

/**
 * Resolves a side, running a revision that has not run yet. Throws GitError (unknown revision, no
 * repository), DeliveryError `not-found` (unknown environment, nothing deployed), StoreError (unknown
 * snapshot) and RunLoadError (the revision's project cannot be loaded), each saying what to do.
 */
export async function resolveSide(projectDir: string, spec: SideSpec, opts: ResolveOptions = {}): Promise<DiffSide> {
  if (spec.kind === 'snapshot') {
    const snapshot = await readSnapshot(projectDir, spec.ref);
    return { token: snapshot.id, kind: 'snapshot', label: `snapshot ${snapshot.id} (${snapshot.mode}, ${snapshot.createdAt})`, snapshot, stateDir: path.resolve(projectDir), ...failure(snapshot) };
  }
  if (spec.kind === 'rev') {
    const run = await runRevision(projectDir, spec.rev, opts);
    const snapshot = await readSnapshot(run.stateDir, run.snapshot.id);
    const named = spec.rev.startsWith(run.commit.slice(0, spec.rev.length)) ? '' : ` ${spec.rev}`;
    return {
      token: `rev:${run.commit}${opts.internalReconcilers ? '-r' : ''}`,
      kind: 'rev',
      label: `revision ${run.commit.slice(0, 12)}${named} "${run.subject}"`,
      snapshot,
      stateDir: run.stateDir,
      ...failure(snapshot),
    };
  }
  const { env, deployment } = await activeDeployment(projectDir, spec.env);
  return envSide(projectDir, env.id, env.name, deployment);
}

/**
 * Opens a side by the token resolveSide gave, without running anything (the app's follow-up requests).
 * Throws DeliveryError `not-found` when the token names nothing stored (any more).
 */
export async function openSide(projectDir: string, token: string): Promise<DiffSide> {
  const rev = REV_TOKEN.exec(token);
  if (rev) {
    const stateDir = revisionStateDir(projectDir, rev[1]!, !!rev[2]);
    const info = await storedRevisionRun(projectDir, rev[1]!, !!rev[2]);
    if (!info) throw new DeliveryError('not-found', `Revision ${rev[1]!.slice(0, 12)} has not been run (or its run was removed from ${stateDir}). Compare it again to run it.`);
    const snapshot = await readSnapshot(stateDir, info.id);
    return { token, kind: 'rev', label: `revision ${rev[1]!.slice(0, 12)}`, snapshot, stateDir, ...failure(snapshot) };
  }
  const env = ENV_TOKEN.exec(token);
  if (env) {
    const file = await readJson<DeploymentsFile>(deliveryPaths(projectDir).deployments, { deployments: [], active: {} });
    const deployment = file.deployments.find((d) => d.id === env[2] && d.env === env[1]);
    if (!deployment) throw new DeliveryError('not-found', `Deployment ${env[2]} of environment ${env[1]} is not recorded in this project. Compare the environments again.`);
    const named = await new Environments(deliveryPaths(projectDir)).get(env[1]!).catch(() => undefined);
    return envSide(projectDir, env[1]!, named?.name ?? env[1]!, deployment);
  }
  return resolveSide(projectDir, { kind: 'snapshot', ref: token });
}

/** Is this a token of a side other than a stored snapshot (so objects of two separate runs are compared)? */
export function isRunSideToken(token: string): boolean {
  return REV_TOKEN.test(token) || ENV_TOKEN.test(token);
}

/**
 * The diff of two sides, as `run diff` computes it for two snapshots. Sides of separate runs (a revision,
 * an environment) never share uids, times or resource versions, so those are left out of the comparison
 * (comparable()); two snapshots of the project's own runs are compared as `run diff` compares them.
 */
export function diffSides(from: DiffSide, to: DiffSide, opts: DiffOptions = {}): DiffItem[] {
  const separate = from.kind !== 'snapshot' || to.kind !== 'snapshot';
  const view = (s: Snapshot) => (separate ? { ...s, objects: s.objects.map(comparable) } : s);
  return diffSnapshots(view(from.snapshot), view(to.snapshot), opts);
}

/**
 * An object without what differs between two separate runs of the same files: uid, resourceVersion,
 * generation, creationTimestamp, managedFields (their times), owner references' uids, the conditions'
 * lastTransitionTime and observedGeneration.
 */
export function comparable(o: KrmObject): KrmObject {
  const { uid: _u, resourceVersion: _r, generation: _g, creationTimestamp: _c, managedFields: _m, ...meta } = o.metadata as KrmObject['metadata'] & Record<string, unknown>;
  if (Array.isArray(meta.ownerReferences)) meta.ownerReferences = meta.ownerReferences.map(({ uid: _id, ...ref }) => ref) as typeof meta.ownerReferences;
  const status = o.status as Record<string, unknown> | undefined;
  const conditions = status && Array.isArray(status.conditions) ? (status.conditions as Record<string, unknown>[]).map(({ lastTransitionTime: _t, observedGeneration: _og, ...c }) => c) : undefined;
  return { ...o, metadata: meta as KrmObject['metadata'], ...(conditions ? { status: { ...status, conditions } } : {}) };
}

// ---- environments --------------------------------------------------------------------------------

interface DeploymentsFile {
  deployments: Deployment[];
  active: Record<string, string>;
}

/** An environment as a side can name it: its active deployment, if any (read from disk; nothing starts). */
export interface EnvironmentChoice {
  id: string;
  name: string;
  deployment: { id: string; buildId: string; commit: string; createdAt: string } | null;
}

/** The project's environments in promotion order, each with the deployment its side would show. */
export async function environmentChoices(projectDir: string): Promise<EnvironmentChoice[]> {
  const paths = deliveryPaths(projectDir);
  const file = await readJson<DeploymentsFile>(paths.deployments, { deployments: [], active: {} });
  return (await new Environments(paths).list()).map((env) => {
    const d = file.deployments.find((x) => x.id === file.active[env.id]);
    return { id: env.id, name: env.name, deployment: d ? { id: d.id, buildId: d.buildId, commit: d.commit, createdAt: d.createdAt } : null };
  });
}

async function activeDeployment(projectDir: string, envRef: string): Promise<{ env: { id: string; name: string }; deployment: Deployment }> {
  const paths = deliveryPaths(projectDir);
  const env = await new Environments(paths).get(envRef);
  const file = await readJson<DeploymentsFile>(paths.deployments, { deployments: [], active: {} });
  const deployment = file.deployments.find((d) => d.id === file.active[env.id]);
  if (!deployment) {
    throw new DeliveryError('not-found', `Nothing is deployed to ${env.name}, so there is nothing to compare. Deploy a build first (\`choreo deploy ${env.name} BUILD\`, or the Environments view).`);
  }
  return { env, deployment };
}

async function envSide(projectDir: string, envId: string, envName: string, d: Deployment): Promise<DiffSide> {
  // what the deployment served when it became active (secret values redacted), else when it was replaced
  for (const label of ['active', 'final'] as const) {
    const text = await fs.readFile(deploymentSnapshotFile(deliveryPaths(projectDir), envId, d.id, label), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const snapshot = JSON.parse(text) as Snapshot;
    return {
      token: `env:${envId}@${d.id}`,
      kind: 'env',
      label: `${envName}: deployment ${d.id} of build ${d.buildId} (commit ${d.commit.slice(0, 12)})`,
      snapshot,
    };
  }
  throw new DeliveryError('not-found', `Deployment ${d.id} of ${envName} has no stored snapshot (it was made before deployments kept one). Deploy its build again to compare it.`);
}

function failure(s: Snapshot): { failed?: string } {
  return s.success === false ? { failed: s.summary ?? 'the run failed' } : {};
}
