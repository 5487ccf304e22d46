// `choreo run once|start|stop|result` (the reconciling half of `choreo run`; run.ts dispatches here): see
// USAGE below. `run stop` finds the runner of `run start` through .choreo/runner.json.
// Runs happen in a runner thread with a heap limit (host/workers/runner-thread.ts): a reconciler that fills
// memory or gets stuck ends the run with a message naming it, instead of aborting choreo, and this thread
// stays free for signals. The thread loads the engine; this one only prints.
// Exit codes: 0 success, 1 the run failed, 2 usage or load error.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { formatRunSummary, formatRunSummaryProfileA, isRunOutputFormat, unsupportedFormatMessage } from '../../../src-shared/run/format.js';
import type { RunOutputFormat, RunResult } from '../../../src-shared/run/result.js';
import { writeFileAtomic, type ReconcileLimits, type StoreOverrides, type ProjectFolders } from '../../engine/index.js';
import type { RunnerThreadEvent } from '../../host/workers/runner-protocol.js';
import { intFlag, INTERNAL_RECONCILERS_FLAGS, parseFlags, UsageError, withUsage, type FlagSpec } from '../flags.js';
import { FOLDER_FLAGS_USAGE, foldersFrom, withFolderFlags } from '../folder-flags.js';
import { UPSTREAM_SERVER_FLAGS_USAGE, upstreamServerFlagWarnings, withUpstreamServerFlags } from '../upstream-server-flags.js';
import { STORE_FLAGS_USAGE, storeFrom, withStoreFlags } from '../store-flags.js';
import { leadershipLine } from '../../../src-shared/run/leadership.js';
import { CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';

interface Parsed {
  dir: string;
  format: RunOutputFormat;
  timeoutMs?: number;
  maxReconciles?: number;
  /** --max-steps, --reconcile-timeout */
  limits: ReconcileLimits;
  offline: boolean;
  legacy: boolean;
  /** -r / --internal-reconcilers: the IPAM/VLAN/AS/GENID backends (engine spec §11). */
  internal: boolean;
  /** -s / --sdc (with --runningconfigs DIR, --schemas DIR): the config validator after a run once. */
  sdc?: { runningConfigs?: string; schemas?: string };
  /** --server URL: act on the prod runner of a `choreo server start` host instead of this process. */
  server?: string;
  /** --apis, --input, --refs, --reconcilers, --libraries */
  folders?: Partial<ProjectFolders>;
  /** --store, --environment, --lease-seconds */
  store?: StoreOverrides;
  /** --identity: this runner's name in the etcd store's election */
  identity?: string;
  /** What upstream's flags without an effect here (--post, --servername) say (upstream-server-flags.ts). */
  notes: string[];
  help: boolean;
}

/** The usage of these verbs (`choreo run --help` shows the whole of `run`). */
const USAGE = `usage: choreo run once|start|stop|result [DIR] [options]   (DIR or --dir DIR: the project, default the current folder)
  once   [-o reconciler|resource|raw] [--timeout MS] [--max-reconciles N] [--offline] [--legacy-summary] [-r] [-s]
  start  [--offline] [-r]             foreground runner until SIGINT/SIGTERM; prints the snapshot id on stop
  once|start [--max-steps N] [--reconcile-timeout MS]   budgets of one reconcile (engine/runner/limits.ts)
  stop                                stops the runner started by \`run start\` for DIR
  start|stop --server URL             starts/stops the prod runner of a \`choreo server start\` host
  result [-o reconciler|resource|raw] prints the last run's result without running anything
  -r, --internal-reconcilers          enable the IPAM/VLAN/AS/GENID backends (engine spec §11)
  once|start ${FOLDER_FLAGS_USAGE}
  once|start ${STORE_FLAGS_USAGE}
  once|start ${UPSTREAM_SERVER_FLAGS_USAGE}
  -s, --sdc [--runningconfigs DIR (or --runningConfigs)] [--schemas DIR]
                                      after the reconcilers, build each Node's RunningConfig and merged Config
                                      from DIR/runningconfigs/<node>.json and its Config snippets (YANG schema
                                      checks are not available: a warning says so)`;

const FLAGS: FlagSpec = withUpstreamServerFlags(withStoreFlags(withFolderFlags({
  values: {
    '-o': 'output',
    '--output': 'output',
    '--timeout': 'timeout',
    '--max-reconciles': 'maxReconciles',
    '--max-steps': 'maxSteps',
    '--reconcile-timeout': 'reconcileTimeout',
    '--server': 'server',
    '--runningconfigs': 'runningConfigs',
    '--runningConfigs': 'runningConfigs',
    '--schemas': 'schemas',
  },
  bools: { '--offline': 'offline', '--legacy-summary': 'legacy', ...INTERNAL_RECONCILERS_FLAGS, '-s': 'sdc', '--sdc': 'sdc' },
})));

function parseArgs(args: string[], verb: string): Parsed {
  const p = parseFlags(args, FLAGS);
  const extra = p.dirGiven ? p.positional[0] : p.positional[1];
  if (extra !== undefined) throw new UsageError(`run ${verb}: unexpected argument ${extra}`);
  const format = p.values.output ?? 'reconciler';
  if (!isRunOutputFormat(format)) throw new UsageError(unsupportedFormatMessage(format));
  const { timeout, maxReconciles, maxSteps, reconcileTimeout, server, runningConfigs, schemas } = p.values;
  if ((runningConfigs !== undefined || schemas !== undefined) && !p.bools.has('sdc')) throw new UsageError(`run ${verb}: --runningconfigs and --schemas go with -s (--sdc)`);
  if (p.bools.has('sdc') && verb !== 'once') throw new UsageError(`run ${verb}: -s (--sdc) applies to run once (upstream validates configs after a run once only)`);
  const limits: ReconcileLimits = {};
  if (maxSteps !== undefined) limits.maxSteps = intFlag(maxSteps, '--max-steps', 1);
  if (reconcileTimeout !== undefined) limits.reconcileTimeoutMs = intFlag(reconcileTimeout, '--reconcile-timeout', 1);
  return {
    dir: p.positional[0] ?? p.dir,
    format,
    timeoutMs: timeout === undefined ? undefined : intFlag(timeout, '--timeout', 1),
    maxReconciles: maxReconciles === undefined ? undefined : intFlag(maxReconciles, '--max-reconciles', 1),
    limits,
    offline: p.bools.has('offline'),
    legacy: p.bools.has('legacy'),
    internal: p.bools.has('internal'),
    sdc: p.bools.has('sdc') ? { runningConfigs, schemas } : undefined,
    server,
    folders: foldersFrom(p.values),
    store: storeFrom(p.values),
    identity: p.values.identity,
    notes: upstreamServerFlagWarnings(p.values),
    help: p.help,
  };
}

const out = (line: string) => process.stdout.write(line + '\n');
const err = (line: string) => process.stderr.write(line + '\n');

/** The summary lines plus the positions of errors (file:line:col), which the Go printer does not have. */
export function printResult(result: RunResult, format: RunOutputFormat, legacy = false): void {
  for (const line of legacy ? formatRunSummaryProfileA(result) : formatRunSummary(result, format)) out(line);
  if (!result.success) {
    for (const e of result.errors) {
      if (e.position) out(`  at ${e.position.file}:${e.position.line}:${e.position.col} (reconciler ${e.reconciler})`);
    }
  }
}

/** The runner thread's own reports: progress on stdout; warnings and print() output on stderr. */
function printProgress(e: RunnerThreadEvent): boolean {
  if (e.type === 'progress') out(e.line);
  else if (e.type === 'warning') err(`warning: ${e.line}`);
  else if (e.type === 'print') err(e.line);
  else return false;
  return true;
}

async function runOnceCmd(p: Parsed): Promise<number> {
  if (!existsSync(p.dir)) {
    err(`run once: project folder ${p.dir} does not exist`);
    return 2;
  }
  const { runOnceInThread } = await import('../../host/workers/runner-thread.js');
  let outcome;
  try {
    outcome = await runOnceInThread(
      {
        dir: p.dir,
        timeoutMs: p.timeoutMs,
        maxReconciles: p.maxReconciles,
        limits: p.limits,
        offline: p.offline || undefined,
        internalReconcilers: p.internal || undefined,
        folders: p.folders,
        configValidator: p.sdc,
        store: p.store,
        identity: p.identity,
        // the default summary needs counts and the run's first and last events only
        ...(p.format === 'reconciler' && !p.legacy ? { maxEvents: 100 } : {}),
      },
      { onEvent: printProgress },
    );
  } catch (e) {
    // the thread ended without a result: out of memory, a stuck reconcile (the message names it), or a crash
    err(`run once: the run ${(e as Error).message}`);
    return 1;
  }
  if ('loadError' in outcome) {
    // a project that does not load (bad YAML, schema or Starlark) is the user's to fix
    err(outcome.loadError);
    return 2;
  }
  printResult(outcome.result, p.format, p.legacy);
  out('completed');
  return outcome.result.success ? 0 : 1;
}

async function runResultCmd(p: Parsed): Promise<number> {
  const file = path.join(p.dir, CHOREO_PATHS.lastRun);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    err(`rpc error: code = NotFound desc = latest snapshot not available (no run result in ${file}; run \`choreo run once\` first)`);
    return 1;
  }
  const result = JSON.parse(text) as RunResult;
  printResult(result, p.format, p.legacy);
  return 0;
}

