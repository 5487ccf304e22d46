// Field provenance's recording cost (issue 13: at most 15% of run time). The engine suite's synthetic
// project (one Starlark reconciler creating one child per input through client_create, client_apply and
// reconcile_result) is run once per process with recording on (`run`) and off (`run-unrecorded`), in
// alternating pairs so both see the same background load; the figure is the median of the per-pair ratios
// of CPU time (steadier than wall time on a shared machine), with medians and spreads of both.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchProject } from './engine-project.js';
import type { BenchSuite } from './suite.js';
import { recordHistory } from './whole-process.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');

interface Measured {
  ms: number;
  cpuMs: number;
}

function runWorker(mode: 'run' | 'run-unrecorded', dir: string): Measured {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/run-ts.mjs'), path.join(here, 'engine-worker.ts'), mode, dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`engine-worker ${mode} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  const m = JSON.parse(line) as { ms: number; cpuMs: number; success: boolean; message: string };
  if (!m.success) throw new Error(`run once failed: ${m.message}`);
  return m;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

export const insightSuite: BenchSuite = {
  name: 'insight',
  description: 'field provenance recording cost: run once with and without recording (paired, CPU time)',
  async run() {
    const n = Number(process.env.CHOREO_BENCH_INSIGHT_N ?? 2000);
    const pairs = Number(process.env.CHOREO_BENCH_PAIRS ?? 7);
    const root = mkdtempSync(path.join(os.tmpdir(), 'choreo-bench-insight-'));
    try {
      const on = path.join(root, 'recorded');
      const off = path.join(root, 'unrecorded');
      writeBenchProject(on, { n });
      cpSync(on, off, { recursive: true });
      // a first run of each (not counted): both then start every measured run from the same kind of store
      runWorker('run', on);
      runWorker('run-unrecorded', off);
      const a: number[] = [];
      const b: number[] = [];
      const ratios: number[] = [];
      for (let i = 0; i < pairs; i++) {
        // alternate which goes first, so neither always runs on a warmer file cache
        let x: Measured, y: Measured;
        if (i % 2 === 0) {
          x = runWorker('run', on);
          y = runWorker('run-unrecorded', off);
        } else {
          y = runWorker('run-unrecorded', off);
          x = runWorker('run', on);
        }
        a.push(x.cpuMs);
        b.push(y.cpuMs);
        ratios.push(x.cpuMs / y.cpuMs);
      }
      console.log(`N=${n} objects, ${pairs} pairs, CPU ms of one run-once process`);
      console.log(`  recorded    median ${median(a).toFixed(0)} (spread ${spread(a)})`);
      console.log(`  unrecorded  median ${median(b).toFixed(0)} (spread ${spread(b)})`);
      console.log(`  recording overhead: median ratio ${median(ratios).toFixed(3)} (pairs ${ratios.map((r) => r.toFixed(2)).join(' ')}); limit 1.15`);
      recordHistory('insight-history.jsonl', { objects: n, pairs, recordedCpuMs: median(a), unrecordedCpuMs: median(b), ratio: median(ratios), ratios });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
