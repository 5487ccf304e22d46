// `choreo server start [DIR]`: the host for browser mode (and remote IDEs) — serves the built renderer
// and the IPC contract over a token-protected WebSocket on 127.0.0.1.
// `choreo server apply URL DIR REF [BRANCH]`: clone a project for choreo mode (./server-apply.ts, git feature).
// `choreo server status [DIR]`: the project's host (host/host-lock.ts), the store and, on etcd, which runner
// leads (./server-status.ts). `choreo server stop [DIR]`: stops the project's host.
import { statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Host } from '../../host/host.js';
import { stderrLogger } from '../../host/log.js';
import { findPackageRoot } from '../../host/package-root.js';
import { assertRendererBuilt, isRendererBuilt } from '../../host/static-files.js';
import { announceLine, startBrowserServer } from '../../host/websocket-server.js';
import { claimHost, hostState, HostRunningError, isAlive } from '../../host/host-lock.js';
import { resolveAppDataDir } from '../../project/settings.js';
import { intFlag, INTERNAL_RECONCILERS_FLAGS, parseFlags, UsageError, withUsage, type FlagSpec } from '../flags.js';
import type { ReconcileLimits, ProjectFolders } from '../../engine/index.js';
import { FOLDER_FLAGS_USAGE, foldersFrom, withFolderFlags } from '../folder-flags.js';
import { upstreamServerFlagWarnings, withUpstreamServerFlags } from '../upstream-server-flags.js';
import type { Command } from './command.js';

export interface ServerStartOptions {
  dir?: string;
  defaultDir?: string;
  port: number;
  hostname: string;
  token?: string;
  allowedOrigins: string[];
  /** -r / --internal-reconcilers: runs use the IPAM/VLAN/AS/GENID backends (engine spec §11). */
  internalReconcilers?: boolean;
  /** --max-steps, --reconcile-timeout: budgets of each reconcile in runs and prod mode. */
  limits: ReconcileLimits;
  /** --apis, --input, --refs, --reconcilers, --libraries: the project's folders (upstream's server flags). */
  folders?: Partial<ProjectFolders>;
  /** -s / --sdc: a run once also runs the config validator (engine/sdc/). */
  configValidator?: boolean;
  /** --browse-root DIR: where "Browse…" may list folders (default: the user's home). */
  browseRoot?: string;
  /** --detach: start the host in the background and return once it listens. */
  detach?: boolean;
  /** --detached-child: this is that background host (the UI is optional: delivery needs only the contract). */
  detachedChild?: boolean;
  /** Warnings about upstream flags taken without effect (--post, --output, --servername). */
  notes?: string[];
}

const USAGE = `usage:
  choreo server start [DIR] [--detach] [-r] [-s] [--port N] [--host ADDRESS] [--token TOKEN] [--allow-origin ORIGIN]... [--browse-root DIR]
      Serve Choreo Studio in the browser on project DIR (default: the current folder).
      Prints one line "Choreo Studio (browser mode): http://127.0.0.1:PORT/?token=TOKEN"; open it.
      This is the project's one host: it holds .choreo/host.json (pid and URL, 0600) while it runs, runs the
      environments' deployments (resumed when it starts) and serves the CLI's deploy, promote and rollback;
      a second host for the same project is refused with the first one's URL. A host that crashed leaves a
      stale file, which the next start takes over.
      --detach: start it in the background, print the URL and return; its output goes to .choreo/host.log.
      Delivery commands start it this way when none runs (then without the UI if it is not built).
      --port 0 (default) picks a free port; the token is random per launch unless given.
      --browse-root DIR: "Browse…" in the page lists the folders below DIR and nothing outside it
      (default: your home folder; the app data folder and system folders are never listed).
      -r, --internal-reconcilers: runs use the IPAM/VLAN/AS/GENID backends (IPIndex, IPClaim, …).
      --max-steps N: Starlark steps one reconcile may take (default 100000000; bulk string and list
      operations count by their size). --reconcile-timeout MS: time one reconcile may take (default 60000).
      Runs and prod mode run in a worker thread whose heap is limited to CHOREO_RUN_HEAP_MB (default: half
      the memory, at most 4096 MB); a reconciler past any of these fails, the host keeps serving.
      ${FOLDER_FLAGS_USAGE}
      -s, --sdc: a run once ends with the config validator (RunningConfig and merged Config per Node;
      no YANG schema checks).
      --post DIR --output DIR --servername NAME: upstream's, taken without effect (upstream never reads
      them; a warning says so). --db is refused: the store is .choreo/db (or etcd, see run once --store).
      Needs the built renderer: run \`npm run build:renderer\` first (\`npm run web -- [DIR]\` does both).
  choreo server stop [DIR]
      Stops the project's host (SIGTERM, then waits up to 15 s for it to exit). Its deployments stop serving
      and stay active on disk: the next host (\`server start\`, or any delivery command) resumes them.
  choreo server apply URL DIR REF [BRANCH]
      Clone URL at REF and apply the project in DIR of it (see the git feature).
  choreo server status [DIR] [--store file|etcd://HOST:PORT[,HOST:PORT…][/prefix]] [--environment NAME]
      Which store the runners of project DIR (default: the current folder) use and, on etcd, which runner
      leads (since when, when it last renewed its lease) and which follow. The store comes from --store or
      .choreo/config.yaml's store, as for \`choreo run start\`. Exit code 0 when a runner leads (or the
      store is the file store), 3 when no runner leads, 1 when etcd does not answer.
      The last lines say whether a host (\`server start\`) serves DIR: "host:" running or stopped, its pid,
      start time and URL (from .choreo/host.json). One host per project: a second \`server start\` is
      refused with the first one's URL.`;

