// Engine speed and scale (issue 11 items 2 and 4): synthetic projects with N = 1,000, 10,000 and 100,000
// inputs and one reconciler creating one child per input.
//   whole process  `choreo run once` (the bundled CLI) from a fresh store, RUNS times after a warm-up,
//                  alternating with `node -e 0`; then the same project again with ONE input changed (the store
//                  and snapshots of the first run in place): the rerun/first ratio.
//   in process     one run once (bench/engine-worker.ts, its own process for a clean peak RSS) with the
//                  phase breakdown (CHOREO_PHASE_TIMES, src-main/engine/runner/phase-times.ts), and a baseline
//                  pass over the same data (parse YAML + validate + save + snapshot, no reconcilers).
//   diff           at 10k, after a second run with 1% of the inputs changed: `choreo run diff`, whole process.
// Targets: 100k ≤ 8 s and ≤ 600 MB; 10k ≤ 100 µs CPU per object; µs/object flat from 1k to 100k; the diff
// of two 10k snapshots ≤ 0.3 s. Results are appended to bench/out/engine-history.jsonl.
// CHOREO_BENCH_SIZES=1000,10000 and CHOREO_BENCH_ENGINE_RUNS=N shorten it.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeBenchProject, writeInputs } from './engine-project.js';
import type { BenchSuite } from './suite.js';
import { choreoCommand as choreo, recordHistory, reportBundle, runWorker, sec, timePaired, type PairedResult } from './whole-process.js';

const RUNS = Number(process.env.CHOREO_BENCH_ENGINE_RUNS ?? 5);
/** The size whose second generation is diffed (CHOREO_BENCH_DIFF_SIZE; 10,000 as the target says). */
const DIFF_SIZE = Number(process.env.CHOREO_BENCH_DIFF_SIZE ?? 10_000);

interface Measure {
  ms: number;
  cpuMs: number;
  rssMB: number;
  phases?: Record<string, { ms: number; cpuMs: number; rssMB?: number }>;
  [k: string]: unknown;
}

/** One in-process measurement (engine-worker.ts in its own process), with the run's phase times. */
function measure(mode: string, dir: string): Measure {
  const { value, stderr } = runWorker<Measure>(`engine-worker ${mode}`, 'engine-worker.ts', [mode, dir], { nodeArgs: ['--max-old-space-size=4096'], env: { ...process.env, CHOREO_PHASE_TIMES: '1' } });
  const phaseLine = stderr.split('\n').find((l) => l.startsWith('phase-times '));
  return { ...value, ...(phaseLine ? { phases: JSON.parse(phaseLine.slice('phase-times '.length)) } : {}) };
}

const fmt = (n: number, d = 1) => n.toFixed(d);
const range = (r: PairedResult) => `${sec(r.median)} (${sec(r.min)}-${sec(r.max)}, ${r.ratio.toFixed(1)}x node -e 0)`;

/** Whole-process run once from a fresh store, then with one input changed on top of the first run's state. */
async function wholeProcess(dir: string, n: number): Promise<{ first: PairedResult; rerun: PairedResult }> {
  const env = { ...process.env };
  const state = path.join(dir, '.choreo');
  const fresh = () => rmSync(state, { recursive: true, force: true });
  const first = await timePaired({ name: `run once ${n}`, command: choreo('run', 'once', dir) }, env, RUNS, fresh);
  // the state after one full run, kept aside; each rerun starts from it with input 0 changed
  const saved = `${dir}.state`;
  rmSync(saved, { recursive: true, force: true });
  cpSync(state, saved, { recursive: true });
  writeInputs(dir, n, 1000, 1, (i) => i === 0);
  const restore = () => {
    fresh();
    cpSync(saved, state, { recursive: true });
  };
  const rerun = await timePaired({ name: `run once ${n}, one input changed`, command: choreo('run', 'once', dir) }, env, RUNS, restore);
  writeInputs(dir, n, 1000, 0);
  restore();
  rmSync(saved, { recursive: true, force: true });
  return { first, rerun };
}

