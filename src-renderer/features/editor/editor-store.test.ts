import { beforeEach, describe, expect, it } from 'vitest';
import { dirtyPaths, neighbourTab, useEditor } from './editor-store';

const open = (path: string) => useEditor.getState().open({ path, language: 'yaml', savedHash: 'h-' + path });

describe('editor buffers store', () => {
  beforeEach(() => useEditor.getState().closeAll());

  it('opens tabs in order, activates the latest, and does not duplicate', () => {
    open('a.yaml');
    open('b.yaml');
    open('a.yaml');
    const s = useEditor.getState();
    expect(s.order).toEqual(['a.yaml', 'b.yaml']);
    expect(s.active).toBe('a.yaml');
  });
  it('activates the right neighbour, else the left one, when the active tab closes', () => {
    open('a');
    open('b');
    open('c');
    useEditor.getState().activate('b');
    useEditor.getState().close('b');
    expect(useEditor.getState().active).toBe('c');
    useEditor.getState().close('c');
    expect(useEditor.getState().active).toBe('a');
    useEditor.getState().close('a');
    expect(useEditor.getState().active).toBeNull();
  });
  it('tracks dirty, saving and conflict per buffer; a save clears them', () => {
    open('a');
    open('b');
    const s = useEditor.getState();
    s.setDirty('a', true);
    s.setSaving('a', true);
    s.setConflict('a', 'save-rejected');
    expect(dirtyPaths(useEditor.getState())).toEqual(['a']);
    useEditor.getState().markSaved('a', 'new');
    const a = useEditor.getState().buffers.a;
    expect(a).toMatchObject({ dirty: false, saving: false, conflict: null, savedHash: 'new' });
  });
  it('ignores updates for paths that are not open', () => {
    useEditor.getState().setDirty('nope', true);
    expect(useEditor.getState().buffers).toEqual({});
  });
  it('reorders tabs', () => {
    open('a');
    open('b');
    open('c');
    useEditor.getState().moveTab('c', 0);
    expect(useEditor.getState().order).toEqual(['c', 'a', 'b']);
  });
});

describe('neighbourTab', () => {
  it('steps through tabs and wraps around', () => {
    expect(neighbourTab({ order: ['a', 'b', 'c'], active: 'c' }, 1)).toBe('a');
    expect(neighbourTab({ order: ['a', 'b', 'c'], active: 'a' }, -1)).toBe('c');
    expect(neighbourTab({ order: [], active: null }, 1)).toBeNull();
  });
});
