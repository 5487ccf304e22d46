// Crash injection for the fault suite (issue 18): runs the real `choreo` command under strace, first to
// list every write() it makes to files of interest, then once per chosen write with that write replaced
// by SIGKILL (`strace -P FILE -e inject=write:signal=KILL:when=N`). The command is bundled once with
// esbuild so each of the many runs starts in a fraction of the time tsx needs to compile the sources; its
// worker threads (host/workers/entries.ts) are bundled beside it, as the real build places them.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WORKER_ENTRIES, type WorkerName } from '../host/workers/entries.js';
import { bundleForTest } from './test-bundle.js';

export interface RunOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** One write() of the traced command: the file and which write to that file it was (1-based). */
export interface WritePoint {
  file: string;
  nth: number;
}

export interface Cli {
  /** Runs `choreo ARGS` in `cwd`; with `killAt`, the process is killed at that write (before it happens). */
  run(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; killAt?: WritePoint }): Promise<RunOutcome>;
  /** Every write() of `choreo ARGS` to files whose path starts with one of `under`, in order. */
  traceWrites(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; under: string[] }): Promise<WritePoint[]>;
  dispose(): void;
}

export function hasStrace(): boolean {
  return spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;
}

function collect(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** strace ends itself with the signal that killed the command it traced. */
function killedByStrace(out: RunOutcome): boolean {
  return out.signal === 'SIGKILL' || out.code === 137;
}

/** `write(5</tmp/x/.git/index.lock>, ...` → the path, for the lines of `strace -y`. */
const WRITE_LINE = /^\d+\s+(?:write|pwrite64)\(\d+<([^>]+)>/;

/** Bundles the CLI into its own folder under `<package>/.faults-build/` (git-ignored) and returns a runner for it. */
export async function bundledCli(): Promise<Cli> {
  const outDir = await bundleForTest(`cli-${process.pid}-${Date.now()}`, { in: 'src-main/cli/main.ts', out: 'cli' }, Object.keys(WORKER_ENTRIES) as WorkerName[]);
  const bundle = path.join(outDir, 'cli.mjs');
  const entry = path.join(outDir, 'run.mjs');
  writeFileSync(entry, `const { main } = await import(${JSON.stringify('./' + path.basename(bundle))});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
  // One libuv worker thread: every file write of the command happens on it, in program order, so "the
  // Nth write to FILE" means the same write in every run (strace counts per thread).
  const baseEnv = (env?: NodeJS.ProcessEnv) => ({ ...process.env, ...env, UV_THREADPOOL_SIZE: '1' });
  return {
    async run(args, opts) {
      if (!opts.killAt) return collect(process.execPath, [entry, ...args], opts.cwd, baseEnv(opts.env));
      const { file, nth } = opts.killAt;
      const out = await collect(
        'strace',
        ['-f', '-qq', '-o', '/dev/null', '-P', file, '-e', 'trace=write,pwrite64', '-e', `inject=write,pwrite64:signal=KILL:when=${nth}`, process.execPath, entry, ...args],
        opts.cwd,
        baseEnv(opts.env),
      );
      return killedByStrace(out) ? { ...out, code: null, signal: 'SIGKILL' } : out;
    },
    async traceWrites(args, opts) {
      const log = path.join(outDir, `${Date.now()}.trace`);
      try {
        const out = await collect('strace', ['-f', '-qq', '-y', '-e', 'trace=write,pwrite64', '-e', 'signal=none', '-o', log, process.execPath, entry, ...args], opts.cwd, baseEnv(opts.env));
        if (out.code !== 0) throw new Error(`traced run of choreo ${args.join(' ')} failed (${out.code}): ${out.stderr}`);
        const counts = new Map<string, number>();
        const points: WritePoint[] = [];
        for (const line of readFileSync(log, 'utf8').split('\n')) {
          const file = WRITE_LINE.exec(line)?.[1];
          if (!file || !opts.under.some((u) => file.startsWith(u))) continue;
          const nth = (counts.get(file) ?? 0) + 1;
          counts.set(file, nth);
          points.push({ file, nth });
        }
        return points;
      } finally {
        rmSync(log, { force: true });
      }
    },
    dispose() {
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/**
 * At most `limit` write points, always keeping the first and last and the first write to every distinct
 * file; the rest are spread evenly (a command with hundreds of writes keeps the suite fast).
 */
export function sampleWrites(points: WritePoint[], limit: number): WritePoint[] {
  if (points.length <= limit) return points;
  const keep = new Set<number>([0, points.length - 1]);
  const seen = new Set<string>();
  points.forEach((p, i) => {
    if (!seen.has(p.file)) {
      seen.add(p.file);
      keep.add(i);
    }
  });
  const step = points.length / Math.max(1, limit - keep.size);
  for (let x = 0; keep.size < limit && x < points.length; x += step) keep.add(Math.floor(x));
  return [...keep].sort((a, b) => a - b).map((i) => points[i]!);
}
