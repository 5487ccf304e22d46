// Prod runners on the etcd store as real processes (./etcd-runner-driver.ts, bundled once with esbuild so a
// start takes a fraction of tsx's time), for the leader-kill and member-kill tests: start one, read what it
// reports, apply input and wait for the acknowledgement, kill it with SIGKILL, or stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { findPackageRoot } from '../host/package-root.js';
import { bundleForTest } from './test-bundle.js';

/** One line the driver printed, with when it arrived (performance.now() of the test process). */
export interface DriverLine {
  t: string;
  at: number;
  [k: string]: unknown;
}

export interface RunnerProcess {
  identity: string;
  child: ChildProcess;
  lines: DriverLine[];
  /** Resolves with the first line (from `from` on) that matches; rejects after `limitMs` with what it printed. */
  waitFor(match: (l: DriverLine) => boolean, what: string, limitMs?: number, from?: number): Promise<DriverLine>;
  /** Sends `apply FILE` (the runner answers acked/rejected). */
  apply(file: string): void;
  /** Resolves once the runner is idle with everything committed (`idle` on stdin). */
  idle(limitMs?: number): Promise<DriverLine>;
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>;
  /** `stop` on stdin; resolves with the stopped line. */
  stop(limitMs?: number): Promise<DriverLine>;
  stderr(): string;
}

export interface RunnerProcessOptions {
  leaseSeconds: number;
  /** With the internal backends (`-r`). */
  internal?: boolean;
}

let bundled: Promise<string> | undefined;

/** The driver, bundled once per test process into `<package>/.faults-build/etcd-runner-<pid>/`, with the lease thread beside it (as in dist-main). */
function driverBundle(): Promise<string> {
  bundled ??= (async () => {
    const outDir = await bundleForTest(`etcd-runner-${process.pid}`, { in: 'src-main/testing/etcd-runner-driver.ts', out: 'etcd-runner-driver' }, ['etcd-lease']);
    return path.join(outDir, 'etcd-runner-driver.mjs');
  })();
  return bundled;
}

export async function startRunnerProcess(dir: string, storeUrl: string, identity: string, opts: RunnerProcessOptions): Promise<RunnerProcess> {
  const entry = await driverBundle();
  const child = spawn(process.execPath, [entry, dir, storeUrl, identity, String(opts.leaseSeconds), ...(opts.internal ? ['internal'] : [])], { cwd: findPackageRoot(), stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: DriverLine[] = [];
  let err = '';
  const waiters = new Set<() => void>();
  let buffer = '';
  child.stdout!.on('data', (c: Buffer) => {
    buffer += c.toString();
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      try {
        lines.push({ ...(JSON.parse(text) as { t: string }), at: performance.now() });
      } catch {
        err += `(stdout) ${text}\n`;
      }
    }
    for (const w of [...waiters]) w();
  });
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => {
    for (const w of [...waiters]) w();
  });
  const waitFor = (match: (l: DriverLine) => boolean, what: string, limitMs = 60_000, from = 0) =>
    new Promise<DriverLine>((resolve, reject) => {
      const check = () => {
        const hit = lines.slice(from).find(match);
        if (hit) {
          done();
          resolve(hit);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          done();
          reject(new Error(`runner ${identity} ended (${child.exitCode ?? child.signalCode}) before ${what}\n${JSON.stringify(lines)}\n${err}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`runner ${identity}: no ${what} within ${limitMs} ms\n${JSON.stringify(lines)}\n${err}`));
      }, limitMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  return {
    identity,
    child,
    lines,
    waitFor,
    apply: (file) => child.stdin!.write(`apply ${file}\n`),
    idle(limitMs = 120_000) {
      const from = lines.length;
      child.stdin!.write('idle\n');
      return waitFor((l) => l.t === 'idle', 'idle', limitMs, from);
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop(limitMs = 60_000) {
      child.stdin!.end('stop\n'); // the end of its input, too: nothing else keeps the driver alive
      const line = await waitFor((l) => l.t === 'stopped', 'stop', limitMs);
      await exited;
      return line;
    },
    stderr: () => err,
  };
}
