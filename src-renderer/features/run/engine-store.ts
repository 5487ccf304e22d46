// What the renderer knows about the engine: the run in progress and the last results (dev mode), the
// prod session with its live condition rows, and the snapshot pair the diff viewer shows. The host
// pushes changes as events (features/run/engine-controller.ts feeds them in); components only read.
import { create } from 'zustand';
import type { ConditionRow, DiffCounts, ProdStatus, RunOnceResponse, SnapshotSummary } from '../../../src-shared/ipc/channels/engine';
import type { RunResult } from '../../../src-shared/run/result';
import { resourceIdOf } from '../../../src-shared/run/result';
import { tallyEvent } from '../../../src-shared/run/format';

export interface ProgressLine {
  line: string;
  kind: 'progress' | 'warning' | 'print';
}

export interface RunState {
  running: boolean;
  progress: ProgressLine[];
  /** The latest run once (with places of failing objects), or the last-run file after a reload. */
  last: RunOnceResponse | null;
  /** The result before `last`, to highlight what changed. */
  previous: RunResult | null;
  /** Diff counts of the last run's snapshot against the one before it. */
  vsPrevious: DiffCounts | null;
  /** Resource ids (`group.Kind.ns.name`) whose object changed in the last run (they flash once). */
  changedResources: string[];
  /** Bumped on every finished run so rows flash again. */
  generation: number;
}

export interface ProdViewState {
  status: ProdStatus;
  rows: Map<string, ConditionRow>;
  /** Condition types seen in this session, sorted (Ready first): the table's columns. */
  types: string[];
  seq: number;
  perSecond: number;
  /** Keys of rows updated in the latest batch (they flash). */
  touched: Set<string>;
  version: number;
  /** Bumped when rows are added or removed (not when they only change): the row order is kept until then. */
  keysVersion: number;
  lastInput: { file: string; ok: boolean; errors: string[]; applied: string[]; at: number } | null;
}

export interface SnapshotsViewState {
  list: SnapshotSummary[];
  counts: Record<string, DiffCounts | null>;
  /** The pair compared in the diff viewer (older → newer); null picks the default (previous → latest). */
  from: string | null;
  to: string | null;
  /** An object to select in the diff once it loads (the Resources view's "show change"). */
  focus: string | null;
  /** Sides to preset in the Compare… picker, which opens with them (git history's and the environments' "Compare with…"). */
  pick: { from: string; to: string } | null;
}

export interface EngineState {
  run: RunState;
  prod: ProdViewState;
  snapshots: SnapshotsViewState;
  schemaVersion: number;
  reset(): void;
}

export const idleProd: ProdStatus = { state: 'stopped', events: 0, errors: 0 };

function initial(): Pick<EngineState, 'run' | 'prod' | 'snapshots' | 'schemaVersion'> {
  return {
    run: { running: false, progress: [], last: null, previous: null, vsPrevious: null, changedResources: [], generation: 0 },
    prod: { status: idleProd, rows: new Map(), types: [], seq: 0, perSecond: 0, touched: new Set(), version: 0, keysVersion: 0, lastInput: null },
    snapshots: { list: [], counts: {}, from: null, to: null, focus: null, pick: null },
    schemaVersion: 0,
  };
}

export const useEngine = create<EngineState>()((set) => ({
  ...initial(),
  reset: () => set(initial()),
}));

/**
 * The engine mode in words, the same in the title bar and the status bar: "dev mode", "prod mode · starting…",
 * "prod mode · 12 events/s". (Whether the workspace is a pinned clone is another matter; it never says "mode".)
 */
export function engineModeLabel(state: ProdStatus['state'], perSecond: number): string {
  if (state === 'stopped') return 'dev mode';
  if (state === 'running') return `prod mode · ${perSecond} events/s`;
  return `prod mode · ${state}…`;
}

/** The mode as the title bar's chip and the status bar's item show it: prod on or not, and its words. */
export function useEngineMode(): { prodOn: boolean; label: string } {
  const prod = useEngine((s) => s.prod.status.state);
  const perSecond = useEngine((s) => s.prod.perSecond);
  return { prodOn: prod !== 'stopped', label: engineModeLabel(prod, perSecond) };
}

/**
 * The code-changed notice for a new prod status: its text when the runner runs older code than the files
 * and the status names a file the previous one did not (so a dismissed notice is not shown again for the
 * same files), `clear` when nothing is changed any more (restarted, stopped), `keep` otherwise.
 */
