// Turns per-chunk results into the runner's report: per-file lines, per-suite totals, target groups, and the
// closing `starlark-conformance: P passed, F failed, S skipped` line (toolchain.md §10). F counts only
// unexpected results: a failing chunk not in the known-failures list, a listed chunk that passes, or a listed
// chunk that no longer exists.
import type { ChunkResult } from './drivers.js';
import type { ConformanceFile, TargetGroup } from './inventory.js';
import type { KnownFailure } from './known-failures.js';

export interface FileReport {
  file: ConformanceFile;
  results: ChunkResult[];
  /** Chunks of an excluded file (counted as skipped). */
  excludedChunks: number;
}

export type Verdict = 'pass' | 'unexpected-fail' | 'known-fail' | 'unexpected-pass' | 'skip';

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  verdicts: Map<string, Verdict>;
  /** Listed ids that match no chunk. */
  stale: string[];
}

export function verdictOf(r: ChunkResult, known: ReadonlyMap<string, KnownFailure>): Verdict {
  if (r.status === 'skip') return 'skip';
  const listed = known.has(r.id);
  if (r.status === 'pass') return listed ? 'unexpected-pass' : 'pass';
  return listed ? 'known-fail' : 'unexpected-fail';
}

export function tally(files: FileReport[], known: ReadonlyMap<string, KnownFailure>): Tally {
  const t: Tally = { passed: 0, failed: 0, skipped: 0, verdicts: new Map(), stale: [] };
  const seen = new Set<string>();
  for (const f of files) {
    t.skipped += f.excludedChunks;
    for (const r of f.results) {
      seen.add(r.id);
      const v = verdictOf(r, known);
      t.verdicts.set(r.id, v);
      if (v === 'pass') t.passed++;
      else if (v === 'skip' || v === 'known-fail') t.skipped++;
      else t.failed++;
    }
  }
  for (const id of known.keys()) if (!seen.has(id)) t.stale.push(id);
  t.failed += t.stale.length;
  return t;
}

/** Chunks that passed and chunks that count toward the pass rate (option-skipped chunks do not). */
export function rate(results: ChunkResult[]): { passed: number; total: number } {
  const run = results.filter((r) => r.status !== 'skip');
  return { passed: run.filter((r) => r.status === 'pass').length, total: run.length };
}

function pct(passed: number, total: number): string {
  return total ? `${((100 * passed) / total).toFixed(1)}%` : 'n/a';
}

/** One line per file: pass count, and for single-chunk files where it stopped and how many assertions ran. */
export function fileLine(f: FileReport): string {
  const name = `${f.file.suite}/${f.file.rel}`;
  if (f.file.driver.kind === 'excluded') return `  skip  ${name}  excluded (${f.excludedChunks} chunks): ${f.file.driver.reason}`;
  const { passed, total } = rate(f.results);
  const skipped = f.results.length - total;
  const mark = passed === total ? 'ok  ' : 'FAIL';
  let line = `  ${mark}  ${name}  ${passed}/${total} chunks (${pct(passed, total)})`;
  if (skipped) line += `, ${skipped} skipped`;
  if (f.results.length === 1 && f.file.driver.kind === 'exec') {
    const r = f.results[0];
    line += r.stopLine !== undefined ? `; stopped at line ${r.stopLine}` : r.status === 'skip' ? '' : '; ran to the end';
    line += `, ${r.assertions} assertions ran`;
  }
  return line;
}

/** Report lines for the target groups of issue 3. */
export function targetLines(files: FileReport[], groups: TargetGroup[]): string[] {
  const lines: string[] = [];
  for (const g of groups) {
    const members = files.filter((f) => g.files(f.file));
    const all = rate(members.flatMap((f) => f.results));
    if (!g.perFile) {
      const ok = all.total > 0 && all.passed / all.total >= g.target;
      lines.push(`  ${ok ? 'met ' : 'MISS'}  ${g.name}: ${all.passed}/${all.total} chunks (${pct(all.passed, all.total)}), target ${g.target * 100}%`);
      continue;
    }
    const misses = members.filter((f) => {
      const r = rate(f.results);
      return r.total === 0 || r.passed / r.total < g.target;
    });
    lines.push(`  ${misses.length ? 'MISS' : 'met '}  ${g.name}: ${all.passed}/${all.total} chunks (${pct(all.passed, all.total)}), target ${g.target * 100}% per file`);
    for (const f of members) {
      const r = rate(f.results);
      lines.push(`          ${misses.includes(f) ? 'below' : 'ok   '} ${f.file.rel}: ${r.passed}/${r.total} (${pct(r.passed, r.total)})`);
    }
  }
  return lines;
}
