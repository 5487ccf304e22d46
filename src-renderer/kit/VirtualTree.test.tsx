// @vitest-environment jsdom
// The kit tree with the real virtualizer (testing/jsdom-layout.ts gives jsdom a layout): it renders only the
// rows in view, and the keys move its cursor, open and close branches, go to the parent and activate rows.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useRef, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withScrollLayout } from '../testing/jsdom-layout';
import { VirtualTree, type VirtualTreeHandle } from './VirtualTree';

const VIEW_HEIGHT = 220; // ten rows of 22 px
const LONG_WAIT = { timeout: 10_000 }; // the machine is loaded; a render after a scroll may take a while

withScrollLayout(VIEW_HEIGHT);
afterEach(cleanup);

/** A folder with its files under it; the folder opens and closes. */
interface Row {
  name: string;
  level: number;
  open?: boolean;
}

function visible(folders: { name: string; files: number }[], open: ReadonlySet<string>): Row[] {
  return folders.flatMap((f) => [{ name: f.name, level: 0, open: open.has(f.name) }, ...(open.has(f.name) ? Array.from({ length: f.files }, (_, i) => ({ name: `${f.name}/file${i}`, level: 1 })) : [])]);
}

function Harness(props: { folders: { name: string; files: number }[]; initiallyOpen: string[]; onActivate?(name: string): void; onKey?(key: string, row: string | undefined): boolean; placeholder?: string }) {
  const [open, setOpen] = useState<Set<string>>(new Set(props.initiallyOpen));
  const [cursor, setCursor] = useState(-1);
  const handle = useRef<VirtualTreeHandle>(null);
  const rows = visible(props.folders, open);
  const toggle = (row: Row) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(row.name)) next.add(row.name);
      return next;
    });
  return (
    <>
      <button onClick={() => handle.current?.scrollToIndex(rows.length - 1)}>reveal last</button>
      <button onClick={() => handle.current?.focus()}>into the tree</button>
      <VirtualTree
        rows={rows}
        rowKey={(r) => r.name}
        rowHeight={22}
        label="Things"
        testId="things"
        className="things"
        ref={handle}
        cursor={cursor}
        onCursor={setCursor}
        onActivate={(r) => (r.open === undefined ? props.onActivate?.(r.name) : toggle(r))}
        level={(r) => r.level}
        expanded={(r) => r.open}
        onToggle={toggle}
        selected={(r) => r.name === 'b/file1'}
        onKey={props.onKey && ((e, r) => props.onKey!(e.key, r?.name))}
        rowAttributes={(r) => ({ className: 'thing', 'data-testid': `row-${r.name}` })}
        renderRow={(r) => <span>{r.name}</span>}
        placeholder={props.placeholder}
      />
    </>
  );
}

const tree = () => screen.getByRole('tree', { name: 'Things' });
const cursorRow = () => {
  const id = tree().getAttribute('aria-activedescendant');
  return id ? document.getElementById(id)?.textContent : undefined;
};

