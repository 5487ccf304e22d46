// `choreo run once -r` on the kubenet project of ../shared/conformance/kubenet (combined), whole process from
// spawn to exit, from a clean state every time (no .choreo/, no db/): once as it is and once on a copy scaled
// to FACTOR times its nodes (bench/kubenet-scale.ts). Each copy is committed in a fresh git repository, as
// projects are. Every run is paired with `node -e 0`. Results are appended to bench/out/kubenet-history.jsonl.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { haveSharedKubenet, sharedKubenetDir, tempProjects } from '../src-main/testing/temp-projects.js';
import { scaleKubenet } from './kubenet-scale.js';
import type { BenchSuite } from './suite.js';
import { choreoCommand, commitInFreshRepo, freshHomeEnv, median, medianRange, recordHistory, reportBundle, sec, timePaired, type PairedResult } from './whole-process.js';

const RUNS = Number(process.env.CHOREO_BENCH_KUBENET_RUNS ?? 5);
const FACTOR = Number(process.env.CHOREO_BENCH_KUBENET_FACTOR ?? 10);

async function run(): Promise<void> {
  if (!haveSharedKubenet) {
    console.log(`not measured: ${sharedKubenetDir} is absent`);
    return;
  }
  const bundle = reportBundle();
  const temp = tempProjects('choreo-bench-kubenet-');
  try {
    const root = temp.emptyDir();
    const env = freshHomeEnv(root);
    const source = path.join(sharedKubenetDir, 'combined');
    const copies = [1, FACTOR].map((factor) => {
      const dir = path.join(root, `combined-x${factor}`);
      const { nodes } = scaleKubenet(source, dir, factor);
      commitInFreshRepo(dir);
      return { name: `run once -r combined, ${nodes} nodes`, dir };
    });
    console.log(`whole process, ${RUNS} runs each after a warm-up, clean state each time, alternating with \`node -e 0\`; median (min-max); ratio: median of the paired ratios`);
    const rows: Record<string, Omit<PairedResult, 'times' | 'references'>> = {};
    const refAll: number[] = [];
    for (const c of copies) {
      const command = choreoCommand('run', 'once', '-r', c.dir);
      const r = await timePaired({ name: c.name, command }, env, RUNS, () => rmSync(path.join(c.dir, '.choreo'), { recursive: true, force: true }));
      refAll.push(...r.references);
      rows[c.name] = { median: r.median, min: r.min, max: r.max, ratio: r.ratio };
      console.log(`${c.name.padEnd(36)} ${sec(r.median)} (${sec(r.min)}-${sec(r.max)})  ${r.ratio.toFixed(1)}x node -e 0`);
    }
    console.log(`${'node -e 0 (reference)'.padEnd(36)} ${medianRange(refAll)}`);
    recordHistory('kubenet', { bundle, factor: FACTOR, reference: median(refAll), cases: rows });
  } finally {
    temp.cleanup();
  }
}

export const kubenetSuite: BenchSuite = {
  name: 'kubenet',
  description: `whole-process run once -r of the kubenet conformance project (combined), as it is and scaled to ${FACTOR}x its nodes (vs node -e 0)`,
  run,
};
