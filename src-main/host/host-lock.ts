// The lock and pid file of a project's host (`.choreo/host.json`, issue 15 item 3): one host (`choreo server
// start`, in the foreground or started in the background by a delivery command) per project. A second host
// for the same project is refused with the address of the first; a file whose process is gone (a crash, a
// reboot) is stale and taken over. Claims happen under the file's cross-process lock (engine/store/file-lock),
// so two processes that both find a stale file cannot both take it over. The file holds the URL with its
// token, so it is 0600 and never leaves `.choreo/` (git-ignored). `choreo server status|stop` and the CLI's
// delivery commands find the host through it.
import { readFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { CHOREO_PATHS } from '../../src-shared/project/choreo-dir.js';
import { ensureChoreoDir, withFileLock, writeFileAtomic } from '../engine/index.js';

export interface HostLockInfo {
  pid: number;
  hostname: string;
  /** Linux's boot id when the host started: after a reboot the pid may belong to another process. */
  bootId?: string;
  startedAt: string;
  /** The URL with its token; absent until the server listens. */
  url?: string;
}

export type HostState = { state: 'running'; info: HostLockInfo } | { state: 'stopped'; stale?: HostLockInfo };

export interface HostClaim {
  readonly info: HostLockInfo;
  /** Records the URL once the server listens (the file keeps its 0600). */
  setUrl(url: string): Promise<void>;
  /** Removes the file if this process still holds it. */
  release(): Promise<void>;
}

export class HostRunningError extends Error {
  override name = 'HostRunningError';
  constructor(
    readonly projectRoot: string,
    readonly info: HostLockInfo,
  ) {
    super(
      `a host for ${projectRoot} is already running (pid ${info.pid}${info.url ? `, ${info.url}` : ', still starting'}); open that URL, or stop it with \`choreo server stop ${projectRoot}\` first`,
    );
  }
}

/** Whether a process with that pid exists on this machine (EPERM: it exists, owned by someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Linux's boot id, which changes with every boot. `CHOREO_BOOT_ID` replaces it: the reboot test runs a host
 * "before" and a command "after" a reboot without rebooting the machine.
 */
export function readBootId(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHOREO_BOOT_ID) return env.CHOREO_BOOT_ID;
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined; // not Linux: the pid check alone
  }
}
const BOOT_ID = readBootId();

export function hostLockFile(projectRoot: string): string {
  return path.join(path.resolve(projectRoot), CHOREO_PATHS.host);
}

async function readInfo(file: string): Promise<HostLockInfo | undefined> {
  try {
    const info = JSON.parse(await fs.readFile(file, 'utf8')) as HostLockInfo;
    return typeof info.pid === 'number' && typeof info.hostname === 'string' ? info : undefined;
  } catch {
    return undefined; // absent, or torn by a crash mid-write: no live host wrote it last
  }
}

/** Whether the process that wrote `info` still runs (another machine's host counts as running). */
function holderAlive(info: HostLockInfo): boolean {
  if (info.hostname !== hostname()) return true;
  if (info.bootId && BOOT_ID && info.bootId !== BOOT_ID) return false; // written before a reboot
  return info.pid !== process.pid && isAlive(info.pid);
}

/** Whether a host runs for the project; a file left by a dead process (on this machine) is reported as stale. */
export async function hostState(projectRoot: string): Promise<HostState> {
  const info = await readInfo(hostLockFile(projectRoot));
  if (!info) return { state: 'stopped' };
  return holderAlive(info) ? { state: 'running', info } : { state: 'stopped', stale: info };
}

/** Claims the project for this process; throws HostRunningError when a live host holds it. */
export async function claimHost(projectRoot: string): Promise<HostClaim> {
  const root = path.resolve(projectRoot);
  const file = hostLockFile(root);
  await ensureChoreoDir(root); // with its .gitignore: the lock never shows in `git status`
  const info: HostLockInfo = { pid: process.pid, hostname: hostname(), ...(BOOT_ID ? { bootId: BOOT_ID } : {}), startedAt: new Date().toISOString() };
  const write = () => writeFileAtomic(file, JSON.stringify(info) + '\n'); // keeps the file's 0600
  await withFileLock(file, async () => {
    const held = await readInfo(file);
    if (held && holderAlive(held)) throw new HostRunningError(root, held);
    // created 0600 before the first write, so the token is never readable by others, not even for a moment
    await fs.open(file, 'a', 0o600).then((fh) => fh.chmod(0o600).finally(() => fh.close()));
    await write();
  });
  return {
    info,
    setUrl: async (url) => {
      info.url = url;
      await withFileLock(file, write);
    },
    release: () =>
      withFileLock(file, async () => {
        if ((await readInfo(file))?.pid === process.pid) await fs.rm(file, { force: true });
      }),
  };
}
