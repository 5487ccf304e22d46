// The project's one background host, found or started on demand (issue 15 item 3): delivery commands of the
// CLI send their work to it, so the environment runners they start live in the host and keep serving after
// the command exits. Found through `.choreo/host.json` (./host-lock.ts); when none runs (never started, or a
// stale file after a crash or a reboot) a detached `choreo server start DIR --detached-child` is started, its
// output appended to `.choreo/host.log`, and this waits until the host recorded its URL. The new host resumes
// the project's active deployments as it opens the project.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CHOREO_PATHS } from '../../src-shared/project/choreo-dir.js';
import { ensureChoreoDir } from '../engine/index.js';
import { hostState, isAlive, type HostLockInfo } from './host-lock.js';
import { findPackageRoot } from './package-root.js';

export interface ProjectHost {
  url: string;
  pid: number;
  /** True when this call started it. */
  started: boolean;
}

export interface EnsureHostOptions {
  /** Give up after this long (default 90 s: a loaded machine starts node slowly). */
  timeoutMs?: number;
  /** Extra arguments for `server start` (tests: --max-steps). */
  args?: string[];
  /** The environment of the started host (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/** Thrown when a host could not be started; the message names the log file and its last lines. */
export class HostStartError extends Error {
  override name = 'HostStartError';
}

export function hostLogFile(projectRoot: string): string {
  return path.join(path.resolve(projectRoot), CHOREO_PATHS.hostLog);
}

/** The running host of the project with its URL, or undefined when none runs (a host still starting is waited for). */
export async function findProjectHost(projectRoot: string, timeoutMs = 90_000): Promise<ProjectHost | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await hostState(projectRoot);
    if (s.state === 'stopped') return undefined;
    if (s.info.url) return { url: s.info.url, pid: s.info.pid, started: false };
    if (Date.now() > deadline) throw new HostStartError(`the host of ${projectRoot} (pid ${s.info.pid}) has not started listening within ${timeoutMs} ms; see ${hostLogFile(projectRoot)}`);
    await sleep(100);
  }
}

/** The project's running host, started in the background when none runs. */
export async function ensureProjectHost(projectRoot: string, options: EnsureHostOptions = {}): Promise<ProjectHost> {
  const root = path.resolve(projectRoot);
  const timeoutMs = options.timeoutMs ?? 90_000;
  const found = await findProjectHost(root, timeoutMs);
  if (found) return found;

  const logFile = hostLogFile(root);
  await ensureChoreoDir(root);
  const log = await fs.open(logFile, 'a', 0o600);
  const logStart = (await log.stat()).size;
  const entry = path.join(findPackageRoot(), 'bin', 'choreo.mjs');
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env) };
  // From Electron's main process, its binary runs the CLI as plain node.
  if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
  let exited: number | null | undefined;
  try {
    const child = spawn(process.execPath, [entry, 'server', 'start', root, '--detached-child', ...(options.args ?? [])], {
      cwd: root,
      env,
      detached: true, // its own process group: the command's Ctrl+C or exit does not reach it
      stdio: ['ignore', log.fd, log.fd],
    });
    child.once('exit', (code) => (exited = code));
    child.once('error', () => (exited = -1));
    child.unref();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await hostState(root);
      // ours, or another command's that won the race for the lock (ours then exits, refused)
      if (s.state === 'running' && s.info.url) return { url: s.info.url, pid: s.info.pid, started: s.info.pid === child.pid };
      if (exited !== undefined && s.state === 'stopped') throw new HostStartError(`the host of ${root} exited (code ${exited}) before it listened. Its output (${logFile}):\n${await tail(logFile, logStart)}`);
      if (Date.now() > deadline) throw new HostStartError(`the host of ${root} has not started listening within ${timeoutMs} ms; see ${logFile}${stateNote(s)}`);
      await sleep(100);
    }
  } finally {
    await log.close();
  }
}

/**
 * Stops the project's host: SIGTERM, then waits for it to exit (its own shutdown stops the runners and removes
 * the lock file). `stopped` is false when it was still running at the deadline (finishing a deployment).
 */
export async function stopProjectHost(projectRoot: string, timeoutMs = 15_000): Promise<{ pid?: number; stopped: boolean }> {
  const s = await hostState(projectRoot);
  if (s.state === 'stopped') return { stopped: true };
  const pid = s.info.pid;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return { pid, stopped: !isAlive(pid) };
  }
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  return { pid, stopped: !isAlive(pid) };
}

function stateNote(s: { state: 'running'; info: HostLockInfo } | { state: 'stopped' }): string {
  return s.state === 'running' ? ` (pid ${s.info.pid} holds ${CHOREO_PATHS.host})` : '';
}

/** The last lines the host wrote since `from`. */
async function tail(file: string, from: number): Promise<string> {
  const text = (await fs.readFile(file, 'utf8').catch(() => '')).slice(from);
  return text.trimEnd().split('\n').slice(-20).join('\n') || '(nothing)';
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
