// Start-up as the user meets it (issue 11 item 1), whole processes timed from spawn to exit (or to the URL
// line for the servers):
//   choreo --version
//   choreo run once on a copy of examples/hello-world, committed in a fresh git repository (as projects are)
//   choreo server start on that copy, to its URL line
//   npm run web (the renderer already built), to its URL line
// Each is started RUNS times after one warm-up, alternating with the reference `node -e 0`, so both see the
// same background load; the ratio is taken pair by pair. Targets (on an otherwise idle 2-core machine):
// --version ≤ 0.15 s, run once ≤ 0.4 s, npm run web ≤ 1 s. Results are appended to
// bench/out/startup-history.jsonl.
import path from 'node:path';
import { rendererIsStale } from '../bin/web.mjs';
import type { BenchSuite } from './suite.js';
import { choreoCommand, commitInFreshRepo, copyExample, freshHomeEnv, median, medianRange, recordHistory, repoRoot, reportBundle, sec, timePaired, withTempDir, type TimedCommand } from './whole-process.js';

const RUNS = Number(process.env.CHOREO_BENCH_STARTUP_RUNS ?? 7);
const URL_LINE = /http:\/\/127\.0\.0\.1:\d+\//;

interface Case extends TimedCommand {
  target?: number;
}

/** A copy of examples/hello-world committed in a fresh repository, so run once reads git like in a real project. */
function projectCopy(root: string): string {
  const dir = copyExample('hello-world', path.join(root, 'hello-world'));
  if (!commitInFreshRepo(dir)) console.log('(git is not installed: run once is measured outside a repository)');
  return dir;
}

async function run(): Promise<void> {
  const bundle = reportBundle();
  await withTempDir('choreo-bench-startup-', async (root) => {
    const project = projectCopy(root);
    const env = freshHomeEnv(root);
    const cases: Case[] = [
      { name: 'choreo --version', target: 0.15, command: choreoCommand('--version') },
      { name: 'choreo run once hello-world', target: 0.4, command: choreoCommand('run', 'once', project) },
      { name: 'choreo server start (to URL)', command: choreoCommand('server', 'start', project), until: URL_LINE },
    ];
    if (rendererIsStale(repoRoot, path.join(repoRoot, 'dist'))) console.log('npm run web: not measured, the renderer is not built (run `npm run build:renderer`)');
    else cases.push({ name: 'npm run web (to URL)', target: 1, command: ['npm', 'run', '--silent', 'web', '--', project], until: URL_LINE });
    console.log(`whole process, ${RUNS} runs each after a warm-up, alternating with \`node -e 0\`; median (min-max); ratio: median of the paired ratios`);
    const rows: Record<string, { median: number; min: number; max: number; ratio: number }> = {};
    const refAll: number[] = [];
    for (const c of cases) {
      const r = await timePaired(c, env, RUNS);
      refAll.push(...r.references);
      const row = { median: r.median, min: r.min, max: r.max, ratio: r.ratio };
      rows[c.name] = row;
      const verdict = c.target === undefined ? '' : `  target ≤ ${c.target} s${row.median <= c.target ? '' : ' (missed on this run)'}`;
      console.log(`${c.name.padEnd(30)} ${sec(row.median)} (${sec(row.min)}-${sec(row.max)})  ${row.ratio.toFixed(2)}x node -e 0${verdict}`);
    }
    const ref = { median: median(refAll), min: Math.min(...refAll), max: Math.max(...refAll) };
    console.log(`${'node -e 0 (reference)'.padEnd(30)} ${medianRange(refAll)}`);
    // The targets are for an idle machine, where `node -e 0` takes about 0.05 s; on a busy one compare the ratios.
    if (ref.median > 0.1) console.log(`the machine is busy (node -e 0 took ${sec(ref.median)}, about 0.05 s when idle): judge the targets by the ratios`);
    recordHistory('startup', { bundle, reference: ref.median, cases: rows });
  });
}

export const startupSuite: BenchSuite = {
  name: 'startup',
  description: 'whole-process start-up: choreo --version, run once hello-world, server start and npm run web to the URL line (vs node -e 0)',
  run,
};
