// Robustness: >= 10,000 random or mutated inputs go through the scanner, parser and resolver (and the ones that
// resolve also run, on a small step budget). None may throw anything but a StarlarkError, hang, or take more
// than a second. Inputs are deterministic (seeded); a bad one
// is written to a temp file and named in the failure. The loop runs in a worker so that a hang can be
// detected and the worker stopped. Its stack is limited to 1 MB, like a main thread, so deep nesting that
// would overflow the stack of the IDE or the CLI overflows here too.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { fuzzInput } from './fuzz-inputs.js';
import type { FuzzWorkerData, FuzzWorkerResult } from './fuzz-worker.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const shared = path.resolve(repoRoot, '../shared/conformance');
const SEED = 1122;
const COUNT = 10_000;
const SLOW_MS = 1000;
const HANG_MS = 15_000;

function starFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...starFilesUnder(p));
    else if (e.name.endsWith('.star')) out.push(p);
  }
  return out.sort();
}

function saveInput(index: number, files: string[]): string {
  const input = fuzzInput(SEED, index, files.map((f) => readFileSync(f, 'utf8')));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'starlark-fuzz-'));
  const file = path.join(dir, `input-${index}-${input.kind.replace(/[^a-z0-9+-]/gi, '_')}.star`);
  writeFileSync(file, input.source);
  return file;
}

describe('scanner, parser and resolver robustness', () => {
  it.skipIf(!existsSync(shared))(`survive ${COUNT} mutated inputs (skipped only when ../shared is absent)`, async () => {
    const files = starFilesUnder(shared);
    expect(files.length).toBeGreaterThan(50);
    const progress = new SharedArrayBuffer(4);
    const view = new Int32Array(progress);
    const data: FuzzWorkerData = { seed: SEED, count: COUNT, files, progress, slowMs: SLOW_MS };
    const worker = new Worker(new URL('./fuzz-worker-boot.mjs', import.meta.url), { workerData: data, resourceLimits: { stackSizeMb: 1 } });
    const outcome = await new Promise<FuzzWorkerResult | { hung: number } | { error: Error }>((resolve) => {
      let last = -1;
      let lastChange = Date.now();
      const timer = setInterval(() => {
        const now = Atomics.load(view, 0);
        if (now !== last) {
          last = now;
          lastChange = Date.now();
        } else if (Date.now() - lastChange > HANG_MS) {
          clearInterval(timer);
          void worker.terminate();
          resolve({ hung: now });
        }
      }, 250);
      worker.once('message', (m: FuzzWorkerResult) => {
        clearInterval(timer);
        resolve(m);
      });
      worker.once('error', (error) => {
        clearInterval(timer);
        resolve({ error });
      });
    });
    if ('hung' in outcome) throw new Error(`input #${outcome.hung} made the parser/resolver hang (> ${HANG_MS} ms); saved to ${saveInput(outcome.hung, files)}`);
    if ('error' in outcome) throw new Error(`the fuzz worker died at input #${Atomics.load(view, 0)} (saved to ${saveInput(Atomics.load(view, 0), files)}): ${outcome.error.stack ?? outcome.error.message}`);
    console.log(`fuzz: ${COUNT} inputs (${outcome.executed} resolved and were run) in ${(outcome.totalMs / 1000).toFixed(1)} s; slowest #${outcome.maxIndex} ${outcome.maxMs.toFixed(0)} ms`);
    const byKind = new Map<string, number>();
    for (const p of outcome.problems) {
      const key = `${p.kind.split('+')[0]}: ${p.problem.replace(/\d+ ms/, 'N ms').slice(0, 80)}`;
      byKind.set(key, (byKind.get(key) ?? 0) + 1);
    }
    if (byKind.size) console.log(`fuzz problems by input kind:\n${[...byKind].map(([k, n]) => `  ${n} × ${k}`).join('\n')}`);
    const report = outcome.problems.slice(0, 20).map((p) => `#${p.index} (${p.kind}): ${p.problem}; input saved to ${saveInput(p.index, files)}`);
    expect(report, `${outcome.problems.length} bad inputs`).toEqual([]);
  }, 180_000);
});
