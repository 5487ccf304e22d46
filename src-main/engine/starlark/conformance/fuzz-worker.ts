// Worker side of the fuzz test: feeds inputs to the scanner, parser and resolver (and the editor's check()),
// runs the ones that resolve on a small step budget, and reports inputs that threw something other than a StarlarkError or took too long. Progress goes
// through shared memory, so the test can detect a hang, stop the worker and name the input.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Builtin, StarlarkError, Thread, check, execFile, freeze, parse, resolve } from '../index.js';
import type { Module, StarlarkOptions, Value } from '../index.js';
import { ModuleValue } from './assert-module.js';
import { Fibonacci, hasfieldsBuiltin } from './test-values.js';
import { fuzzInput } from './fuzz-inputs.js';

export interface FuzzWorkerData {
  seed: number;
  count: number;
  files: string[];
  /** Int32Array view: [0] = index of the input being processed. */
  progress: SharedArrayBuffer;
  slowMs: number;
}

export interface FuzzProblem {
  index: number;
  kind: string;
  problem: string;
}

export interface FuzzWorkerResult {
  problems: FuzzProblem[];
  maxMs: number;
  maxIndex: number;
  /** Inputs that parsed and resolved, and so were also executed. */
  executed: number;
  totalMs: number;
}

const data = workerData as FuzzWorkerData;
const progress = new Int32Array(data.progress);
// Whole chunks (the suites' independent programs) mutate into inputs that more often still resolve and run.
const corpus = data.files.flatMap((f) => readFileSync(f, 'utf8').split(/\n---[ \t]*\n/));
// Test-only names of the suites, so that mutated chunks resolve and run as far as they can.
const noop = new Builtin('noop', () => null);
const PREDECLARED: Record<string, Value> = {
  M: null, U: null, assert_eq: noop, assert_ne: noop, assert_: noop, hasfields: hasfieldsBuiltin, fibonacci: new Fibonacci(), struct: noop, json: null,
};
const ASSERT_MODULE: Module = {
  name: 'assert.star',
  globals: new Map<string, Value>([
    ['assert', new ModuleValue('assert', new Map(['eq', 'ne', 'true', 'lt', 'contains', 'fails', 'fail'].map((n) => [n, noop])))],
    ['freeze', new Builtin('freeze', (_t, args) => freeze(args[0] ?? null))],
  ]),
};
const problems: FuzzProblem[] = [];
const ALL_ON: StarlarkOptions = { set: true, while: true, toplevelcontrol: true, globalreassign: true, loadbindsglobally: true, recursion: true };
let maxMs = 0;
let maxIndex = -1;
let executed = 0;
const started = performance.now();

for (let i = 0; i < data.count; i++) {
  Atomics.store(progress, 0, i);
  const input = fuzzInput(data.seed, i, corpus);
  const options = i % 3 === 0 ? ALL_ON : {};
  const t0 = performance.now();
  let resolved = false;
  try {
    const ast = parse('fuzz.star', input.source, options);
    resolve(ast, { predeclared: Object.keys(PREDECLARED), options });
    resolved = true;
  } catch (err) {
    if (!(err instanceof StarlarkError) || (err.kind !== 'syntax' && err.kind !== 'resolve')) {
      const what = err instanceof StarlarkError ? `StarlarkError of kind ${err.kind}: ${err.message}` : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      problems.push({ index: i, kind: input.kind, problem: `parse/resolve threw ${what}` });
    }
  }
  // Inputs that resolve also run, on a small budget: the evaluator must fail only with StarlarkErrors too.
  if (resolved) {
    executed++;
    try {
      const thread = new Thread({ name: 'fuzz', options: { ...options, maxSteps: 20_000, maxAllocation: 100_000 } });
      const load = (module: string): Module => {
        if (module === 'assert.star') return ASSERT_MODULE;
        throw new StarlarkError('runtime', `module ${module} is not available in the fuzz test`);
      };
      execFile('fuzz.star', input.source, { predeclared: PREDECLARED, options: thread.options, thread, load });
    } catch (err) {
      if (!(err instanceof StarlarkError)) {
        problems.push({ index: i, kind: input.kind, problem: `execFile threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}` });
      }
    }
  }
  if (i % 4 === 0) {
    try {
      const diags = check('fuzz.star', input.source, { predeclared: Object.keys(PREDECLARED), options });
      if (!Array.isArray(diags)) problems.push({ index: i, kind: input.kind, problem: 'check() returned no diagnostics array' });
    } catch (err) {
      problems.push({ index: i, kind: input.kind, problem: `check() threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}` });
    }
  }
  const ms = performance.now() - t0;
  if (ms > maxMs) {
    maxMs = ms;
    maxIndex = i;
  }
  if (ms > data.slowMs) problems.push({ index: i, kind: input.kind, problem: `took ${ms.toFixed(0)} ms (limit ${data.slowMs} ms)` });
}
Atomics.store(progress, 0, data.count);
const result: FuzzWorkerResult = { problems, maxMs, maxIndex, executed, totalMs: performance.now() - started };
parentPort?.postMessage(result);
