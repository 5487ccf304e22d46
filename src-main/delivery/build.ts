// A build of one commit ("build once, deploy many"): an isolated checkout of exactly that commit, upstream
// refs resolved to pinned commits, a whole-project check (inputs against their schemas, every Starlark
// file resolved, every reconciler's kinds registered), one run, and an immutable, content-addressed
// artifact: `.choreo/delivery/builds/<id>/` with the resolved project (`project/`, refs clones included),
// the run result and its snapshot. The digest covers files, pinned refs, findings, used keys and the
// normalised objects (no times, no uids, no resourceVersions), so two builds of one commit get one digest.
// Only the latest build per commit is kept; failed builds are recorded and cannot be deployed.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { trimRunResult } from '../../src-shared/run/format.js';
import type { RunResult } from '../../src-shared/run/result.js';
import { canonicalJson, type Snapshot } from '../engine/index.js';
import type { BuildEvaluation } from './build-eval.js';
import { resolveBuildRef } from './build-ref.js';
import { checkoutCommit, resolveCommit } from './checkout.js';
import type { History } from './history.js';
import { readJson, writeJson, type DeliveryPaths } from './layout.js';
import { openRepo } from '../project/git/repo.js';
import type { DeliveryRunners } from './runners.js';
import { DeliveryError, type BuildRecord, type Trigger } from './types.js';
import { CHOREO_PATHS } from '../../src-shared/project/choreo-dir.js';

export interface BuildOptions {
  paths: DeliveryPaths;
  history: History;
  /** Where the check and the run happen (a runner thread with a heap limit: ./runners.ts). */
  runners: DeliveryRunners;
  rev: string;
  trigger: Trigger;
  signal?: AbortSignal;
  /** Do not contact upstream remotes (cached clones only). */
  offline?: boolean;
  /** Check and run with the engine's built-in backends; recorded in the build, so its deployments run with them too. */
  internalReconcilers?: boolean;
  onStart?: (executionId: string) => void;
}

export function buildDir(paths: DeliveryPaths, id: string): string {
  return path.join(paths.builds, id);
}

export async function listBuilds(paths: DeliveryPaths): Promise<BuildRecord[]> {
  const names = await fs.readdir(paths.builds).catch(() => [] as string[]);
  const out: BuildRecord[] = [];
  for (const n of names) {
    const rec = await readJson<BuildRecord | undefined>(path.join(paths.builds, n, 'build.json'), undefined).catch(() => undefined);
    if (rec) out.push(rec);
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

/** The build `ref` names (id, digest, a unique prefix of either, or a commit prefix: ./build-ref.ts). */
export async function readBuild(paths: DeliveryPaths, ref: string): Promise<BuildRecord> {
  return resolveBuildRef(await listBuilds(paths), ref);
}

export async function readBuildSnapshot(paths: DeliveryPaths, id: string): Promise<Snapshot> {
  return readJson<Snapshot>(path.join(buildDir(paths, id), 'snapshot.json'), undefined as unknown as Snapshot).then((s) => {
    if (!s) throw new DeliveryError('not-found', `The build ${id} has no snapshot (its check failed before the run).`);
    return s;
  });
}

/** The project folder of a build's artifact (what deployments run). */
export function buildProjectDir(paths: DeliveryPaths, id: string): string {
  return path.join(buildDir(paths, id), 'project');
}

/** Drops volatile fields (uids, resource versions, times) so the digest depends on content only. */
export function normaliseForDigest(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normaliseForDigest);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === 'uid' || k === 'resourceVersion' || k === 'creationTimestamp' || k === 'lastTransitionTime' || k === 'time' || k === 'deletionTimestamp') continue;
    out[k] = normaliseForDigest(v);
  }
  return out;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Builds `rev`; resolves to the recorded build (failed builds too). Throws only when nothing could be built (no repo, bad rev) or on cancel. */
