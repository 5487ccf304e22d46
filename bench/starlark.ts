// Starlark speed (spec/starlark.md §9.1): the programs in bench/programs run in our interpreter (in-process),
// in python3 and in the reference starlark-go interpreter, and the ratios are printed.
//   ours cold  = parse + exec of the file (which calls bench() once)      python3 cold  = compile + exec
//   ours warm  = a second bench() call (warm JIT)                         python3 warm  = the same
// Three rounds alternate ours, python3 and starlark-go; each keeps its fastest round: on a shared machine that
// is the run least disturbed by other load, and alternating gives all three the same background.
//   starlark-go = whole process time of `starlark-ref FILE` minus the time of an empty program (start-up)
// ours/python3 compares warm times; ours/starlark-go compares ours cold with starlark-go (both parse and run once).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Thread, call, decodeUtf8, execFile, parse, resolve, str } from '../src-main/engine/starlark/index.js';
import { ensureReference } from '../src-main/engine/starlark/conformance/reference.js';
import type { BenchSuite } from './suite.js';

interface Timing {
  cold: number;
  warm?: number;
  checksum: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const programsDir = path.join(here, 'programs');
const ROUNDS = 3;

/** The faster of two timings (a failure wins, so that it gets reported). */
function fastest(a: Timing | string | undefined, b: Timing | string): Timing | string {
  if (a === undefined || typeof a === 'string') return a ?? b;
  if (typeof b === 'string') return b;
  return { cold: Math.min(a.cold, b.cold), warm: a.warm === undefined || b.warm === undefined ? a.warm ?? b.warm : Math.min(a.warm, b.warm), checksum: b.checksum };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Programs that call themselves need the `recursion` dialect option. */
function needsRecursion(source: string): boolean {
  return /option:recursion/.test(source);
}

function runOurs(file: string, source: string, reps: number): Timing {
  const options = { recursion: needsRecursion(source), maxSteps: 1e12 };
  const printed: string[] = [];
  const t0 = performance.now();
  const module = execFile(path.basename(file), source, { options, print: (m) => printed.push(m) });
  const cold = (performance.now() - t0) / 1000;
  const fn = module.globals.get('bench');
  if (fn === undefined) throw new Error(`${file}: defines no bench() function`);
  const warm: number[] = [];
  let checksum = printed.join('\n');
  for (let i = 0; i < reps; i++) {
    const thread = new Thread({ name: 'bench', options });
    const t = performance.now();
    const v = call(thread, fn, []);
    warm.push((performance.now() - t) / 1000);
    checksum = decodeUtf8(str(v));
  }
  return { cold, warm: Math.min(...warm), checksum };
}

function runPython(file: string, reps: number): Timing | string {
  const r = spawnSync('python3', [path.join(here, 'starlark-py-timer.py'), file, String(reps)], { encoding: 'utf8', timeout: 300_000 });
  if (r.error) return `python3 unavailable: ${r.error.message}`;
  if (r.status !== 0) return `python3 failed: ${r.stderr.trim().split('\n').slice(-1)[0]}`;
  const j = JSON.parse(r.stdout.trim().split('\n').slice(-1)[0]) as { cold: number; warm: number; checksum: string };
  return { cold: j.cold, warm: j.warm, checksum: j.checksum };
}

function timeProcess(bin: string, args: string[]): { seconds: number; stdout: string; ok: boolean; stderr: string } {
  const t = performance.now();
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 300_000 });
  return { seconds: (performance.now() - t) / 1000, stdout: r.stdout ?? '', ok: r.status === 0, stderr: r.stderr ?? '' };
}

function runReference(bin: string, file: string, source: string, startup: number): Timing | string {
  const args = needsRecursion(source) ? ['-recursion', file] : [file];
  const runs = [timeProcess(bin, args)];
  const bad = runs.find((r) => !r.ok);
  if (bad) return `starlark-go failed: ${bad.stderr.trim().split('\n').slice(-1)[0]}`;
  return { cold: Math.max(0, Math.min(...runs.map((r) => r.seconds)) - startup), checksum: runs[0].stdout.trim() };
}

const fmt = (s: number | undefined): string => (s === undefined ? '-' : `${(s * 1000).toFixed(0)} ms`);
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined || b === 0 ? '-' : (a / b).toFixed(2));

