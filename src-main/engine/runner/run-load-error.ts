// The error a run raises when it cannot start. In its own module so the store-specific runners (loaded
// lazily by run-once.ts) can raise it without importing run-once.ts back.

/** The run could not start (load error, bad reconciler, upstream failure): exit code 2, nothing written. */
export class RunLoadError extends Error {
  override name = 'RunLoadError';
}
