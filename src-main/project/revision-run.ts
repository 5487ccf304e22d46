// Runs the project as a git revision holds it (issue 13 item 3), cached by commit: the files come from the
// commit's tree through the loader's SourceFs (git/revision-fs.ts), never from a checkout over the user's
// working tree, and the run keeps its own state (db, snapshot, provenance) in `.choreo/revisions/<commit>/`,
// so its snapshot can be diffed and its fields explained like any run's. A commit's run is written to a
// temporary folder and renamed into place when it is complete: a killed or cancelled run leaves no entry,
// and two processes running the same commit both end with one.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CHOREO_PATHS } from '../../src-shared/project/choreo-dir.js';
import { listSnapshots, manualClock, readUrlRewrites, runOnceWithProject, sequentialUids, type SnapshotInfo } from '../engine/index.js';
import { openRepo } from './git/repo.js';
import { resolveRevision, revisionSource } from './git/revision-fs.js';

export interface RevisionRun {
  commit: string;
  /** The commit's first message line. */
  subject: string;
  /** The run's own project state folder (its `.choreo/` holds the db, the snapshot and provenance). */
  stateDir: string;
  snapshot: SnapshotInfo;
  /** true: an earlier run of this commit was reused. */
  cached: boolean;
}

export interface RevisionRunOptions {
  /** `-r`: the internal backends (a separate cache entry). */
  internalReconcilers?: boolean;
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
}

/** Timestamps of revision runs: two runs of one commit write the same objects. */
const REVISION_EPOCH = '2000-01-01T00:00:00Z';

/** `.choreo/revisions/<commit>` (`-r`: `<commit>-r`): the state folder of one commit's run. */
export function revisionStateDir(projectDir: string, commit: string, internalReconcilers = false): string {
  return path.join(path.resolve(projectDir), CHOREO_PATHS.revisions, `${commit}${internalReconcilers ? '-r' : ''}`);
}

/** The commit a revision names (GitError `not-found` / `not-a-repo` when it cannot). */
export async function commitOf(projectDir: string, rev: string): Promise<string> {
  return resolveRevision(await openRepo(projectDir), rev);
}

/** The stored run of `commit`, if it ran before. */
export async function storedRevisionRun(projectDir: string, commit: string, internalReconcilers = false): Promise<SnapshotInfo | undefined> {
  return (await listSnapshots(revisionStateDir(projectDir, commit, internalReconcilers)))[0];
}

/**
 * The run of the project at `rev`: the stored one when the commit ran before, else a new run. Throws GitError
 * for a revision that names nothing, RunLoadError when that revision's project cannot be loaded.
 */
export async function runRevision(projectDir: string, rev: string, opts: RevisionRunOptions = {}): Promise<RevisionRun> {
  const root = path.resolve(projectDir);
  const source = await revisionSource(root, rev);
  const stateDir = revisionStateDir(root, source.commit, opts.internalReconcilers);
  const stored = await storedRevisionRun(root, source.commit, opts.internalReconcilers);
  if (stored) return { commit: source.commit, subject: source.subject, stateDir, snapshot: stored, cached: true };
  const tmp = `${stateDir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await fs.mkdir(tmp, { recursive: true });
  try {
    opts.onProgress?.(`running revision ${source.commit.slice(0, 12)} (${source.subject})`);
    await runOnceWithProject(tmp, {
      load: { sources: source.files, clock: manualClock(REVISION_EPOCH), newUid: sequentialUids() },
      // upstream refs are fetched as the project's own runs fetch them
      urlRewrites: await readUrlRewrites(root),
      internalReconcilers: opts.internalReconcilers,
      signal: opts.signal,
      onProgress: opts.onProgress,
    });
    if (opts.signal?.aborted) throw new Error(`the run of revision ${source.commit.slice(0, 12)} was cancelled`);
    await fs.rename(tmp, stateDir).catch(async (e: NodeJS.ErrnoException) => {
      // another process stored the same commit meanwhile: keep its entry
      if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
    });
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
  const snapshot = await storedRevisionRun(root, source.commit, opts.internalReconcilers);
  if (!snapshot) throw new Error(`the run of revision ${source.commit.slice(0, 12)} stored no snapshot in ${stateDir}`);
  return { commit: source.commit, subject: source.subject, stateDir, snapshot, cached: false };
}
