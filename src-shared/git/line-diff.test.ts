import { describe, expect, it } from 'vitest';
import { allChanges, applyLines, changeBlocks, diffRows, MAX_LINE_EDITS, revertLines, selectionInRange, selectsAll, splitLines } from './line-diff.js';

const OLD = 'a\nb\nc\nd\ne\nf\ng\n';
// b changed, a line added after d, f deleted
const NEW = 'a\nB\nc\nd\nd2\ne\ng\n';

describe('diff rows and change blocks', () => {
  it('splits lines keeping their terminators (CRLF and a last line without one)', () => {
    expect(splitLines('a\r\nb\nc')).toEqual(['a\r\n', 'b\n', 'c']);
    expect(splitLines('')).toEqual([]);
  });

  it('numbers each side and groups changes into blocks, deletions first', () => {
    const rows = diffRows(OLD, NEW);
    expect(rows.filter((r) => r.kind !== 'context').map((r) => `${r.kind}${r.oldLine ?? r.newLine}:${r.text.trim()}`)).toEqual(['del2:b', 'add2:B', 'add5:d2', 'del6:f']);
    expect(changeBlocks(rows)).toEqual([
      { oldLines: [2], newLines: [2], oldAfter: 1, newAfter: 1 },
      { oldLines: [], newLines: [5], oldAfter: 4, newAfter: 4 },
      { oldLines: [6], newLines: [], oldAfter: 5, newAfter: 6 },
    ]);
  });

  it('falls back to one replaced region past MAX_LINE_EDITS edits, keeping the common first and last lines', () => {
    const n = MAX_LINE_EDITS + 10;
    const a = ['head\n', ...Array.from({ length: n }, (_, i) => `a${i}\n`), 'tail\n'].join('');
    const b = ['head\n', ...Array.from({ length: n }, (_, i) => `b${i}\n`), 'tail\n'].join('');
    const rows = diffRows(a, b);
    expect(changeBlocks(rows)).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'context', text: 'head\n' });
    expect(applyLines(a, b, allChanges(rows))).toBe(b);
  });
});

describe('applying a selection of lines', () => {
  it('all changes give the new text, none the old one', () => {
    const rows = diffRows(OLD, NEW);
    expect(applyLines(OLD, NEW, allChanges(rows))).toBe(NEW);
    expect(applyLines(OLD, NEW, { old: [], new: [] })).toBe(OLD);
    expect(selectsAll(rows, allChanges(rows))).toBe(true);
  });

  it('one block at a time', () => {
    expect(applyLines(OLD, NEW, { old: [2], new: [2] })).toBe('a\nB\nc\nd\ne\nf\ng\n');
    expect(applyLines(OLD, NEW, { old: [], new: [5] })).toBe('a\nb\nc\nd\nd2\ne\nf\ng\n');
    expect(applyLines(OLD, NEW, { old: [6], new: [] })).toBe('a\nb\nc\nd\ne\ng\n');
  });

  it('pairs the lines of a block that replaces as many lines as it adds', () => {
    const before = 'x\n1\n2\n3\ny\n';
    const after = 'x\nONE\nTWO\nTHREE\ny\n';
    // only the second replacement: it lands where "2" was
    expect(applyLines(before, after, { old: [3], new: [3] })).toBe('x\n1\nTWO\n3\ny\n');
    // a deleted line alone is removed; an added line alone is inserted after its partner
    expect(applyLines(before, after, { old: [2], new: [] })).toBe('x\n2\n3\ny\n');
    expect(applyLines(before, after, { old: [], new: [4] })).toBe('x\n1\n2\n3\nTHREE\ny\n');
  });

  it('keeps the old lines before the picked new ones in an uneven block', () => {
    expect(applyLines('x\nold\ny\n', 'x\nn1\nn2\ny\n', { old: [], new: [3] })).toBe('x\nold\nn2\ny\n');
  });

  it('keeps line endings and a missing last newline as they are', () => {
    const before = 'a\r\nb\r\nc';
    const after = 'a\r\nB\r\nc\n';
    expect(applyLines(before, after, { old: [2], new: [2] })).toBe('a\r\nB\r\nc');
    expect(applyLines(before, after, { old: [3], new: [3] })).toBe('a\r\nb\r\nc\n');
  });

  it('revertLines undoes exactly the picked changes of the new side (unstaging)', () => {
    expect(revertLines(OLD, NEW, { old: [2], new: [2] })).toBe('a\nb\nc\nd\nd2\ne\ng\n');
    expect(revertLines(OLD, NEW, { old: [6], new: [] })).toBe('a\nB\nc\nd\nd2\ne\nf\ng\n');
    expect(revertLines(OLD, NEW, allChanges(diffRows(OLD, NEW)))).toBe(OLD);
  });

  it('a new file (empty old side): part of its lines', () => {
    expect(applyLines('', 'one\ntwo\nthree\n', { old: [], new: [1, 3] })).toBe('one\nthree\n');
  });
});

describe('what a selection in the editor means', () => {
  const rows = diffRows(OLD, NEW);

  it('on the new side: the added lines in range, with their paired deletions', () => {
    expect(selectionInRange(rows, 'new', 2, 2)).toEqual({ old: [2], new: [2] });
    expect(selectionInRange(rows, 'new', 5, 5)).toEqual({ old: [], new: [5] });
    expect(selectionInRange(rows, 'new', 3, 4)).toEqual({ old: [], new: [] });
  });

  it('a deletion counts when the range touches the line before or after where it sits', () => {
    // f was between e (new 6) and g (new 7)
    expect(selectionInRange(rows, 'new', 6, 6)).toEqual({ old: [6], new: [] });
    expect(selectionInRange(rows, 'new', 7, 7)).toEqual({ old: [6], new: [] });
  });

  it('on the old side: the deleted lines in range, with their paired additions', () => {
    expect(selectionInRange(rows, 'old', 6, 6)).toEqual({ old: [6], new: [] });
    expect(selectionInRange(rows, 'old', 1, 3)).toEqual({ old: [2], new: [2] });
  });

  it('an uneven block brings its other side whole', () => {
    const r = diffRows('x\nold\ny\n', 'x\nn1\nn2\ny\n');
    expect(selectionInRange(r, 'new', 2, 2)).toEqual({ old: [2], new: [2] });
    expect(selectionInRange(r, 'old', 2, 2)).toEqual({ old: [2], new: [2, 3] });
  });

  it('a reversed range is the same range', () => {
    expect(selectionInRange(rows, 'new', 5, 1)).toEqual(selectionInRange(rows, 'new', 1, 5));
  });
});
