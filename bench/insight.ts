// Field provenance's recording cost (issue 13: at most 15% of run time). The engine suite's synthetic
// project (one Starlark reconciler creating one child per input through client_create, client_apply and
// reconcile_result) is run once per process with recording on (`run`) and off (`run-unrecorded`), in
// alternating pairs so both see the same background load; the figure is the median of the per-pair ratios
// of CPU time (steadier than wall time on a shared machine), with medians and spreads of both.
import { cpSync } from 'node:fs';
import path from 'node:path';
import { writeBenchProject } from './engine-project.js';
import type { BenchSuite } from './suite.js';
import { median, medianRange, recordHistory, runWorker, withTempDir } from './whole-process.js';

interface Measured {
  ms: number;
  cpuMs: number;
}

function measureRun(mode: 'run' | 'run-unrecorded', dir: string): Measured {
  const m = runWorker<Measured & { success: boolean; message: string }>(`engine-worker ${mode}`, 'engine-worker.ts', [mode, dir]).value;
  if (!m.success) throw new Error(`run once failed: ${m.message}`);
  return m;
}

const ms = (n: number) => n.toFixed(0);

export const insightSuite: BenchSuite = {
  name: 'insight',
  description: 'field provenance recording cost: run once with and without recording (paired, CPU time)',
  async run() {
    const n = Number(process.env.CHOREO_BENCH_INSIGHT_N ?? 2000);
    const pairs = Number(process.env.CHOREO_BENCH_PAIRS ?? 7);
    await withTempDir('choreo-bench-insight-', (root) => {
      const on = path.join(root, 'recorded');
      const off = path.join(root, 'unrecorded');
      writeBenchProject(on, { n });
      cpSync(on, off, { recursive: true });
      // a first run of each (not counted): both then start every measured run from the same kind of store
      measureRun('run', on);
      measureRun('run-unrecorded', off);
      const a: number[] = [];
      const b: number[] = [];
      const ratios: number[] = [];
      for (let i = 0; i < pairs; i++) {
        // alternate which goes first, so neither always runs on a warmer file cache
        let x: Measured, y: Measured;
        if (i % 2 === 0) {
          x = measureRun('run', on);
          y = measureRun('run-unrecorded', off);
        } else {
          y = measureRun('run-unrecorded', off);
          x = measureRun('run', on);
        }
        a.push(x.cpuMs);
        b.push(y.cpuMs);
        ratios.push(x.cpuMs / y.cpuMs);
      }
      console.log(`N=${n} objects, ${pairs} pairs, CPU ms of one run-once process`);
      console.log(`  recorded    ${medianRange(a, ms)}`);
      console.log(`  unrecorded  ${medianRange(b, ms)}`);
      console.log(`  recording overhead: median ratio ${median(ratios).toFixed(3)} (pairs ${ratios.map((r) => r.toFixed(2)).join(' ')}); limit 1.15`);
      recordHistory('insight', { objects: n, pairs, recordedCpuMs: median(a), unrecordedCpuMs: median(b), ratio: median(ratios), ratios });
    });
  },
};