interface RunnerFile {
  pid: number;
  startedAt: string;
  dir: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readRunnerFile(dir: string): Promise<RunnerFile | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, CHOREO_PATHS.runner), 'utf8')) as RunnerFile;
  } catch {
    return undefined;
  }
}

async function runStartCmd(p: Parsed): Promise<number> {
  if (p.server) return onHost(p.server, 'start');
  const dir = path.resolve(p.dir);
  const existing = await readRunnerFile(dir);
  if (existing && alive(existing.pid) && existing.pid !== process.pid) {
    err(`runner is already running, status Running (pid ${existing.pid}); stop it with \`choreo run stop ${p.dir}\``);
    return 1;
  }
  const print = (e: RunnerThreadEvent) => {
    if (printProgress(e)) return;
    switch (e.type) {
      case 'condition':
        return out(`condition ${e.change.resource.kind}/${e.change.resource.namespace}/${e.change.resource.name} ${e.change.type}=${e.change.status}${e.change.message ? ` ${e.change.message}` : ''}`);
      case 'error': {
        const at = e.error.position ? ` at ${e.error.position.file}:${e.error.position.line}:${e.error.position.col}` : '';
        return err(`error task ${e.error.taskId} message ${e.error.message}${at}`.trimEnd());
      }
      case 'input':
        return out(`applied ${e.applied.join(', ')}`);
      case 'leadership':
        return out(leadershipLine(e.leadership));
      default:
        return;
    }
  };
  const { LiveRunnerThread, RunnerThreadError } = await import('../../host/workers/runner-thread.js');
  let runner;
  try {
    runner = await LiveRunnerThread.start(
      { dir, offline: p.offline || undefined, internalReconcilers: p.internal || undefined, limits: p.limits, folders: p.folders, store: p.store, identity: p.identity },
      { onEvent: print },
    );
  } catch (e) {
    if (!(e instanceof RunnerThreadError)) throw e;
    err(e.kind === 'load' ? e.message : `run start: the runner ${e.message}`);
    return e.kind === 'load' ? 2 : 1;
  }
  await writeFileAtomic(path.join(dir, CHOREO_PATHS.runner), JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), dir } satisfies RunnerFile));
  out(`runner started (pid ${process.pid}); stop with Ctrl-C or \`choreo run stop ${p.dir}\``);
  // Signal listeners do not keep node alive, and an idle runner has no pending timer: hold the loop open.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const why = await new Promise<{ signal: string } | { died: string }>((resolve) => {
    process.once('SIGINT', () => resolve({ signal: 'SIGINT' }));
    process.once('SIGTERM', () => resolve({ signal: 'SIGTERM' }));
    void runner.died.then((died) => resolve({ died }));
  });
  clearInterval(keepAlive);
  if ('died' in why) {
    await rm(path.join(dir, CHOREO_PATHS.runner), { force: true });
    err(`run start: the runner ${why.died}; nothing was saved. Fix the reconciler and start again.`);
    return 1;
  }
  out(`${why.signal}: stopping runner ...`);
  try {
    const { result, snapshotId } = await runner.stop();
    out(`runner stopped; snapshot ${snapshotId ?? '(none)'}`);
    return result.success ? 0 : 1;
  } catch (e) {
    err(`run start: the runner ${(e as Error).message}; nothing was saved`);
    return 1;
  } finally {
    await rm(path.join(dir, CHOREO_PATHS.runner), { force: true });
  }
}

