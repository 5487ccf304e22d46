// What the benchmark suites share. Whole-process timing: a command is spawned, timed from spawn to exit (or to
// a stdout line, for servers), and alternated with a reference process (`node -e 0`) so both see the same
// background load; ratios are taken pair by pair. Workers: a bench/*-worker.ts measured in a process of its
// own, answering with one JSON line. Figures: medians and spreads. The setting of a run: whether `choreo`
// runs from the bundle, a fresh app home, a committed copy of an example. History: one JSON line per run.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleReason } from '../bin/prebuilt.mjs';

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

/** The command line of `choreo ARGS` (bin/choreo.mjs: the bundle, or tsx when it is out of date). */
export const choreoCommand = (...args: string[]): string[] => [process.execPath, path.join(repoRoot, 'bin', 'choreo.mjs'), ...args];

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
        // Resolve only once the whole group is gone: a server still shutting down holds the project's host lock,
        // and the next run would find it "already running" (npm run web's server outlives npm by a moment).
        void groupGone(child.pid!).then(() => resolve(seconds));
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

/** Resolves when no process of group `pgid` is left (polled; gives up after 10 s). */
async function groupGone(pgid: number): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export const sec = (n: number) => `${n.toFixed(3)} s`;

/** `median (min-max)` of `xs`, each figure written by `unit` (seconds by default). */
export function medianRange(xs: number[], unit: (n: number) => string = sec): string {
  return `${unit(median(xs))} (${unit(Math.min(...xs))}-${unit(Math.max(...xs))})`;
}

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

/**
 * Runs bench/`script` (a measuring worker) in a node process of its own and returns the JSON object of its
 * last stdout line, with its stderr; throws, naming `label`, when it fails or prints no JSON.
 */
export function runWorker<T>(label: string, script: string, args: string[], opts: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {}): { value: T; stderr: string } {
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), path.join(repoRoot, 'bin/run-ts.mjs'), path.join(repoRoot, 'bench', script), ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...(opts.env && { env: opts.env }),
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`${label} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return { value: JSON.parse(line) as T, stderr: r.stderr };
}

/** Says whether `choreo` runs from the prebuilt bundle or (out of date) the tsx fallback; true for the bundle. */
export function reportBundle(): boolean {
  const stale = staleReason(repoRoot);
  console.log(stale ? `NOTE: the bundle is out of date (${stale}): whole-process figures are of the tsx fallback. Run \`npm run build:main\` first.` : 'choreo runs from the prebuilt bundle (dist-main/)');
  return stale === undefined;
}

/** The environment of the `choreo` processes of a run: the user's, with a fresh app home under `root`. */
export function freshHomeEnv(root: string): NodeJS.ProcessEnv {
  const home = path.join(root, 'home');
  mkdirSync(home, { recursive: true });
  return { ...process.env, CHOREO_STUDIO_HOME: home };
}

/** Runs `fn` with a fresh temporary folder (named after `prefix`), removed afterwards whatever happens. */
export async function withTempDir<T>(prefix: string, fn: (root: string) => Promise<T> | T): Promise<T> {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return await fn(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Copies examples/`name` (without its .choreo/ state) to `dest`. */
export function copyExample(name: string, dest: string): string {
  cpSync(path.join(repoRoot, 'examples', name), dest, { recursive: true, filter: (src) => !src.includes(`${path.sep}.choreo`) });
  return dest;
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

/** Where a suite's history is kept: one JSON line per run, in bench/out/ unless `dir` says otherwise. */
export function historyFile(suite: string, dir = path.join(repoRoot, 'bench', 'out')): string {
  return path.join(dir, `${suite}-history.jsonl`);
}

/** Appends one dated JSON line to the suite's history (`historyFile`). */
export function recordHistory(suite: string, entry: object, dir?: string): void {
  const out = historyFile(suite, dir);
  mkdirSync(path.dirname(out), { recursive: true });
  appendFileSync(out, JSON.stringify({ date: new Date().toISOString(), ...entry }) + '\n');
  console.log(`history: ${path.relative(repoRoot, out)}`);
}

/** The suite's history, oldest first; runs of a failed suite (`failed: true`) included. */
export function readHistory(suite: string, dir?: string): Array<Record<string, unknown>> {
  const file = historyFile(suite, dir);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
