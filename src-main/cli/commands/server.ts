// `choreo server start [DIR]`: the host for browser mode (and remote IDEs) — serves the built renderer
// and the IPC contract over a token-protected WebSocket on 127.0.0.1.
// `choreo server apply URL DIR REF [BRANCH]`: clone a project for choreo mode (./server-apply.ts, git feature).
import { isAbsolute, join, resolve } from 'node:path';
import { Host } from '../../host/host.js';
import { stderrLogger } from '../../host/log.js';
import { findPackageRoot } from '../../host/package-root.js';
import { assertRendererBuilt } from '../../host/static-files.js';
import { announceLine, startBrowserServer } from '../../host/websocket-server.js';
import { resolveAppDataDir } from '../../project/settings.js';
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
}

const USAGE = `usage:
  choreo server start [DIR] [-r] [--port N] [--host ADDRESS] [--token TOKEN] [--allow-origin ORIGIN]...
      Serve Choreo Studio in the browser on project DIR (default: the current folder).
      Prints one line "Choreo Studio (browser mode): http://127.0.0.1:PORT/?token=TOKEN"; open it.
      --port 0 (default) picks a free port; the token is random per launch unless given.
      -r, --internal-reconcilers: runs use the IPAM/VLAN/AS/GENID backends (IPIndex, IPClaim, …).
      Needs the built renderer: run \`npm run build:renderer\` first (\`npm run web -- [DIR]\` does both).
  choreo server apply URL DIR REF [BRANCH]
      Clone URL at REF and apply the project in DIR of it (see the git feature).`;

/** Parses the arguments after `server start`; throws a usage error as an Error with a readable message. */
export function parseStartArgs(args: string[]): ServerStartOptions {
  const options: ServerStartOptions = { port: 0, hostname: '127.0.0.1', allowedOrigins: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new Error(`${flag} needs a value.\n\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const raw = value();
        const port = Number(raw);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, got "${raw}".`);
        options.port = port;
        break;
      }
      case '--host':
        options.hostname = value();
        break;
      case '--token': {
        const token = value();
        if (token.length < 8) throw new Error('--token must have at least 8 characters.');
        options.token = token;
        break;
      }
      case '--allow-origin':
        options.allowedOrigins.push(value());
        break;
      case '--default-dir':
        options.defaultDir = value();
        break;
      case '-r':
      case '--internal-reconcilers':
        options.internalReconcilers = true;
        break;
      default:
        if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n\n${USAGE}`);
        if (options.dir !== undefined) throw new Error(`only one DIR may be given (got "${options.dir}" and "${arg}").\n\n${USAGE}`);
        options.dir = arg;
    }
  }
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

async function start(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const options = parseStartArgs(args);
  const dir = resolveProjectDir(options);
  // CHOREO_STUDIO_DIST: serve a renderer built elsewhere (tests, packaging experiments).
  const distDir = process.env.CHOREO_STUDIO_DIST ?? join(findPackageRoot(), 'dist');
  assertRendererBuilt(distDir); // before anything starts, so the process can exit at once
  const host = new Host({ transport: 'websocket', appDataDir: resolveAppDataDir(), log: stderrLogger, internalReconcilers: options.internalReconcilers });
  try {
    await host.openProject(dir);
  } catch (err) {
    await host.close();
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
    });
  } catch (err) {
    await host.close();
    throw err;
  }
  process.stdout.write(announceLine(server.url) + '\n');
  stderrLogger.info(`serving project ${host.session.current()?.root}; press Ctrl+C to stop`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  stderrLogger.info('stopping');
  // If a handle still keeps the event loop alive after a clean shutdown, do not hang on Ctrl+C.
  setTimeout(() => process.exit(0), 3000).unref();
  await server.close();
  await host.close();
  return 0;
}

export const serverCommand: Command = {
  name: 'server',
  async run(args) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'start':
        return start(rest);
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
