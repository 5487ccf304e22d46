// The entry modules of the host's worker threads: the ONE list both sides read. The spawner
// (./start-worker.ts) starts a thread from it; the bundle build (scripts/build-main.ts) emits every entry
// as dist-main/worker-<name>.mjs. Adding a worker thread = one line here, then startWorker('<name>').

/** Worker name -> its entry module, relative to the repository root. */
export const WORKER_ENTRIES = {
  /** Run once, plans, snapshot diffs and deps, the editor's Starlark checks and language service, the project graph (./engine-worker.ts). */
  engine: 'src-main/host/workers/engine-worker.ts',
  /** One debug session's debuggee: a run under the Starlark debugger (./debug-worker.ts). */
  debug: 'src-main/host/workers/debug-worker.ts',
  /**
   * One job that runs reconcilers, with a heap limit: prod mode's runner, a delivery environment's runner
   * (also a deploy's health check) or build, the CLI's run once and run start (./runner-worker.ts; its
   * owner's side is ./runner-thread.ts).
   */
  runner: 'src-main/host/workers/runner-worker.ts',
  /** The etcd store's leader lease, kept alive off the runner's thread (engine/store/etcd/lease-thread.ts starts it itself). */
  'etcd-lease': 'src-main/engine/store/etcd/lease-worker.ts',
} as const satisfies Record<string, string>;

export type WorkerName = keyof typeof WORKER_ENTRIES;

/** The file of a worker entry in the bundle; it sits beside every other bundle file in dist-main/. */
export function bundledWorkerFile(name: WorkerName): string {
  return `worker-${name}.mjs`;
}
