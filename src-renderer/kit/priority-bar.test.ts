import { describe, expect, it } from 'vitest';
import { hiddenBarItems, sameSet, type FitItem } from './priority-bar';

const item = (id: string, priority: number, width: number, minWidth?: number): FitItem => ({ id, priority, width, ...(minWidth !== undefined ? { minWidth } : {}) });
const hidden = (items: FitItem[], available: number) => [...hiddenBarItems(items, available, 10, 24)].sort();

describe('hiddenBarItems', () => {
  const items = [item('ready', 100, 60), item('path', 10, 200), item('cursor', 50, 80), item('lang', 40, 50)];

  it('hides nothing when everything fits (gaps included)', () => {
    expect(hidden(items, 60 + 200 + 80 + 50 + 3 * 10)).toEqual([]);
  });

  it('drops the lowest priority first and keeps room for the overflow button', () => {
    // One px short: the path (priority 10) goes, and the overflow button (24 + gap) must fit with the rest.
    expect(hidden(items, 60 + 200 + 80 + 50 + 3 * 10 - 1)).toEqual(['path']);
  });

  it('drops strictly by priority: a small low item does not stay while a bigger higher one went', () => {
    const list = [item('a', 100, 50), item('big', 60, 300), item('tiny', 10, 20)];
    expect(hidden(list, 50 + 24 + 10 + 20 + 10 + 100)).toEqual(['big', 'tiny']);
  });

  it('counts a shrinking item at its minimum width, or its natural width when that is smaller', () => {
    const list = [item('ready', 100, 60), item('notice', 70, 900, 140), item('problems', 90, 60)];
    expect(hidden(list, 60 + 140 + 60 + 20)).toEqual([]);
    expect(hidden([item('ready', 100, 60), item('notice', 70, 40, 140)], 60 + 40 + 10)).toEqual([]);
    expect(hidden(list, 60 + 140 + 60 + 19)).toEqual(['notice']);
  });

  it('ignores empty items (no width, no gap) and hides everything below the first misfit', () => {
    expect(hidden([item('a', 100, 50), item('empty', 90, 0), item('b', 80, 50)], 110)).toEqual([]);
    expect(hidden([item('a', 100, 50), item('b', 80, 50)], 30)).toEqual(['a', 'b']);
  });

  it('keeps the listed order on equal priority', () => {
    expect(hidden([item('first', 5, 50), item('second', 5, 50)], 50 + 10 + 24 + 5)).toEqual(['second']);
  });

  it('compares sets', () => {
    expect(sameSet(new Set(['a', 'b']), new Set(['b', 'a']))).toBe(true);
    expect(sameSet(new Set(['a']), new Set(['b']))).toBe(false);
  });
});
