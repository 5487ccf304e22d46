// Line diffs for staging part of a file: the rows of a diff (context, deleted and added lines with their
// line numbers), its change blocks (the coloured regions of the diff editor, "hunks"), which changed lines
// a selection in the editor means, and applying a selection of changed lines to the old side. The host
// stages with it (the new index text is the old side plus the selected changes); the renderer places the
// stage/unstage handles from the same rows, so the lines a user clicks are the lines the host applies.
//
// Lines keep their terminators ("a\n", "b\r\n", a last line without one), so applying a selection never
// changes line endings; a last line that gains or loses its newline is a changed line, as in git.
import { diffArrays } from 'diff';

export type DiffRowKind = 'context' | 'del' | 'add';

export interface DiffRow {
  kind: DiffRowKind;
  /** The line with its terminator. */
  text: string;
  /** 1-based line number on the old side (context and del rows). */
  oldLine?: number;
  /** 1-based line number on the new side (context and add rows). */
  newLine?: number;
}

/** A run of changed lines between two context lines: deletions first, then additions. */
export interface ChangeBlock {
  /** Old-side lines it deletes (inclusive; empty when it only adds). */
  oldLines: number[];
  /** New-side lines it adds (empty when it only deletes). */
  newLines: number[];
  /** The old-side line before the block (0 at the top): where a pure addition sits on the old side. */
  oldAfter: number;
  /** The new-side line before the block (0 at the top): where a pure deletion sits on the new side. */
  newAfter: number;
}

/** Changed lines picked by the user: deleted lines by old-side number, added lines by new-side number. */
export interface LineSelection {
  old: number[];
  new: number[];
}

/**
 * Edits past which two texts are compared as one replaced region (between their common first and last
 * lines) instead of line by line: the line diff's cost grows with the number of edits. A count, not a
 * time limit, so the host and the renderer always agree on the rows.
 */
export const MAX_LINE_EDITS = 500;

/** The lines of a text, each with its terminator. */
export function splitLines(text: string): string[] {
  return text ? text.split(/(?<=\n)/) : [];
}

type Part = { value: string[]; added?: boolean; removed?: boolean };

/** Common first and last lines as context, everything between as deleted and added. */
function replaceMiddle(a: string[], b: string[]): Part[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return [
    { value: a.slice(0, head) },
    { value: a.slice(head, a.length - tail), removed: true },
    { value: b.slice(head, b.length - tail), added: true },
    { value: a.slice(a.length - tail) },
  ];
}

/** The diff of two texts as rows; within a change block deletions come before additions. */
export function diffRows(oldText: string, newText: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let oldLine = 0;
  let newLine = 0;
  let dels: DiffRow[] = [];
  let adds: DiffRow[] = [];
  const flush = () => {
    rows.push(...dels, ...adds);
    dels = [];
    adds = [];
  };
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const parts: Part[] = diffArrays(a, b, { maxEditLength: MAX_LINE_EDITS }) ?? replaceMiddle(a, b);
  for (const part of parts) {
    for (const text of part.value) {
      if (part.removed) dels.push({ kind: 'del', text, oldLine: ++oldLine });
      else if (part.added) adds.push({ kind: 'add', text, newLine: ++newLine });
      else {
        flush();
        rows.push({ kind: 'context', text, oldLine: ++oldLine, newLine: ++newLine });
      }
    }
  }
  flush();
  return rows;
}

/** The change blocks of a diff, top to bottom. */
export function changeBlocks(rows: readonly DiffRow[]): ChangeBlock[] {
  const blocks: ChangeBlock[] = [];
  let lastOld = 0;
  let lastNew = 0;
  let current: ChangeBlock | undefined;
  for (const row of rows) {
    if (row.kind === 'context') {
      current = undefined;
      lastOld = row.oldLine!;
      lastNew = row.newLine!;
      continue;
    }
    if (!current) blocks.push((current = { oldLines: [], newLines: [], oldAfter: lastOld, newAfter: lastNew }));
    if (row.kind === 'del') current.oldLines.push(row.oldLine!);
    else current.newLines.push(row.newLine!);
  }
  return blocks;
}

/** Every changed line of a block. */
export function blockSelection(block: ChangeBlock): LineSelection {
  return { old: [...block.oldLines], new: [...block.newLines] };
}