function phaseText(m: Measure): string {
  if (!m.phases) return '(no phase times)';
  return Object.entries(m.phases)
    .filter(([, p]) => p.cpuMs >= 1)
    .map(([k, p]) => `${k} ${fmt(p.cpuMs, 0)}`)
    .join(', ');
}

async function run(): Promise<void> {
  const bundle = reportBundle();
  const sizes = (process.env.CHOREO_BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
  const history: Record<string, unknown> = { runs: RUNS, bundle, sizes: {} };
  const perObject: Record<number, number> = {};
  console.log(`whole process: median (min-max) of ${RUNS} runs after a warm-up, alternating with node -e 0; in process: CPU ms (the steadier figure on a shared machine)`);
  for (const n of sizes) {
    const root = mkdtempSync(path.join(os.tmpdir(), `choreo-bench-${n}-`));
    try {
      const runDir = path.join(root, 'run');
      const baseDir = path.join(root, 'base');
      writeBenchProject(runDir, { n });
      writeBenchProject(baseDir, { n, withReconciler: false });
      const whole = await wholeProcess(runDir, n);
      rmSync(path.join(runDir, '.choreo'), { recursive: true, force: true });
      const inproc = measure('run', runDir);
      if (inproc.success !== true) throw new Error(`run once failed at N=${n}: ${String(inproc.message)}`);
      const base = measure('baseline', baseDir);
      perObject[n] = (inproc.cpuMs * 1000) / n;
      const rerunRatio = whole.rerun.median / whole.first.median;
      console.log(`N=${n} (${String(inproc.reconciles)} reconciles)`);
      console.log(`  run once, whole process          ${range(whole.first)}`);
      console.log(`  one input changed, whole process ${range(whole.rerun)}  = ${fmt(rerunRatio, 2)}x the first run`);
      console.log(`  in process: ${fmt(inproc.ms, 0)} ms wall, ${fmt(inproc.cpuMs, 0)} ms CPU = ${fmt(perObject[n]!)} µs/object, peak RSS ${fmt(inproc.rssMB, 0)} MB; baseline (load+save+snapshot) ${fmt(base.cpuMs, 0)} ms CPU = ${fmt((base.cpuMs * 1000) / n)} µs/object`);
      console.log(`  phases (CPU ms): ${phaseText(inproc)}`);
      const entry: Record<string, unknown> = { first: whole.first, rerun: whole.rerun, rerunRatio, inProcess: { ms: inproc.ms, cpuMs: inproc.cpuMs, rssMB: inproc.rssMB, usPerObject: perObject[n], phases: inproc.phases }, baselineCpuMs: base.cpuMs };
      if (n === DIFF_SIZE) {
        // Second generation: change 1% of the inputs, run again, diff the two snapshots.
        writeInputs(runDir, n, 1000, 1, (i) => i % 100 === 0);
        measure('run', runDir);
        const diff = await timePaired({ name: `run diff ${n}`, command: choreo('run', 'diff', runDir) }, { ...process.env }, RUNS);
        const inDiff = measure('diff', runDir);
        console.log(`  run diff of two ${n}-input snapshots (${String(inDiff.modified)} modified of ${String(inDiff.items)}), whole process ${range(diff)}; in process (whole snapshots): read ${fmt(Number(inDiff.readMs), 0)} ms + diff ${fmt(Number(inDiff.diffMs), 0)} ms`);
        entry.diff = diff;
      }
      (history.sizes as Record<string, unknown>)[n] = entry;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  const small = perObject[sizes[0]!];
  const large = perObject[sizes[sizes.length - 1]!];
  if (small && large) console.log(`CPU time/object ${sizes[sizes.length - 1]} vs ${sizes[0]}: ${fmt(large / small, 2)}x (target: flat)`);
  recordHistory('engine', history);
}

export const engineSuite: BenchSuite = {
  name: 'engine',
  description: 'run once on synthetic projects (1k/10k/100k objects), whole process and in process with phases; the one-input-changed rerun; run diff of 10k snapshots',
  run,
};
