// Runner status per project folder in this process (engine spec §5.1, §6): `run once` needs `Stopped`;
// a continuous runner makes it `Running`, a run once `Once`. Another process's runner is seen through
// `.choreo/runner.json` (written by `choreo run start`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';

export type RunnerStatus = 'Stopped' | 'Running' | 'Once';

const statuses = new Map<string, RunnerStatus>();

export class RunnerBusyError extends Error {
  override name = 'RunnerBusyError';
  constructor(readonly status: RunnerStatus) {
    super(`runner is already running, status ${status}`);
  }
}

/** Status of the project's runner: this process first, then a live `choreo run start` process. */
export function runnerStatus(dir: string): RunnerStatus {
  const root = path.resolve(dir);
  const own = statuses.get(root);
  if (own) return own;
  try {
    const { pid } = JSON.parse(readFileSync(path.join(root, CHOREO_PATHS.runner), 'utf8')) as { pid: number };
    if (pid !== process.pid && isAlive(pid)) return 'Running';
  } catch {
    // no runner file
  }
  return 'Stopped';
}

/** Marks the project busy; throws RunnerBusyError unless it is Stopped. Returns the release function. */
export function acquireRunner(dir: string, status: Exclude<RunnerStatus, 'Stopped'>): () => void {
  const root = path.resolve(dir);
  const current = runnerStatus(root);
  if (current !== 'Stopped') throw new RunnerBusyError(current);
  statuses.set(root, status);
  return () => {
    if (statuses.get(root) === status) statuses.delete(root);
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
