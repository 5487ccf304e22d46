// Delivery of the two projects of ../shared/conformance/kubenet (topology, combined), whole process from spawn
// to exit: `choreo build -r`, `choreo deploy development BUILD` and `choreo promote development`, each paired
// with `node -e 0`. Each project is a committed copy in a fresh git repository with a fresh app home. Deploy
// and promote are done by the project's background host (started by the warm-up deploy, stopped at the end),
// so their figures are the command's wait for the host: health check included. Results are appended to
// bench/out/kubenet-delivery-history.jsonl.
import { cpSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { haveSharedKubenet, sharedKubenetDir } from '../src-main/testing/temp-projects.js';
import type { BenchSuite } from './suite.js';
import { choreoCommand, commitInFreshRepo, freshHomeEnv, median, recordHistory, reportBundle, sec, timePaired, withTempDir, type PairedResult } from './whole-process.js';

const RUNS = Number(process.env.CHOREO_BENCH_KUBENET_RUNS ?? 5);
const PROJECTS = ['topology', 'combined'];

async function run(): Promise<void> {
  if (!haveSharedKubenet) {
    console.log(`not measured: ${sharedKubenetDir} is absent`);
    return;
  }
  reportBundle();
  await withTempDir('choreo-bench-kubenet-delivery-', async (root) => {
    const env = freshHomeEnv(root);
    console.log(`whole process, ${RUNS} runs each after a warm-up, alternating with \`node -e 0\`; median (min-max); ratio: median of the paired ratios`);
    const rows: Record<string, Omit<PairedResult, 'times' | 'references'>> = {};
    const refAll: number[] = [];
    const choreo = (...args: string[]) => {
      const [node, ...rest] = choreoCommand(...args);
      return execFileSync(node!, rest, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    };
    const time = async (name: string, args: string[]) => {
      const r = await timePaired({ name, command: choreoCommand(...args) }, env, RUNS);
      refAll.push(...r.references);
      rows[name] = { median: r.median, min: r.min, max: r.max, ratio: r.ratio };
      console.log(`${name.padEnd(36)} ${sec(r.median)} (${sec(r.min)}-${sec(r.max)})  ${r.ratio.toFixed(1)}x node -e 0`);
    };
    for (const p of PROJECTS) {
      const dir = path.join(root, p);
      cpSync(path.join(sharedKubenetDir, p), dir, { recursive: true, filter: (src) => path.basename(src) !== 'db' });
      commitInFreshRepo(dir);
      // the build id to deploy: a build's id is its content address, the same for every build of the commit
      const built = choreo('build', '-r', '--dir', dir);
      const id = /build ([0-9a-f]{16}) of/.exec(built)?.[1];
      if (!id) throw new Error(`choreo build -r of ${p} printed no build id:\n${built}`);
      try {
        await time(`build -r ${p}`, ['build', '-r', '--dir', dir]);
        await time(`deploy development ${p}`, ['deploy', 'development', id, '--dir', dir]);
        await time(`promote development ${p}`, ['promote', 'development', '--dir', dir]);
      } finally {
        choreo('server', 'stop', '--dir', dir);
      }
    }
    console.log(`${'node -e 0 (reference)'.padEnd(36)} ${sec(median(refAll))} (${sec(Math.min(...refAll))}-${sec(Math.max(...refAll))})`);
    recordHistory('kubenet-delivery', { reference: median(refAll), cases: rows });
  });
}

export const kubenetDeliverySuite: BenchSuite = {
  name: 'kubenet-delivery',
  description: 'whole-process build -r, deploy and promote of the kubenet conformance projects (topology, combined) (vs node -e 0)',
  run,
};
