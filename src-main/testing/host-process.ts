// A real host in its own process (`choreo server start`), driven over its WebSocket like the browser
// renderer: for tests that must see the host stay responsive. A host inside the test process could not be
// told apart from a busy test, and a frozen one would freeze the test's own watchdog too.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectHost, type HostClient } from '../host/host-client.js';
import type { ChannelName, Request, Response } from '../../src-shared/ipc/contract.js';

export interface HostProcess {
  /** The URL the host printed, token included. */
  url: string;
  child: ChildProcess;
  /** Calls a channel; rejects when no answer comes within `watchdogMs` (a hung host). */
  invoke<C extends ChannelName>(channel: C, request: Request<C>, watchdogMs?: number): Promise<Response<C>>;
  /** One cheap request (`project.current`); rejects when the host does not answer within `watchdogMs`. */
  ping(watchdogMs?: number): Promise<void>;
  /** What the host wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM; resolves with how the process ended, or rejects when it is still alive after `graceMs`. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const URL_LINE = /Choreo Studio \(browser mode\): (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/;

/** A watchdog: `p`, or a rejection naming `what` after `ms`. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms (the host is hung)`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * Starts `choreo server start <projectDir> ...args` with its own app-data folder under `workDir` and a
 * stand-in renderer build (the host only needs an index.html to start), and connects to it.
 */
export async function startHostProcess(projectDir: string, workDir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<HostProcess> {
  const dist = path.join(workDir, 'dist');
  mkdirSync(dist, { recursive: true });
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Choreo Studio</title>');
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'choreo.mjs'), 'server', 'start', projectDir, ...args], {
    cwd: repoRoot,
    env: { ...process.env, CHOREO_STUDIO_HOME: path.join(workDir, 'app-data'), CHOREO_STUDIO_DIST: dist, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the host printed no URL within 60 s\nstdout: ${out}\nstderr: ${err}`)), 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = URL_LINE.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the host exited with code ${code} before printing its URL\nstdout: ${out}\nstderr: ${err}`));
    });
  });
  const client: HostClient = await connectHost(url);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    url,
    child,
    invoke: (channel, request, watchdogMs = 60_000) => within(client.invoke(channel, request), watchdogMs, channel),
    ping: async (watchdogMs = 10_000) => void (await within(client.invoke('project.current', {}), watchdogMs, 'ping (project.current)')),
    stderr: () => err,
    async stop(graceMs = 10_000) {
      client.close();
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      try {
        return await within(exited, graceMs, 'SIGTERM');
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    },
  };
}

/**
 * Pings the host every `everyMs` until stopped; the returned `done()` rejects with the first ping that went
 * unanswered past its watchdog, so a test can assert the host answered throughout some long operation.
 */
export function keepPinging(host: HostProcess, everyMs = 200, watchdogMs = 10_000): { done(): Promise<number> } {
  let running = true;
  let count = 0;
  const loop = (async () => {
    while (running) {
      await host.ping(watchdogMs);
      count++;
      await new Promise((r) => setTimeout(r, everyMs));
    }
    return count;
  })();
  loop.catch(() => {}); // reported by done()
  return {
    done() {
      running = false;
      return loop;
    },
  };
}