export function codeChangedNotice(prev: ProdStatus, next: ProdStatus): { say: string } | 'clear' | 'keep' {
  const files = next.state === 'running' ? (next.codeChanged ?? []) : [];
  if (!files.length) return 'clear';
  const before = new Set(prev.state === 'running' ? (prev.codeChanged ?? []) : []);
  if (files.every((f) => before.has(f))) return 'keep';
  const named = files.length === 1 ? files[0] : `${files.length} reconciler and library files`;
  return { say: `${named} changed; prod mode still runs the code it loaded. Restart it to run the new code (the store is kept).` };
}

export function patchRun(p: Partial<RunState>): void {
  useEngine.setState((s) => ({ run: { ...s.run, ...p } }));
}
export function patchProd(p: Partial<ProdViewState>): void {
  useEngine.setState((s) => ({ prod: { ...s.prod, ...p } }));
}
export function patchSnapshots(p: Partial<SnapshotsViewState>): void {
  useEngine.setState((s) => ({ snapshots: { ...s.snapshots, ...p } }));
}

/** Condition types of the rows, `Ready` first, then alphabetical. */
export function conditionTypes(rows: Iterable<ConditionRow>, known: string[] = []): string[] {
  const set = new Set(known);
  for (const r of rows) for (const t of Object.keys(r.conditions)) set.add(t);
  return [...set].sort((a, b) => (a === 'Ready' ? -1 : b === 'Ready' ? 1 : a.localeCompare(b)));
}

/** Applies one batch of condition events to the row map (a new Map, so React sees the change). */
export function applyConditionBatch(
  rows: Map<string, ConditionRow>,
  batch: { rows: ConditionRow[]; removed: string[] },
): { rows: Map<string, ConditionRow>; touched: Set<string>; keysChanged: boolean } {
  const next = new Map(rows);
  const touched = new Set<string>();
  let keysChanged = false;
  for (const k of batch.removed) keysChanged = next.delete(k) || keysChanged;
  for (const r of batch.rows) {
    if (!next.has(r.key)) keysChanged = true;
    next.set(r.key, r);
    touched.add(r.key);
  }
  return { rows: next, touched, keysChanged };
}

export interface RowFilter {
  kind: string;
  namespace: string;
  /** '' any, or True/False/Unknown: rows having at least one condition with that status. */
  status: string;
  text: string;
}

/** Filters and sorts condition rows (kind, namespace, name). */
export function filterRows(rows: Iterable<ConditionRow>, f: RowFilter): ConditionRow[] {
  const text = f.text.trim().toLowerCase();
  const out: ConditionRow[] = [];
  for (const r of rows) {
    if (f.kind && r.kind !== f.kind) continue;
    if (f.namespace && r.namespace !== f.namespace) continue;
    if (f.status) {
      const cs = Object.values(r.conditions);
      if (f.status === 'None' ? cs.length > 0 : !cs.some((c) => c.status === f.status)) continue;
    }
    if (text) {
      const hay = `${r.kind} ${r.namespace} ${r.name} ${Object.values(r.conditions).map((c) => `${c.reason} ${c.message}`).join(' ')}`.toLowerCase();
      if (!hay.includes(text)) continue;
    }
    out.push(r);
  }
  // Natural order, so item-2 comes before item-10.
  const cmp = new Intl.Collator(undefined, { numeric: true }).compare;
  return out.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
}

export interface CountRow {
  id: string;
  start: number;
  stop: number;
  requeue: number;
  error: number;
}

/** Per-reconciler or per-resource START/STOP/REQUEUE/ERROR counts of a result. */
export function countRows(result: RunResult | null | undefined, by: 'reconciler' | 'resource'): CountRow[] {
  const m = new Map<string, CountRow>();
  for (const runner of result?.runners ?? []) {
    for (const e of runner.events) {
      const id = by === 'reconciler' ? e.reconciler : `${resourceIdOf(e.resource)}`;
      let row = m.get(id);
      if (!row) m.set(id, (row = { id, start: 0, stop: 0, requeue: 0, error: 0 }));
      tallyEvent(row, e);
    }
  }
  return [...m.values()];
}

/** Ids of rows whose counts differ between two results (new rows included). */
export function changedCountRows(prev: CountRow[], next: CountRow[]): Set<string> {
  const before = new Map(prev.map((r) => [r.id, r]));
  const out = new Set<string>();
  for (const r of next) {
    const b = before.get(r.id);
    if (!b || b.start !== r.start || b.stop !== r.stop || b.requeue !== r.requeue || b.error !== r.error) out.add(r.id);
  }
  return out;
}

export type SortKey = 'id' | 'start' | 'stop' | 'requeue' | 'error';

export function sortCountRows(rows: CountRow[], key: SortKey, desc: boolean): CountRow[] {
  const sorted = [...rows].sort((a, b) => (key === 'id' ? a.id.localeCompare(b.id) : a[key] - b[key] || a.id.localeCompare(b.id)));
  return desc ? sorted.reverse() : sorted;
}
