// The cost of debug mode (issue 14): `choreo debug` with a breakpoint that never stops, against a normal
// `choreo run once` of the same project, whole processes from spawn to exit, alternating pair by pair.
// The breakpoint sits on the hottest line and filters on an object that does not exist, so the debugger's
// slow path runs on every pass of that line (the case of a filter over a big run) and still never stops.
// Projects: examples/hello-world (start-up bound), and a compute-bound one (N objects whose reconciler
// load()s a library that loops), where the interpreter's own cost shows. Target: debug ≤ 3x run once.
// A debug run writes nothing while run once saves the store and a snapshot, so each run once starts from a
// clean state (no .choreo/) and so does each debug run. Results go to bench/out/debug-history.jsonl.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempProjects } from '../src-main/testing/temp-projects.js';
import { writeBenchProject } from './engine-project.js';
import type { BenchSuite } from './suite.js';
import { choreoCommand, copyExample, freshHomeEnv, median, medianRange, recordHistory, reportBundle, timeOnce, type TimedCommand } from './whole-process.js';

const RUNS = Number(process.env.CHOREO_BENCH_DEBUG_RUNS ?? 5);
const COMPUTE_OBJECTS = Number(process.env.CHOREO_BENCH_DEBUG_OBJECTS ?? 300);

/** A library function that loops (about 20,000 Starlark steps per call) and the reconciler line that calls it. */
const LIBRARY = `def score(name, value):
  total = 0
  parts = {}
  for i in range(2000):
    x = (i * value + len(name)) % 97
    if x > 40:
      total += x
    else:
      total -= 1
    parts["k%d" % (i % 16)] = x
  return total + len(parts)
`;
/** The first line of the loop body: the breakpoint's line runs 2,000 times per reconcile. */
const HOT_BREAK = 'libs/bench.score.star:5';

interface Case {
  name: string;
  dir: string;
  breakAt: string;
}

/** The compute-bound project: the engine bench project whose reconciler load()s the looping library. */
export function computeProject(dir: string): void {
  writeBenchProject(dir, { n: COMPUTE_OBJECTS });
  mkdirSync(path.join(dir, 'libs'), { recursive: true });
  writeFileSync(path.join(dir, 'libs', 'bench.score.star'), LIBRARY);
  const rec = path.join(dir, 'reconcilers', 'bench.example.com.items.child.star');
  writeFileSync(
    rec,
    `load("bench.score.star", "score")\n` +
      readFileSync(rec, 'utf8').replace('  spec = self.get("spec", {})', '  spec = self.get("spec", {})\n  s = score(meta["name"], int(spec.get("value", 0)))'),
  );
}

async function pairs(c: Case, env: NodeJS.ProcessEnv): Promise<{ run: number[]; debug: number[]; ratio: number }> {
  const run: TimedCommand = { name: 'run once', command: choreoCommand('run', 'once', c.dir) };
  const debug: TimedCommand = { name: 'debug', command: choreoCommand('debug', c.dir, '--break', c.breakAt, '--object', 'Nothing/none') };
  const clean = () => rmSync(path.join(c.dir, '.choreo'), { recursive: true, force: true });
  clean();
  await timeOnce(run, env); // warm-up of both
  clean();
  await timeOnce(debug, env);
  const out = { run: [] as number[], debug: [] as number[], ratios: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    clean();
    const r = await timeOnce(run, env);
    clean();
    const d = await timeOnce(debug, env);
    out.run.push(r);
    out.debug.push(d);
    out.ratios.push(d / r);
  }
  return { run: out.run, debug: out.debug, ratio: median(out.ratios) };
}

async function runSuite(): Promise<void> {
  const bundle = reportBundle();
  const temp = tempProjects('choreo-bench-debug-');
  try {
    const root = temp.emptyDir();
    const env = freshHomeEnv(root);
    const hello = copyExample('hello-world', path.join(root, 'hello-world'));
    const compute = path.join(root, 'compute');
    computeProject(compute);
    const cases: Case[] = [
      { name: 'hello-world', dir: hello, breakAt: 'libs/studio.example.com.greetings.star:12' },
      { name: `compute, ${COMPUTE_OBJECTS} objects`, dir: compute, breakAt: HOT_BREAK },
    ];
    console.log(`whole process, ${RUNS} pairs after a warm-up, clean state each time; median (min-max); ratio: median of the paired ratios debug / run once (target ≤ 3)`);
    const rows: Record<string, unknown> = {};
    for (const c of cases) {
      const r = await pairs(c, env);
      rows[c.name] = { run: median(r.run), debug: median(r.debug), ratio: r.ratio };
      console.log(`${c.name.padEnd(24)} run once ${medianRange(r.run)}   debug, no stop ${medianRange(r.debug)}   ${r.ratio.toFixed(2)}x`);
    }
    recordHistory('debug', { bundle, objects: COMPUTE_OBJECTS, cases: rows });
  } finally {
    temp.cleanup();
  }
}

export const debugSuite: BenchSuite = {
  name: 'debug',
  description: 'whole-process choreo debug with a breakpoint that never stops vs choreo run once (hello-world, a compute-bound project)',
  run: runSuite,
};
