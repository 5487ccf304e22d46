// Wall and CPU time per phase of a run (load, reconcile, persist, snapshot, …), for profiling and the
// engine benchmark: with CHOREO_PHASE_TIMES=1 in the environment, `run once` prints one line
// `phase-times {"load.parse":{"ms":…,"cpuMs":…},…}` on stderr when it ends. Without it every call is a no-op,
// so the marks can stay on the hot path of a run.

export interface PhaseTime {
  ms: number;
  cpuMs: number;
  /** Resident set size when the phase ended, and the JS heap in use then (this thread's). */
  rssMB?: number;
  heapMB?: number;
}

const enabled = typeof process !== 'undefined' && !!process.env.CHOREO_PHASE_TIMES;

let current: { name: string; t0: number; c0: NodeJS.CpuUsage } | undefined;
const totals = new Map<string, PhaseTime>();

/** Ends the phase in progress (if any) and starts `name`; undefined ends it without starting another. */
export function phase(name: string | undefined): void {
  if (!enabled) return;
  const now = performance.now();
  const cpu = process.cpuUsage();
  if (current) {
    const t = totals.get(current.name) ?? { ms: 0, cpuMs: 0 };
    t.ms += now - current.t0;
    t.cpuMs += (cpu.user - current.c0.user + cpu.system - current.c0.system) / 1000;
    const mem = process.memoryUsage();
    t.rssMB = Math.round(mem.rss / 2 ** 20);
    t.heapMB = Math.round(mem.heapUsed / 2 ** 20);
    totals.set(current.name, t);
  }
  current = name === undefined ? undefined : { name, t0: now, c0: cpu };
}

/** Prints the phases timed so far (one stderr line) and starts over. */
export function reportPhases(): void {
  if (!enabled) return;
  phase(undefined);
  const out: Record<string, PhaseTime> = {};
  for (const [k, v] of totals) out[k] = { ...v, ms: Math.round(v.ms), cpuMs: Math.round(v.cpuMs) };
  process.stderr.write(`phase-times ${JSON.stringify(out)}\n`);
  totals.clear();
}
