// One process of the plan latency benchmark (bench/plan.ts): a host as the app runs it (dispatcher, engine
// and plan worker threads) opens PROJECT, runs it once twice (the second is the reference: what finding out
// by running costs), then plans unsaved edits of its input as the editor sends them, each a different text, as a user typing.
//   plan-worker.ts PROJECT INPUT_FILE PLANS
// Prints one JSON line: {firstRunMs, runMs, firstPlanMs, planMs: [...], changed}.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Result } from '../src-shared/ipc/contract.js';
import { Host } from '../src-main/host/host.js';

const [project, input, plansArg] = process.argv.slice(2);
if (!project || !input) {
  console.error('usage: plan-worker.ts PROJECT INPUT_FILE [PLANS]');
  process.exit(2);
}
const plans = Number(plansArg ?? 7);
const appData = mkdtempSync(path.join(os.tmpdir(), 'choreo-bench-plan-home-'));
const host = new Host({ transport: 'websocket', appDataDir: appData, watch: false, validateResponses: false });

async function call<T>(channel: string, request: unknown): Promise<T> {
  const r = (await host.dispatch(channel, request)) as Result<T>;
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** Wall milliseconds of one call: what the user waits for. */
async function timed<T>(channel: string, request: unknown): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await call<T>(channel, request);
  return { ms: performance.now() - t0, value };
}

interface Plan {
  success: boolean;
  message: string;
  counts: { add: number; change: number; destroy: number };
}

try {
  await host.openProject(project);
  // the first run starts the engine's worker thread; the second is the reference (warm, like the plans)
  const runOnce = async () => {
    const r = await timed<{ result: { success: boolean; message: string } }>('run.once', {});
    if (!r.value.result.success) throw new Error(`run once failed: ${r.value.result.message}`);
    return r;
  };
  const firstRun = await runOnce();
  const run = await runOnce();
  const saved = readFileSync(path.join(project, input), 'utf8');
  // each plan edits the first `name: world` into another name, as keystrokes would
  const edit = (i: number) => [{ path: input, content: saved.replace('name: world', `name: world${i}`) }];
  const first = await timed<Plan>('plan.compute', { source: 'buffers', buffers: edit(0) });
  const planMs: number[] = [];
  let changed = 0;
  for (let i = 1; i <= plans; i++) {
    const p = await timed<Plan>('plan.compute', { source: 'buffers', buffers: edit(i) });
    if (!p.value.success) throw new Error(`plan failed: ${p.value.message}`);
    changed = p.value.counts.add + p.value.counts.change + p.value.counts.destroy;
    planMs.push(p.ms);
  }
  if (changed === 0) throw new Error('the edit changed no object: the plan measured nothing');
  console.log(JSON.stringify({ firstRunMs: firstRun.ms, runMs: run.ms, firstPlanMs: first.ms, planMs, changed }));
} finally {
  await host.close();
  rmSync(appData, { recursive: true, force: true });
}