const START_FLAGS: FlagSpec = withUpstreamServerFlags(withFolderFlags({
  values: { '--port': 'port', '--host': 'host', '--token': 'token', '--default-dir': 'defaultDir', '--max-steps': 'maxSteps', '--reconcile-timeout': 'reconcileTimeout', '--browse-root': 'browseRoot' },
  lists: { '--allow-origin': 'allowOrigin' },
  bools: { ...INTERNAL_RECONCILERS_FLAGS, '-s': 'sdc', '--sdc': 'sdc', '--detach': 'detach', '--detached-child': 'detachedChild' },
}), { output: true });

/** Parses the arguments after `server start`; throws a UsageError with a readable message. */
export function parseStartArgs(args: string[]): ServerStartOptions {
  const p = parseFlags(args, START_FLAGS);
  const dirs = p.dirGiven ? [p.dir, ...p.positional] : p.positional;
  if (dirs.length > 1) throw new UsageError(`only one DIR may be given (got "${dirs[0]}" and "${dirs[1]}").`);
  const { port, host, token, defaultDir } = p.values;
  if (token !== undefined && token.length < 8) throw new UsageError('--token must have at least 8 characters.');
  const options: ServerStartOptions = {
    port: port === undefined ? 0 : intFlag(port, '--port', 0, 65535),
    hostname: host ?? '127.0.0.1',
    allowedOrigins: p.lists.allowOrigin ?? [],
    limits: {},
  };
  if (p.values.maxSteps !== undefined) options.limits.maxSteps = intFlag(p.values.maxSteps, '--max-steps', 1, Number.MAX_SAFE_INTEGER);
  if (p.values.reconcileTimeout !== undefined) options.limits.reconcileTimeoutMs = intFlag(p.values.reconcileTimeout, '--reconcile-timeout', 1, Number.MAX_SAFE_INTEGER);
  if (dirs[0] !== undefined) options.dir = dirs[0];
  if (defaultDir !== undefined) options.defaultDir = defaultDir;
  if (token !== undefined) options.token = token;
  if (p.bools.has('internal')) options.internalReconcilers = true;
  const folders = foldersFrom(p.values);
  if (folders) options.folders = folders;
  if (p.bools.has('sdc')) options.configValidator = true;
  if (p.values.browseRoot !== undefined) options.browseRoot = p.values.browseRoot;
  if (p.bools.has('detach')) options.detach = true;
  if (p.bools.has('detachedChild')) options.detachedChild = true;
  if (options.detach && options.detachedChild) throw new UsageError('--detach and --detached-child exclude each other.');
  const notes = upstreamServerFlagWarnings(p.values);
  if (notes.length > 0) options.notes = notes;
  return options;
}

/**
 * The project folder to open. Through `npm run web -- DIR`, npm changes into the package folder, so a
 * relative DIR is resolved against INIT_CWD (where the user typed the command); `--default-dir` is
 * given by package.json scripts and is relative to the package folder.
 */
export function resolveProjectDir(options: ServerStartOptions, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  if (options.dir !== undefined) return isAbsolute(options.dir) ? options.dir : resolve(env.INIT_CWD ?? cwd, options.dir);
  if (options.defaultDir !== undefined) return resolve(cwd, options.defaultDir);
  return cwd;
}

/** --browse-root, resolved as DIR is (against INIT_CWD under npm); it must be an existing folder. */
export function resolveBrowseRoot(value: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const abs = isAbsolute(value) ? value : resolve(env.INIT_CWD ?? cwd, value);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new UsageError(`--browse-root: "${abs}" is not an existing folder.`);
  return abs;
}

