// A keyboard-navigable virtual tree (the WAI-ARIA tree pattern): one focusable scroller with role="tree",
// only the rows in view rendered (10,000 rows stay smooth), and a cursor row that the keyboard moves and
// aria-activedescendant announces. The keys every tree shares live here once: ArrowUp/Down, Home/End,
// ArrowRight opens a closed branch, ArrowLeft closes an open one or goes to the parent, Enter and Space
// activate. The feature keeps its rows, its cursor and what activating a row means.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useImperativeHandle, useRef, type HTMLAttributes, type KeyboardEvent, type MouseEvent, type ReactNode, type Ref } from 'react';

/** What a feature can do to the tree from outside (reveal a row, move the keyboard into the tree). */
export interface VirtualTreeHandle {
  scrollToIndex(index: number): void;
  focus(): void;
}

/** A row's own attributes (class, title, test ids, drag handlers, indent); the tree adds role, id, state and position. */
export type TreeRowAttributes = HTMLAttributes<HTMLDivElement> & { [data: `data-${string}`]: string | undefined };

export interface VirtualTreeProps<Row> {
  rows: readonly Row[];
  /** Unique among the rows: the React key and the row's DOM id. */
  rowKey(row: Row): string;
  rowHeight: number;
  /** The tree's accessible name. */
  label: string;
  testId: string;
  className: string;
  /** The keyboard's row, -1 for none. */
  cursor: number;
  onCursor(index: number): void;
  /** Enter, Space or a click on the row. */
  onActivate(row: Row, index: number): void;
  /** Nesting depth, 0 at the top: gives aria-level and the parent that ArrowLeft goes to. */
  level(row: Row): number;
  /** Open or closed for a branch, undefined for a leaf (ArrowRight/Left open and close branches through onToggle). */
  expanded(row: Row): boolean | undefined;
  onToggle(row: Row): void;
  /** The row the app calls current (the open file), distinct from the keyboard's cursor. */
  selected?(row: Row): boolean;
  /** The feature's own keys, tried first; returns true when it handled the key. */
  onKey?(e: KeyboardEvent, row: Row | undefined): boolean;
  rowAttributes(row: Row, index: number): TreeRowAttributes;
  renderRow(row: Row, index: number): ReactNode;
  onContextMenu?(e: MouseEvent): void;
  /** Shown instead of the rows (loading, an empty project). */
  placeholder?: ReactNode;
  ref?: Ref<VirtualTreeHandle>;
}

/** How many rows beyond the visible ones stay rendered, so a fast scroll shows no blank band. */
const OVERSCAN = 12;

export function VirtualTree<Row>(props: VirtualTreeProps<Row>) {
  const { rows, cursor } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const idPrefix = useId();
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => props.rowHeight, overscan: OVERSCAN });
  useImperativeHandle(props.ref, () => ({ scrollToIndex: (i) => virtualizer.scrollToIndex(i, { align: 'auto' }), focus: () => scroller.current?.focus() }), [virtualizer]);

  const rowId = (row: Row) => idPrefix + encodeURIComponent(props.rowKey(row));
  const current = cursor >= 0 ? rows[cursor] : undefined;

  const moveTo = (index: number) => {
    if (!rows.length) return;
    const i = Math.max(0, Math.min(rows.length - 1, index));
    props.onCursor(i);
    virtualizer.scrollToIndex(i, { align: 'auto' });
  };
  const parentOf = (index: number) => {
    const level = props.level(rows[index]);
    for (let i = index - 1; i >= 0; i--) if (props.level(rows[i]) < level) return i;
    return -1;
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (props.onKey?.(e, current)) e.preventDefault();
    else if (e.key === 'ArrowDown') moveTo(cursor + 1);
    else if (e.key === 'ArrowUp') moveTo(cursor - 1);
    else if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(rows.length - 1);
    else if (e.key === 'ArrowRight' && current && props.expanded(current) === false) props.onToggle(current);
    else if (e.key === 'ArrowLeft' && current) {
      if (props.expanded(current)) props.onToggle(current);
      else if (parentOf(cursor) >= 0) moveTo(parentOf(cursor));
    } else if ((e.key === 'Enter' || e.key === ' ') && current) props.onActivate(current, cursor);
    else return;
    e.preventDefault();
  };

  return (
    <div
      className={props.className}
      ref={scroller}
      tabIndex={0}
      role="tree"
      aria-label={props.label}
      aria-activedescendant={current ? rowId(current) : undefined}
      data-testid={props.testId}
      onKeyDown={onKeyDown}
      onContextMenu={props.onContextMenu}
    >
      {props.placeholder ?? (
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const row = rows[v.index];
            const own = props.rowAttributes(row, v.index);
            return (
              <div
                {...own}
                key={props.rowKey(row)}
                id={rowId(row)}
                role="treeitem"
                aria-level={props.level(row) + 1}
                aria-expanded={props.expanded(row)}
                aria-selected={props.selected?.(row)}
                className={`${own.className ?? ''}${v.index === cursor ? ' focused' : ''}`}
                style={{ ...own.style, position: 'absolute', top: 0, left: 0, right: 0, height: props.rowHeight, transform: `translateY(${v.start}px)` }}
                onClick={() => {
                  props.onCursor(v.index);
                  props.onActivate(row, v.index);
                }}
              >
                {props.renderRow(row, v.index)}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
