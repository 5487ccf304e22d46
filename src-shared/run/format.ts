// Text renderings of a RunResult: the profile-B summary printed by `run once` / `run result`
// (engine spec §5.4), the profile-A table (§5.5, what the example READMEs show) and Go's duration format.
// Pure functions over the shared result types so the CLI and the renderer print the same thing.
import {
  resourceIdOf,
  runOutputFormats,
  type ReconcilerRow,
  type ResourceRow,
  type RunCounts,
  type RunEvent,
  type RunOutputFormat,
  type RunResult,
} from './result.js';

/** Per-reconciler counts over a list of events, sorted like the Go printer (case-insensitive, quoted name). */
export function reconcilerRows(events: readonly RunEvent[]): ReconcilerRow[] {
  const rows = new Map<string, ReconcilerRow>();
  for (const e of events) {
    let row = rows.get(e.reconciler);
    if (!row) rows.set(e.reconciler, (row = { reconciler: e.reconciler, start: 0, stop: 0, requeue: 0, error: 0 }));
    tallyEvent(row, e);
  }
  return [...rows.values()].sort((a, b) => compareKeys(quoted(a.reconciler), quoted(b.reconciler)));
}

/** Per-(reconciler, resource) counts; each row once (the Go printer's duplicate rows are a bug, §5.4). */
export function resourceRows(events: readonly RunEvent[]): ResourceRow[] {
  const rows = new Map<string, ResourceRow>();
  for (const e of events) {
    const resource = resourceIdOf(e.resource);
    const key = `${e.reconciler}\u0000${resource}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { reconciler: e.reconciler, resource, start: 0, stop: 0, requeue: 0, error: 0 }));
    tallyEvent(row, e);
  }
  return [...rows.values()].sort((a, b) =>
    compareKeys(`${quoted(a.reconciler)}.${quoted(a.resource)}`, `${quoted(b.reconciler)}.${quoted(b.resource)}`),
  );
}

/** Go's `time.Duration.String()` for a duration given in milliseconds (`0s`, `850µs`, `12.487ms`, `2m3.5s`). */
export function formatGoDuration(ms: number): string {
  let ns = Math.round(ms * 1e6);
  if (ns === 0) return '0s';
  const neg = ns < 0;
  if (neg) ns = -ns;
  let out: string;
  if (ns < 1e3) out = `${ns}ns`;
  else if (ns < 1e6) out = `${fraction(ns, 3)}µs`;
  else if (ns < 1e9) out = `${fraction(ns, 6)}ms`;
  else {
    const totalSec = Math.floor(ns / 1e9);
    const fracNs = ns - totalSec * 1e9;
    const h = Math.floor(totalSec / 3600);
    const m = Math.floor((totalSec % 3600) / 60);
    const s = totalSec % 60;
    const sec = fraction(s * 1e9 + fracNs, 9) + 's';
    out = h > 0 ? `${h}h${m}m${sec}` : m > 0 ? `${m}m${sec}` : sec;
  }
  return neg ? `-${out}` : out;
}

/** `YYYY-MM-DD HH:MM:SS.ffffff UTC` (the raw view's EventTime column). */
export function formatEventTime(timeMs: number): string {
  const d = new Date(Math.floor(timeMs));
  const micros = Math.floor(timeMs * 1000) % 1_000_000;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(micros, 6)} UTC`
  );
}

export function isRunOutputFormat(x: string): x is RunOutputFormat {
  return (runOutputFormats as readonly string[]).includes(x);
}

/** The error text for an unknown `-o` value (spec Appendix A). */
export function unsupportedFormatMessage(format: string): string {
  return `unsupported result output format ${format}, supported output formats [${runOutputFormats.join(' ')}]`;
}

/**
 * The run response as the profile-B client prints it (without the progress lines and `completed`):
 * `execution failed` + reasons, or per runner `Run <runner> summary`, the duration and the table.
 */
export function formatRunSummary(result: RunResult, format: RunOutputFormat = 'reconciler'): string[] {
  const lines: string[] = [];
  if (!result.success) {
    lines.push('execution failed');
    // error lines end at their last word (an empty message leaves no trailing blank)
    for (const r of result.runners) if (!r.success) lines.push(`  reason task ${r.taskId} message ${r.message}`.trimEnd());
    if (result.runners.every((r) => r.success) && result.message) lines.push(`  reason ${result.message}`);
    return lines;
  }
  const tables = result.runners.map((r) => (format === 'reconciler' && r.eventsOmitted && r.counts ? countsTable(r.counts) : tableFor(r.events, format)));
  const widths = columnWidths(tables);
  result.runners.forEach((r, i) => {
    lines.push(`Run ${r.runner} summary`);
    if (r.events.length === 0) return;
    const first = r.events[0]!.timeMs;
    const last = r.events[r.events.length - 1]!.timeMs;
    lines.push(`execution success, time(msec) ${formatGoDuration(last - first)}`);
    for (const row of tables[i]!) lines.push(row.map((cell, c) => cell.padEnd(widths[c]!)).join(' '));
  });
  return lines;
}