async function start(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const options = parseStartArgs(args); // a UsageError here ends in withUsage (serverCommand)
  for (const note of options.notes ?? []) stderrLogger.info(`warning: ${note}`);
  const dir = resolveProjectDir(options);
  const browseRoot = options.browseRoot === undefined ? undefined : resolveBrowseRoot(options.browseRoot);
  // CHOREO_STUDIO_DIST: serve a renderer built elsewhere (tests, packaging experiments).
  const distDir = process.env.CHOREO_STUDIO_DIST ?? join(findPackageRoot(), 'dist');
  if (options.detach) return detach(dir, withoutDir(args.filter((a) => a !== '--detach'), options.dir));
  // A host started in the background for delivery serves the IPC contract without the UI when it is not built.
  const serveFiles = options.detachedChild ? isRendererBuilt(distDir) : true;
  if (serveFiles) assertRendererBuilt(distDir); // before anything starts, so the process can exit at once
  let lock;
  try {
    lock = await claimHost(dir);
  } catch (e) {
    if (e instanceof HostRunningError) {
      process.stderr.write(`choreo server start: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const host = new Host({ transport: 'websocket', appDataDir: resolveAppDataDir(), log: stderrLogger, internalReconcilers: options.internalReconcilers, limits: options.limits, folders: options.folders, configValidator: options.configValidator, browseRoot });
  try {
    await host.openProject(dir);
  } catch (err) {
    await host.close();
    await lock.release();
    throw new Error(`cannot open project: ${(err as Error).message}`);
  }
  let server;
  try {
    server = await startBrowserServer({
      host,
      distDir,
      hostname: options.hostname,
      port: options.port,
      token: options.token,
      allowedOrigins: options.allowedOrigins,
      log: stderrLogger,
      serveFiles,
    });
  } catch (err) {
    await host.close();
    await lock.release();
    throw err;
  }
  await lock.setUrl(server.url);
  // The project's active deployments serve again (after a crash, a reboot, or \`server stop\`).
  void host.resumeDelivery().catch((err: Error) => stderrLogger.error(`resuming the deployments: ${err.message}`));
  process.stdout.write(announceLine(server.url) + '\n');
  if (!serveFiles) stderrLogger.info(`the UI is not built (${distDir}): serving delivery and the IPC contract only`);
  stderrLogger.info(`serving project ${host.session.current()?.root}; ${options.detachedChild ? `\`choreo server stop ${dir}\` stops it` : 'press Ctrl+C to stop'}`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  stderrLogger.info('stopping');
  // If a handle still keeps the event loop alive after a clean shutdown, do not hang on Ctrl+C (runners
  // write their final snapshots first, which takes a moment on a busy machine).
  setTimeout(() => process.exit(0), 10_000).unref();
  await server.close();
  await host.close();
  await lock.release();
  return 0;
}

/** The arguments without the project folder (given as DIR, --dir DIR or --dir=DIR): the detached host gets it resolved. */
function withoutDir(args: string[], dir: string | undefined): string[] {
  if (dir === undefined) return args;
  const out = [...args];
  const i = out.findIndex((a) => a === dir || a === `--dir=${dir}`);
  if (i >= 0) out.splice(i > 0 && out[i - 1] === '--dir' ? i - 1 : i, i > 0 && out[i - 1] === '--dir' ? 2 : 1);
  return out;
}

/** `server start --detach`: starts the project's host in the background (../../host/background-host.ts) and prints its URL. */
async function detach(dir: string, rest: string[]): Promise<number> {
  const running = await hostState(dir);
  if (running.state === 'running') {
    process.stderr.write(`choreo server start: ${new HostRunningError(dir, running.info).message}\n`);
    return 1;
  }
  const { ensureProjectHost, hostLogFile } = await import('../../host/background-host.js');
  const h = await ensureProjectHost(dir, { args: rest });
  process.stdout.write(announceLine(h.url) + '\n');
  process.stderr.write(`the host runs in the background (pid ${h.pid}; its output goes to ${hostLogFile(dir)}); \`choreo server stop ${dir}\` stops it\n`);
  return 0;
}

/** `server stop [DIR]`: SIGTERM to the project's host, then waits for it to exit (its own shutdown removes the lock file). */
async function stop(args: string[]): Promise<number> {
  const p = parseFlags(args, {});
  if (p.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const dir = resolve(p.positional[0] ?? p.dir);
  if ((await hostState(dir)).state === 'stopped') {
    process.stdout.write(`no host runs for ${dir}\n`);
    return 0;
  }
  const { stopProjectHost } = await import('../../host/background-host.js');
  const s = await stopProjectHost(dir);
  if (!s.stopped) {
    process.stderr.write(`choreo server stop: host pid ${s.pid} did not exit within 15 s; it may be finishing a deployment. Try again, or end it with \`kill ${s.pid}\`.\n`);
    return 1;
  }
  process.stdout.write(`stopped the host of ${dir} (pid ${s.pid})\n`);
  return 0;
}

export const serverCommand: Command = {
  name: 'server',
  async run(args) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'start':
        return withUsage(USAGE, () => start(rest));
      case 'status':
        // loaded for `status` only: `server start` must not load the store modules
        return withUsage(USAGE, async () => (await import('./server-status.js')).serverStatus(rest, USAGE));
      case 'stop':
        return withUsage(USAGE, () => stop(rest));
      case 'apply':
        return (await import('./server-apply.js')).serverApply(rest); // git code: loaded for `apply` only
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(USAGE + '\n');
        return sub === undefined ? 2 : 0;
      default:
        process.stderr.write(`choreo server: unknown subcommand "${sub}"\n\n${USAGE}\n`);
        return 2;
    }
  },
};
