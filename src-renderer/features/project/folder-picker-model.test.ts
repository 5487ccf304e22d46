// The folder picker's rows, highlight, open target and breadcrumb (FolderPicker.tsx draws them).
import { describe, expect, it } from 'vitest';
import type { FolderListing } from '../../../src-shared/ipc/channels/folder-browser';
import { breadcrumb, isPathInput, moveHighlight, openTarget, pickerRows } from './folder-picker-model';

const listing: FolderListing = {
  root: '/home/u',
  path: '/home/u/work',
  parent: '/home/u',
  kind: 'folder',
  truncated: false,
  entries: [
    { name: '.cache', path: '/home/u/work/.cache', kind: 'folder', hidden: true },
    { name: 'choreo-demo', path: '/home/u/work/choreo-demo', kind: 'choreo', hidden: false },
    { name: 'demo', path: '/home/u/work/demo', kind: 'git', hidden: false },
  ],
};
const names = (rows: ReturnType<typeof pickerRows>) => rows.map((r) => (r.kind === 'up' ? '..' : r.entry.name));

describe('folder picker model', () => {
  it('shows ".." first, hides dot-folders unless asked or typed, and puts names starting with the filter first', () => {
    expect(names(pickerRows(listing, '', false))).toEqual(['..', 'choreo-demo', 'demo']);
    expect(names(pickerRows(listing, '', true))).toEqual(['..', '.cache', 'choreo-demo', 'demo']);
    expect(names(pickerRows(listing, 'demo', false))).toEqual(['demo', 'choreo-demo']);
    expect(names(pickerRows(listing, '.ca', false))).toEqual(['.cache']);
    expect(names(pickerRows({ ...listing, path: '/home/u', parent: null }, '', false))).toEqual(['choreo-demo', 'demo']);
    // A typed path does not filter the names shown.
    expect(names(pickerRows(listing, '/srv', false))).toEqual(['..', 'choreo-demo', 'demo']);
  });

  it('tells a typed path from a filter', () => {
    expect(isPathInput('/srv/x')).toBe(true);
    expect(isPathInput('C:\\Users')).toBe(true);
    expect(isPathInput('demo')).toBe(false);
  });

  it('moves the highlight within the rows', () => {
    expect(moveHighlight(0, 'ArrowDown', 3)).toBe(1);
    expect(moveHighlight(2, 'ArrowDown', 3)).toBe(2);
    expect(moveHighlight(0, 'ArrowUp', 3)).toBe(0);
    expect(moveHighlight(1, 'PageDown', 30)).toBe(11);
    expect(moveHighlight(5, 'PageUp', 30)).toBe(0);
    expect(moveHighlight(0, 'a', 3)).toBeNull();
    expect(moveHighlight(0, 'ArrowDown', 0)).toBeNull();
  });

  it('opens the highlighted folder, or the one listed when ".." is highlighted', () => {
    const rows = pickerRows(listing, '', false);
    expect(openTarget(listing, rows[1])).toEqual({ path: '/home/u/work/choreo-demo', name: 'choreo-demo', kind: 'choreo' });
    expect(openTarget(listing, rows[0])).toEqual({ path: '/home/u/work', name: 'work', kind: 'folder' });
    expect(openTarget(null, undefined)).toBeNull();
  });

  it('builds the breadcrumb from the root down', () => {
    expect(breadcrumb({ ...listing, path: '/home/u/work/demo' })).toEqual([
      { label: '/home/u', path: '/home/u' },
      { label: 'work', path: '/home/u/work' },
      { label: 'demo', path: '/home/u/work/demo' },
    ]);
    expect(breadcrumb({ ...listing, root: '/', path: '/srv' })).toEqual([
      { label: '/', path: '/' },
      { label: 'srv', path: '/srv' },
    ]);
  });
});
