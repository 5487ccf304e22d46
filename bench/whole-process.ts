// Whole-process timing shared by the benchmark suites that start `choreo` (startup, kubenet): a command is
// spawned, timed from spawn to exit (or to a stdout line, for servers), and alternated with a reference
// process (`node -e 0`) so both see the same background load; ratios are taken pair by pair.
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TimedCommand {
  name: string;
  command: string[];
  /** Stop at the first stdout line matching this (a server), instead of waiting for the exit. */
  until?: RegExp;
}

export interface PairedResult {
  times: number[];
  references: number[];
  median: number;
  min: number;
  max: number;
  /** Median of the per-pair ratios command / reference. */
  ratio: number;
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The reference every whole-process figure is paired with. */
export const NODE_E_0: TimedCommand = { name: 'node -e 0', command: [process.execPath, '-e', '0'] };

/** Seconds from spawn to exit, or to the first stdout match of `until` (then the process group is killed). */
export function timeOnce(c: TimedCommand, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(c.command[0]!, c.command.slice(1), { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let done = false;
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (c.until && !done && c.until.test(out)) {
        done = true;
        const seconds = (performance.now() - t0) / 1000;
        process.kill(-child.pid!, 'SIGTERM');
        resolve(seconds);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (done) return;
      done = true;
      if (c.until || code !== 0) reject(new Error(`${c.name} exited with ${code} ${c.until ? 'before its URL line' : ''}\n${out}\n${err}`.trim()));
      else resolve((performance.now() - t0) / 1000);
    });
  });
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export const sec = (n: number) => `${n.toFixed(3)} s`;

/**
 * Times `c` `runs` times after one warm-up, each run followed by the reference; `before` runs (untimed)
 * before every run of `c`, e.g. to reset the project's state.
 */
export async function timePaired(c: TimedCommand, env: NodeJS.ProcessEnv, runs: number, before?: () => void): Promise<PairedResult> {
  before?.();
  await timeOnce(c, env);
  await timeOnce(NODE_E_0, env);
  const times: number[] = [];
  const references: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    const t = await timeOnce(c, env);
    const r = await timeOnce(NODE_E_0, env);
    times.push(t);
    references.push(r);
    ratios.push(t / r);
  }
  return { times, references, median: median(times), min: Math.min(...times), max: Math.max(...times), ratio: median(ratios) };
}

/** Commits `dir` in a fresh git repository, as projects are; false when git is not installed. */
export function commitInFreshRepo(dir: string): boolean {
  const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@x' };
  try {
    execFileSync('git', ['init', '-q', dir], { env: gitEnv });
    execFileSync('git', ['add', '-A'], { cwd: dir, env: gitEnv });
    execFileSync('git', ['commit', '-q', '-m', 'bench'], { cwd: dir, env: gitEnv });
    return true;
  } catch {
    return false;
  }
}

/** Appends one dated JSON line to bench/out/<file>, the suite's history. */
export function recordHistory(file: string, entry: object): void {
  const out = path.join(repoRoot, 'bench', 'out', file);
  mkdirSync(path.dirname(out), { recursive: true });
  appendFileSync(out, JSON.stringify({ date: new Date().toISOString(), ...entry }) + '\n');
  console.log(`history: ${path.relative(repoRoot, out)}`);
}