export async function buildRevision(projectRoot: string, opts: BuildOptions): Promise<BuildRecord> {
  const { paths } = opts;
  const repo = await openRepo(projectRoot).catch((e: Error) => {
    throw new DeliveryError('git', `Builds need a git repository: ${e.message}`);
  });
  const commit = await resolveCommit(repo, opts.rev);
  const exec = await opts.history.start({ kind: 'build', trigger: opts.trigger, commit, dirty: false });
  opts.onStart?.(exec.execution.id);
  const log = exec.log;
  const started = Date.now();
  const work = path.join(paths.tmp, `build-${randomBytes(6).toString('hex')}`);
  const dir = path.join(work, 'project');
  try {
    const backends = opts.internalReconcilers === true;
    log(`build of ${opts.rev} (${commit.slice(0, 12)}) in an isolated checkout${backends ? ', with the built-in backends' : ''}`);
    const { files } = await checkoutCommit(projectRoot, commit, dir);
    log(`checked out ${files.length} file(s) of ${commit}`);
    // Seed the upstream clones from the project's cache so a rebuild needs no network; refs are still resolved.
    const cache = path.join(paths.root, CHOREO_PATHS.refs);
    if (existsSync(cache)) await fs.cp(cache, path.join(dir, CHOREO_PATHS.refs), { recursive: true });
    if (opts.signal?.aborted) throw new DeliveryError('cancelled', 'build cancelled');

    const checked = await opts.runners.evaluateBuild(dir, { root: projectRoot, offline: opts.offline ?? process.env.CHOREO_OFFLINE === '1', internalReconcilers: backends, log }, opts.signal).catch((e: Error): BuildEvaluation => {
      if (opts.signal?.aborted) throw new DeliveryError('cancelled', 'build cancelled');
      // the check and run ended without an answer (out of memory, a stuck reconcile): a failed build that says why
      log(`error: ${e.message}`);
      return { findings: [{ severity: 'error', message: e.message }], refs: [], kinds: [], keys: [] };
    });
    const errors = checked.findings.filter((f) => f.severity === 'error');
    const result: RunResult | undefined = checked.run?.result;
    const keys = checked.keys;
    const objects: unknown[] = checked.run?.objects ?? [];
    const snapshot: Snapshot | undefined = checked.run && {
      id: '',
      createdAt: new Date().toISOString(),
      mode: 'build',
      runId: exec.execution.id,
      summary: checked.run.result.success ? 'execution success' : `execution failed ${checked.run.result.message}`,
      success: checked.run.result.success,
      git: { commit, dirty: false },
      objectCount: checked.run.objects.length,
      apiResources: checked.run.apiResources,
      objects: checked.run.objects,
      result: trimRunResult(checked.run.result, 5000),
    };
    if (opts.signal?.aborted) throw new DeliveryError('cancelled', 'build cancelled');
    const failed = checked.findings.some((f) => f.severity === 'error') || !result?.success;
    const message = failed
      ? errors.length || !result
        ? `check failed: ${checked.findings.filter((f) => f.severity === 'error').length} error(s)`
        : `run failed: ${result.message}`
      : `built: ${snapshot?.objectCount ?? 0} object(s)`;
    // The digest: what went in (files, pinned refs) and what came out (findings, keys, normalised objects).
    const fileHashes: Array<[string, string]> = [];
    for (const f of files) fileHashes.push([f, sha256(await fs.readFile(path.join(dir, ...f.split('/'))))]);
    const scrub = (s: string) => s.split(dir).join('<project>').split(work).join('<build>');
    const findings = checked.findings.map((f) => ({ ...f, message: scrub(f.message) }));
    const digest = sha256(
      canonicalJson({
        v: 1,
        files: fileHashes,
        refs: checked.refs.map((r) => [r.name, r.url, r.commit]),
        failed,
        findings,
        keys: keys.map((k) => [k.kind, k.key, k.required]),
        objects: normaliseForDigest(objects),
        // only when on, so builds without the backends keep the digests they always had
        ...(backends ? { internalReconcilers: true } : {}),
      } as never),
    );
    const id = digest.slice(0, 16);
    const record: BuildRecord = {
      id,
      digest,
      commit,
      rev: opts.rev,
      status: failed ? 'failed' : 'succeeded',
      message,
      createdAt: new Date().toISOString(),
      durationMs: Date.now() - started,
      executionId: exec.execution.id,
      findings,
      keys,
      refs: checked.refs,
      kinds: checked.kinds,
      objectCount: snapshot?.objectCount ?? 0,
      fileCount: files.length,
      ...(backends ? { internalReconcilers: true } : {}),
    };
    await storeArtifact(paths, record, work, snapshot ? { ...snapshot, id } : undefined, result);
    log(`${record.status}: build ${id} (digest ${digest})`);
    await exec.end(failed ? 'failed' : 'succeeded', `${message} (build ${id})`, { buildId: id });
    return record;
  } catch (e) {
    await fs.rm(work, { recursive: true, force: true });
    const cancelled = e instanceof DeliveryError && e.code === 'cancelled';
    log(cancelled ? 'cancelled' : `error: ${(e as Error).message}`);
    await exec.end(cancelled ? 'cancelled' : 'failed', (e as Error).message);
    throw e;
  }
}

/** Moves the checkout into `builds/<id>/` (replacing an earlier identical build) and drops older builds of the commit. */
async function storeArtifact(paths: DeliveryPaths, record: BuildRecord, work: string, snapshot: Snapshot | undefined, result: RunResult | undefined): Promise<void> {
  // runner bookkeeping of the build run is not part of the artifact
  await fs.rm(path.join(work, 'project', CHOREO_PATHS.runner), { force: true });
  if (snapshot) await writeJson(path.join(work, 'snapshot.json'), snapshot);
  if (result) await writeJson(path.join(work, 'result.json'), trimRunResult(result, 5000));
  await writeJson(path.join(work, 'build.json'), record);
  const target = buildDir(paths, record.id);
  await fs.mkdir(paths.builds, { recursive: true });
  // replace atomically enough: the old folder is renamed away first, then the new one takes its place
  if (existsSync(target)) {
    const trash = `${target}.old-${randomBytes(4).toString('hex')}`;
    await fs.rename(target, trash);
    await fs.rename(work, target);
    await fs.rm(trash, { recursive: true, force: true });
  } else await fs.rename(work, target);
  for (const b of await listBuilds(paths)) {
    if (b.commit === record.commit && b.id !== record.id) await fs.rm(buildDir(paths, b.id), { recursive: true, force: true });
  }
}
