// Pure helpers of the plan views: which files a plan is about, the words of the CodeLens and the summaries,
// and a field change as one line. Tested beside (plan-model.test.ts).
import type { PlanFieldChange, PlanItem, PlanResponse } from '../../../src-shared/ipc/channels/insight';

/** What one plan slot (the unsaved edits' plan, or the staged files') holds. */
export interface PlanSlot {
  /** idle: nothing asked yet (or nothing to plan); planning: a plan is on its way (the last answer stays shown). */
  state: 'idle' | 'planning' | 'ready' | 'error';
  result: PlanResponse | null;
  /** The request failed (host unreachable, not a repository…): the message with the next step. */
  error: string | null;
}

export const emptySlot: PlanSlot = { state: 'idle', result: null, error: null };

/**
 * Top folders whose files the engine reads (APIs, input, refs, reconcilers, libraries; `apis/` in the earlier
 * layout): an unsaved edit elsewhere changes no object, so it starts no plan.
 */
const ENGINE_FOLDERS = new Set(['crds', 'apis', 'in', 'refs', 'reconcilers', 'libs']);

export function isPlannedFile(path: string): boolean {
  const top = path.split('/')[0] ?? '';
  return path.includes('/') && ENGINE_FOLDERS.has(top);
}

/** Input and reconciler code get the CodeLens (issue 13: "a CodeLens on an input or reconciler"); libraries too, as they are reconciler code. */
export function hasPlanLens(path: string): boolean {
  const top = path.split('/')[0] ?? '';
  return path.includes('/') && (top === 'in' || top === 'reconcilers' || top === 'libs');
}

export function changedCount(p: Pick<PlanResponse, 'counts'>): number {
  return p.counts.add + p.counts.change + p.counts.destroy;
}

const objects = (n: number) => `${n} object${n === 1 ? '' : 's'}`;

/** `+1 ~2 -0`. */
export function countsText(p: Pick<PlanResponse, 'counts'>): string {
  return `+${p.counts.add} ~${p.counts.change} -${p.counts.destroy}`;
}

/**
 * The CodeLens over an edited file: how many objects a run with the unsaved edits would change against the
 * last run (saved files not run since count too: the plan is what the next run would do), or why it cannot say.
 */
export function lensTitle(slot: PlanSlot): string {
  const r = slot.result;
  if (slot.error) return `Plan: ${slot.error}`;
  if (!r) return 'Plan: planning the unsaved edits…';
  const edits = r.files.length > 1 ? `the unsaved edits in ${r.files.length} files` : 'this unsaved edit';
  if (r.loadError) return `Plan: the project does not load with ${edits} — show why`;
  if (!r.success) return `Plan: the run fails with ${edits} — show why`;
  const n = changedCount(r);
  if (n === 0) return `Plan: a run with ${edits} would change no object`;
  return `Plan: a run with ${edits} would change ${objects(n)} (${countsText(r)}) — show plan`;
}

/** One line of the plan's summary: what a run would do, against what. */
export function summaryText(r: PlanResponse): string {
  if (r.loadError) return 'The project does not load as planned.';
  const against = r.against ? `against the last run (${r.against.slice(0, 8)})` : 'against an empty store (the project has not run yet)';
  const n = changedCount(r);
  const what = n === 0 ? 'No object would change' : `${objects(n)} would change: ${r.counts.add} to add, ${r.counts.change} to change, ${r.counts.destroy} to delete`;
  return `${what}, ${against}.${r.success ? '' : ' The planned run fails.'}`;
}

/** A field change's pieces: its mark, path and values as JSON (`before` only for a change; a removal shows what was). */
export function changeParts(c: PlanFieldChange): { mark: '+' | '-' | '~'; path: string; before?: string; after: string } {
  const v = (x: unknown) => (x === undefined ? '' : JSON.stringify(x));
  if (c.op === 'added') return { mark: '+', path: c.path, after: v(c.after) };
  if (c.op === 'removed') return { mark: '-', path: c.path, after: v(c.before) };
  return { mark: '~', path: c.path, before: v(c.before), after: v(c.after) };
}

/** A field change as `~ spec.text: "a" → "b"`. */
export function changeText(c: PlanFieldChange): string {
  const p = changeParts(c);
  return `${p.mark} ${p.path}: ${p.before !== undefined ? `${p.before} → ` : ''}${p.after}`;
}

/**
 * The Plan panel's object list width before the user sizes it: 340 px where there is room, about a third of a
 * narrow panel (never under 200), so the object diff keeps most of it (0: not measured yet).
 */
export function objectListWidth(panelWidth: number): number {
  if (panelWidth === 0 || panelWidth >= 1060) return 340;
  return Math.max(200, Math.round(panelWidth * 0.32));
}

/** The diff marker's status of a plan item. */
export function itemStatus(i: Pick<PlanItem, 'symbol'>): 'added' | 'modified' | 'deleted' {
  return i.symbol === '+' ? 'added' : i.symbol === '-' ? 'deleted' : 'modified';
}

/** `Kind namespace/name`. */
export function itemLabel(i: Pick<PlanItem, 'kind' | 'namespace' | 'name'>): string {
  return `${i.kind} ${i.namespace ? `${i.namespace}/` : ''}${i.name}`;
}

/** Objects (with their field changes) listed in the plan-before-commit question; the Plan panel shows them all. */
const ASKED_OBJECTS = 12;

/**
 * The question plan-before-commit asks when Commit is pressed: what the staged files would change against the
 * last run (each object with its field changes), or why there is no plan. `ok`: the plan ran and its run
 * succeeds (Commit is the primary answer then; otherwise "Commit Anyway").
 */
export function commitPlanQuestion(slot: PlanSlot): { ok: boolean; title: string; message: string; detail?: string } {
  const r = slot.result;
  if (slot.error || !r) return { ok: false, title: 'The staged changes could not be planned', message: `${slot.error ?? 'No plan came back.'} Commit anyway, or cancel and plan them from the palette (Plan the Staged Changes).` };
  if (r.loadError) {
    const where = r.loadError.file ? ` (${r.loadError.file}${r.loadError.line ? `:${r.loadError.line}` : ''})` : '';
    return { ok: false, title: 'The staged files do not load', message: `A run of the commit would stop before reconciling${where}: ${r.loadError.message}` };
  }
  const n = changedCount(r);
  const lines: string[] = [];
  for (const it of r.items.slice(0, ASKED_OBJECTS)) {
    lines.push(`${it.symbol} ${itemLabel(it)}`);
    if (it.symbol === '~') for (const c of it.changes.slice(0, 4)) lines.push(`    ${changeText(c)}`);
    if (it.symbol === '~' && it.changes.length > 4) lines.push(`    … ${it.changes.length - 4} more fields`);
  }
  if (r.items.length > ASKED_OBJECTS) lines.push(`… and ${r.items.length - ASKED_OBJECTS} more objects (the Plan panel lists them all)`);
  const title = n === 0 ? 'The commit would change no object' : `The commit would change ${objects(n)} (${countsText(r)})`;
  return { ok: r.success, title, message: summaryText(r) + (r.success ? '' : ` ${r.message}`), ...(lines.length ? { detail: lines.join('\n') } : {}) };
}
