// Engine speed and scale (issue 4 item 13): synthetic projects with N = 1,000, 10,000 and 100,000 inputs and
// one reconciler creating one child per input. For each N: `run once` (in-process, own process per
// measurement for a clean peak RSS) and a baseline pass over the same data (parse YAML + validate + save +
// snapshot, no reconcilers), so engine overhead is a ratio. Then `run diff` between two 10,000-object
// snapshots. Targets: 10k < 5 s and < 1 GB; time/object at 100k within 1.5x of 1k; diff < 1 s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchProject, writeInputs } from './engine-project.js';
import type { BenchSuite } from './suite.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');

interface Measure {
  ms: number;
  cpuMs: number;
  rssMB: number;
  [k: string]: unknown;
}

function measure(mode: string, dir: string): Measure {
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', path.join(repoRoot, 'bin/run-ts.mjs'), path.join(here, 'engine-worker.ts'), mode, dir], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`engine-worker ${mode} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(line) as Measure;
}

const fmt = (n: number, d = 1) => n.toFixed(d);

export const engineSuite: BenchSuite = {
  name: 'engine',
  description: 'run once on synthetic projects (1k/10k/100k objects) vs a load-only baseline; run diff of 10k snapshots',
  async run() {
    const sizes = (process.env.CHOREO_BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
    const perObject: Record<number, number> = {};
    console.log('wall ms (cpu ms) and µs per object of cpu time; the machine is shared, so cpu time is the steadier figure');
    console.log('N        run wall (cpu)      µs/obj  peakRSS MB | base wall (cpu)     µs/obj  peakRSS MB | run/base (cpu)');
    for (const n of sizes) {
      const root = mkdtempSync(path.join(os.tmpdir(), `choreo-bench-${n}-`));
      try {
        const runDir = path.join(root, 'run');
        const baseDir = path.join(root, 'base');
        writeBenchProject(runDir, { n });
        writeBenchProject(baseDir, { n, withReconciler: false });
        const run = measure('run', runDir);
        if (run.success !== true) throw new Error(`run once failed at N=${n}: ${String(run.message)}`);
        const base = measure('baseline', baseDir);
        perObject[n] = (run.cpuMs * 1000) / n;
        console.log(
          `${String(n).padEnd(8)} ${fmt(run.ms, 0).padStart(8)} (${fmt(run.cpuMs, 0).padStart(7)}) ${fmt(perObject[n]!).padStart(9)} ${fmt(run.rssMB, 0).padStart(11)} | ` +
            `${fmt(base.ms, 0).padStart(8)} (${fmt(base.cpuMs, 0).padStart(7)}) ${fmt((base.cpuMs * 1000) / n).padStart(8)} ${fmt(base.rssMB, 0).padStart(11)} | ${fmt(run.cpuMs / base.cpuMs, 2).padStart(8)}` +
            `   (${String(run.reconciles)} reconciles)`,
        );
        if (n === 10_000) {
          // Second generation: change 1% of the inputs, run again, diff the two snapshots.
          writeInputs(runDir, n, 1000, 1, (i) => i % 100 === 0);
          const again = measure('run', runDir);
          const diff = measure('diff', runDir);
          console.log(
            `diff 10k: read ${fmt(Number(diff.readMs), 0)} ms + diff ${fmt(Number(diff.diffMs), 0)} ms (cpu ${fmt(Number(diff.diffCpuMs), 0)} ms; `+
              `whole diff process cpu ${fmt(diff.cpuMs, 0)} ms) (${String(diff.modified)} modified of ${String(diff.items)}); ` +
              `second run ${fmt(again.ms, 0)} ms (cpu ${fmt(again.cpuMs, 0)}); peak RSS ${fmt(diff.rssMB, 0)} MB`,
          );
        }
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
    const small = perObject[sizes[0]!];
    const large = perObject[sizes[sizes.length - 1]!];
    if (small && large) console.log(`time/object ${sizes[sizes.length - 1]} vs ${sizes[0]}: ${fmt(large / small, 2)}x (target ≤ 1.5x)`);
  },
};
