// One measurement of the engine benchmark, in its own process so peak RSS belongs to that measurement.
//   engine-worker.ts run DIR        run once (reconcilers, store save, snapshot, field provenance)
//   engine-worker.ts run-unrecorded DIR   the same without recording field provenance
//   engine-worker.ts baseline DIR   load (parse YAML + validate + apply) + store save + snapshot, no reconcilers
//   engine-worker.ts diff DIR       diff of the two latest snapshots
// Prints one JSON line: {ms, rssMB, ...}.
import { diffSnapshots, listSnapshots, loadProject, readSnapshot, writeSnapshot, runOnce } from '../src-main/engine/index.js';

const [mode, dir] = process.argv.slice(2);
if (!mode || !dir) {
  console.error('usage: engine-worker.ts run|run-unrecorded|baseline|diff DIR');
  process.exit(2);
}
const rssMB = () => process.resourceUsage().maxRSS / 1024;
const t0 = performance.now();
const c0 = process.cpuUsage();
let extra: Record<string, unknown> = {};
if (mode === 'run' || mode === 'run-unrecorded') {
  // run-unrecorded: without field provenance (the insight suite's reference for the recording cost)
  const r = await runOnce(dir, mode === 'run' ? {} : { provenance: false });
  const events = r.runners.flatMap((x) => x.events);
  extra = { success: r.success, message: r.message, reconciles: events.filter((e) => e.operation === 'START').length };
} else if (mode === 'baseline') {
  const p = await loadProject(dir);
  await p.store.save();
  const info = await writeSnapshot(dir, p.store, { mode: 'load' });
  extra = { objects: info.objectCount };
} else if (mode === 'diff') {
  const list = await listSnapshots(dir);
  const [next, prev] = [list[0], list[1]];
  if (!next || !prev) throw new Error('need two snapshots');
  const t1 = performance.now();
  const a = await readSnapshot(dir, prev.id);
  const b = await readSnapshot(dir, next.id);
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  const items = diffSnapshots(a, b, {});
  const t3 = performance.now();
  const dc = process.cpuUsage(c2);
  extra = { readMs: t2 - t1, diffMs: t3 - t2, diffCpuMs: (dc.user + dc.system) / 1000, modified: items.filter((i) => i.status === 'modified').length, items: items.length };
}
const cpu = process.cpuUsage(c0);
// CPU time (user + system) is reported too: on a shared machine wall time mostly measures the neighbours.
console.log(JSON.stringify({ mode, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, rssMB: rssMB(), ...extra }));