/** Every changed line of a diff. */
export function allChanges(rows: readonly DiffRow[]): LineSelection {
  return {
    old: rows.filter((r) => r.kind === 'del').map((r) => r.oldLine!),
    new: rows.filter((r) => r.kind === 'add').map((r) => r.newLine!),
  };
}

/** Whether a selection picks at least one changed line. */
export function isEmptySelection(sel: LineSelection): boolean {
  return sel.old.length === 0 && sel.new.length === 0;
}

/**
 * The changed lines a selection of lines `from..to` (1-based, inclusive) on one side of the diff editor
 * means, as VS Code's "Stage Selected Ranges" reads it: the changed lines of that side inside the range;
 * in a block that replaces as many lines as it adds, each line is paired with its counterpart on the
 * other side; in any other block the other side comes whole (a block of 1 line replaced by 3 stages as a
 * replacement). A block that has no lines on the selected side counts when the range touches the line
 * before or after the place it sits.
 */
export function selectionInRange(rows: readonly DiffRow[], side: 'old' | 'new', from: number, to: number): LineSelection {
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const sel: LineSelection = { old: [], new: [] };
  for (const b of changeBlocks(rows)) {
    const mine = side === 'old' ? b.oldLines : b.newLines;
    const theirs = side === 'old' ? b.newLines : b.oldLines;
    const out = side === 'old' ? { mine: sel.old, theirs: sel.new } : { mine: sel.new, theirs: sel.old };
    if (!mine.length) {
      const after = side === 'old' ? b.oldAfter : b.newAfter;
      if (lo <= after + 1 && hi >= after) out.theirs.push(...theirs);
      continue;
    }
    const picked = mine.filter((n) => n >= lo && n <= hi);
    if (!picked.length) continue;
    out.mine.push(...picked);
    if (theirs.length === mine.length) out.theirs.push(...picked.map((n) => theirs[mine.indexOf(n)]!));
    else out.theirs.push(...theirs);
  }
  return { old: [...new Set(sel.old)].sort((a, b) => a - b), new: [...new Set(sel.new)].sort((a, b) => a - b) };
}

/**
 * The old text with the selected changes applied: selected deletions are removed, selected additions are
 * inserted, everything else stays as on the old side. (Staging: old = index, new = working tree.) In a
 * block that replaces as many lines as it adds, line i of one side is paired with line i of the other, so
 * picking one replacement puts it where the old line was; elsewhere the kept old lines come before the
 * added ones, as `git add -p` would leave them.
 */
export function applyLines(oldText: string, newText: string, sel: LineSelection): string {
  const pickedOld = new Set(sel.old);
  const pickedNew = new Set(sel.new);
  const rows = diffRows(oldText, newText);
  const out: string[] = [];
  for (let i = 0; i < rows.length; ) {
    if (rows[i]!.kind === 'context') {
      out.push(rows[i++]!.text);
      continue;
    }
    const dels: DiffRow[] = [];
    const adds: DiffRow[] = [];
    for (; i < rows.length && rows[i]!.kind !== 'context'; i++) (rows[i]!.kind === 'del' ? dels : adds).push(rows[i]!);
    const keep = (d: DiffRow) => !pickedOld.has(d.oldLine!);
    const take = (a: DiffRow) => pickedNew.has(a.newLine!);
    if (dels.length === adds.length) {
      dels.forEach((d, k) => {
        if (keep(d)) out.push(d.text);
        if (take(adds[k]!)) out.push(adds[k]!.text);
      });
    } else {
      for (const d of dels) if (keep(d)) out.push(d.text);
      for (const a of adds) if (take(a)) out.push(a.text);
    }
  }
  return out.join('');
}

/** The new text with the selected changes undone. (Unstaging: old = HEAD, new = index.) */
export function revertLines(oldText: string, newText: string, sel: LineSelection): string {
  const all = allChanges(diffRows(oldText, newText));
  const pickedOld = new Set(sel.old);
  const pickedNew = new Set(sel.new);
  return applyLines(oldText, newText, { old: all.old.filter((n) => !pickedOld.has(n)), new: all.new.filter((n) => !pickedNew.has(n)) });
}

/** Whether the selection picks every changed line of the diff. */
export function selectsAll(rows: readonly DiffRow[], sel: LineSelection): boolean {
  const all = allChanges(rows);
  const o = new Set(sel.old);
  const n = new Set(sel.new);
  return all.old.every((x) => o.has(x)) && all.new.every((x) => n.has(x));
}