describe('VirtualTree', () => {
  it('renders only the rows in view of a long list, with the tree roles and levels', () => {
    render(<Harness folders={[{ name: 'big', files: 5000 }]} initiallyOpen={['big']} />);
    const items = screen.getAllByRole('treeitem');
    expect(items.length).toBeGreaterThan(10);
    expect(items.length).toBeLessThan(100);
    const folder = screen.getByTestId('row-big');
    expect(folder.getAttribute('aria-level')).toBe('1');
    expect(folder.getAttribute('aria-expanded')).toBe('true');
    const file = screen.getByTestId('row-big/file0');
    expect(file.getAttribute('aria-level')).toBe('2');
    expect(file.hasAttribute('aria-expanded')).toBe(false);
    expect(file.className).toBe('thing');
  });

  it('arrows, Home and End move the cursor, announced by aria-activedescendant; End scrolls the last row into view', async () => {
    render(<Harness folders={[{ name: 'big', files: 500 }]} initiallyOpen={['big']} />);
    expect(tree().hasAttribute('aria-activedescendant')).toBe(false);
    fireEvent.keyDown(tree(), { key: 'ArrowDown' });
    expect(cursorRow()).toBe('big');
    fireEvent.keyDown(tree(), { key: 'ArrowDown' });
    fireEvent.keyDown(tree(), { key: 'ArrowDown' });
    expect(cursorRow()).toBe('big/file1');
    expect(screen.getByTestId('row-big/file1').className).toBe('thing focused');
    fireEvent.keyDown(tree(), { key: 'ArrowUp' });
    expect(cursorRow()).toBe('big/file0');
    expect(screen.queryByTestId('row-big/file499')).toBeNull();
    fireEvent.keyDown(tree(), { key: 'End' });
    expect(await screen.findByTestId('row-big/file499', undefined, LONG_WAIT)).toHaveProperty('className', 'thing focused');
    expect(cursorRow()).toBe('big/file499');
    fireEvent.keyDown(tree(), { key: 'ArrowDown' }); // stays on the last row
    expect(cursorRow()).toBe('big/file499');
    fireEvent.keyDown(tree(), { key: 'Home' });
    expect(await screen.findByTestId('row-big', undefined, LONG_WAIT)).toHaveProperty('className', 'thing focused');
  });

  it('ArrowRight opens a closed branch, ArrowLeft closes an open one, and from a leaf goes to its parent', () => {
    render(<Harness folders={[{ name: 'a', files: 2 }, { name: 'b', files: 3 }]} initiallyOpen={[]} />);
    fireEvent.keyDown(tree(), { key: 'ArrowDown' });
    fireEvent.keyDown(tree(), { key: 'ArrowDown' });
    expect(cursorRow()).toBe('b');
    fireEvent.keyDown(tree(), { key: 'ArrowRight' });
    expect(screen.getByTestId('row-b').getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(tree(), { key: 'ArrowDown' });
    fireEvent.keyDown(tree(), { key: 'ArrowDown' });
    expect(cursorRow()).toBe('b/file1');
    expect(screen.getByTestId('row-b/file1').getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(tree(), { key: 'ArrowLeft' });
    expect(cursorRow()).toBe('b');
    fireEvent.keyDown(tree(), { key: 'ArrowLeft' });
    expect(screen.getByTestId('row-b').getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByTestId('row-b/file0')).toBeNull();
    fireEvent.keyDown(tree(), { key: 'ArrowLeft' }); // a top-level row has no parent: nothing moves
    expect(cursorRow()).toBe('b');
  });

  it('Enter and Space activate the cursor row; a click moves the cursor there and activates it', () => {
    const onActivate = vi.fn();
    render(<Harness folders={[{ name: 'a', files: 2 }]} initiallyOpen={['a']} onActivate={onActivate} />);
    fireEvent.click(screen.getByTestId('row-a/file1'));
    expect(onActivate).toHaveBeenLastCalledWith('a/file1');
    expect(cursorRow()).toBe('a/file1');
    fireEvent.keyDown(tree(), { key: 'ArrowUp' });
    fireEvent.keyDown(tree(), { key: 'Enter' });
    expect(onActivate).toHaveBeenLastCalledWith('a/file0');
    fireEvent.keyDown(tree(), { key: 'ArrowUp' });
    fireEvent.keyDown(tree(), { key: ' ' }); // a branch's activation (here) closes it
    expect(screen.getByTestId('row-a').getAttribute('aria-expanded')).toBe('false');
    expect(onActivate).toHaveBeenCalledTimes(2);
  });

  it("the feature's own keys come first and stop the tree's; others fall through", () => {
    const onKey = vi.fn((key: string) => key === 'ArrowDown');
    render(<Harness folders={[{ name: 'a', files: 2 }]} initiallyOpen={['a']} onKey={onKey} />);
    fireEvent.keyDown(tree(), { key: 'ArrowDown' });
    expect(cursorRow()).toBeUndefined();
    expect(onKey).toHaveBeenLastCalledWith('ArrowDown', undefined);
    fireEvent.keyDown(tree(), { key: 'End' });
    expect(cursorRow()).toBe('a/file1');
    fireEvent.keyDown(tree(), { key: 'F2' });
    expect(onKey).toHaveBeenLastCalledWith('F2', 'a/file1');
  });

  it('the handle scrolls a row into view and moves the keyboard into the tree', async () => {
    render(<Harness folders={[{ name: 'big', files: 300 }]} initiallyOpen={['big']} />);
    expect(screen.queryByTestId('row-big/file299')).toBeNull();
    fireEvent.click(screen.getByText('reveal last'));
    expect(await screen.findByTestId('row-big/file299', undefined, LONG_WAIT)).toBeTruthy();
    fireEvent.click(screen.getByText('into the tree'));
    expect(document.activeElement).toBe(tree());
  });

  it('a placeholder stands in for the rows', () => {
    render(<Harness folders={[{ name: 'a', files: 2 }]} initiallyOpen={['a']} placeholder="Loading…" />);
    expect(tree().textContent).toBe('Loading…');
    expect(screen.queryAllByRole('treeitem')).toHaveLength(0);
  });
});