/** The profile-A (example README) rendering: `execution success, time(sec) …` and right-aligned counts. */
export function formatRunSummaryProfileA(result: RunResult): string[] {
  if (!result.success) {
    const failed = result.runners.find((r) => !r.success);
    return [`execution failed ${failed?.taskId ?? ''} ${failed?.message ?? result.message}`.trimEnd()];
  }
  const events = result.runners.flatMap((r) => r.events);
  const seconds = events.length ? (events[events.length - 1]!.timeMs - events[0]!.timeMs) / 1000 : 0;
  const lines = [`execution success, time(sec) ${seconds}`];
  const rows = reconcilerRows(events).sort((a, b) => (a.reconciler < b.reconciler ? -1 : a.reconciler > b.reconciler ? 1 : 0));
  if (rows.length === 0) return lines;
  const header = ['Reconciler', 'Start', 'Stop', 'Requeue', 'Error'];
  const cells = rows.map((r) => [r.reconciler, String(r.start), String(r.stop), String(r.requeue), String(r.error)]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  lines.push(header.map((h, c) => h.padEnd(widths[c]!)).join(' '));
  for (const row of cells) lines.push(row.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join(' '));
  return lines;
}

function countsTable(rows: readonly ReconcilerRow[]): string[][] {
  return [['Reconciler', 'Start', 'Stop', 'Requeue', 'Error'], ...rows.map((r) => [r.reconciler, String(r.start), String(r.stop), String(r.requeue), String(r.error)])];
}

/**
 * A copy of `result` whose timelines keep at most `maxEvents` events per runner — the first one (so the run's
 * duration still shows) and the last ones, where a failure is — with the full per-reconciler counts alongside.
 * Used for the copy stored in snapshots and for the summary the runner thread hands the CLI.
 */
export function trimRunResult(result: RunResult, maxEvents: number): RunResult {
  return {
    ...result,
    runners: result.runners.map((r) =>
      r.events.length <= maxEvents
        ? r
        : {
            ...r,
            events: maxEvents > 1 ? [r.events[0]!, ...r.events.slice(r.events.length - (maxEvents - 1))] : r.events.slice(r.events.length - maxEvents),
            eventsOmitted: r.events.length - maxEvents,
            counts: reconcilerRows(r.events),
          },
    ),
  };
}

function tableFor(events: readonly RunEvent[], format: RunOutputFormat): string[][] {
  const n = (c: RunCounts) => [String(c.start), String(c.stop), String(c.requeue), String(c.error)];
  switch (format) {
    case 'reconciler':
      return [['Reconciler', 'Start', 'Stop', 'Requeue', 'Error'], ...reconcilerRows(events).map((r) => [r.reconciler, ...n(r)])];
    case 'resource':
      return [
        ['Reconciler', 'Resource', 'Start', 'Stop', 'Requeue', 'Error'],
        ...resourceRows(events).map((r) => [r.reconciler, r.resource, ...n(r)]),
      ];
    case 'raw':
      return [
        ['EventTime', 'Reconciler', 'Resource', 'Operation', 'Message'],
        ...events.map((e) => [formatEventTime(e.timeMs), e.reconciler, resourceIdOf(e.resource), e.operation, e.message]),
      ];
  }
}

// Widths are computed over all runners first, as the Go printer does, so tables of several runners line up.
function columnWidths(tables: string[][][]): number[] {
  const widths: number[] = [];
  for (const t of tables) for (const row of t) row.forEach((cell, c) => (widths[c] = Math.max(widths[c] ?? 0, cell.length)));
  return widths;
}

/** Adds one event to its row's counts: START, STOP and REQUEUE count as such, anything else as an error. */
export function tallyEvent(row: RunCounts, e: RunEvent): void {
  if (e.operation === 'START') row.start++;
  else if (e.operation === 'STOP') row.stop++;
  else if (e.operation === 'REQUEUE') row.requeue++;
  else row.error++;
}

function quoted(s: string): string {
  return JSON.stringify(s).toLowerCase();
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// `v` in units of 10^-prec, printed with the fraction's trailing zeros removed (Go's fmtFrac + fmtInt).
function fraction(v: number, prec: number): string {
  const unit = 10 ** prec;
  const whole = Math.floor(v / unit);
  let frac = String(v - whole * unit).padStart(prec, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}
