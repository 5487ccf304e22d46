// Every path under a project's `.choreo/` folder, named once: the local state of the engine and the app
// (never project content, git-ignored; design.md §4). Paths are project-relative and POSIX ('/'): join
// them onto a project folder with path.join (which turns '/' into the platform's separator).

/** The folder itself, project-relative. */
export const CHOREO_DIR = '.choreo';

/** What lives under `.choreo/`, and who writes it. */
export const CHOREO_PATHS = {
  /** The engine's object store, one file per API (engine/store/persist.ts); read by the next run and `choreo get`. */
  db: `${CHOREO_DIR}/db`,
  /** One gzipped snapshot per run (engine/snapshots/snapshot-store.ts). */
  snapshots: `${CHOREO_DIR}/snapshots`,
  /** The reconciles the last run found to change nothing, with what they read (engine/reconcilers/reconcile-memo.ts): the next run skips those whose reads agree. */
  reconcileMemo: `${CHOREO_DIR}/reconcile-memo.json`,
  /** The memo's entries in content-addressed chunks that the memo file names (engine/reconcilers/memo-file.ts). */
  reconcileMemoChunks: `${CHOREO_DIR}/reconcile-memo`,
  /** The last run's result (engine/runner/run-once.ts), read by `choreo run result` and the Run panel. */
  lastRun: `${CHOREO_DIR}/last-run.json`,
  /** The `choreo run start` runner of another process: pid and URL (engine/runner/status.ts). */
  runner: `${CHOREO_DIR}/runner.json`,
  /** The project's one host (`choreo server start`, or started by a delivery command): its lock and pid file (pid, URL with token; 0600; host/host-lock.ts). */
  host: `${CHOREO_DIR}/host.json`,
  /** What a host started in the background wrote (host/background-host.ts). */
  hostLog: `${CHOREO_DIR}/host.log`,
  /** Cached clones of upstream refs (engine/refs/upstream.ts). */
  refs: `${CHOREO_DIR}/refs`,
  /** Per-project engine settings: URL rewrites for upstream refs (engine/refs/url-rewrite.ts). */
  config: `${CHOREO_DIR}/config.yaml`,
  /** Deleted files and folders until restored or emptied (project/file-ops.ts). */
  trash: `${CHOREO_DIR}/trash`,
  /** One state folder per git commit the project was run at for a revision diff (project/revision-run.ts). */
  revisions: `${CHOREO_DIR}/revisions`,
  /** Environments, configuration, builds and deployments (delivery/layout.ts). */
  delivery: `${CHOREO_DIR}/delivery`,
  /** The delivery history: executions.jsonl and logs/ (delivery/history.ts). */
  history: `${CHOREO_DIR}/history`,
  /** `*`: the folder ignores itself, so `git status` stays clean without a line in the project's .gitignore. */
  gitignore: `${CHOREO_DIR}/.gitignore`,
} as const;

/** The content of `.choreo/.gitignore` (engine/files/choreo-dir.ts writes it). */
export const CHOREO_DIR_GITIGNORE = '# Choreo Studio: local engine and app state, never committed\n*\n';

/** The .gitignore line that keeps `.choreo/` out of commits. */
export const CHOREO_GITIGNORE_LINE = `${CHOREO_DIR}/`;

/** Whether a project-relative POSIX path is `.choreo` or lies under it. */
export function isChoreoPath(relPath: string): boolean {
  return relPath === CHOREO_DIR || relPath.startsWith(CHOREO_DIR + '/');
}