async function run(): Promise<void> {
  const files = readdirSync(programsDir).filter((f) => f.endsWith('.star')).sort();
  const ref = ensureReference(repoRoot);
  let startup = 0;
  if (ref.ok) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'starlark-bench-'));
    const empty = path.join(dir, 'empty.star');
    writeFileSync(empty, 'print(0)\n');
    startup = Math.min(...[0, 1, 2].map(() => timeProcess(ref.path, [empty]).seconds));
    console.log(`reference: ${ref.path}${ref.built ? ' (built now)' : ''}; process start-up ${fmt(startup)} subtracted`);
  } else {
    console.log(`reference starlark-go unavailable: ${ref.reason}`);
  }
  const header = ['program', 'ours cold', 'ours warm', 'py cold', 'py warm', 'starlark-go', 'ours/py', 'ours/go', 'check'];
  const rows: string[][] = [];
  const pyRatios: number[] = [];
  const perProgram: Record<string, number> = {};
  const goRatios: number[] = [];
  for (const f of files) {
    const file = path.join(programsDir, f);
    const source = readFileSync(file, 'utf8');
    // Rounds interleave the three interpreters, so that all of them see the same background load; each
    // keeps its fastest round.
    let ours: Timing | string | undefined;
    let py: Timing | string | undefined;
    let go: Timing | string | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      let o: Timing | string;
      try {
        o = runOurs(file, source, 1);
      } catch (err) {
        o = `ours failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
      }
      ours = fastest(ours, o);
      py = fastest(py, runPython(file, 1));
      if (ref.ok) go = fastest(go, runReference(ref.path, file, source, startup));
    }
    for (const x of [ours, py, go]) if (typeof x === 'string') console.log(`  ${f}: ${x}`);
    const o = typeof ours === 'string' ? undefined : ours;
    const p = typeof py === 'string' ? undefined : py;
    const g = typeof go === 'string' ? undefined : go;
    const sums = [o?.checksum, p?.checksum, g?.checksum].filter((c): c is string => c !== undefined);
    const check = sums.length && sums.every((c) => c === sums[0]) ? 'same' : `DIFFER ${sums.join(' / ')}`;
    if (o?.warm !== undefined && p?.warm) {
      pyRatios.push(o.warm / p.warm);
      perProgram[f.replace(/\.star$/, '')] = o.warm / p.warm;
    }
    if (o && g?.cold) goRatios.push(o.cold / g.cold);
    rows.push([f.replace(/\.star$/, ''), fmt(o?.cold), fmt(o?.warm), fmt(p?.cold), fmt(p?.warm), fmt(g?.cold), ratio(o?.warm, p?.warm), ratio(o?.cold, g?.cold), check]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  const geo = (xs: number[]): string => (xs.length ? Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length).toFixed(2) : '-');
  parseTimes();
  console.log(`geometric mean: ours/python3 ${geo(pyRatios)} (warm), ours/starlark-go ${ref.ok ? geo(goRatios) : 'n/a (reference unavailable)'} (cold, start-up excluded)`);
  recordHistory(perProgram);
}

/**
 * Appends this run's ours/python3 ratios to bench/out/starlark-history.jsonl (git-ignored) and flags programs
 * whose ratio grew by more than 20% since the previous run (spec §9.1: notice regressions).
 */
function recordHistory(ratios: Record<string, number>): void {
  const file = path.join(here, 'out', 'starlark-history.jsonl');
  const previous = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).slice(-1)[0] : undefined;
  if (previous) {
    const before = (JSON.parse(previous) as { ratios: Record<string, number> }).ratios;
    for (const [name, now] of Object.entries(ratios)) {
      const was = before[name];
      if (was !== undefined && now > was * 1.2) console.log(`REGRESSION? ${name}: ours/python3 ${was.toFixed(2)} → ${now.toFixed(2)} (+${((now / was - 1) * 100).toFixed(0)}%); rerun to rule out noise`);
    }
  }
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, JSON.stringify({ date: new Date().toISOString(), ratios }) + '\n');
  console.log(`history: ${path.relative(repoRoot, file)}`);
}

function starFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? starFilesUnder(p) : e.name.endsWith('.star') ? [p] : [];
  });
}

/** Parse (+ resolve) times of scan.star and of the Choreo example corpus (spec §9: a few ms; corpus < 20 ms). */
function parseTimes(): void {
  const shared = path.resolve(repoRoot, '../shared/conformance');
  const scan = path.join(shared, 'starlark/starlark-go/syntax/testdata/scan.star');
  const corpus = starFilesUnder(path.join(shared, 'choreo-examples')).map((f) => ({ f, src: readFileSync(f, 'utf8') }));
  if (!existsSync(scan) || !corpus.length) {
    console.log('parse times: ../shared/conformance absent, skipped');
    return;
  }
  const scanSrc = readFileSync(scan, 'utf8');
  const time = (fn: () => void): number => {
    for (let i = 0; i < 5; i++) fn(); // warm-up
    const runs = Array.from({ length: 15 }, () => {
      const t = performance.now();
      fn();
      return performance.now() - t;
    });
    return median(runs);
  };
  const scanMs = time(() => parse('scan.star', scanSrc));
  const corpusMs = time(() => {
    for (const { f, src } of corpus) resolve(parse(path.basename(f), src), { predeclared: CHOREO_BUILTIN_NAMES });
  });
  const lines = corpus.reduce((n, c) => n + c.src.split('\n').length, 0);
  console.log(`parse: scan.star (${scanSrc.split('\n').length} lines) ${scanMs.toFixed(2)} ms; Choreo example corpus parse+resolve (${corpus.length} files, ${lines} lines) ${corpusMs.toFixed(2)} ms (median of 15, warm)`);
}

/** Host builtins predeclared in Choreo code (spec/starlark.md §5), for resolving the corpus. */
const CHOREO_BUILTIN_NAMES = [
  'reconcile_result', 'client_create', 'client_apply', 'client_delete', 'client_get', 'client_list', 'client_update',
  'client_update_status', 'get_resource', 'add_finalizer', 'del_finalizer', 'is_conditionready', 'get_address',
  'isIPv4', 'isIPv6', 'is_ipv4', 'is_ipv6', 'get_subnetname', 'get_prefixlength',
];

export const starlarkSuite: BenchSuite = {
  name: 'starlark',
  description: 'Starlark programs: our interpreter vs python3 vs starlark-go (ratios)',
  run,
};