async function runStopCmd(p: Parsed): Promise<number> {
  if (p.server) return onHost(p.server, 'stop');
  const dir = path.resolve(p.dir);
  const rf = await readRunnerFile(dir);
  if (!rf || !alive(rf.pid)) {
    if (rf) await rm(path.join(dir, CHOREO_PATHS.runner), { force: true });
    err(
      `no runner is running for ${dir} (start one with \`choreo run start ${p.dir}\`; ` +
        `a runner started in the app or a \`choreo server start\` host stops with \`choreo run stop --server URL\`)`,
    );
    return 1;
  }
  process.kill(rf.pid, 'SIGTERM');
  // The runner removes its file once the snapshot is written; wait for that (bounded).
  const deadline = Date.now() + 60_000;
  while (existsSync(path.join(dir, CHOREO_PATHS.runner)) && alive(rf.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (existsSync(path.join(dir, CHOREO_PATHS.runner)) && alive(rf.pid)) {
    err(`runner pid ${rf.pid} did not stop within 60 s`);
    return 1;
  }
  let snapshot = '';
  try {
    snapshot = (JSON.parse(await readFile(path.join(dir, CHOREO_PATHS.lastRun), 'utf8')) as RunResult).snapshotId ?? '';
  } catch {
    // no result written
  }
  out(`runner pid ${rf.pid} stopped${snapshot ? `; snapshot ${snapshot}` : ''}`);
  return 0;
}

/** `run start|stop --server URL`: drive the prod runner of a running host over its WebSocket. */
async function onHost(serverUrl: string, action: 'start' | 'stop'): Promise<number> {
  // Loaded here, not at the top: the client brings the whole IPC contract (zod), which `run once` never needs.
  const { connectHost, HostCallError } = await import('../../host/host-client.js');
  let host;
  try {
    host = await connectHost(serverUrl);
  } catch (e) {
    err(`run ${action}: ${(e as Error).message}`);
    return 2;
  }
  try {
    const project = await host.invoke('project.current', {});
    if (!project) {
      err(`run ${action}: the host at ${serverUrl} has no project open`);
      return 2;
    }
    if (action === 'start') {
      const status = await host.invoke('prod.start', {});
      const up = status.state === 'running' || status.state === 'starting';
      if (!up) {
        err(`run start: the host's runner is ${status.state}${status.message ? `: ${status.message}` : ''}`);
        return 1;
      }
      out(`prod runner ${status.state} on the host for ${project.root}; stop it with \`choreo run stop --server URL\``);
      return 0;
    }
    const stopped = await host.invoke('prod.stop', {});
    out(`prod runner stopped on the host for ${project.root}${stopped.snapshotId ? `; snapshot ${stopped.snapshotId}` : ''}`);
    return stopped.success ? 0 : 1;
  } catch (e) {
    err(`run ${action}: ${e instanceof HostCallError ? `${e.message} (${e.code})` : (e as Error).message}`);
    return 1;
  } finally {
    host.close();
  }
}

/** Runs one verb: --help prints the usage; a usage error prints it too and exits 2. */
function guarded(fn: (p: Parsed) => Promise<number>, verb: string): (args: string[]) => Promise<number> {
  return (args) =>
    withUsage(USAGE, async () => {
      const p = parseArgs(args, verb);
      if (p.help) return out(USAGE), 0;
      for (const note of p.notes) err(`warning: ${note}`);
      return fn(p);
    });
}

export const runExecSubcommands: Record<string, (args: string[]) => Promise<number>> = {
  once: guarded(runOnceCmd, 'once'),
  start: guarded(runStartCmd, 'start'),
  stop: guarded(runStopCmd, 'stop'),
  result: guarded(runResultCmd, 'result'),
};
